"""Lab sched: the fair scheduler (weights from nice values, vruntime), load
balancing, affinity, CPU-time accounting and /proc.

The measuring is done inside the guest by user/schedtest.c, which prints its
numbers and one "ok"/"FAIL" line per check; these tests run it and the shell
tools (nice, renice, taskset, time, ps, top) and check what they report.
Shares of CPU time are compared, never elapsed times (speed is for
`make bench`).  Run with CPUS=2 and CPUS=4 (make grade LAB=sched CPUS=2)."""

import re

import pytest

pytestmark = pytest.mark.lab("sched")


def schedtest(sh, what, timeout=90):
    """Run `schedtest what` and fail with its output unless every check passed."""
    out, status = sh.run_status("schedtest " + what, timeout=timeout)
    name = what.split()[0]
    assert re.search(r"^%s: \d+ passed, 0 failed$" % name, out, re.M) and status == 0, \
        "schedtest %s:\n%s" % (what, out)
    return out


@pytest.mark.points(10)
def test_nice_shares(sh):
    """nice 0 and nice 5 CPU hogs pinned to one CPU share it 1024:335 (within 15%)."""
    schedtest(sh, "nice 3")


@pytest.mark.points(8)
def test_hogs_get_a_hart_each(sh):
    """As many hogs as harts, forked at once: each gets (almost) a whole hart."""
    schedtest(sh, "fork")


@pytest.mark.points(8)
def test_spread_from_one_cpu(sh):
    """Hogs that all started on CPU 0 spread over every hart once allowed to."""
    schedtest(sh, "spread")


@pytest.mark.qemu_only("boots machines with 2 and 3 harts")
@pytest.mark.points(4)
@pytest.mark.parametrize("cpus", [2, 3])
def test_more_hogs_than_harts_balance(new_machine, cpus):
    """2 hogs per hart: every hog still gets about half a hart (no starvation, balanced queues)."""
    m = new_machine(cpus=cpus)
    out, status = m.console.run_status("schedtest starve %d" % (2 * cpus), timeout=90)
    assert "starve: 2 passed, 0 failed" in out, out


@pytest.mark.points(8)
def test_affinity(sh):
    """A pinned task never runs elsewhere (cpus_ran in /proc/<pid>/sched); re-pinning moves it."""
    schedtest(sh, "affinity")
    out = sh.run("taskset -c 0 taskset -cp 0")
    assert "current affinity list: 0\n" in out, out
    out = sh.run("taskset 1 cat /proc/self/status")
    assert re.search(r"^Cpus_allowed_list:\s+0$", out, re.M), out


@pytest.mark.points(6)
def test_wakeup_latency(sh):
    """A task woken through a pipe preempts a hog on its CPU and runs before it."""
    schedtest(sh, "latency", timeout=120)


@pytest.mark.points(6)
def test_no_starvation(sh):
    """50 hogs: every one makes progress, the least served at least a quarter of the mean."""
    schedtest(sh, "starve 50", timeout=120)


@pytest.mark.points(4)
def test_yield(sh):
    """sched_yield puts the caller behind its peer on the same CPU."""
    schedtest(sh, "yield")


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


@pytest.mark.points(5)
def test_times(sh):
    """times() and wait4's rusage report the CPU a child used; `time` prints real/user/sys."""
    schedtest(sh, "times")
    out = sh.run("time schedtest yield")
    m = re.search(r"^real (\d+)\.(\d\d)s\nuser (\d+)\.(\d\d)s\nsys  (\d+)\.(\d\d)s$", out, re.M)
    assert m, "time's output:\n" + out


@pytest.mark.points(3)
def test_idle_cpus(sh):
    """While nothing runs, every hart accounts idle time (its idle task)."""
    schedtest(sh, "idle")


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
