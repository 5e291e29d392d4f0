"""Lab cow: copy-on-write fork, the lazy heap and mmap, on 1 and 4 harts with 128 MiB,
with leak checks (free memory before and after)."""

import pytest

from gradelib.linux import compare
from labs.unix.proclib import no_leak, run_test_program

pytestmark = pytest.mark.lab("cow")

HARTS = [1, 4]


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(5)
def test_cow_fork(new_machine, cpus):
    """Isolation after fork, forking a process that touched 2/3 of RAM, read()
    into COW pages, a concurrent fork/exit stress with no pages lost."""
    m = new_machine(cpus=cpus, mem="128M")
    no_leak(m.console, "forktest", timeout=240)


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(5)
def test_lazy_heap(new_machine, cpus):
    """sbrk(1 GiB) on a 128 MiB machine, shrinking frees, brk semantics, the
    out-of-memory kill."""
    m = new_machine(cpus=cpus, mem="128M")
    no_leak(m.console, "sbrktest", timeout=240)


@pytest.mark.qemu_only("needs a 128 MiB machine")
@pytest.mark.points(2)
def test_cow_stress_repeated(new_machine):
    """The fork/exit stress again and again on 4 harts (reference counts under
    concurrent fork, exit and fault)."""
    m = new_machine(cpus=4, mem="128M")
    for _ in range(3):
        run_test_program(m.console, "forktest stress", timeout=240)


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(5)
def test_mmap(new_machine, cpus):
    """mmap/munmap/mprotect (user/mmaptest.c): private and shared anonymous
    memory across fork, MAP_FIXED, private file mappings, read-only and
    PROT_NONE faults, copy-on-write through mprotect, errnos, 1 GiB of lazy
    memory on a 128 MiB machine, a thread on another CPU never reading a
    page through a stale translation; no pages lost."""
    m = new_machine(cpus=cpus, mem="128M")
    no_leak(m.console, "mmaptest", timeout=240)


# `fixed` is not compared: Linux lets root map the page at 4096 and its
# user-mode emulator treats MAP_FIXED_NOREPLACE as a plain hint.
LINUX_PARTS = ["anon", "shared", "protect", "file", "errors", "big", "threads"]


@pytest.mark.qemu_only("runs on a 2-hart machine")
@pytest.mark.points(3)
def test_mmap_same_as_linux(new_machine):
    """mmaptest prints what it prints under Linux (qemu-riscv64)."""
    m = new_machine(cpus=2)
    for part in LINUX_PARTS:
        compare(m.console, "mmaptest " + part, timeout=120)
