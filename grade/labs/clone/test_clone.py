"""Lab clone: the clone() flag set.  Which combinations clone() accepts, what
CLONE_FILES/FS/SIGHAND/VM share, thread groups (getpid vs gettid, exit vs
exit_group, the leader reported last), vfork, thread join through
CLONE_CHILD_CLEARTID and futexes; then the pthread library that stands on
all of them, on 1 and 4 harts, with leak checks, compared with Linux."""

import re

import pytest

from gradelib.linux import compare
from labs.unix.proclib import KERNEL_LINE, free_kib, no_leak, run_test_program

pytestmark = pytest.mark.lab("clone")

HARTS = [1, 4]


def run_part(console, prog, part, timeout=120):
    """Run one part of a test program built with test_parts (`prog part`
    prints "part: N passed, M failed"); assert it passed."""
    out, status = console.run_status("%s %s" % (prog, part), timeout)
    out = KERNEL_LINE.sub("", out)
    failed = [l for l in out.splitlines() if l.startswith("FAIL")]
    m = re.search(r"^%s: (\d+) passed, (\d+) failed$" % re.escape(part), out, re.M)
    assert m, "%s %s printed no summary line; output:\n%s" % (prog, part, out)
    assert not failed and m.group(2) == "0", "%s %s failed:\n%s" % (prog, part, "\n".join(failed) or out)
    assert status == 0, "%s %s: exit status %r" % (prog, part, status)


def part_leaks_nothing(console, prog, part, slack_kib=64, timeout=120):
    """Run a part twice (the first warms the caches); the free memory must
    come back after the second."""
    run_part(console, prog, part, timeout)
    before = free_kib(console)
    run_part(console, prog, part, timeout)
    after = free_kib(console)
    assert after >= before - slack_kib, "%s %s leaked %d KiB (free %d KiB before, %d after)" % (
        prog, part, before - after, before, after)


# ---- flags and sharing ---------------------------------------------------------

@pytest.mark.part("flags")
@pytest.mark.points(3)
def test_clone_flags(sh):
    """clone() refuses CLONE_SIGHAND without CLONE_VM and CLONE_THREAD without
    CLONE_SIGHAND (EINVAL), and an unknown flag; it accepts the rest."""
    run_part(sh, "threadclone", "flags", timeout=60)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("sharing")
@pytest.mark.points(3)
def test_clone_sharing_flags(new_machine, cpus):
    """Each of CLONE_FILES, CLONE_FS, CLONE_SIGHAND (with CLONE_VM) and CLONE_VM
    alone: shared with the flag, copied without it; no memory lost.  (Linux's
    user-mode emulator cannot run these, so no comparison.)"""
    m = new_machine(cpus=cpus, mem="256M")
    part_leaks_nothing(m.console, "threadclone", "sharing", timeout=60)


# ---- thread groups -------------------------------------------------------------

@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("groups")
@pytest.mark.points(4)
def test_thread_groups(new_machine, cpus):
    """getpid() is the group's id in every thread, gettid() each thread's own;
    exit() in a thread, kill of the process and a fatal tgkill() end every
    thread; the leader exiting first is reported only after the last thread;
    execve from a non-leader thread; fork from a thread.  Twice, no memory lost."""
    m = new_machine(cpus=cpus, mem="256M")
    no_leak(m.console, "threadgroup", timeout=120)


# ---- vfork ---------------------------------------------------------------------

@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("vfork")
@pytest.mark.points(3)
def test_vfork(new_machine, cpus):
    """The child runs on the parent's memory and stack; the parent sleeps until
    the child's execve, _exit or fatal fault; 100 vforks leak nothing."""
    m = new_machine(cpus=cpus, mem="128M")
    no_leak(m.console, "vforktest", timeout=60)


@pytest.mark.part("vfork")
@pytest.mark.points(1)
def test_vfork_same_as_linux(sh):
    compare(sh, "vforktest", timeout=60, transform=lambda s: KERNEL_LINE.sub("", s))


# ---- join ----------------------------------------------------------------------

@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("join")
@pytest.mark.points(3)
def test_futex_join(new_machine, cpus):
    """futex wait and wake (private and shared, timeouts, errors) and the tid
    words of clone: CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, and
    CLONE_CHILD_CLEARTID zeroed and woken at the child's exit; three times."""
    m = new_machine(cpus=cpus, mem="256M")
    for _ in range(3):
        run_test_program(m.console, "futextest", timeout=60)


# ---- the pthread library on top of it all ----------------------------------------

# threadtest's parts, those that need this lab's kernel code first, so that
# a missing piece fails in seconds.
THREADTEST_PARTS = ["ids", "files", "cwd", "einval", "lifecycle", "memory", "tls", "mutex", "cond",
                    "semaphore", "barrier", "library", "cycles"]


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.timeout(900)
@pytest.mark.part("pthreads")
@pytest.mark.points(5)
def test_pthreads(new_machine, cpus):
    """Shared memory, private stacks, ids, fd table and cwd shared, mutex counter
    4 x 100000, condition variables, semaphores, barriers, keys, 2000
    create/join and create/detach cycles; the cycles twice, no memory lost."""
    m = new_machine(cpus=cpus, mem="256M")
    for part in THREADTEST_PARTS:
        run_part(m.console, "threadtest", part, timeout=300)
    before = free_kib(m.console)
    run_part(m.console, "threadtest", "cycles", timeout=300)
    after = free_kib(m.console)
    assert after >= before - 256, "threadtest cycles leaked %d KiB" % (before - after)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("pthreads")
@pytest.mark.points(3)
def test_rwlock_spin_sysconf(new_machine, cpus):
    """Read-write locks (readers together, writers alone and not starved),
    spin locks, mutex_timedlock, a thread on a caller's stack, sysconf and
    the <inttypes.h> formats."""
    m = new_machine(cpus=cpus, mem="256M")
    for _ in range(3):
        run_test_program(m.console, "threadsync", timeout=120)


@pytest.mark.qemu_only("runs on a 1-hart machine (the 4-hart runs are above)")
@pytest.mark.part("linux")
@pytest.mark.points(4)
@pytest.mark.parametrize("prog", ["threadtest", "futextest", "threadsync", "threadgroup"])
def test_same_as_linux(new_machine, prog):
    m = new_machine(cpus=1, mem="256M")
    compare(m.console, prog, timeout=240)
