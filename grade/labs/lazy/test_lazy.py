"""Lab lazy: the lazy heap (sbrk only moves the break), stack growth, and
SIGSEGV outside them, on 1 and 4 harts with 128 MiB, with leak checks (free
memory before and after).

Each test runs a part of user/sbrktest.c, user/lazytest.c or user/mmaptest.c."""

import pytest

from gradelib.linux import compare
from labs.unix.proclib import no_leak

pytestmark = pytest.mark.lab("lazy")

HARTS = [1, 4]


def run(new_machine, cpus, cmdline):
    m = new_machine(cpus=cpus, mem="128M")
    no_leak(m.console, cmdline, timeout=240)


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("heap")
@pytest.mark.points(5)
def test_lazy_heap(new_machine, cpus):
    """sbrk(1 GiB) on a 128 MiB machine costs nothing; each touch maps one
    page; read() into untouched heap works."""
    run(new_machine, cpus, "sbrktest lazy")


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("heap")
@pytest.mark.points(3)
def test_lazy_mmap(new_machine, cpus):
    """1 GiB of private anonymous mmap on a 128 MiB machine, 16 pages
    touched across it, then munmap."""
    run(new_machine, cpus, "mmaptest big")


@pytest.mark.qemu_only("runs on a 2-hart machine")
@pytest.mark.part("heap")
@pytest.mark.points(1)
def test_lazy_same_as_linux(new_machine):
    """sbrktest lazy and mmaptest big print what they print under Linux."""
    m = new_machine(cpus=2)
    for cmdline in ["sbrktest lazy", "mmaptest big"]:
        compare(m.console, cmdline, timeout=120)


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("shrink")
@pytest.mark.points(4)
def test_heap_shrink(new_machine, cpus):
    """A negative sbrk gives the touched pages back; a page grown again is
    zero; the raw brk system call as Linux has it."""
    run(new_machine, cpus, "sbrktest shrink")


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("shrink")
@pytest.mark.points(3)
def test_out_of_memory(new_machine, cpus):
    """A child touching more than all RAM is killed, its sibling goes on,
    every page comes back."""
    run(new_machine, cpus, "sbrktest oom")


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("stack")
@pytest.mark.points(5)
def test_stack_growth(new_machine, cpus):
    """A recursion 4 MiB deep costs about 4 MiB, mapped as it goes; a big
    frame; a recursion past the limit dies of SIGSEGV."""
    run(new_machine, cpus, "lazytest stack")


@pytest.mark.qemu_only("needs 128 MiB machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.part("segv")
@pytest.mark.points(5)
def test_segv_outside(new_machine, cpus):
    """The heap ends at the break: untouched pages below cost nothing, a page
    past it, a page given back and one between heap and stack are SIGSEGV
    with si_addr and SEGV_MAPERR; sibling processes go on."""
    run(new_machine, cpus, "lazytest segv")
