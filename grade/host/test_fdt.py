"""Host unit tests of the kernel's device-tree reader (kernel/drivers/fdt.c).

The reader is compiled for the host together with grade/host/fdt_dump.c, which
prints the machine description of a .dtb as key=value lines.  It is checked
against the VisionFive 2 tree in ../shared/boards, against trees QEMU dumps for
its `virt` machine, against small trees built here to reach the cases neither
of those has, and against damaged copies of all of them.

Run: /usr/bin/python3 -m pytest grade/host/test_fdt.py
"""
import concurrent.futures
import os
import random
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build" / "host"
SOURCES = ["grade/host/fdt_dump.c", "kernel/drivers/fdt.c"]
VF2_DTB = REPO.parent / "shared/boards/visionfive2/jh7110-starfive-visionfive-2-v1.3b.dtb"
QEMU = shutil.which("qemu-system-riscv64")
CROSS_CC = shutil.which("riscv64-unknown-elf-gcc")
TIMEOUT = 10


# ---- building and running fdt_dump ------------------------------------------

def compile_dump(name, extra=()):
    """Builds fdt_dump into build/host/name; returns its path."""
    BUILD.mkdir(parents=True, exist_ok=True)
    out = BUILD / name
    tmp = BUILD / f"{name}.{os.getpid()}.tmp"
    cmd = ["cc", "-Wall", "-Werror", "-O1", "-g", "-std=gnu11", "-Ikernel", *extra,
           *SOURCES, "-o", str(tmp)]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, f"{' '.join(cmd)}\n{r.stderr}"
    os.replace(tmp, out)  # atomic, so parallel runs never see half a binary
    return out


@pytest.fixture(scope="session")
def fdt_dump():
    return compile_dump("fdt_dump")


@pytest.fixture(scope="session")
def fdt_dump_checked(fdt_dump):
    """fdt_dump with AddressSanitizer when the host has it: any read outside
    the tree's totalsize (fdt_dump holds it in an exact-size buffer) then
    fails loudly instead of going unnoticed."""
    try:
        return compile_dump("fdt_dump_asan", ["-fsanitize=address,undefined",
                                              "-fno-sanitize-recover=all"])
    except AssertionError:
        return fdt_dump


def run_dump(binary, path):
    env = dict(os.environ, ASAN_OPTIONS="exitcode=86:detect_leaks=0",
               UBSAN_OPTIONS="halt_on_error=1:exitcode=87")
    return subprocess.run([str(binary), str(path)], capture_output=True, text=True,
                          timeout=TIMEOUT, env=env)


def dump(binary, path):
    """The key=value description of a tree that must parse."""
    r = run_dump(binary, path)
    assert r.returncode == 0, f"fdt_dump {path} failed ({r.returncode}): {r.stderr}"
    return dict(line.split("=", 1) for line in r.stdout.splitlines())


def ranges(d, prefix):
    return [d[f"{prefix}{i}"] for i in range(int(d[f"n{prefix}"]))]


def sctx(d):
    return {int(k.split(".")[1]): int(v) for k, v in d.items() if k.startswith("plic_sctx.")}


# ---- QEMU trees ---------------------------------------------------------------

@pytest.fixture(scope="session")
def qemu_dtb(tmp_path_factory):
    """qemu_dtb(*args): the tree QEMU's virt machine builds with those options."""
    if not QEMU:
        pytest.skip("qemu-system-riscv64 is not installed")
    made = {}
    outdir = tmp_path_factory.mktemp("qemu")

    def make(*args):
        if args not in made:
            path = outdir / f"virt{len(made)}.dtb"
            cmd = [QEMU, "-machine", f"virt,dumpdtb={path}", "-nographic", *args]
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=outdir)
            assert path.exists(), f"{' '.join(cmd)}: {r.stderr}"
            made[args] = path
        return made[args]
    return make


