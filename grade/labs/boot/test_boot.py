"""Lab boot: the kernel boots to the shell on 1 and 4 harts, powers off cleanly,
and protects itself from user programs (EFAULT, kernel-address loads)."""

import re

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("boot")


@pytest.mark.qemu_only("needs a fresh boot")
@pytest.mark.points(5)
@pytest.mark.parametrize("cpus", [1, 4])
def test_boot_to_prompt(new_machine, cpus):
    m = new_machine(cpus=cpus)
    log = m.console.text()
    assert "OpenSBI" in log, "no OpenSBI banner before the kernel"
    assert m.console.run("echo booted on %d harts" % cpus) == "booted on %d harts\n" % cpus


@pytest.mark.qemu_only("checks QEMU's exit status")
@pytest.mark.points(3)
@pytest.mark.parametrize("cpus", [1, 4])
def test_poweroff(new_machine, cpus):
    m = new_machine(cpus=cpus)
    m.console.send_line("poweroff")
    status = m.console.wait_exit(timeout=30)
    assert status == 0, "QEMU exited with status %s after poweroff (want 0)" % status


@pytest.mark.points(5)
def test_bad_pointers_efault(sh):
    # Same output and exit status as under Linux (qemu-riscv64): every check "ok".
    out = compare(sh, "t_efault", timeout=30)
    assert "t_efault: done, 0 failures" in out, "system calls with bad pointers:\n" + out
    # The kernel survives and the shell still works.
    assert sh.run("echo still here") == "still here\n"


@pytest.mark.points(5)
def test_kernel_address_load_kills_only_process(sh):
    out = sh.run("t_kload", timeout=30)
    hits = re.findall(r"ok   load from \w+: child killed by signal (\d+)", out)
    assert len(hits) == 2, "a load from a kernel address must kill the process with SIGSEGV:\n" + out
    assert "t_kload: parent alive, 0 failures" in out, out
    assert sh.run("echo still here") == "still here\n"
