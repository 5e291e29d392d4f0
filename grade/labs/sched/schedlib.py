"""What the sched and smp tests share: running one mode of user/schedtest.c,
which prints its numbers, one "ok"/"FAIL" line per check and
"<mode>: N passed, M failed"."""

import re


def schedtest(console, what, timeout=90):
    """Run `schedtest what` and fail with its output unless every check passed."""
    out, status = console.run_status("schedtest " + what, timeout=timeout)
    name = what.split()[0]
    assert re.search(r"^%s: \d+ passed, 0 failed$" % name, out, re.M) and status == 0, \
        "schedtest %s:\n%s" % (what, out)
    return out
