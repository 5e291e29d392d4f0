"""Lab abi: real-time signals queue with their values (sigqueue), lowest number first and in order within
a number; sigtimedwait, sigwaitinfo and sigwait take them; RLIMIT_SIGPENDING bounds the queue; a forged
si_code is refused.  The same as Linux, with this OS's library and with glibc."""

import pytest

from gradelib.linux import compare
from labs.unix.proclib import free_kib

pytestmark = pytest.mark.lab("abi")


@pytest.mark.points(3)
@pytest.mark.part("signals")
@pytest.mark.parametrize("prog", ["t_sigqueue", "t_sigqueue-glibc"])
def test_sigqueue_same_as_linux(sh, prog):
    out = compare(sh, prog, timeout=60)
    assert "t_sigqueue: done, 0 failures" in out, out
    # Lowest number first, in the order sent within a number; standard signals merged.
    took = [l for l in out.splitlines() if l.startswith("took SIG") or l.startswith("took 10")]
    assert took[:3] == ["took 10 code SI_QUEUE value 6 from self uid 0",
                        "took SIGRTMIN+0 code SI_QUEUE value 2 from self uid 0",
                        "took SIGRTMIN+0 code SI_QUEUE value 4 from self uid 0"], out


@pytest.mark.points(1)
@pytest.mark.part("signals")
def test_sigpending_limit(sh):
    # Linux counts per user (so the comparison above cannot show the number); here per process.
    out, status = sh.run_status("t_sigqueue exact", timeout=60)
    assert status == 0, out
    assert "queued 8, then Resource temporarily unavailable" in out, out


@pytest.mark.points(1)
@pytest.mark.part("signals")
def test_queued_signals_freed_at_exit(sh):
    # 4000 queued signals take about 250 KiB: a process that exits with them must give it all back.
    def leave():
        out, status = sh.run_status("t_sigqueue leave", timeout=60)
        assert status == 0 and "leaving 4000 queued signals" in out, out
    leave()
    before = free_kib(sh)
    leave()
    after = free_kib(sh)
    assert after >= before - 64, "4000 queued signals leaked %d KiB (free %d KiB before, %d after)" % (
        before - after, before, after)