@pytest.mark.parametrize("smp", [1, 4, 8])
@pytest.mark.parametrize("mem,size", [("128M", 0x8000000), ("2G", 0x80000000)])
def test_qemu_virt(fdt_dump, qemu_dtb, smp, mem, size):
    d = dump(fdt_dump, qemu_dtb("-smp", str(smp), "-m", mem))
    assert ranges(d, "mem") == [f"0x80000000+{size:#x}"]
    assert d["harts"] == ",".join(str(h) for h in range(smp))
    assert d["timebase"] == "10000000"
    # The console comes from /chosen stdout-path = "/soc/serial@10000000".
    assert d["uart"] == "0x10000000+0x100"
    assert (d["uart_shift"], d["uart_width"], d["uart_irq"]) == ("0", "1", "10")
    assert d["uart_clock"] == "3686400" and d["uart_dw_apb"] == "0"
    assert d["plic"].startswith("0xc000000+") and d["plic_ndev"] == "96"
    assert sctx(d) == {h: 2 * h + 1 for h in range(smp)}
    slots = [(int(b.split("+")[0], 16), int(d[f"virtio{i}_irq"]))
             for i, b in enumerate(ranges(d, "virtio"))]
    assert sorted(slots) == [(0x10001000 + 0x1000 * i, i + 1) for i in range(8)]
    assert d["bootargs"] == "" and d["initrd_start"] == "0x0"
    assert d["rtc"] == "0x101000+0x1000"                  # the Goldfish RTC
    assert d["rng_seed_len"] == "32"                      # /chosen rng-seed


def test_qemu_sstc(fdt_dump, qemu_dtb):
    """QEMU 7.2's default cpu has Sstc and says so in riscv,isa; sstc=off removes it."""
    assert dump(fdt_dump, qemu_dtb("-smp", "2"))["sstc"] == "1"
    assert dump(fdt_dump, qemu_dtb("-smp", "2", "-cpu", "rv64,sstc=off"))["sstc"] == "0"


def test_qemu_chosen(fdt_dump, qemu_dtb, tmp_path):
    """With -kernel/-initrd/-append QEMU fills /chosen bootargs and linux,initrd-*."""
    kernel, initrd = tmp_path / "kernel.bin", tmp_path / "initrd.bin"
    kernel.write_bytes(b"\0" * 4096)
    initrd.write_bytes(b"\1" * 3000)
    d = dump(fdt_dump, qemu_dtb("-m", "256M", "-kernel", str(kernel), "-initrd", str(initrd),
                                "-append", "console=ttyS0 init=/init"))
    assert d["bootargs"] == "console=ttyS0 init=/init"
    start, end = int(d["initrd_start"], 16), int(d["initrd_end"], 16)
    assert end - start == 3000 and 0x80000000 <= start < 0x80000000 + (256 << 20)


def test_qemu_more_harts_than_recorded(fdt_dump, qemu_dtb):
    """The 16 lowest hart ids are kept; PLIC contexts are known for every hart below 64."""
    d = dump(fdt_dump, qemu_dtb("-smp", "20"))
    assert d["harts"] == ",".join(str(h) for h in range(16))
    assert sctx(d) == {h: 2 * h + 1 for h in range(20)}


# ---- the VisionFive 2 tree -----------------------------------------------------

@pytest.fixture(scope="module")
def vf2(fdt_dump):
    if not VF2_DTB.exists():
        pytest.skip(f"board tree {VF2_DTB} is not present")
    return dump(fdt_dump, VF2_DTB)


def test_vf2_memory(vf2):
    assert ranges(vf2, "mem") == ["0x40000000+0x100000000"]


def test_vf2_reserved(vf2):
    reserved = ranges(vf2, "reserved")
    for r in ["0x6ce00000+0x1600000", "0x69c00000+0x1ffffff",  # named in the board README
              "0x6bc00000+0x1000", "0x6bc01000+0xfff000", "0x6cc00000+0x1000"]:
        assert r in reserved
    # linux,cma has only a size (the OS picks the place): nothing to keep out.
    assert len(reserved) == 5


def test_vf2_harts(vf2):
    # cpu@0 (the S7 monitor core) is disabled and has no mmu-type.
    assert vf2["harts"] == "1,2,3,4"
    assert vf2["timebase"] == "4000000"
    assert vf2["sstc"] == "0"


def test_vf2_uart(vf2):
    assert vf2["uart"] == "0x10000000+0x10000"
    assert (vf2["uart_shift"], vf2["uart_width"], vf2["uart_irq"]) == ("2", "4", "32")
    assert vf2["uart_dw_apb"] == "1"


