"""Lab abi: clocks.  The wall clock starts from the machine's RTC (QEMU virt's Goldfish RTC), every clock id a
C library uses answers, CPU-time clocks count, and the calendar functions agree with Linux."""

import time

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("abi")


@pytest.mark.points(4)
@pytest.mark.part("clocks")
def test_clocks_same_as_linux(sh):
    out = compare(sh, "t_clock", timeout=60)
    assert "t_clock: done, 0 failures" in out, out


@pytest.mark.qemu_only("reads QEMU's RTC, which follows the host's clock")
@pytest.mark.points(2)
@pytest.mark.part("clocks")
def test_date_is_the_real_date(sh):
    # Not a speed check: the guest's wall clock must be the host's (from the RTC),
    # give or take the boot and a loaded machine.
    guest = int(sh.run("date +%s", timeout=30).strip())
    assert abs(guest - time.time()) < 600, "date says %d, the host %d" % (guest, time.time())
    assert sh.run("date +%Y", timeout=30).strip() == time.strftime("%Y", time.gmtime(guest))


@pytest.mark.points(2)
@pytest.mark.part("clocks")
def test_date_sets_the_clock(sh):
    assert sh.run("date -s '2031-05-06 07:08:09'", timeout=30) == "Tue May  6 07:08:09 UTC 2031\n"
    assert sh.run("date +%F", timeout=30) == "2031-05-06\n"
    assert sh.run("date -s @1000000000", timeout=30) == "Sun Sep  9 01:46:40 UTC 2001\n"
    out, status = sh.run_status("date -s yesterday", timeout=30)
    assert status == 2 and "usage: date" in out
