"""Lab abi: the differential errno probe.  t_errno makes every system call of the kernel's table (and those
issue 13 adds) with bad arguments and prints one line per call: its result and errno name.  The part before
"-- not compared --" must be what Linux (qemu-riscv64) answers, line for line, for the program built with this
OS's library and with glibc; the rest (host-dependent answers, calls still missing, file-system calls that
differ today) is only printed."""

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("abi")

MARK = "-- not compared --\n"


def compared_part(out):
    return out.split(MARK)[0]


@pytest.mark.points(3)
@pytest.mark.part("errno")
@pytest.mark.parametrize("prog", ["t_errno", "t_errno-glibc"])
def test_errno_same_as_linux(sh, prog):
    out = compare(sh, prog, timeout=90, transform=compared_part)
    # It did probe, to the end: more than a hundred calls, most failing with an errno.
    assert "rt_tgsigqueueinfo(child, SI_USER) = -1 EPERM" in out, out
    lines = out.splitlines()
    assert len(lines) > 150, out
    assert sum(" = -1 E" in l for l in lines) > 120, out