def test_vf2_plic(vf2):
    assert vf2["plic"] == "0xc000000+0x4000000"
    assert vf2["plic_ndev"] == "136"
    assert sctx(vf2) == {h: 2 * h for h in range(1, 5)}  # and none for hart 0
    assert vf2["nvirtio"] == "0"
    assert vf2["rtc"] == "0x0+0x0"                        # starfive,jh7110-rtc: not a Goldfish RTC


# ---- small trees for the cases the real ones lack ------------------------------

def u32(*vals):
    return b"".join(struct.pack(">I", v) for v in vals)


def u64(*vals):
    return b"".join(struct.pack(">Q", v) for v in vals)


def s(*strings):
    return b"".join(x.encode() + b"\0" for x in strings)


def node(name, props=None, *children):
    return (name, props or {}, children)


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def fdt_blob(root, reserve=(), version=17, nops=False, strings_first=False):
    """Flattens a tree of node() tuples into a DTB (devicetree spec, chapter 5).
    The blocks may come in either order; strings_first puts the structure block
    last, where a damaged node name runs into the end of the tree."""
    strings, names, body = bytearray(), {}, bytearray()

    def name_off(n):
        if n not in names:
            names[n] = len(strings)
            strings.extend(s(n))
        return names[n]

    def emit(n):
        name, props, children = n
        body.extend(u32(1) + pad4(s(name)))
        for k, v in props.items():
            if nops:
                body.extend(u32(4))
            body.extend(u32(3, len(v), name_off(k)) + pad4(v))
        for c in children:
            emit(c)
        body.extend(u32(2))

    emit(root)
    body.extend(u32(9))
    rsv = b"".join(u64(a, n) for a, n in reserve) + u64(0, 0)
    # The structure block must start 4-byte aligned: pad whatever precedes it.
    blocks = [pad4(bytes(strings)), bytes(body)] if strings_first else [bytes(body), bytes(strings)]
    off_rsv = 40
    off_first = off_rsv + len(rsv)
    off_second = off_first + len(blocks[0])
    off_struct, off_strings = (off_second, off_first) if strings_first else (off_first, off_second)
    hdr = u32(0xd00dfeed, off_second + len(blocks[1]), off_struct, off_strings, off_rsv,
              version, 16, 0, len(strings), len(body))
    return hdr + rsv + blocks[0] + blocks[1]


def cpu(hart, intc_phandle, isa="rv64imac_zicsr_sstc", mmu="riscv,sv39", extra=None,
        phandle_prop="phandle"):
    props = {"device_type": s("cpu"), "reg": u32(hart), "riscv,isa": s(isa)}
    if mmu:
        props["mmu-type"] = s(mmu)
    props.update(extra or {})
    intc = node("interrupt-controller", {"compatible": s("riscv,cpu-intc"),
                                         "interrupt-controller": b"",
                                         phandle_prop: u32(intc_phandle)})
    return node(f"cpu@{hart:x}", props, intc)


