"""Lab smp: per-CPU run queues that share the work: new tasks on the least
loaded CPU, idle CPUs pulling work, a periodic balance, affinity, and woken
tasks sent to an idle CPU.

The measuring is done inside the guest by user/schedtest.c (which CPU each
task ran on, how long it waited for one, read from /proc).  Nothing here is
timed: the checks are where tasks ran and what share of a hart they got."""

import re

import pytest

from labs.sched.schedlib import schedtest

pytestmark = pytest.mark.lab("smp")


@pytest.mark.part("balance")
@pytest.mark.points(8)
def test_hogs_get_a_hart_each(sh):
    """As many hogs as harts, forked at once: each gets (almost) a whole hart."""
    schedtest(sh, "fork")


@pytest.mark.part("balance")
@pytest.mark.points(8)
def test_spread_from_one_cpu(sh):
    """Hogs that all started on CPU 0 spread over every hart once allowed to."""
    schedtest(sh, "spread")


@pytest.mark.qemu_only("boots machines with 2 and 3 harts")
@pytest.mark.part("balance")
@pytest.mark.points(4)
@pytest.mark.parametrize("cpus", [2, 3])
def test_more_hogs_than_harts_balance(new_machine, cpus):
    """2 hogs per hart, forked at once: every hart runs two (within one), and
    every hog gets at least a quarter of the mean CPU time (shares, not
    waiting times: those grow when the host is busy)."""
    schedtest(new_machine(cpus=cpus).console, "balance %d" % (2 * cpus))


@pytest.mark.part("affinity")
@pytest.mark.points(8)
def test_affinity(sh):
    """A pinned task never runs elsewhere (cpus_ran in /proc/<pid>/sched); re-pinning moves it."""
    schedtest(sh, "affinity")
    out = sh.run("taskset -c 0 taskset -cp 0")
    assert "current affinity list: 0\n" in out, out
    out = sh.run("taskset 1 cat /proc/self/status")
    assert re.search(r"^Cpus_allowed_list:\s+0$", out, re.M), out


@pytest.mark.qemu_only("boots machines with 3 and 4 harts")
@pytest.mark.part("wakeups")
@pytest.mark.points(3)
@pytest.mark.parametrize("cpus", [3, 4])
def test_wake_on_idle_cpu(new_machine, cpus):
    """A task woken while its last CPU runs a hog runs on an idle CPU instead
    (sched_getcpu after each wakeup), and every wakeup happens."""
    schedtest(new_machine(cpus=cpus).console, "wakeidle")


@pytest.mark.part("wakeups")
@pytest.mark.points(3)
def test_idle_cpus(sh):
    """While nothing runs, every hart accounts idle time (its idle task)."""
    schedtest(sh, "idle")
