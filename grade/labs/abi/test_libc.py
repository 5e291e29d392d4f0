"""Lab abi: the C library's standard pieces (strtod, qsort/bsearch, rand_r, getopt, setjmp, <math.h>) behave
as on Linux, and their numbers are right: strtod exactly, the math functions within an ulp of the host's libm."""

import math
import re
import struct

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("abi")


def as_double(hexbits):
    return struct.unpack("<d", struct.pack("<Q", int(hexbits, 16)))[0]


def ulps(got, want):
    if got == want or (math.isnan(got) and math.isnan(want)):
        return 0
    return abs(got - want) / math.ulp(want) if want else float("inf")


def c_round(x):
    """C's round: halves away from zero (Python's round goes to even)."""
    return math.copysign(math.floor(abs(x) + 0.5), x)


@pytest.fixture
def output(sh):
    out = compare(sh, "t_libc", timeout=120)
    assert "t_libc: done, 0 failures" in out, out
    return out


@pytest.mark.points(3)
@pytest.mark.part("libc")
def test_libc_same_as_linux(output):
    assert "getopt: a b=value c=word a c=x; optind 7" in output


@pytest.mark.points(2)
@pytest.mark.part("libc")
def test_strtod_is_exact(output):
    for m in re.finditer(r'^strtod\("(.*)"\) bits 0x([0-9a-f]+) used (\d+)', output, re.M):
        text, got, used = m.group(1), as_double(m.group(2)), int(m.group(3))
        number = text.strip()[:used - (len(text) - len(text.lstrip()))]
        if used == 0:
            assert got == 0, text
            continue
        want = float.fromhex(number) if "x" in number.lower() else float(number.split("(")[0])
        assert struct.pack("<d", got) == struct.pack("<d", want) or (math.isnan(got) and math.isnan(want)), \
            "strtod(%r) = %r, want %r" % (text, got, want)


@pytest.mark.points(2)
@pytest.mark.part("libc")
def test_math_within_an_ulp(output):
    checked = 0
    for m in re.finditer(r"^math (\w+) ([0-9a-f]+) bits 0x([0-9a-f]+)", output, re.M):
        name, x, got = m.group(1), as_double(m.group(2)), as_double(m.group(3))
        want = c_round(x) if name == "round" else float(getattr(math, name)(x))
        assert ulps(got, want) <= 1, "%s(%r) = %r, the host says %r" % (name, x, got, want)
        checked += 1
    for m in re.finditer(r"^math2 (\w+) ([0-9a-f]+) ([0-9a-f]+) bits 0x([0-9a-f]+)", output, re.M):
        name, x, y, got = m.group(1), as_double(m.group(2)), as_double(m.group(3)), as_double(m.group(4))
        want = getattr(math, name)(x, y)
        assert ulps(got, want) <= 1, "%s(%r, %r) = %r, the host says %r" % (name, x, y, got, want)
        checked += 1
    assert checked > 100
