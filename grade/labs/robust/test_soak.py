"""Lab robust: a short run of `make soak` -- the mixed workload of user/soak.c on the checking
kernel (make DEBUG=1), which reports lock-order violations and panics on writes to freed memory."""

import pytest

from gradelib import machine

pytestmark = pytest.mark.lab("robust")


@pytest.mark.qemu_only("boots the checking kernel")
@pytest.mark.points(3)
@pytest.mark.part("checking kernel")
def test_short_soak_on_checking_kernel(new_machine):
    # One minute of processes, threads, signals, pipes, memory and files, four at
    # a time on 4 harts (a fixed seed: `make soak SEED=7` replays it).  Every
    # program exits 0, memory and tasks come back, and the kernel reports nothing.
    sh = new_machine(cpus=4, kernel=machine.build_debug_kernel()).console
    out = sh.run("soak -m 1 -S 7", timeout=600)
    assert "soak: ok" in out, out
    assert "lockdep:" not in out, out
    assert sh.run("echo still here") == "still here\n"