def board(chosen=None, aliases=None, cpus=None, soc_extra=()):
    """A made-up board with 32-bit addresses on its bus and some oddities."""
    cpus = cpus or [
        # Out of order; cpu@3 names its extensions in a list, its intc by linux,phandle.
        cpu(3, 0x13, isa="rv64imac", mmu="riscv,sv57", phandle_prop="linux,phandle",
            extra={"riscv,isa-extensions": s("i", "m", "a", "c", "zicsr", "sstc")}),
        cpu(1, 0x11, extra={"timebase-frequency": u64(25000000)}),
        cpu(2, 0x12, extra={"status": s("disabled")}),
        cpu(0, 0x10, isa="rv64imac", mmu=None),          # a monitor core: no MMU
        cpu(5, 0x15, extra={"status": s("ok")}),
    ]
    soc = node("soc", {"#address-cells": u32(1), "#size-cells": u32(1), "ranges": b""},
               node("uart@1000", {"compatible": s("ns16550a"), "reg": u32(0x1000, 0x100),
                                  "status": s("disabled")}),
               node("serial@2000", {"compatible": s("ns16550"), "reg": u32(0x2000, 0x100),
                                    "interrupts": u32(5, 4), "clock-frequency": u32(1843200)}),
               node("serial@3000", {"compatible": s("acme,uart", "snps,dw-apb-uart"),
                                    "reg": u32(0x3000, 0x400), "reg-shift": u32(2),
                                    "reg-io-width": u32(4), "interrupts-extended": u32(0x20, 7)}),
               node("plic@c000000", {"compatible": s("acme,plic", "riscv,plic0"),
                                     "reg": u32(0xc000000, 0x4000000), "riscv,ndev": u32(53),
                                     "linux,phandle": u32(0x20),
                                     "interrupts-extended": u32(0x11, 11, 0x11, 9,
                                                                0x13, 0xffffffff, 0x13, 9,
                                                                0x10, 9, 0x99, 9)}),
               node("virtio@a000", {"compatible": s("virtio,mmio"), "reg": u32(0xa000, 0x200),
                                    "interrupts": u32(3)}),
               node("virtio@b000", {"compatible": s("virtio,mmio"), "reg": u32(0xb000, 0x200),
                                    "interrupts": u32(4), "status": s("disabled")}),
               *soc_extra,
               node("virtio@9000", {"compatible": s("virtio,mmio"), "reg": u32(0x9000, 0x200),
                                    "interrupts": u32(2)}))
    root = node("", {"#address-cells": u32(2), "#size-cells": u32(2)},
                node("memory@80000000", {"device_type": s("memory"),
                                         "reg": u64(0x80000000, 0x10000000, 0x100000000, 0x40000000)}),
                node("memory@0", {"device_type": s("memory"), "reg": u64(0, 0x1000000)}),
                node("memory-bank", {"reg": u64(0x7000, 0x1000)}),  # no device_type: not RAM
                node("reserved-memory", {"#address-cells": u32(1), "#size-cells": u32(1),
                                         "ranges": b""},
                     node("fw@80000000", {"reg": u32(0x80000000, 0x40000, 0x80100000, 0x1000),
                                          "no-map": b""}),
                     node("pool", {"size": u32(0x100000)}),
                     node("off@90000000", {"reg": u32(0x90000000, 0x1000), "status": s("disabled")})),
                node("cpus", {"#address-cells": u32(1), "#size-cells": u32(0)},
                     *cpus, node("cpu-map", {}, node("cluster0"))),
                soc,
                node("aliases", aliases or {}),
                node("chosen", chosen or {}))
    return root


@pytest.fixture
def parse(fdt_dump, tmp_path):
    """parse(root, **fdt_blob options): the description of a built tree."""
    def run(root, **kw):
        path = tmp_path / "t.dtb"
        path.write_bytes(fdt_blob(root, **kw))
        return dump(fdt_dump, path)
    return run


@pytest.mark.parametrize("version,nops,strings_first", [(17, False, False), (16, True, False),
                                                       (17, False, True)])
def test_board(parse, version, nops, strings_first):
    d = parse(board(), reserve=[(0xa0000000, 0x2000), (0xb0000000, 0)],
              version=version, nops=nops, strings_first=strings_first)
    assert ranges(d, "mem") == ["0x80000000+0x10000000", "0x100000000+0x40000000", "0x0+0x1000000"]
    assert ranges(d, "reserved") == ["0xa0000000+0x2000", "0x80000000+0x40000", "0x80100000+0x1000"]
    assert d["harts"] == "1,3,5"
    assert d["timebase"] == "25000000"  # from a cpu node, as 64 bits
    assert d["sstc"] == "1"
    # No stdout-path: the first enabled UART.
    assert d["uart"] == "0x2000+0x100"
    assert (d["uart_irq"], d["uart_clock"], d["uart_dw_apb"]) == ("5", "1843200", "0")
    assert (d["uart_shift"], d["uart_width"]) == ("0", "1")
    assert (d["plic"], d["plic_ndev"]) == ("0xc000000+0x4000000", "53")
    assert sctx(d) == {1: 1, 3: 3, 0: 4}
    assert ranges(d, "virtio") == ["0xa000+0x200", "0x9000+0x200"]
    assert (d["virtio0_irq"], d["virtio1_irq"]) == ("3", "2")


