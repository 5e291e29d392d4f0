"""Lab syscall: the trace() system call (kernel/syscall.c, uapi/os/trace.h),
its user wrapper and the `trace` program, and the per-task system-call count
in /proc/<pid>/status.  The kernel prints trace lines on the console, where
they mix with the programs' own output: the checks look for the lines by
pattern and count them, never for their place."""

import re

import pytest

from labs.unix.proclib import run_test_program

pytestmark = pytest.mark.lab("syscall")

T = 20
TRACE = re.compile(r"trace (\d+): (\w+) -> (-?\d+)")


def traces(out):
    """The trace lines in out as (tid, name, return value)."""
    return [(int(t), n, int(r)) for t, n, r in TRACE.findall(out)]


# ---- part call: the system call exists and checks its arguments ----

@pytest.mark.points(3)
@pytest.mark.part("call")
def test_trace_call(sh):
    """trace is dispatched (number 1001, not ENOSYS), takes a mask of up to
    TRACE_NR bits, EINVAL for a longer one, EFAULT for an unreadable one."""
    run_test_program(sh, "tracetest call", timeout=T, summary="call")


@pytest.mark.points(1)
@pytest.mark.part("call")
def test_trace_program_runs(sh):
    """`trace NR cmd` runs cmd with its arguments and its exit status."""
    out, status = sh.run_status("trace 1000 grep zzz /README", T)
    assert status == 1 and not traces(out), "trace 1000 grep zzz /README: status %s\n%s" % (status, out)
    out, status = sh.run_status("trace 1000 echo hello", T)
    assert status == 0 and out == "hello\n", "trace 1000 echo hello: status %s\n%s" % (status, out)


# ---- part trace: the lines, with names and return values, inherited ----

@pytest.mark.points(2)
@pytest.mark.part("trace")
def test_trace_write(sh):
    """`trace 64 echo hello` (write) prints the output and one line for the
    write with its return value (6 bytes), and nothing for other calls."""
    out, status = sh.run_status("trace 64 echo hello", T)
    assert status == 0 and "hello" in out, "trace 64 echo hello: status %s\n%s" % (status, out)
    lines = traces(out)
    assert [(n, r) for _, n, r in lines] == [("write", 6)], "expected one 'write -> 6' line:\n" + out


@pytest.mark.points(2)
@pytest.mark.part("trace")
def test_trace_errors_and_all(sh):
    """A failing call shows -errno (openat of a missing file: -2); `all`
    traces every call, execve included, all from one task."""
    out, _ = sh.run_status("trace 56 cat /nosuchfile", T)
    assert ("openat", -2) in [(n, r) for _, n, r in traces(out)], "no 'openat -> -2' line:\n" + out
    out, status = sh.run_status("trace all echo hi", T)
    lines = traces(out)
    names = [n for _, n, _ in lines]
    assert status == 0 and "execve" in names and ("write", 3) in [(n, r) for _, n, r in lines], \
        "trace all echo hi: no 'execve' or 'write -> 3' line:\n" + out
    assert len({t for t, _, _ in lines}) == 1, "trace all echo hi: lines from several tasks:\n" + out


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", [1, 4])
@pytest.mark.points(2)
@pytest.mark.part("trace")
def test_trace_inherited(new_machine, cpus):
    """The mask goes to a forked child and to a thread; tracing off stops
    the lines: getppid traced exactly in the parent (returning the shell's
    pid), the child and the thread (returning the parent's pid)."""
    m = new_machine(cpus=cpus, mem="128M")
    out = run_test_program(m.console, "tracetest inherit", timeout=T, summary="inherit")
    pids = re.search(r"^pids (\d+) (\d+) (\d+)$", out, re.M)
    assert pids, "tracetest printed no pids line:\n" + out
    parent, child, thread = map(int, pids.groups())
    lines = traces(out)
    assert all(n == "getppid" for _, n, _ in lines), "lines for calls not traced:\n" + out
    by_task = {t: r for t, _, r in lines}
    assert len(lines) == 3 and set(by_task) == {parent, child, thread}, \
        "expected one getppid line each from %d, %d and %d:\n%s" % (parent, child, thread, out)
    assert by_task[child] == parent and by_task[thread] == by_task[parent], \
        "wrong getppid return values:\n" + out


@pytest.mark.points(2)
@pytest.mark.part("trace")
def test_trace_not_others(sh):
    """Tracing goes down to children, never up or sideways: a child that
    turns it on traces its own getppid, not its parent's or a sibling's; the
    shell that ran a traced command is not traced afterwards."""
    out = run_test_program(sh, "tracetest others", timeout=T, summary="others")
    pids = re.search(r"^pids (\d+) (\d+) (\d+)$", out, re.M)
    assert pids, "tracetest printed no pids line:\n" + out
    parent, child, sibling = map(int, pids.groups())
    assert traces(out) == [(child, "getppid", parent)], \
        "expected only 'trace %d: getppid -> %d' (parent %d, sibling %d):\n%s" % (child, parent, parent, sibling, out)
    sh.run("trace all echo hi", T)
    for cmd in ("echo hello", "ls /"):
        out = sh.run(cmd, T)
        assert not traces(out), "`%s` after a traced command printed trace lines:\n%s" % (cmd, out)


# ---- part count: the trap path counts system calls ----

@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", [1, 4])
@pytest.mark.points(2)
@pytest.mark.part("count")
def test_syscall_count(new_machine, cpus):
    """/proc/self/status's Syscalls: grows by exactly the calls made, and a
    forked child starts from zero."""
    m = new_machine(cpus=cpus, mem="128M")
    run_test_program(m.console, "tracetest count", timeout=T, summary="count")


@pytest.mark.points(2)
@pytest.mark.part("count")
def test_syscall_count_other(sh):
    """Another process's count (a sleeping `sleep`) is there, small, and
    does not move while it sleeps; the per-thread file has it too."""
    sh.run("sleep 100 &", T)
    ps = [l.split() for l in sh.run("ps", T).splitlines()[1:]]
    pid = [r[0] for r in ps if r[-1] == "sleep"][0]
    counts = []
    for path in ("/proc/%s/status" % pid, "/proc/%s/task/%s/status" % (pid, pid), "/proc/%s/status" % pid):
        out = sh.run("grep Syscalls: " + path, T)
        m = re.search(r"^Syscalls:\s+(\d+)$", out, re.M)
        assert m, "%s has no Syscalls: line:\n%s" % (path, out)
        counts.append(int(m.group(1)))
    assert 0 < counts[0] < 100 and len(set(counts)) == 1, "sleep's Syscalls: %s" % counts
