"""Lab abi: the same test programs built with Debian's glibc (riscv64-linux-gnu-gcc -static), as an
ordinary Linux program is: each runs here as under Linux (qemu-riscv64) and passes its own checks."""

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("abi")


@pytest.mark.points(1)
@pytest.mark.part("glibc")
@pytest.mark.parametrize("prog", ["t_clock", "t_random", "t_rlimit", "t_ids", "t_altstack", "t_libc",
                                  "t_robustmutex"])
def test_glibc_binary_same_as_linux(sh, prog):
    out = compare(sh, prog + "-glibc", timeout=120)
    assert "%s: done, 0 failures" % prog in out, out


@pytest.mark.points(1)
@pytest.mark.part("glibc")
def test_glibc_stack_overflow_handler(sh):
    out = compare(sh, "t_altstack-glibc overflow", timeout=60)
    assert "ok   the overflow's SIGSEGV ran on the alternate stack" in out, out


@pytest.mark.points(1)
@pytest.mark.part("glibc")
def test_glibc_startup_needs_nothing_missing(sh):
    # set_robust_list and the rest of glibc's start-up are there: only readlinkat (no symbolic
    # links before the VFS issue) may still be named as missing.
    out = sh.run("t_clock-glibc", timeout=60)
    missing = [l for l in out.splitlines() if "which this kernel lacks" in l and "system call 78," not in l]
    assert not missing, "\n".join(missing)
