"""Building the OS and starting QEMU machines for tests.

Each Machine has its own copy of fs.img, its own log file and its own gdb port
(when asked), so tests can run in parallel (pytest -n auto).  The QEMU process
is killed by its own pid when the machine is closed.
"""

import fcntl
import os
import re
import shlex
import shutil
import socket
import subprocess
import time

from . import console as con

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
PROGS_DIR = os.path.join(ROOT, "grade", "progs")


class BuildError(AssertionError):
    pass


def grade_uprogs():
    """The grader's own test programs (grade/progs/*.c), always put in /bin."""
    if not os.path.isdir(PROGS_DIR):
        return []
    return sorted(os.path.join(PROGS_DIR, f) for f in os.listdir(PROGS_DIR) if f.endswith(".c"))


_built = {}


def run_make_locked(cmd):
    """Run a make command line, one at a time across parallel workers (a lock
    file in build/); returns the CompletedProcess with the combined output."""
    os.makedirs(BUILD, exist_ok=True)
    with open(os.path.join(BUILD, ".grade-build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  stdin=subprocess.DEVNULL)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_debug_kernel():
    """Build the checking kernel (make DEBUG=1) and return its image's path."""
    cmd = ["make", "-C", ROOT, "-s", "DEBUG=1", os.path.join("build", "debug", "Image")]
    p = run_make_locked(cmd)
    if p.returncode != 0:
        raise BuildError("building the checking kernel failed:\n" + p.stdout[-3000:])
    return os.path.join(BUILD, "debug", "Image")


def build(extra_uprogs=()):
    """Run `make all` with the grader's programs and any EXTRA_UPROGS.  Once per
    process; serialised between parallel workers with a lock file (make itself
    is incremental, so the second worker's make does nothing)."""
    progs = grade_uprogs() + [os.path.abspath(p) for p in extra_uprogs]
    key = tuple(progs)
    if key in _built:
        if _built[key] is not None:
            raise BuildError(_built[key])
        return
    cmd = ["make", "-C", ROOT, "-s", "all", "EXTRA_UPROGS=" + " ".join(progs)]
    p = run_make_locked(cmd)
    if p.returncode != 0:
        tail = "\n".join(p.stdout.rstrip().split("\n")[-40:])
        _built[key] = "build failed: %s\n---- make output (tail) ----\n%s" % (" ".join(map(shlex.quote, cmd)), tail)
        raise BuildError(_built[key])
    _built[key] = None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _safe(name):
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", name)[-150:]


def machine_name(request, config, n):
    """<test file>.<test name>[-n][-<xdist worker>]: names test's machine n
    (its log file), unique across parallel workers."""
    name = "%s.%s%s" % (request.node.path.stem, request.node.name, "" if n == 0 else "-%d" % n)
    if hasattr(config, "workerinput"):
        name += "-" + config.workerinput.get("workerid", "")
    return name


def log_path(name, logdir=None):
    logdir = logdir or os.path.join(BUILD, "grade", "logs")
    os.makedirs(logdir, exist_ok=True)
    return os.path.join(logdir, _safe(name) + ".log")


def shut_down(consoles):
    """A test's teardown: every console still running must not show a panic
    (a test that saw its machine end, or killed it, is not checked again), and
    every one is killed.  Raises the first ConsoleError."""
    errors = []
    for c in consoles:
        try:
            if not c.exited and not c.child.closed:
                c.check_alive()
        except con.ConsoleError as e:
            errors.append(e)
        finally:
            c.kill()
    if errors:
        raise errors[0]


class Machine:
    """One QEMU (or stand-in) instance with its console."""

    def __init__(self, workdir, name="qemu", cpus=4, mem="256M", qemu="qemu-system-riscv64",
                 kernel=None, fs_img=None, extra_args=(), gdb=False, serial_pty=False,
                 machine_cmd=None, logdir=None, env=None):
        self.workdir = workdir
        self.name = name
        self.cpus = cpus
        self.mem = mem
        self.kernel = kernel or os.path.join(BUILD, "Image")
        self.fs_src = fs_img or os.path.join(BUILD, "fs.img")
        self.gdb_port = None
        self.serial_pty = None
        self.console = None
        os.makedirs(workdir, exist_ok=True)
        self.logpath = log_path(name, logdir)
        self.fs_img = os.path.join(workdir, "fs.img")

        if machine_cmd:                      # a stand-in (the grader's self-tests)
            argv = shlex.split(machine_cmd)
            if os.path.exists(argv[0]):
                argv[0] = os.path.abspath(argv[0])
            envv = dict(os.environ)
            envv.update(env or {})
            envv["GRADE_FS_IMG"] = self.fs_img
            envv["GRADE_CPUS"] = str(cpus)
            if os.path.exists(self.fs_src):
                shutil.copyfile(self.fs_src, self.fs_img)
            self.argv = argv
            self.console = con.ProcessConsole(argv, name=name, logpath=self.logpath, env=envv,
                                              cwd=workdir)
            return

        for f in (self.kernel, self.fs_src):
            if not os.path.exists(f):
                raise BuildError("%s does not exist: run make first" % f)
        shutil.copyfile(self.fs_src, self.fs_img)
        argv = [qemu, "-machine", "virt", "-bios", "default", "-kernel", self.kernel,
                "-m", str(mem), "-smp", str(cpus), "-no-reboot",
                "-global", "virtio-mmio.force-legacy=false",
                "-drive", "file=%s,if=none,format=raw,id=disk0" % self.fs_img,
                "-device", "virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0"]
        if serial_pty:
            argv += ["-display", "none", "-monitor", "none", "-serial", "pty"]
        else:
            argv += ["-nographic"]
        if gdb:
            self.gdb_port = free_port()
            argv += ["-S", "-gdb", "tcp:127.0.0.1:%d" % self.gdb_port]
        argv += list(extra_args)
        self.argv = argv
        self.console = con.ProcessConsole(argv, name=name, logpath=self.logpath,
                                          env=dict(os.environ, **(env or {})), cwd=workdir)
        if serial_pty:
            try:
                m = self.console.expect(r"char device redirected to (/dev/pts/\d+)", 20,
                                        what="QEMU's pty name")
            except BaseException:
                self.console.kill()
                raise
            self.serial_pty = m.group(1).decode()

    @property
    def pid(self):
        return self.console.pid

    def boot(self, timeout=60):
        """Wait for the first shell prompt, then synchronise with a marker command."""
        self.console.wait_prompt(timeout)
        self.console.sync(timeout=30)
        return self.console

    def close(self):
        if self.console is not None:
            self.console.kill()
        try:
            os.unlink(self.fs_img)
        except OSError:
            pass


def wait_until(pred, timeout, step=0.1):
    end = time.time() + timeout * con.scale()
    while time.time() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()
