"""Lab abi: getrandom and getentropy from the kernel's ChaCha20 generator, compared with Linux."""

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("abi")


@pytest.mark.points(2)
@pytest.mark.part("random")
def test_getrandom_same_as_linux(sh):
    out = compare(sh, "t_random", timeout=120)
    assert "t_random: done, 0 failures" in out, out
