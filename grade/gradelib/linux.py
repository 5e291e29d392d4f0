"""Run a user program of this OS under Linux (qemu-riscv64 user mode) to compare.

The programs are static riscv64 binaries using Linux system call numbers, so
qemu-riscv64 runs them as they are.  `-L build/user` makes absolute paths such
as /bin/echo resolve to build/user/bin/echo first.
"""

import difflib
import os
import re
import shlex
import subprocess
import tempfile

from . import console as con
from .machine import BUILD


def binary(prog):
    return os.path.join(BUILD, "user", "bin", prog)


def run_linux(cmdline, timeout=30, qemu_user="qemu-riscv64"):
    """Run `prog args...` under Linux; returns (normalised output, exit status)."""
    argv = shlex.split(cmdline)
    exe = binary(argv[0])
    if not os.path.exists(exe):
        raise FileNotFoundError("%s: not built (make, or EXTRA_UPROGS)" % exe)
    with tempfile.TemporaryDirectory(prefix="grade-linux-") as d:
        p = subprocess.run([qemu_user, "-L", os.path.join(BUILD, "user"), exe] + argv[1:],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           cwd=d, timeout=timeout * con.scale())
    return con.normalise(p.stdout), p.returncode


# The kernel names an unknown system call on the console (kernel/syscall.c):
# that line is the kernel's, not the program's output.
ENOSYS_REPORT = re.compile(r"^rvos: .* called system call \d+, which this kernel lacks: ENOSYS\n", re.M)


def diff(a, b, name_a="this OS", name_b="Linux"):
    return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), name_a, name_b))


def compare(console, cmdline, timeout=30, transform=None):
    """Run `cmdline` on this OS (through `console`) and under Linux; assert that
    the outputs (after `transform`, e.g. one that masks pids) and the exit
    statuses are the same.  Returns the OS output."""
    ours, st_ours = console.run_status(cmdline, timeout)
    ours = ENOSYS_REPORT.sub("", ours)
    theirs, st_linux = run_linux(cmdline, timeout)
    if transform:
        ours, theirs = transform(ours), transform(theirs)
    d = diff(ours, theirs)
    assert not d, "output of %r differs from Linux (qemu-riscv64):\n%s" % (cmdline, d)
    assert st_ours == st_linux, "exit status of %r: %s here, %s under Linux" % (cmdline, st_ours, st_linux)
    return ours
