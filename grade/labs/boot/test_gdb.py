"""Lab boot: the kernel can be debugged with gdb through QEMU's gdb stub."""

import re

import pytest

from gradelib.gdb import Gdb

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
