"""Shared checks for the process labs: run a test program from /bin that ends
with 'NAME: N passed, M failed' and check it passed, with no memory leaked."""

import re

# Kernel console lines that may land in a program's output (the OOM killer).
KERNEL_LINE = re.compile(r"^out of memory: killed process .*\n", re.M)


def free_kib(console):
    """Free memory in KiB, from the `free` program's Mem: line."""
    out = console.run("free -k")
    m = re.search(r"^Mem:\s+(\d+)\s+(\d+)\s+(\d+)", out, re.M)
    assert m, "free printed no Mem: line:\n%s" % out
    return int(m.group(3))


def run_test_program(console, cmdline, timeout=120, summary=None):
    """Run a test program; assert it reported no failure and exited 0.
    Its summary line names `summary`, else the program or, for `prog PART`,
    the part (testlib's test_parts).  Returns its output without kernel lines."""
    out, status = console.run_status(cmdline, timeout)
    out = KERNEL_LINE.sub("", out)
    names = "|".join(re.escape(w) for w in ([summary] if summary else cmdline.split()[:2]))
    failed = [l for l in out.splitlines() if l.startswith("FAIL")]
    m = re.search(r"^(?:%s): (\d+) passed, (\d+) failed$" % names, out, re.M)
    assert m, "%s printed no summary line; output:\n%s" % (cmdline, out)
    assert not failed and m.group(2) == "0", "%s failed:\n%s" % (cmdline, "\n".join(failed) or out)
    assert status == 0, "%s: exit status %r" % (cmdline, status)
    return out


def no_leak(console, cmdline, timeout=120, slack_kib=64):
    """Run cmdline once to warm caches, then again between two `free`
    readings: the free memory must come back (within slack_kib)."""
    run_test_program(console, cmdline, timeout)
    before = free_kib(console)
    run_test_program(console, cmdline, timeout)
    after = free_kib(console)
    assert after >= before - slack_kib, "%s leaked %d KiB (free %d KiB before, %d after)" % (
        cmdline, before - after, before, after)
