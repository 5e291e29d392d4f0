"""A sample lab for the grader's self-tests (run against the fake OS stand-in).
Not collected by default (the file name does not start with test_)."""

import os
import time

import pytest

pytestmark = pytest.mark.lab("demo")


@pytest.mark.points(2)
def test_echo(sh):
    assert sh.run("echo hello") == "hello\n"


@pytest.mark.points(3)
def test_status_and_pipes(sh):
    out, st = sh.run_status("echo a b | tr ' ' '\\n'; sh -c 'exit 4'")
    assert out == "a\nb\n" and st == 4, (out, st)
    assert sh.run("echo x > f; cat f") == "x\n"


@pytest.mark.hidden
@pytest.mark.points(1)
def test_hidden(sh):
    assert sh.run("echo secret") == "secret\n"


@pytest.mark.qemu_only("needs a fresh boot")
@pytest.mark.points(1)
def test_fresh_boot(new_machine):
    m = new_machine(cpus=2)
    assert "fake kernel: 2 harts" in m.console.text()
    m.console.send_line("poweroff")
    assert m.console.wait_exit() == 0


@pytest.mark.lab("demo2")
@pytest.mark.points(4)
def test_other_lab(sh):
    assert sh.run("echo hello | wc -c").strip() == "6"


@pytest.mark.skipif(not os.environ.get("SAMPLE_BACKSTOP"), reason="only in the backstop self-test")
@pytest.mark.timeout(3)
@pytest.mark.points(1)
def test_backstop(sh):
    sh.run("sleep 100", timeout=100)
