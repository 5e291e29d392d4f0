"""Lab abi: madvise (MADV_DONTNEED drops and zero-fills), msync, mincore and mremap (shrink, grow, move)."""

import pytest

pytestmark = pytest.mark.lab("abi")


@pytest.mark.parametrize("cpus", [1, 4])
@pytest.mark.points(2)
@pytest.mark.part("memory")
def test_memory_calls(new_machine, cpus):
    sh = new_machine(cpus=cpus).console
    out = sh.run("t_mem", timeout=60)
    assert "t_mem: done, 0 failures" in out, out
    assert "mincore: 1 0 1 0" in out, out
