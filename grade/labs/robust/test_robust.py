"""Lab robust: regression tests for defects found by testing the kernel from outside.
Each failed before its fix (issue 16) and passes after, on 1 and 4 harts."""

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("robust")

HARTS = [1, 4]


@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(2)
@pytest.mark.part("defects")
def test_setpgid_on_init(new_machine, cpus):
    # init has no parent: the kernel read init's parent and faulted (a panic).
    sh = new_machine(cpus=cpus).console
    out = sh.run("t_robust setpgid", timeout=30)
    assert "t_robust: setpgid done, 0 failures" in out, out
    assert sh.run("echo still here") == "still here\n"


@pytest.mark.points(1)
@pytest.mark.part("defects")
def test_setpgid_same_as_linux(sh):
    compare(sh, "t_robust setpgid", timeout=30)


@pytest.mark.points(2)
@pytest.mark.part("defects")
def test_proc_file_is_not_a_dirfd(sh):
    out = compare(sh, "t_robust dirfd", timeout=30)
    assert "t_robust: dirfd done, 0 failures" in out, out


@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
@pytest.mark.part("defects")
def test_sigkill_stops_a_long_write(new_machine, cpus):
    # A 3 MiB write() took seconds to notice SIGKILL; it now stops between chunks.
    sh = new_machine(cpus=cpus).console
    out = sh.run("t_robust killwrite", timeout=60)
    assert "t_robust: killwrite done, 0 failures" in out, out
