"""Booting this OS in QEMU from the scripts (run-in-qemu, the benchmarks, fuzz, soak): the command
line, and typing a command at the shell to collect what it prints."""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = "$ "


def qemu_command(cpus, mem, kernel=os.path.join(ROOT, "build/Image"), bootargs=None):
    """QEMU's command line for the virt machine with the disk as a snapshot."""
    argv = ["qemu-system-riscv64", "-machine", "virt", "-bios", "default", "-kernel", kernel, "-m", mem,
            "-smp", str(cpus), "-nographic", "-global", "virtio-mmio.force-legacy=false",
            "-drive", "file=%s,if=none,format=raw,id=disk0,snapshot=on" % os.path.join(ROOT, "build/fs.img"),
            "-device", "virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0"]
    return argv + (["-append", bootargs] if bootargs else [])


def run(child, cmd, timeout):
    """Type cmd and return its output: everything up to an end marker."""
    marker = "==run-end=="
    child.sendline("%s ; echo ==run-''end==" % cmd)
    child.expect(re.escape("==run-''end==") + r"\r*\n", timeout=30)
    child.expect(re.escape(marker) + r"\r*\n", timeout=timeout)
    out = child.before.decode(errors="replace").replace("\r\n", "\n").replace("\r", "")
    child.expect(re.escape(PROMPT), timeout=30)
    return out