@pytest.mark.parametrize("stdout,aliases,base", [
    ("/soc/serial@3000:115200n8", {}, "0x3000"),                      # full path, options
    ("/soc/serial@3000", {}, "0x3000"),
    ("console:115200", {"console": s("/soc/serial@3000")}, "0x3000"),  # alias
    ("/soc/serial", {}, "0x2000"),                                    # no unit address
    ("/soc/plic@c000000", {}, "0x2000"),                              # not a UART we drive
    ("/soc/uart@1000", {}, "0x2000"),                                 # disabled
    ("serial9", {"serial0": s("/soc/serial@3000")}, "0x2000"),        # unknown alias
    ("/soc/nothing@5", {}, "0x2000"),
])
def test_stdout_path(parse, stdout, aliases, base):
    d = parse(board(chosen={"stdout-path": s(stdout)}, aliases=aliases))
    assert d["uart"].split("+")[0] == base
    if base == "0x3000":
        assert (d["uart_shift"], d["uart_width"], d["uart_irq"], d["uart_dw_apb"]) == \
            ("2", "4", "7", "1")


def test_chosen(parse):
    long = "x" * 300
    d = parse(board(chosen={"bootargs": s(long), "linux,initrd-start": u64(0x88000000),
                            "linux,initrd-end": u32(0x88400000)}))
    assert d["bootargs"] == "x" * 255
    assert (d["initrd_start"], d["initrd_end"]) == ("0x88000000", "0x88400000")


@pytest.mark.parametrize("isa,exts,has", [
    ("rv64imafdc_zicsr_sstc", None, "1"),
    ("rv64imafdc_sstc_zicsr", None, "1"),
    ("rv64imafdc_zsstc", None, "0"),
    ("rv64imafdc_sstcx", None, "0"),
    ("rv64imafdcsstc", None, "0"),     # single letters, not the extension
    ("rv64imafdc", ["i", "sstc"], "1"),
    ("rv64imafdc", ["i", "sstcx"], "0"),
])
def test_sstc(parse, isa, exts, has):
    extra = {"riscv,isa-extensions": s(*exts)} if exts else {}
    d = parse(board(cpus=[cpu(0, 0x10, extra={"timebase-frequency": u32(1)}),
                          cpu(1, 0x11, isa=isa, extra=extra)]))
    assert d["harts"] == "0,1"
    assert d["sstc"] == has


def test_deep_nesting(parse):
    """Nodes deeper than the reader tracks are skipped without losing its place."""
    deep = node("virtio@7000", {"compatible": s("virtio,mmio"), "reg": u32(0x7000, 0x200)})
    for i in range(24):
        deep = node(f"bus{i}", {}, deep)
    d = parse(board(soc_extra=[deep]))
    assert ranges(d, "virtio") == ["0xa000+0x200", "0x9000+0x200"]


# ---- damaged trees ---------------------------------------------------------------

def rejected(r):
    return r.returncode == 1 and r.stderr.startswith("fdt_dump:")


@pytest.fixture(scope="module")
def qemu_dtb_optional(tmp_path_factory):
    """A QEMU tree to damage, if QEMU is there; the other trees are damaged regardless."""
    if not QEMU:
        return None
    path = tmp_path_factory.mktemp("qemu-fuzz") / "virt.dtb"
    subprocess.run([QEMU, "-machine", f"virt,dumpdtb={path}", "-smp", "4", "-nographic"],
                   capture_output=True, timeout=60)
    return path if path.exists() else None


@pytest.fixture(scope="module")
def good_trees(qemu_dtb_optional):
    root = board(chosen={"stdout-path": s("c:9600")}, aliases={"c": s("/soc/serial@3000")})
    trees = {"board": fdt_blob(root, reserve=[(0xa0000000, 0x2000)]),
             "board-struct-last": fdt_blob(root, strings_first=True)}
    if VF2_DTB.exists():
        trees["vf2"] = VF2_DTB.read_bytes()
    if qemu_dtb_optional:
        trees["qemu"] = qemu_dtb_optional.read_bytes()
    # QEMU pads its dump to 1 MiB; damage only what the header says is the tree.
    return {name: blob[:struct.unpack(">I", blob[4:8])[0]] for name, blob in trees.items()}


