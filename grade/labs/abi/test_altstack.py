"""Lab abi: sigaltstack and SA_ONSTACK: a handler can run on its own stack, even when the stack overflowed."""

import pytest

from gradelib.linux import compare

pytestmark = pytest.mark.lab("abi")


@pytest.mark.points(2)
@pytest.mark.part("signals")
def test_altstack_same_as_linux(sh):
    out = compare(sh, "t_altstack", timeout=60)
    assert "t_altstack: done, 0 failures" in out, out


@pytest.mark.points(2)
@pytest.mark.part("signals")
def test_stack_overflow_handler(sh):
    out = compare(sh, "t_altstack overflow", timeout=60)
    assert "ok   the overflow's SIGSEGV ran on the alternate stack" in out, out
