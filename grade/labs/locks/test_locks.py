"""Lab locks: the spin lock, Peterson's lock and a shared list (user/locktest.c)
on 1 and 4 harts, each run three times.  No check depends on a race
happening: a lock that does not lock fails the holder checks every time."""

import re

import pytest

from labs.unix.proclib import free_kib

pytestmark = pytest.mark.lab("locks")

HARTS = [1, 4]


def locktest(console, part, timeout=120):
    """Run `locktest part`; assert it reported no failure and exited 0."""
    cmd = "locktest " + part
    out, status = console.run_status(cmd, timeout)
    failed = [l for l in out.splitlines() if l.startswith("FAIL")]
    passed = re.search(r"^%s: \d+ passed, 0 failed$" % part, out, re.M) is not None
    assert passed and not failed, "%s failed:\n%s" % (cmd, out)
    assert status == 0, "%s: exit status %r" % (cmd, status)
    return out


def three_times(new_machine, cpus, part):
    m = new_machine(cpus=cpus, mem="256M")
    for _ in range(3):
        locktest(m.console, part)
    return m


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("spinlock")
@pytest.mark.points(4)
def test_spinlock(new_machine, cpus):
    """spin_lock's first write to the word is one AMO; a holder keeps another
    thread out; 4 threads x 50000 increments under it, none lost."""
    three_times(new_machine, cpus, "spinlock")


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("peterson")
@pytest.mark.points(4)
def test_peterson(new_machine, cpus):
    """peterson_lock has a fence ordering its stores before its loads; a
    holder keeps the other out; 2 threads (on 2 harts) x 50000 increments."""
    three_times(new_machine, cpus, "peterson")


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("race")
@pytest.mark.points(4)
def test_race_fixed(new_machine, cpus):
    """Unlocked pushes are shown (lost or not); list_push waits for the
    list's lock, and 4 threads x 20000 pushes leave every node on the list
    once.  No memory lost over the runs (thread stacks)."""
    m = new_machine(cpus=cpus, mem="256M")
    locktest(m.console, "race")
    before = free_kib(m.console)
    for _ in range(2):
        out = locktest(m.console, "race")
        assert re.search(r"^without a lock: 4 threads pushed 80000 nodes", out, re.M), out
    after = free_kib(m.console)
    assert after >= before - 64, "locktest race leaked %d KiB" % (before - after)
