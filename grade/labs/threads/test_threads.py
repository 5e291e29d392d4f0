"""Lab threads: clone flags, thread groups, futex, the pthread library, on 1 and
4 harts, repeated for the racy parts, and compared with Linux."""

import pytest

from gradelib.linux import compare
from labs.unix.proclib import no_leak, run_test_program

pytestmark = pytest.mark.lab("threads")

HARTS = [1, 4]


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.timeout(900)
@pytest.mark.points(5)
def test_pthreads(new_machine, cpus):
    """Shared memory, private stacks, ids, mutex counter 4 x 100000, condition
    variables, 2000 create/join cycles; twice, with no memory lost between."""
    m = new_machine(cpus=cpus, mem="256M")
    no_leak(m.console, "threadtest", timeout=400, slack_kib=256)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
def test_futex(new_machine, cpus):
    m = new_machine(cpus=cpus, mem="256M")
    for _ in range(3):
        run_test_program(m.console, "futextest", timeout=120)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
def test_rwlock_spin_sysconf(new_machine, cpus):
    """Read-write locks (readers together, writers alone and not starved),
    spin locks, mutex_timedlock, a thread on a caller's stack, sysconf and
    the <inttypes.h> formats."""
    m = new_machine(cpus=cpus, mem="256M")
    for _ in range(3):
        run_test_program(m.console, "threadsync", timeout=120)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(4)
def test_thread_groups(new_machine, cpus):
    """exit() in a thread ends the process, kill of the group, leader exiting
    first, execve from a non-leader thread, fork from a thread."""
    m = new_machine(cpus=cpus, mem="256M")
    for _ in range(3):
        run_test_program(m.console, "threadgroup", timeout=120)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
def test_clone_sharing_flags(new_machine, cpus):
    """Each of CLONE_FILES, CLONE_FS and CLONE_VM alone (Linux's user-mode
    emulator cannot run these, so no comparison)."""
    m = new_machine(cpus=cpus, mem="256M")
    run_test_program(m.console, "threadclone", timeout=120)


@pytest.mark.points(2)
def test_user_level_threads(sh):
    out, status = sh.run_status("uthread_demo", timeout=60)
    assert status == 0 and "uthread_demo: as expected" in out, out


@pytest.mark.qemu_only("runs on a 1-hart machine (the 4-hart runs are above)")
@pytest.mark.points(4)
@pytest.mark.parametrize("prog", ["threadtest", "futextest", "threadsync", "threadgroup", "uthread_demo"])
def test_same_as_linux(new_machine, prog):
    m = new_machine(cpus=1, mem="256M")
    compare(m.console, prog, timeout=240)