def test_truncated(fdt_dump_checked, good_trees, tmp_path):
    for name, blob in good_trees.items():
        for cut in (0, 10, 39, 40, len(blob) // 2, len(blob) - 1):
            path = tmp_path / f"{name}-{cut}.dtb"
            path.write_bytes(blob[:cut])
            r = run_dump(fdt_dump_checked, path)
            assert rejected(r), f"{name} cut at {cut}: rc {r.returncode} {r.stderr}"


def test_bad_magic(fdt_dump_checked, good_trees, tmp_path):
    for name, blob in good_trees.items():
        path = tmp_path / f"{name}.dtb"
        path.write_bytes(b"\xd0\x0d\xfe\xef" + blob[4:])
        r = run_dump(fdt_dump_checked, path)
        assert rejected(r) and "bad header" in r.stderr


def test_unsupported_version(fdt_dump_checked, good_trees, tmp_path):
    blob = bytearray(good_trees["board"])
    for version in (1, 15):
        blob[20:24] = u32(version)
        path = tmp_path / "old.dtb"
        path.write_bytes(blob)
        assert rejected(run_dump(fdt_dump_checked, path))


INTERESTING = [0, 1, 2, 3, 4, 9, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff]


def corrupt(blob, rng):
    """A copy of blob damaged in one of several ways."""
    b = bytearray(blob)
    way = rng.randrange(6)
    if way == 0:                               # random bytes anywhere
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif way == 1:                             # a token-like word in the structure block
        start, size = struct.unpack(">I", b[8:12])[0], struct.unpack(">I", b[36:40])[0]
        for _ in range(rng.randint(1, 4)):
            off = start + 4 * rng.randrange(max(1, size // 4))
            b[off:off + 4] = u32(rng.choice(INTERESTING + [rng.getrandbits(32)]))
    elif way == 2:                             # a header field
        field = rng.randrange(1, 10)
        b[4 * field:4 * field + 4] = u32(rng.choice(INTERESTING + [len(b), len(b) + 4,
                                                                  rng.getrandbits(32)]))
    elif way == 3:                             # cut short, with a header that agrees
        cut = rng.randrange(40, len(b))
        del b[cut:]
        b[4:8] = u32(cut)
    elif way == 4:                             # the tail made unterminated, maybe after a token
        off = len(b) - 4 * rng.randint(1, 16)
        b[off:] = b"x" * (len(b) - off)
        if rng.randrange(2):
            b[off:off + 4] = u32(rng.choice([1, 3]))
    else:                                      # a property length
        start = struct.unpack(">I", b[8:12])[0]
        props = [i for i in range(start, len(b) - 8, 4) if b[i:i + 4] == u32(3)]
        if props:
            off = rng.choice(props) + 4
            b[off:off + 4] = u32(rng.choice(INTERESTING + [rng.getrandbits(16)]))
    return bytes(b)


def test_corrupted_trees_never_crash(fdt_dump_checked, good_trees, tmp_path):
    """Hundreds of damaged copies of each tree: each one is parsed (partly) or
    rejected with a message; a crash, sanitizer report or hang fails."""
    rng = random.Random(20240601)
    jobs = []
    for name, blob in good_trees.items():
        for i in range(200):
            path = tmp_path / f"{name}-{i}.dtb"
            path.write_bytes(corrupt(blob, rng))
            jobs.append(path)

    def check(path):
        try:
            r = run_dump(fdt_dump_checked, path)
        except subprocess.TimeoutExpired:
            return f"{path.name}: no answer after {TIMEOUT}s"
        if r.returncode == 0 or rejected(r):
            return None
        return f"{path.name}: exit {r.returncode}\n{r.stderr[-2000:]}"

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        failures = [f for f in pool.map(check, jobs) if f]
    assert not failures, "\n".join(failures[:5])


# ---- the kernel build ---------------------------------------------------------

@pytest.mark.skipif(not CROSS_CC, reason="riscv64-unknown-elf-gcc is not installed")
def test_builds_freestanding(tmp_path):
    """fdt.c is kernel code too: it must build without a C library."""
    cmd = [CROSS_CC, "-Wall", "-Werror", "-O2", "-std=gnu11", "-march=rv64imac_zicsr_zifencei",
           "-mabi=lp64", "-mcmodel=medany", "-ffreestanding", "-nostdlib", "-fno-builtin",
           "-Ikernel", "-c", "kernel/drivers/fdt.c", "-o", str(tmp_path / "fdt.o")]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
