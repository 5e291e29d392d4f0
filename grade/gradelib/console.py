"""Console transport: one interface over a QEMU serial console or a real serial port.

A Console wraps a pexpect-style child (pexpect.spawn for QEMU, fdspawn over a
pyserial port for a board).  Every wait watches for a kernel panic and for the
machine going away, and fails at once with the tail of the console instead of
waiting out the timeout.

Output handed to tests is normalised: "\\r\\n" becomes "\\n" and stray "\\r" go.
"""

import itertools
import os
import re
import time

import pexpect

PROMPT = "$ "
# A kernel panic line starts with "panic: " (then message, hart, backtrace).
PANIC_RE = re.compile(rb"(?:^|\n)\r?panic: ")
_marker_ids = itertools.count(1)


def scale():
    """The GRADE_TIMEOUT_SCALE factor (>= 1 on slow machines)."""
    try:
        s = float(os.environ.get("GRADE_TIMEOUT_SCALE", "1") or "1")
    except ValueError:
        s = 1.0
    return s if s > 0 else 1.0


def discard_pending(child):
    """After a TIMEOUT, pexpect keeps what it returned in `before` as unmatched
    input (and, in pexpect 4.8, in its private `_before` too); drop it so the
    next wait does not see it again."""
    child.buffer = b""
    if hasattr(child, "_before"):
        child._before = child.buffer_type()


def normalise(text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "")


class ConsoleError(AssertionError):
    """A wait on the console failed.  str() holds the reason and the console tail."""

    def __init__(self, reason, tail=""):
        self.reason = reason
        self.tail = tail
        msg = reason
        if tail:
            msg += "\n---- console tail ----\n" + tail + "\n---- end of console ----"
        super().__init__(msg)


class KernelPanic(ConsoleError):
    pass


class MachineExited(ConsoleError):
    pass


class CommandTimeout(ConsoleError):
    pass


