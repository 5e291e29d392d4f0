"""Lab boot: the kernel can be debugged with gdb through QEMU's gdb stub, and
the gdb helpers (tasks, current, runq, pagewalk) show what is really there."""

import os
import re

import pexpect
import pytest

from gradelib import console as con
from gradelib.gdb import Gdb, gdbinit_settings
from gradelib.machine import BUILD, ROOT

pytestmark = pytest.mark.lab("boot")



def through_trap_path(bt):
    """A backtrace from sys_getpid through the system call dispatcher and the
    trap handler (the function names of the trap path may vary: trap_user,
    user_trap, trap_handler, trap_entry ...)."""
    frames = re.findall(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\w+)", bt, re.M)
    names = [f[1] for f in frames]
    return (len(names) >= 3 and names[0] == "sys_getpid" and "syscall_dispatch" in names
            and any("trap" in n for n in names[names.index("syscall_dispatch") + 1:]))


@pytest.mark.qemu_only("needs QEMU's gdb stub")
@pytest.mark.points(5)
@pytest.mark.part("gdb")
def test_gdb_breakpoint_on_getpid(new_machine, tmp_path):
    m = new_machine(gdb=True)                 # halted (-S) until gdb continues
    g = Gdb(m.gdb_port, "sys_getpid", str(tmp_path))
    try:
        g.wait_for(r"Breakpoint 1 at ", 30, "breakpoint set on sys_getpid (symbols loaded?)")
        m.boot(60)                            # gdb continued: the kernel boots
        before = g.poll().count("Breakpoint 1, ")
        out = m.console.run("t_getpid", timeout=30)
        assert re.search(r"t_getpid: pid \d+", out), "t_getpid printed: %r" % out
        # The hit from our command: a backtrace through the trap path.
        g.wait_for(r"(?s)(Breakpoint 1, .*){%d}" % (before + 1), 20, "breakpoint hit after typing t_getpid")
        g.poll(0.5)
        hits = g.out.split("Breakpoint 1, ")[before + 1:]
        assert any(through_trap_path(h) for h in hits), \
            "backtrace at sys_getpid does not go sys_getpid <- syscall_dispatch <- trap...:\n%s" % g.out[-3000:]
    finally:
        g.kill()


# ---- the helpers of scripts/gdb/rvos.py (docs/gdb.md) ----

HELPERS = os.path.join(ROOT, "scripts", "gdb", "rvos.py")
MARKER = 0x72766f7367646221          # what t_gdbwait stores at the address it prints
TASK_ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+([RSDTZ])\s+(\d+)\*?\s+(\d+)\s+(\S+)\s+0x[0-9a-f]+$", re.M)


def gdb_session(port, commands, workdir, timeout=60):
    """Attach gdb with the helpers loaded (QEMU stops every hart), run the
    commands, detach (the harts go on).  Returns each command's output."""
    setup = ["set pagination off", "set width 0", "set style enabled off"] + gdbinit_settings() + [
        "file " + os.path.join(BUILD, "kernel.elf"), "source " + HELPERS, "target remote 127.0.0.1:%d" % port]
    argv = ["-q", "-nx", "-batch"]
    for c in setup:
        argv += ["-ex", c]
    for i, c in enumerate(commands):
        argv += ["-ex", "echo ==gdb-%d==\\n" % i, "-ex", c]
    argv += ["-ex", "echo ==gdb-end==\\n", "-ex", "detach"]
    out = pexpect.run("gdb-multiarch", args=argv, timeout=timeout * con.scale(), cwd=workdir,
                      env=dict(os.environ, TERM="dumb"), encoding="utf-8")
    out = out.replace("\r", "")
    assert "==gdb-end==" in out, "gdb did not run every command:\n%s" % out[-3000:]
    parts = re.split(r"^==gdb-(\d+|end)==$", out, flags=re.M)
    return [parts[2 * i + 2].strip("\n") for i in range(len(commands))]


def task_table(out):
    """`tasks` output as {tid: (tgid, state, name)}."""
    return {int(m[0]): (int(m[1]), m[2], m[5]) for m in TASK_ROW.findall(out)}


