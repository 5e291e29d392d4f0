"""Helpers for the boards lab: QEMU machines that gradelib.machine.Machine does
not start (U-Boot from the SD-card image, the microchip-icicle-kit machine),
the smoke workload every boot runs, and a host build of the kernel's
device-tree reader.

Each machine gets its own copies of the files it boots from, its own log in
build/grade/logs and is killed by its own pid at teardown, like the
framework's machines.
"""

import os
import re
import shutil
import subprocess

import pytest

from gradelib import console as con
from gradelib import machine as mach

ROOT = mach.ROOT
BUILD = mach.BUILD
SCRIPTS = os.path.join(ROOT, "scripts")
OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
# The course repository's copy of the board's tree (../shared next to this repository).
VF2_DTB = os.path.join(os.path.dirname(ROOT), "shared", "boards", "visionfive2",
                       "jh7110-starfive-visionfive-2-v1.3b.dtb")

# Boot arguments for the direct (-kernel) boots: the kernel's PTE A/D self-check.
KERNEL_ARGS = "pte_check"


def make_targets(*targets):
    """make the given build/ files (boot.scr, icicle.dtb), serialised with the
    framework's own builds through its lock file."""
    cmd = ["make", "-C", ROOT, "-s"] + ["build/" + t for t in targets]
    p = mach.run_make_locked(cmd)
    if p.returncode != 0:
        raise mach.BuildError("%s failed:\n%s" % (" ".join(cmd), p.stdout[-3000:]))
    return [os.path.join(BUILD, t) for t in targets]