class Console:
    """Common logic; subclasses provide the child and how it ends."""

    kind = "console"
    # Output that proves nothing is listening any more (QEMU gone, port closed).
    tail_lines = 40

    def __init__(self, child, name="console", logpath=None):
        self.child = child
        self.name = name
        self.log = bytearray()          # everything received, from the first byte
        self.logpath = logpath
        self._logfile = open(logpath, "wb") if logpath else None
        self.panicked = False
        self.exited = False
        self.exit_status = None
        self.last_status = None

    # ---- raw I/O ----------------------------------------------------------
    def _record(self, data):
        if data:
            self.log += data
            if self._logfile:
                self._logfile.write(data)
                self._logfile.flush()

    def send(self, text):
        if isinstance(text, str):
            text = text.encode()
        self.child.send(text)

    def text(self):
        """The whole console output so far, normalised."""
        return normalise(bytes(self.log))

    def tail(self, n=None):
        lines = self.text().rstrip("\n").split("\n")
        return "\n".join(lines[-(n or self.tail_lines):])

    # ---- waiting ------------------------------------------------------------
    def _on_exit(self):
        """Called when the child hit EOF; subclasses reap and note the status."""
        self.exited = True

    def _drain_after_panic(self, seconds=3.0):
        """Collect the rest of the panic message and backtrace (or until exit)."""
        end = time.time() + seconds
        while time.time() < end:
            try:
                i = self.child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=0.3)
            except Exception:
                break
            self._record(self.child.before or b"")
            discard_pending(self.child)
            if i == 0:
                self._on_exit()
                break

    def expect(self, pattern, timeout=10, what=None):
        """Wait for regex `pattern` (str or bytes).  Returns the re match object;
        the text before it is in self.before (normalised).  Fails fast on a
        panic or on the machine exiting."""
        if isinstance(pattern, str):
            pattern = pattern.encode()
        if not isinstance(pattern, re.Pattern):
            pattern = re.compile(pattern)
        what = what or "output matching %r" % pattern.pattern.decode(errors="replace")
        t = timeout * scale()
        if self.exited:
            raise MachineExited("%s: the machine had already exited (status %s) before waiting for %s"
                                % (self.name, self.exit_status, what), self.tail())
        try:
            i = self.child.expect([pattern, PANIC_RE, pexpect.EOF, pexpect.TIMEOUT], timeout=t)
        except OSError as e:  # e.g. serial port vanished
            self._on_exit()
            raise MachineExited("%s: console I/O error while waiting for %s: %s" % (self.name, what, e),
                                self.tail())
        before = self.child.before or b""
        if i == 0:
            self._record(before + self.child.after)
            self.before = normalise(before)
            return self.child.match
        self._record(before)
        if i == 1:
            self._record(self.child.after)
            self.panicked = True
            self._drain_after_panic()
            raise KernelPanic("%s: kernel panic while waiting for %s: %s"
                              % (self.name, what, self._panic_line()), self.tail())
        if i == 2:
            self._on_exit()
            raise MachineExited("%s: the machine exited (status %s) while waiting for %s"
                                % (self.name, self.exit_status, what), self.tail())
        discard_pending(self.child)
        raise CommandTimeout("%s: timed out after %.0f s waiting for %s" % (self.name, t, what),
                             self.tail())

    def _panic_line(self):
        txt = self.text()
        k = txt.rfind("panic: ")
        return txt[k:].split("\n", 1)[0].strip() if k >= 0 else "panic"

    def check_alive(self, quiet=0.2):
        """Read whatever is pending without waiting long; fail if it shows a panic
        or the machine exiting.  Used after each test."""
        if self.exited:
            if self.panicked:
                raise KernelPanic("%s: kernel panicked" % self.name, self.tail())
            return
        try:
            i = self.child.expect([PANIC_RE, pexpect.EOF, pexpect.TIMEOUT], timeout=quiet)
        except OSError:
            return
        self._record(self.child.before or b"")
        if i == 2:
            discard_pending(self.child)
        if i == 0:
            self._record(self.child.after)
            self.panicked = True
            self._drain_after_panic()
            raise KernelPanic("%s: kernel panic after the test: %s" % (self.name, self._panic_line()),
                              self.tail())
        if i == 1:
            self._on_exit()

    # ---- shell ------------------------------------------------------------
    def wait_prompt(self, timeout=60):
        self.expect(re.escape(PROMPT), timeout, what="the shell prompt %r" % PROMPT)

    def sync(self, timeout=30):
        """Bring the console to a known state: a fresh prompt after a marker."""
        self.run("", timeout=timeout)

    def _marker(self):
        n = "%d%d" % (os.getpid() % 100000, next(_marker_ids))
        # Typed as  ==gr''ade-N==  so the echo of the typed line never matches;
        # the shell removes the quotes and prints  ==grade-N== STATUS.
        return "==gr''ade-%s==" % n, "==grade-%s==" % n

    def run(self, cmd, timeout=10):
        """Type `cmd` at the shell prompt (the prompt must already be shown) and
        return exactly its output, normalised.  The exit status is left in
        self.last_status (an int, or None if the shell did not print one)."""
        out, status = self.run_status(cmd, timeout)
        return out

    def run_status(self, cmd, timeout=10):
        typed, printed = self._marker()
        cmd = cmd.rstrip()
        if not cmd:
            line = "echo %s $?" % typed
        elif cmd.endswith("&") and not cmd.endswith("&&"):
            line = "%s echo %s $?" % (cmd, typed)
        else:
            line = "%s ; echo %s $?" % (cmd, typed)
        self.send_line(line)
        # The console echoes the typed line; the command's output starts after it.
        self.expect(re.escape(typed) + r" \$\?\r*\n", timeout,
                    what="the echo of the typed command %r" % line)
        m = self.expect(re.escape(printed) + r" ?([^\r\n]*)\r*\n", timeout,
                        what="the end of command %r" % cmd)
        out = self.before
        self.wait_prompt(timeout)
        status = m.group(1).decode().strip()
        self.last_status = int(status) if re.fullmatch(r"-?\d+", status) else None
        return out, self.last_status

    def send_line(self, line):
        self.send(line + "\n")

    def close(self):
        if self._logfile:
            self._logfile.close()
            self._logfile = None


