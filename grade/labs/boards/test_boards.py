"""Lab boards: one kernel Image boots on every machine and runs the same
workload (fork, exec, pipes, ps; threads when /bin has t_threads or threadtest):

- QEMU virt with -kernel (and the board itself, in board mode);
- QEMU virt through OpenSBI and U-Boot, from the SD-card image (make sdcard),
  with the root file system in the initrd RAM disk;
- QEMU microchip-icicle-kit, the machine with the VisionFive 2's quirks: hart 0
  cannot run S-mode and must never start, the boot hart is any of 1-4, the UART
  has 4-byte registers, the PLIC's S context of hart h is 2h, no Sstc;
- QEMU virt without Sstc (the timer through SBI), and with 8 harts and 2 GiB.

Plus host checks: the Image header U-Boot's booti reads, and the machine
descriptions the kernel's device-tree reader makes of the VisionFive 2 tree and
of scripts/dts/icicle.dts.
"""

import os
import struct

import pytest

from .boardlib import (BUILD, KERNEL_ARGS, VF2_DTB, BootInfo, boards, check_harts, describe,  # noqa: F401
                       fdt_dump, make_targets, plic_sctx, wait_boot, workload)
from gradelib import machine as mach

pytestmark = pytest.mark.lab("boards")

BOOT_TIMEOUT = 180          # seconds (times GRADE_TIMEOUT_SCALE): emulated boards boot slowly on busy hosts


@pytest.mark.timeout(1800)
@pytest.mark.points(3)
def test_workload(sh):
    """The smoke workload on QEMU virt booted with -kernel, or on the board."""
    workload(sh)


@pytest.mark.qemu_only("boots QEMU through U-Boot")
@pytest.mark.timeout(1800)
@pytest.mark.points(5)
def test_virt_uboot_sdcard(boards):
    c = boards.virt_uboot(cpus=4)
    c.expect(r"Found U-Boot script /boot\.scr", BOOT_TIMEOUT, what="U-Boot finding boot.scr on the SD image")
    c.expect(r"rvos: boot script on virtio 0:1", 30, what="boot.scr running")
    c.expect(r"Starting kernel", 60, what="booti starting the kernel")
    c.wait_prompt(BOOT_TIMEOUT)
    c.sync()
    info = BootInfo(c.text())
    assert "bootargs: root=ram" in c.text(), "boot.scr must pass bootargs root=ram"
    assert info.ramdisk and not info.virtio, \
        "the root file system must be the initrd RAM disk, not the virtio disk holding the SD image"
    check_harts(info, range(4))
    workload(c)


@pytest.mark.qemu_only("boots QEMU's microchip-icicle-kit machine")
@pytest.mark.timeout(2400)
@pytest.mark.points(6)
def test_icicle_kit(boards):
    """Several boots: each brings up exactly harts 1-4 (never hart 0); the boot
    hart is not always the same; the workload runs on the first boot."""
    seen = []
    min_boots, max_boots = 3, 8
    for i in range(max_boots):
        c = boards.icicle()
        info = wait_boot(c, BOOT_TIMEOUT)
        assert info.boot_hart in (1, 2, 3, 4), "booted on hart %d" % info.boot_hart
        check_harts(info, [1, 2, 3, 4])
        assert 0 not in info.online, "hart 0 (the E51, no S-mode) must never be started"
        assert (info.timebase, info.sstc, info.uart) == (1000000, False, 0x20000000), \
            "machine: line: want timebase 1000000 Hz, no sstc, uart 0x20000000"
        assert info.ramdisk, "the root file system must be the initrd"
        seen.append(info.boot_hart)
        if i == 0:
            c.wait_prompt(BOOT_TIMEOUT)
            c.sync()
            workload(c)
        c.kill()
        if i + 1 >= min_boots and len(set(seen)) > 1:
            break
    assert len(set(seen)) > 1, "%d boots, all on hart %d: the boot hart should vary" % (len(seen), seen[0])


