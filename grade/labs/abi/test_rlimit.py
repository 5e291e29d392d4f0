"""Lab abi: resource limits (getrlimit, setrlimit, prlimit64), enforced where the kernel has the resource;
user and group ids by Linux's rules."""

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("abi")


@pytest.mark.points(3)
@pytest.mark.part("limits")
def test_rlimit_same_as_linux(sh):
    out = compare(sh, "t_rlimit", timeout=60)
    assert "t_rlimit: done, 0 failures" in out, out


@pytest.mark.points(1)
@pytest.mark.part("limits")
def test_rlimit_nproc_stops_fork(sh):
    # Linux exempts root from RLIMIT_NPROC; here it contains a fork bomb.
    out = sh.run("t_rlimit nproc", timeout=60)
    assert "t_rlimit: done, 0 failures" in out, out


@pytest.mark.points(2)
@pytest.mark.part("limits")
def test_rlimit_stack_sizes_the_stack(sh):
    out = sh.run("t_rlimit stack", timeout=60)
    assert "t_rlimit: done, 0 failures" in out, out


@pytest.mark.points(2)
@pytest.mark.part("limits")
def test_ids_same_as_linux(sh):
    out = compare(sh, "t_ids", timeout=60)
    assert "t_ids: done, 0 failures" in out, out