class ProcessConsole(Console):
    """A console on a spawned process (QEMU, or a stand-in) through a pty."""

    kind = "qemu"

    def __init__(self, argv, name="qemu", logpath=None, env=None, cwd=None):
        child = pexpect.spawn(argv[0], argv[1:], env=env, cwd=cwd, echo=False, timeout=None,
                              maxread=65536)
        # Disable tty echo and output post-processing on our side of the pty:
        # QEMU puts the tty in raw mode itself; setting it here closes the race.
        super().__init__(child, name, logpath)
        self.pid = child.pid

    def _on_exit(self):
        super()._on_exit()
        try:
            self.child.wait()
        except Exception:
            pass
        if self.exit_status is None:
            st = self.child.exitstatus
            if st is None and self.child.signalstatus is not None:
                st = -self.child.signalstatus
            self.exit_status = st

    def wait_exit(self, timeout=30):
        """Wait for the process to exit (e.g. after poweroff); returns its status.
        A panic on the way is reported as such."""
        t = timeout * scale()
        if not self.exited:
            try:
                i = self.child.expect([PANIC_RE, pexpect.EOF, pexpect.TIMEOUT], timeout=t)
            except OSError:
                i = 1
            self._record(self.child.before or b"")
            if i == 2:
                discard_pending(self.child)
            if i == 0:
                self._record(self.child.after)
                self.panicked = True
                self._drain_after_panic()
                raise KernelPanic("%s: kernel panic while waiting for the machine to exit: %s"
                                  % (self.name, self._panic_line()), self.tail())
            if i == 2:
                raise CommandTimeout("%s: the machine did not exit within %.0f s" % (self.name, t),
                                     self.tail())
            self._on_exit()
        return self.exit_status

    def kill(self):
        """Kill the process by its own pid (never by name)."""
        if self.child is not None and self.child.isalive():
            try:
                self.child.kill(9)
            except Exception:
                pass
            try:
                self.child.wait()
            except Exception:
                pass
        try:
            self.child.close(force=True)
        except Exception:
            pass
        self.close()


class SerialConsole(Console):
    """A console on a serial port (a board, or QEMU's -serial pty standing in)."""

    kind = "serial"

    def __init__(self, port, baud=115200, name="board", logpath=None, char_delay=None):
        import serial  # python3-serial
        from pexpect import fdpexpect

        self.port = serial.Serial(port, baudrate=baud, timeout=0)
        child = fdpexpect.fdspawn(self.port.fileno(), timeout=None, maxread=65536)
        super().__init__(child, name, logpath)
        # Real UARTs have small receive FIFOs: type slowly unless told otherwise.
        if char_delay is None:
            char_delay = float(os.environ.get("BOARD_CHAR_DELAY", "0.002"))
        self.char_delay = char_delay

    def send(self, text):
        if isinstance(text, str):
            text = text.encode()
        if self.char_delay <= 0:
            self.port.write(text)
            return
        for b in text:
            self.port.write(bytes([b]))
            self.port.flush()
            time.sleep(self.char_delay)

    def attach(self, timeout=60):
        """Get a prompt from a board that is booted or booting: abandon any
        half-typed line (^U), then synchronise with a marker command; retry until
        the shell answers (each try has its own marker, so late answers to
        earlier tries are skipped)."""
        end = time.time() + timeout * scale()
        while True:
            self.send("\x15\n")
            try:
                self.run("", timeout=5)
                return
            except CommandTimeout:
                if time.time() > end:
                    raise

    def close(self):
        super().close()
        try:
            self.port.close()
        except Exception:
            pass
