"""Lab unix, part "process": the process model the lab's programs rely on (wait,
zombies and orphans, kill, signals on faults, fork bombs, states), on 1 and 4
harts, compared with Linux where the behaviour is Linux's."""

import re

import pytest

from gradelib.linux import compare
from labs.unix.proclib import KERNEL_LINE, no_leak, run_test_program

pytestmark = pytest.mark.lab("unix")

HARTS = [1, 4]


def strip_kernel_lines(text):
    return KERNEL_LINE.sub("", text)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
@pytest.mark.part("process")
def test_segv_and_efault(new_machine, cpus):
    m = new_machine(cpus=cpus, mem="128M")
    run_test_program(m.console, "segvtest")


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
@pytest.mark.part("process")
def test_wait_zombies_orphans(new_machine, cpus):
    m = new_machine(cpus=cpus, mem="128M")
    no_leak(m.console, "waittest")


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
@pytest.mark.part("process")
def test_kill_sleepers(new_machine, cpus):
    m = new_machine(cpus=cpus, mem="128M")
    no_leak(m.console, "killtest")


@pytest.mark.qemu_only("needs a fresh machine it may fill with tasks")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
@pytest.mark.part("process")
def test_fork_bomb_contained(new_machine, cpus):
    m = new_machine(cpus=cpus, mem="128M")
    run_test_program(m.console, "forkbomb", timeout=180)
    # The system is still usable afterwards.
    assert m.console.run("echo still here") == "still here\n"


@pytest.mark.points(4)
@pytest.mark.part("process")
@pytest.mark.parametrize("prog", ["waittest", "segvtest", "killtest"])
def test_same_as_linux(sh, prog):
    compare(sh, prog, timeout=120, transform=strip_kernel_lines)


@pytest.mark.points(2)
@pytest.mark.part("process")
def test_ps_states(sh):
    """A sleeping child shows as S, an unreaped one as Z, with its parent's pid."""
    sh.run("sleep 30 &")
    out = sh.run("ps")
    sleepers = [l for l in out.splitlines() if l.split()[-1:] == ["sleep"]]
    assert sleepers and sleepers[0].split()[2] == "S", "ps shows no sleeping 'sleep':\n" + out
    pid = sleepers[0].split()[0]
    sh.run("kill %s" % pid)
    out = sh.run("ps")
    line = [l for l in out.splitlines() if l.split()[:1] == [pid]]
    # The shell reaps background children before its next prompt, so the
    # killed task is either a zombie still or gone.
    assert not line or line[0].split()[2] == "Z", "killed task in state other than Z:\n" + out


@pytest.mark.points(1)
@pytest.mark.part("process")
def test_free(sh):
    out = sh.run("free")
    m = re.search(r"^Mem:\s+(\d+)\s+(\d+)\s+(\d+)", out, re.M)
    assert m and int(m.group(1)) > 0 and int(m.group(3)) > 0, "free:\n" + out
    assert int(m.group(2)) + int(m.group(3)) <= int(m.group(1)), "used + free > total:\n" + out