@pytest.mark.qemu_only("boots QEMU with a CPU option")
@pytest.mark.timeout(1800)
@pytest.mark.points(3)
def test_virt_without_sstc(new_machine):
    m = new_machine(cpus=4, extra_args=["-cpu", "rv64,sstc=off", "-append", KERNEL_ARGS],
                    boot_timeout=BOOT_TIMEOUT)
    info = BootInfo(m.console.text())
    assert not info.sstc, "the device tree lists no sstc: the timer must go through SBI"
    check_harts(info, range(4))
    workload(m.console)
    # The tick and timed sleeps work without stimecmp.
    out, st = m.console.run_status("sleep 1; echo slept", timeout=30)
    assert (out, st) == ("slept\n", 0)


@pytest.mark.qemu_only("boots QEMU with 8 harts and 2 GiB")
@pytest.mark.timeout(1800)
@pytest.mark.points(3)
def test_virt_8_harts_2g(new_machine):
    m = new_machine(cpus=8, mem="2G", extra_args=["-append", KERNEL_ARGS], boot_timeout=BOOT_TIMEOUT)
    info = BootInfo(m.console.text())
    check_harts(info, range(8))
    assert info.memory == [(0x80000000, 0x100000000)], "memory lines: %s" % info.memory
    workload(m.console)


# ---- host checks ----------------------------------------------------------------

@pytest.mark.points(2)
def test_image_header(pytestconfig):
    """build/Image starts with the RISC-V Linux Image header booti checks."""
    if not pytestconfig.getoption("no_build"):
        mach.build(pytestconfig.getoption("extra_uprogs").split())
    path = pytestconfig.getoption("kernel_image") or os.path.join(BUILD, "Image")
    data = open(path, "rb").read()
    code0, code1, text_offset, image_size, flags, version, _, _, magic, magic2, _ = \
        struct.unpack("<IIQQQII Q8s4sI", data[:64])
    assert code0 & 3 == 3, "code0 must be a 4-byte instruction (a compressed jump shifts every field)"
    assert magic2 == b"RSC\x05", "magic2 at offset 0x38 is %r, want 'RSC\\x05'" % magic2
    assert magic == b"RISCV\0\0\0"
    assert text_offset == 0x200000
    assert image_size >= len(data), "image_size %#x is smaller than the file (%#x)" % (image_size, len(data))
    assert version == 2 and flags == 0


@pytest.mark.points(2)
def test_visionfive2_tree(tmp_path):
    if not os.path.exists(VF2_DTB):
        pytest.skip("%s is not present" % VF2_DTB)
    d = describe(fdt_dump(str(tmp_path)), VF2_DTB)
    assert d["harts"] == "1,2,3,4", "harts %s: cpu@0 (S7, no mmu-type, disabled) must not be usable" % d["harts"]
    assert d["timebase"] == "4000000" and d["sstc"] == "0"
    assert d["uart"].startswith("0x10000000+")
    assert (d["uart_shift"], d["uart_width"], d["uart_dw_apb"]) == ("2", "4", "1")
    assert plic_sctx(d) == {1: 2, 2: 4, 3: 6, 4: 8}
    reserved = [d["reserved%d" % i] for i in range(int(d["nreserved"]))]
    assert "0x6ce00000+0x1600000" in reserved and "0x69c00000+0x1ffffff" in reserved


@pytest.mark.points(2)
def test_icicle_tree(tmp_path):
    """scripts/dts/icicle.dts describes the machine the way the VisionFive 2's tree does."""
    (dtb,) = make_targets("icicle.dtb")
    d = describe(fdt_dump(str(tmp_path)), dtb)
    assert d["harts"] == "1,2,3,4"
    assert d["timebase"] == "1000000" and d["sstc"] == "0"
    assert (d["uart"], d["uart_shift"], d["uart_width"], d["uart_irq"]) == ("0x20000000+0x400", "2", "4", "90")
    assert plic_sctx(d) == {1: 2, 2: 4, 3: 6, 4: 8}
    assert [d["mem%d" % i] for i in range(int(d["nmem"]))] == ["0x80000000+0x40000000", "0x1000000000+0x40000000"]
