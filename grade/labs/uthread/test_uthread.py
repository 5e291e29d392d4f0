"""Lab uthread: user-level threads, N:1.  The switch alone on a hand-made
context, then create / round robin / exit / join, then the blocking read
that stops every uthread (and uthread_read, which does not), and the same
output as Linux.  The package is single-threaded, so one hart is enough
except for the pthread comparison, which runs on 1 and 4."""

import re

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("uthread")

HARTS = [1, 4]
GOOD_END = {"uthreadtest": r"uthreadtest: \d+ passed, 0 failed", "uthread_demo": "uthread_demo: as expected"}


def uthreadtest(console, part, timeout):
    """Run `uthreadtest part`; assert it reported no failure and exited 0."""
    cmd = "uthreadtest " + part
    out, status = console.run_status(cmd, timeout)
    failed = [l for l in out.splitlines() if l.startswith("FAIL")]
    passed = re.search(r"^%s: \d+ passed, 0 failed$" % part, out, re.M) is not None
    assert passed and not failed, "%s failed:\n%s" % (cmd, out)
    assert status == 0, "%s: exit status %r" % (cmd, status)


@pytest.mark.part("switch")
@pytest.mark.points(6)
def test_switch(sh):
    """uthread_switch on a context made by hand: the first switch starts at
    ra on sp, every switch comes back, and s0-s11, fs0-fs11 and the stack of
    both sides survive 20 round trips."""
    for _ in range(3):
        uthreadtest(sh, "switch", timeout=30)


@pytest.mark.part("threads")
@pytest.mark.points(10)
def test_threads(sh):
    """Create, round robin order, ids and arguments, own aligned stacks,
    errno per thread, exit from a nested call, a full table, join errors,
    no stack leaked over 800 threads, the last thread ending the process."""
    for _ in range(3):
        uthreadtest(sh, "threads", timeout=60)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("blocking")
@pytest.mark.points(4)
def test_blocking_read(new_machine, cpus):
    """A uthread in read() stops the writer uthread (0 of its 3 turns, the
    alarm ends the read); with uthread_read the writer takes its 3 turns;
    pthreads: the reader sleeps (S) while the writer runs."""
    m = new_machine(cpus=cpus, mem="256M")
    for _ in range(2):
        out, status = m.console.run_status("uthread_demo", timeout=30)
        assert "uthreads (N:1), read(): read returned -1 (EINTR: the alarm), the writer had 0 of 3" in out, out
        assert "uthreads (N:1), uthread_read(): read returned 1, the writer had 3 of 3" in out, out
        assert "pthreads (1:1), read(): read returned 1, the writer had 3 of 3" in out, out
        assert "asleep in the kernel (S)" in out, out
        assert status == 0 and "uthread_demo: as expected" in out, out


@pytest.mark.qemu_only("runs on a 1-hart machine")
@pytest.mark.part("linux")
@pytest.mark.points(2)
@pytest.mark.parametrize("prog", ["uthreadtest", "uthread_demo"])
def test_same_as_linux(new_machine, prog):
    """The same lines and exit status as under Linux (qemu-riscv64), and all
    of them good."""
    m = new_machine(cpus=1, mem="256M")
    out = compare(m.console, prog, timeout=60)
    assert re.search("^%s$" % GOOD_END[prog], out, re.M) and "FAIL" not in out, out
