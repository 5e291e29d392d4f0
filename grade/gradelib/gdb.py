"""gdb-multiarch in batch mode against a machine started with gdb=True."""

import os
import re
import time

import pexpect

from . import console as con
from .machine import BUILD, ROOT


def gdbinit_settings():
    """The `set ...` lines of the project's .gdbinit (architecture and the like);
    the symbol file and the port are our own (each test has a private port)."""
    lines = []
    path = os.path.join(ROOT, ".gdbinit")
    if os.path.exists(path):
        for ln in open(path):
            s = ln.strip()
            if s.startswith("set ") and "auto-load" not in s and "confirm" not in s:
                lines.append(s)
    if not any(re.match(r"set\s+arch", s) for s in lines):
        lines.insert(0, "set architecture riscv:rv64")
    return lines


class Gdb:
    """Runs `gdb-multiarch -batch -x script`: load the kernel symbols, attach to
    the stub, break on `function`, print a backtrace at each hit and continue."""

    def __init__(self, port, function, workdir, elf=None, gdb="gdb-multiarch"):
        elf = elf or os.path.join(BUILD, "kernel.elf")
        script = ["set pagination off", "set confirm off", "set width 0"] + gdbinit_settings() + [
            "file %s" % elf,
            "target remote 127.0.0.1:%d" % port,
            "break %s" % function,
            "commands",
            "  bt",
            "  continue",
            "end",
            "continue",
        ]
        self.script_path = os.path.join(workdir, "grade.gdb")
        with open(self.script_path, "w") as f:
            f.write("\n".join(script) + "\n")
        self.child = pexpect.spawn(gdb, ["-q", "-nx", "-batch", "-x", self.script_path],
                                   echo=False, timeout=None, cwd=workdir, maxread=65536)
        self.out = ""

    def poll(self, seconds=0.1):
        """Collect what gdb printed so far."""
        try:
            self.child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=seconds)
        except OSError:
            pass
        self.out += con.normalise(self.child.before or b"")
        con.discard_pending(self.child)
        return self.out

    def wait_for(self, regex, timeout, what):
        end = time.time() + timeout * con.scale()
        rx = re.compile(regex)
        while True:
            self.poll(0.2)
            m = rx.search(self.out)
            if m:
                return m
            if not self.child.isalive() and not self.child.before:
                break
            if time.time() > end:
                break
        raise con.CommandTimeout("gdb: no %s (within %.0f s)" % (what, timeout * con.scale()),
                                 "\n".join(self.out.rstrip().split("\n")[-40:]))

    def kill(self):
        if self.child.isalive():
            try:
                self.child.kill(9)
            except Exception:
                pass
        try:
            self.child.close(force=True)
        except Exception:
            pass
