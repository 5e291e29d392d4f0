"""Lab abi: eventfd, signalfd and timerfd.  An eventfd counts (EFD_SEMAPHORE, EFD_NONBLOCK, Linux's errnos for
short buffers and the largest count); a signalfd reads blocked signals as records (kill, sigqueue values,
SIGCHLD's status, a mask changed through the descriptor); a timerfd counts expirations (one-shot, periodic,
absolute on CLOCK_REALTIME) and reports the time left; all three wake poll, ppoll and select.  The same as
Linux, with this OS's library and with glibc; and closing them gives everything back."""

import pytest

from gradelib.linux import compare
from labs.unix.proclib import free_kib

pytestmark = pytest.mark.lab("abi")


@pytest.mark.points(3)
@pytest.mark.part("fd events")
@pytest.mark.parametrize("prog", ["t_fdevents", "t_fdevents-glibc"])
def test_fdevents_same_as_linux(sh, prog):
    out = compare(sh, prog, timeout=60)
    assert "t_fdevents: done, 0 failures" in out, out
    # The records a signalfd read, lowest number first, each sigqueue with its value.
    assert ("signal 10 code SI_USER from self int 0\n"
            "signal SIGRTMIN+0 code SI_QUEUE from self int 1\n"
            "signal SIGRTMIN+0 code SI_QUEUE from self int 2\n") in out, out
    assert "SIGCHLD code CLD_EXITED status 0 from the child yes" in out, out
    assert "write(eventfd, 2^64-1) = -1 Invalid argument" in out, out


@pytest.mark.points(1)
@pytest.mark.part("fd events")
def test_fdevents_freed_at_close(sh):
    # 3000 descriptors made and closed (timers armed, signals pending): nothing may stay behind.
    def churn():
        out, status = sh.run_status("t_fdevents leak", timeout=60)
        assert status == 0 and "made and closed 3000" in out, out
    churn()
    before = free_kib(sh)
    churn()
    after = free_kib(sh)
    assert after >= before - 64, "3000 event descriptors leaked %d KiB (free %d KiB before, %d after)" % (
        before - after, before, after)
