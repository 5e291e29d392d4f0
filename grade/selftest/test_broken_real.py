"""The real OS with a deliberately broken program: a lab test must fail, with the
reason and the console tail, within its command timeout."""

import time

import pytest

from gradelib.console import ConsoleError
from labs.shell import test_shell


def test_broken_echo_fails_the_echo_test(new_machine, pytestconfig):
    if pytestconfig.getoption("machine_cmd"):
        pytest.skip("needs the real OS in QEMU")
    m = new_machine()
    c = m.console
    c.send_line("rm /bin/echo")        # (run() would need echo for its marker)
    c.wait_prompt(30)
    t = time.time()
    with pytest.raises(ConsoleError) as e:
        test_shell.test_echo(c)
    assert time.time() - t < 60
    msg = str(e.value)
    assert "timed out" in msg and "---- console tail ----" in msg and "echo hello world" in msg, msg
