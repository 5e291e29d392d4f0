"""Lab sched: the fair scheduler (weights from nice values, vruntime, the
red-black timeline) in place of round robin, and CPU-time accounting.

The measuring is done inside the guest by user/schedtest.c; these tests run it
and the shell tools (nice, renice, time, ps, top) and check what they report.
Shares of CPU time and the order in which tasks run are compared, never
elapsed times (speed is for `make bench`).  The checks pin their tasks to one
CPU, so they hold on any number of harts."""

import re

import pytest

from labs.sched.schedlib import schedtest

pytestmark = pytest.mark.lab("sched")


@pytest.mark.part("weights")
@pytest.mark.points(10)
def test_nice_shares(sh):
    """nice 0 and nice 5 CPU hogs pinned to one CPU share it 1024:335 (within 15%)."""
    schedtest(sh, "nice 3")


@pytest.mark.part("weights")
@pytest.mark.points(6)
def test_priorities(sh):
    """getpriority/setpriority/nice: inheritance, clamping, and that nobody lowers a nice value."""
    schedtest(sh, "prio")
    assert sh.run("nice -n 5 nice") == "5\n"
    assert sh.run("nice nice") == "10\n"
    out, status = sh.run_status("nice -n -5 nice")
    assert status != 0 and "Operation not permitted" in out, out
    shell = re.search(r"^\s*(\d+)\s+\d+\s+\S\s+0\s+\d+\s.*\bsh$", sh.run("ps"), re.M)
    assert shell, "no shell in ps"
    out = sh.run("renice -n 7 -p %s" % shell.group(1))
    assert re.search(r"old priority 0, new priority 7", out), out
    assert sh.run("nice") == "7\n", "renice of the shell did not stick"


@pytest.mark.qemu_only("boots machines with 1 and 4 harts")
@pytest.mark.part("timeline")
@pytest.mark.points(4)
@pytest.mark.parametrize("cpus", [1, 4])
def test_timeline_order(new_machine, cpus):
    """The tasks waiting for a CPU, leftmost first in /proc/timeline, have
    non-decreasing vruntimes (50 samples; one of the tasks slept first)."""
    schedtest(new_machine(cpus=cpus).console, "timeline")


@pytest.mark.qemu_only("boots machines with 1 and 4 harts")
@pytest.mark.part("wakeups")
@pytest.mark.points(4)
@pytest.mark.parametrize("cpus", [1, 4])
def test_wakeup_preempts(new_machine, cpus):
    """A task woken through a pipe runs before the hog on its CPU (checked by
    order: the hog's counter did not move), and every wakeup happens."""
    schedtest(new_machine(cpus=cpus).console, "wakeup")


@pytest.mark.part("timeline")
@pytest.mark.points(4)
def test_yield(sh):
    """sched_yield puts the caller behind its peer on the same CPU."""
    schedtest(sh, "yield")


@pytest.mark.qemu_only("boots machines with 1 and 4 harts")
@pytest.mark.part("wakeups")
@pytest.mark.points(3)
@pytest.mark.parametrize("cpus", [1, 4])
def test_sleeper_no_credit(new_machine, cpus):
    """A task that slept a second while a hog ran gets no credit for the sleep:
    after it wakes, each of the two gets at least a quarter of the CPU."""
    schedtest(new_machine(cpus=cpus).console, "sleeper")


@pytest.mark.part("wakeups")
@pytest.mark.points(6)
def test_no_starvation(sh):
    """50 hogs: every one makes progress, the least served at least a quarter of the mean."""
    schedtest(sh, "starve 50", timeout=120)


@pytest.mark.part("accounting")
@pytest.mark.points(5)
def test_times(sh):
    """times() and wait4's rusage report the CPU a child used; `time` prints real/user/sys."""
    schedtest(sh, "times")
    out = sh.run("time schedtest yield")
    m = re.search(r"^real (\d+)\.(\d\d)s\nuser (\d+)\.(\d\d)s\nsys  (\d+)\.(\d\d)s$", out, re.M)
    assert m, "time's output:\n" + out


@pytest.mark.part("accounting")
@pytest.mark.points(6)
def test_procfs(sh):
    """/proc/<pid>/{stat,status,sched}, task/<tid>/ and /proc/self agree with what was set."""
    schedtest(sh, "procfs")
    listing = sh.run("ls /proc").split()
    for name in ("1", "self", "schedstat", "cpuinfo", "meminfo"):
        assert name in listing, "ls /proc: %r" % listing
    assert sh.run("cat /proc/1/stat").startswith("1 (init) S 0 ")
    assert sh.run("cat /proc/1/task/1/stat").startswith("1 (init) ")
    assert re.search(r"^Name:\s+cat$", sh.run("cat /proc/self/status"), re.M)
    out = sh.run("cd /proc/1; cat stat; cd task; ls; cd ../../..; ls")
    assert out.startswith("1 (init) "), out
    assert "bin" in out.split(), "cd back out of /proc: " + out
    assert "proc" in sh.run("ls /").split(), "ls / does not show the mount point /proc"
    ncpu = len(re.findall(r"^processor\s*:", sh.run("cat /proc/cpuinfo"), re.M))
    stat = sh.run("cat /proc/schedstat")
    assert len(re.findall(r"^cpu\d+ running ", stat, re.M)) == ncpu >= 1, stat
    out, status = sh.run_status("echo x > /proc/1/stat")
    assert status != 0, "writing a /proc file must fail"


@pytest.mark.part("accounting")
@pytest.mark.points(4)
def test_ps_and_top(sh):
    """ps lists tasks from /proc; top shows a pinned hog pair and its CPU busy."""
    ps = sh.run("ps")
    assert re.search(r"^\s*PID\s+PPID\s+S\s+NI\s+CPU", ps, re.M), ps
    assert re.search(r"^\s*1\s+0\s+S\s.*\binit$", ps, re.M), ps
    assert re.search(r"\bps$", ps, re.M) and re.search(r"\bsh$", ps, re.M), ps
    sh.run("schedtest nice 4 > nice.out &")
    top = sh.run("sleep 1; top -b -n 2 -d 1", timeout=30)
    frames = top.split("top - ")
    assert len(frames) == 3, top
    last = frames[-1]
    cpus = re.findall(r"^cpu(\d+)\s+([\d.]+)% busy", last, re.M)
    assert cpus and float(cpus[-1][1]) >= 80, "the hogs' CPU (the last) should be busy:\n" + last
    shares = [float(x) for x in re.findall(r"^\s*\d+ R\s+-?\d+\s+\d+\s+\d+\s+([\d.]+)\s+\S+ schedtest$", last, re.M)]
    assert len(shares) >= 2 and max(shares) >= 50, "two schedtest hogs, one with most of a CPU:\n" + last
    sh.run("sleep 4")