class Boards:
    """Factory for QEMU machines with any command line (see the `boards` fixture)."""

    def __init__(self, request, config, tmp_path):
        self.request = request
        self.config = config
        self.tmp = str(tmp_path)
        self.consoles = []
        self.n = 0
        if not config.getoption("no_build"):
            mach.build(config.getoption("extra_uprogs").split())
        self.kernel = config.getoption("kernel_image") or os.path.join(BUILD, "Image")
        self.fs_img = config.getoption("fs_img") or os.path.join(BUILD, "fs.img")
        self.qemu = config.getoption("qemu")

    def copy(self, src, name):
        dst = os.path.join(self.tmp, name)
        shutil.copyfile(src, dst)
        return dst

    def start(self, args, what):
        """Start `qemu-system-riscv64 args...`; returns its console (not yet booted)."""
        name = mach.machine_name(self.request, self.config, self.n)
        self.n += 1
        argv = [self.qemu] + list(args) + ["-nographic", "-no-reboot"]
        c = con.ProcessConsole(argv, name=what, logpath=mach.log_path(name), env=dict(os.environ), cwd=self.tmp)
        self.consoles.append(c)
        self.request.node._grade_consoles = getattr(self.request.node, "_grade_consoles", []) + [c]
        return c

    def virt_uboot(self, cpus=4, mem="256M"):
        """QEMU virt: OpenSBI -> U-Boot (Debian's S-mode build) -> boot.scr from
        an SD-card image made by scripts/mksdimage, attached as a virtio disk."""
        (bootscr,) = make_targets("boot.scr")
        n = self.n
        img = os.path.join(self.tmp, "sdcard%d.img" % n)
        p = subprocess.run([os.path.join(SCRIPTS, "mksdimage"), img, self.kernel, self.fs_img, bootscr],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert p.returncode == 0, "scripts/mksdimage failed:\n" + p.stdout
        return self.start(["-machine", "virt", "-bios", "default", "-kernel", UBOOT,
                           "-m", mem, "-smp", str(cpus),
                           "-drive", "file=%s,if=none,format=raw,readonly=on,id=sdcard" % img,
                           "-device", "virtio-blk-device,drive=sdcard"], "virt+u-boot")

    def icicle(self):
        """QEMU microchip-icicle-kit with the project's device tree (2 GiB, E51 + 4 U54)."""
        (dtb,) = make_targets("icicle.dtb")
        n = self.n
        return self.start(["-machine", "microchip-icicle-kit", "-m", "2G", "-smp", "5",
                           "-bios", OPENSBI, "-kernel", self.copy(self.kernel, "Image%d" % n),
                           "-dtb", self.copy(dtb, "icicle%d.dtb" % n),
                           "-initrd", self.copy(self.fs_img, "fs%d.img" % n),
                           "-append", KERNEL_ARGS], "icicle")

    def close(self):
        mach.shut_down(self.consoles)


@pytest.fixture
def boards(request, pytestconfig, tmp_path):
    """Factory for the boards lab's own QEMU machines; skipped in board mode."""
    if pytestconfig.getoption("board_port"):
        pytest.skip("board mode: needs fresh boots in QEMU")
    if pytestconfig.getoption("machine_cmd"):
        pytest.skip("needs the real OS in QEMU")
    b = Boards(request, pytestconfig, tmp_path)
    yield b
    b.close()


# ---- what the kernel prints at boot ------------------------------------------

BOOT_RE = r"rvos: booting on hart (\d+)"
HARTS_RE = r"harts online:([^\r\n]*)\r*\n"


class BootInfo:
    """The facts of one boot, from the kernel's first lines."""

    def __init__(self, text):
        self.text = text
        m = re.search(BOOT_RE, text)
        assert m, "no 'rvos: booting on hart N' line"
        self.boot_hart = int(m.group(1))
        m = re.search(r"machine: (\d+) hart\(s\), timebase (\d+) Hz(, sstc)?, uart (0x[0-9a-f]+)", text)
        assert m, "no 'machine:' line"
        self.nharts, self.timebase = int(m.group(1)), int(m.group(2))
        self.sstc, self.uart = bool(m.group(3)), int(m.group(4), 16)
        m = re.search(r"harts online:([^\n]*)\n", text)
        assert m, "no 'harts online:' line"
        self.online_line = m.group(1)
        # " 4 1 2 3", a hart that did not come up is shown as "(2 did not start)"
        self.not_started = [int(h) for h in re.findall(r"\((\d+) did not start\)", m.group(1))]
        self.online = [int(h) for h in re.sub(r"\([^)]*\)", " ", m.group(1)).split()]
        self.memory = [(int(a, 16), int(b, 16)) for a, b in
                       re.findall(r"memory: (0x[0-9a-f]+) - (0x[0-9a-f]+)", text)]
        self.ramdisk = "ramdisk:" in text
        self.virtio = "virtio-blk:" in text


def wait_boot(c, timeout=120):
    """Wait until the kernel has listed its harts; returns the BootInfo."""
    c.expect(HARTS_RE, timeout, what="the kernel's 'harts online:' line")
    return BootInfo(c.text())


def check_harts(info, usable):
    """Every usable hart came up, on the CPU numbers the kernel gave them, and no other."""
    assert not info.not_started, "harts that did not start: %s" % info.not_started
    assert sorted(info.online) == sorted(usable), \
        "harts online %s, want exactly %s" % (info.online, sorted(usable))
    assert info.online[0] == info.boot_hart, "CPU 0 must be the boot hart %d: %s" % (info.boot_hart, info.online)
    assert info.nharts == len(usable), "machine: line says %d harts, want %d" % (info.nharts, len(usable))


# ---- the smoke workload ------------------------------------------------------

# Programs that exercise threads, the first one /bin has is run: a short smoke
# test if the grader provides one (grade/progs/t_threads.c), else the full
# user/threadtest.  Each prints "NAME: N passed, M failed".
THREAD_PROGS = ("t_threads", "threadtest")


def workload(c, threads=True):
    """fork + exec + pipes + ps on the console c (at a prompt); threads too when
    /bin has one of THREAD_PROGS.  Returns the list of /bin names."""
    assert c.run("echo a | wc") == "      1       1       2\n", "echo a | wc"
    listing = c.run("ls /bin")
    names = [line.split()[-1] for line in listing.splitlines() if line.strip()]
    assert "sh" in names and "wc" in names, "ls /bin:\n" + listing
    out = c.run("ls /bin | wc -l")
    assert out.strip() == str(len(listing.splitlines())), \
        "ls /bin | wc -l gave %r; ls /bin printed %d lines" % (out, len(listing.splitlines()))
    assert c.run("echo abc | cat | cat | grep b") == "abc\n"
    assert c.run("sh -c 'echo inner | cat'; echo outer") == "inner\nouter\n"
    ps = c.run("ps")
    assert re.search(r"^\s*1\s.*\binit\b", ps, re.M), "ps does not show init (pid 1):\n" + ps
    assert re.search(r"\bps\b", ps) and re.search(r"\bsh\b", ps), "ps:\n" + ps
    prog = next((p for p in THREAD_PROGS if p in names), None)
    if threads and prog:
        thread_smoke(c, prog)
    return names


# Checks of memory accounting (leaks after thousands of threads) belong to the
# threads lab; here threads must work: every other check of the program passes.
ACCOUNTING_RE = re.compile(r"free RAM|reclaimed|leak", re.I)


def thread_smoke(c, prog):
    out = c.run(prog, timeout=900)        # threadtest: ~1 min on an idle host, far more on a loaded one
    m = re.search(r"%s: (\d+) passed, (\d+) failed" % prog, out)
    assert m and int(m.group(1)) > 0, "%s did not finish:\n%s" % (prog, out[-3000:])
    failed = [l for l in out.splitlines() if l.startswith("FAIL") and not ACCOUNTING_RE.search(l)]
    assert not failed, "%s: threads do not work:\n%s" % (prog, "\n".join(failed))


# ---- the kernel's device-tree reader on the host -----------------------------

def fdt_dump(tmpdir):
    """Build grade/host/fdt_dump.c with kernel/drivers/fdt.c for the host."""
    out = os.path.join(tmpdir, "fdt_dump")
    cmd = ["cc", "-Wall", "-Werror", "-O1", "-std=gnu11", "-I" + os.path.join(ROOT, "kernel"),
           os.path.join(ROOT, "grade", "host", "fdt_dump.c"), os.path.join(ROOT, "kernel", "drivers", "fdt.c"),
           "-o", out]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert p.returncode == 0, " ".join(cmd) + "\n" + p.stdout
    return out


def describe(dump, dtb):
    """The machine description fdt_dump prints for dtb, as a dict."""
    p = subprocess.run([dump, dtb], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=10)
    assert p.returncode == 0, "fdt_dump %s: %s" % (dtb, p.stderr)
    return dict(line.split("=", 1) for line in p.stdout.splitlines() if "=" in line)


def plic_sctx(d):
    return {int(k.split(".")[1]): int(v) for k, v in d.items() if k.startswith("plic_sctx.")}
