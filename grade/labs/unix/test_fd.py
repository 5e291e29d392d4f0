"""Lab unix, part "descriptors": file descriptors (user/fdtest.c): close-on-exec, fcntl, O_NONBLOCK
pipes, the user ids, pread/pwrite and readv/writev, on 1 and 4 harts with a leak check, and compared with
Linux."""

import os

import pytest

from gradelib.linux import compare
from labs.unix.proclib import no_leak

pytestmark = pytest.mark.lab("unix")

HARTS = [1, 4]

# `ids` says the user is root, which Linux (qemu-riscv64 runs as the user
# running the grader) only agrees with when that user is root.
LINUX_PARTS = ["cloexec", "fcntl", "nonblock", "rw"] + (["ids"] if os.geteuid() == 0 else [])


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(4)
@pytest.mark.part("descriptors")
def test_fd(new_machine, cpus):
    """exec closes FD_CLOEXEC descriptors and keeps the others, dup/dup3/fork
    and F_SETFD/F_DUPFD_CLOEXEC set the flag as Linux does, F_DUPFD/F_GETFL/
    F_SETFL and their errnos, EMFILE, EAGAIN on empty and full nonblocking
    pipes with the flag shared by dup'ed descriptors, pread/pwrite leaving the
    offset alone, ESPIPE, readv/writev; no pages lost."""
    m = new_machine(cpus=cpus, mem="128M")
    no_leak(m.console, "fdtest")


@pytest.mark.qemu_only("runs on a 2-hart machine")
@pytest.mark.points(3)
@pytest.mark.part("descriptors")
def test_fd_same_as_linux(new_machine):
    """fdtest prints what it prints under Linux (qemu-riscv64)."""
    m = new_machine(cpus=2)
    for part in LINUX_PARTS:
        compare(m.console, "fdtest " + part, timeout=120)
