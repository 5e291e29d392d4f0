#!/usr/bin/python3
"""A stand-in for the OS on a console, used only by the grader's self-tests.

It behaves like the real console as far as the grader can tell: a boot banner,
the prompt "$ ", echo of typed characters with \\r\\n line ends, line editing,
`poweroff` (exit 0) and kernel panics (a "panic: " line, then a non-zero exit).
Commands are run by the host's /bin/sh in a private directory.

FAKEOS_MODE (comma-separated):
  panic-boot        panic before the first prompt
  panic-on=WORD     panic when a command line contains WORD
  hang-on=WORD      never finish a command line containing WORD
  break=WORD        a "broken program": WORD in any output comes out misspelt
  slow-boot=SECS    take that long to boot
Console on stdin/stdout, or on the tty given as argv[1], or on fd:N (board stand-in).
"""
import os
import subprocess
import sys
import termios
import time
import tty


def main():
    if len(sys.argv) > 1 and sys.argv[1].startswith("fd:"):
        fd_in = fd_out = int(sys.argv[1][3:])
    elif len(sys.argv) > 1:
        fd_in = fd_out = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
    else:
        fd_in, fd_out = 0, 1
    if os.isatty(fd_in):
        tty.setraw(fd_in, termios.TCSANOW)
    mode = {}
    for part in filter(None, os.environ.get("FAKEOS_MODE", "").split(",")):
        k, _, v = part.partition("=")
        mode[k] = v

    def out(s):
        data = s.replace("\r\n", "\n").replace("\n", "\r\n").encode()
        if "break" in mode and mode["break"]:
            w = mode["break"].encode()
            data = data.replace(w, w[:-1] + bytes([w[-1] ^ 1]))
        while data:
            n = os.write(fd_out, data)
            data = data[n:]

    def panic(msg):
        out("panic: %s\nhart 0\nbacktrace:\n  0x80201234 fake_function+0x10\n" % msg)
        sys.exit(3)

    out("\nOpenSBI fake v0.0\nfake kernel: %s harts\n" % os.environ.get("GRADE_CPUS", "1"))
    if "slow-boot" in mode:
        time.sleep(float(mode["slow-boot"]))
    if "panic-boot" in mode:
        panic("fake boot failure")
    out("init: starting sh\n")
    line = b""
    out("$ ")
    while True:
        c = os.read(fd_in, 1)
        if not c:
            return
        if c in (b"\r", b"\n"):
            out("\n")
            cmd = line.decode(errors="replace")
            line = b""
            if "panic-on" in mode and mode["panic-on"] in cmd:
                panic("fake panic on %r" % cmd)
            if "hang-on" in mode and mode["hang-on"] in cmd:
                while True:
                    time.sleep(1)
            if cmd.strip() == "poweroff":
                out("powering off\n")
                sys.exit(0)
            if cmd.strip():
                p = subprocess.run(["/bin/sh", "-c", cmd], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
                out(p.stdout.decode(errors="replace"))
            out("$ ")
        elif c in (b"\x7f", b"\x08"):
            if line:
                line = line[:-1]
                out("\b \b")
        elif c == b"\x15":
            out("\b \b" * len(line))
            line = b""
        else:
            line += c
            out(c.decode(errors="replace"))


if __name__ == "__main__":
    main()