def check_tasks(out, pid):
    """init, sh and t_gdbwait (pid) are there, running or asleep."""
    tasks = task_table(out)
    for tid, name in ((1, "init"), (pid, "t_gdbwait")):
        tgid, state, got = tasks.get(tid, (0, "", ""))
        assert (tgid, got) == (tid, name) and state in ("R", "S"), \
            "tasks: no %s with tid = tgid = %d in state R or S:\n%s" % (name, tid, out)
    assert any(name == "sh" and state in ("R", "S") for _, state, name in tasks.values()), \
        "tasks: no sh in state R or S:\n" + out
    return tasks


def check_current(out, cpus, tasks):
    """One entry per hart, each naming a task that exists."""
    entries = re.findall(r"^hart (\d+)\s+cpu (\d+) .*\n(.*)$", out, re.M)
    assert sorted(int(e[0]) for e in entries) == list(range(cpus)), "current: want harts 0..%d:\n%s" % (cpus - 1, out)
    for hart, cpu, line in entries:
        m = re.search(r"idle\d+|tid (\d+) \((\S+)\)", line)
        assert m, "current: hart %s names no task:\n%s" % (hart, out)
        if m.group(1):
            assert int(m.group(1)) in tasks, "current: hart %s runs tid %s, not in `tasks`" % (hart, m.group(1))


def check_runq(out, cpus, tasks):
    for cpu in range(cpus):
        assert re.search(r"^cpu %d \(hart \d+\): nr_running \d+" % cpu, out, re.M), "runq: no cpu %d:\n%s" % (cpu, out)
    assert out.count("  running ") == cpus, "runq: want a running line per CPU:\n%s" % out
    for tid in re.findall(r"^  waiting  tid (\d+)", out, re.M):
        assert tasks.get(int(tid), (0, "R"))[1] == "R", "runq: tid %s waits for a CPU but is not R" % tid


def walk_pa(out):
    m = re.search(r"^  pa (0x[0-9a-f]+)$", out, re.M)
    assert m, "pagewalk gave no physical address:\n%s" % out
    return int(m.group(1), 16)


def physical_u64(out):
    """The value in `monitor xp /gx PA` output (QEMU's view of physical memory)."""
    m = re.search(r"^[0-9a-f]+: (0x[0-9a-f]+)$", out, re.M)
    assert m, "monitor xp printed:\n%s" % out
    return int(m.group(1), 16)


@pytest.mark.qemu_only("needs QEMU's gdb stub")
@pytest.mark.points(2)
@pytest.mark.part("gdb")
@pytest.mark.parametrize("cpus", [1, 4])
def test_gdb_helpers(new_machine, tmp_path, cpus):
    m = new_machine(cpus=cpus, gdb=True)
    gdb_session(m.gdb_port, [], str(tmp_path))     # attach and detach: the machine boots
    m.boot(60)
    m.console.send_line("t_gdbwait")
    got = m.console.expect(r"t_gdbwait: pid (\d+) marker (0x[0-9a-f]+)\s", 30, what="t_gdbwait's pid and address")
    pid, marker = int(got.group(1)), got.group(2).decode()

    tasks_out, current, runq, user_walk, kernel_walk, kernel_value = gdb_session(
        m.gdb_port, ["tasks", "current", "runq", "pagewalk %s %d" % (marker, pid),
                     "pagewalk &kernel_pagetable", "print/x kernel_pagetable"], str(tmp_path))
    tasks = check_tasks(tasks_out, pid)
    check_current(current, cpus, tasks)
    check_runq(runq, cpus, tasks)
    assert re.search(r"^  L0 .*VRW-U", user_walk, re.M), "pagewalk: the marker's page is not V R W U:\n" + user_walk
    user_pa, kernel_pa = walk_pa(user_walk), walk_pa(kernel_walk)
    kernel_value = int(kernel_value.split("=")[-1], 16)

    # What QEMU finds at those physical addresses.
    phys = gdb_session(m.gdb_port, ["monitor xp /gx 0x%x" % user_pa, "monitor xp /gx 0x%x" % kernel_pa], str(tmp_path))
    assert physical_u64(phys[0]) == MARKER, "pagewalk %s %d: pa 0x%x does not hold the marker:\n%s\n%s" % (
        marker, pid, user_pa, user_walk, phys[0])
    assert physical_u64(phys[1]) == kernel_value, "pagewalk &kernel_pagetable: pa 0x%x holds %s, not 0x%x:\n%s" % (
        kernel_pa, phys[1], kernel_value, kernel_walk)

    m.console.send_line("go")
    m.console.expect(r"t_gdbwait: done \(3\)", 30, what="t_gdbwait to finish after gdb detached")
    m.console.sync()
