#!/usr/bin/python3
"""`make linux-compare PROG=name [ARGS="..."]`: run a user program on this OS (in
QEMU) and under Linux (qemu-riscv64 user mode) and show both outputs and a diff.
Exit status 0 when output and exit status are the same."""
import os
import shlex
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from gradelib import linux, machine  # noqa: E402


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: linux_compare.py PROG [ARGS...]")
    cmdline = " ".join(shlex.quote(a) for a in sys.argv[1:])
    cpus = int(os.environ.get("CPUS", "4") or 4)
    machine.build(os.environ.get("EXTRA_UPROGS", "").split())
    with tempfile.TemporaryDirectory(prefix="linux-compare-") as d:
        m = machine.Machine(d, name="linux-compare", cpus=cpus, mem=os.environ.get("MEM", "256M"))
        try:
            m.boot(60)
            ours, st_ours = m.console.run_status(cmdline, timeout=120)
        finally:
            m.close()
    theirs, st_linux = linux.run_linux(cmdline, timeout=120)
    print("==== this OS (exit status %s) ====" % st_ours)
    print(ours, end="")
    print("==== Linux, qemu-riscv64 (exit status %s) ====" % st_linux)
    print(theirs, end="")
    d = linux.diff(ours, theirs)
    print("==== diff ====")
    print(d if d else "(same output)")
    same = not d and st_ours == st_linux
    print("SAME" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
