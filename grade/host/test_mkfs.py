"""Host tests for mkfs: build images and read them back independently.

Run: /usr/bin/python3 -m pytest grade/host/test_mkfs.py
"""
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fsimage import (ROOT, C, BSIZE, NDIRECT, NINDIRECT, DIRSIZ, IPB, BPB,  # noqa: E402
                     T_FILE, T_DEV, Image, fsck)

HOSTDIR = ROOT / "build" / "host"
MKFS = HOSTDIR / "mkfs"


@pytest.fixture(scope="session")
def mkfs():
    HOSTDIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cc", "-Wall", "-Werror", "-O2", "-I" + str(ROOT / "kernel"), "-o", str(MKFS),
                    str(ROOT / "mkfs" / "mkfs.c")], check=True)
    return MKFS


def run(mkfs, *args):
    return subprocess.run([str(mkfs), *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="session")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("in")
    rnd = os.urandom
    files = {
        "hello": b"hello, world\n",
        "empty": b"",
        "oneblock": rnd(BSIZE),
        # beyond the direct and single-indirect blocks: needs the double-indirect tree
        "big": rnd((NDIRECT + NINDIRECT + 3) * BSIZE + 123),
        "x" * DIRSIZ: b"longest name\n",
    }
    for name, content in files.items():
        (d / name).write_bytes(content)
    return d, files


@pytest.fixture(scope="session")
def image(mkfs, inputs, tmp_path_factory):
    d, files = inputs
    out = tmp_path_factory.mktemp("img") / "fs.img"
    r = run(mkfs, out, *[d / n for n in files])
    assert r.returncode == 0, r.stderr
    return Image(out)


def test_superblock(image):
    assert image.magic == C["FSMAGIC"]
    assert image.size == C["FS_DEFAULT_BLOCKS"]
    assert len(image.data) == image.size * BSIZE
    assert image.ninodes == C["FS_DEFAULT_INODES"]
    assert image.logstart == C["SUPERBLOCK_NO"] + 1
    assert image.nlog == C["LOGSIZE"] + 1
    assert image.inodestart == image.logstart + image.nlog
    assert image.bmapstart == image.inodestart + -(-image.ninodes // IPB)
    datastart = image.bmapstart + -(-image.size // BPB)
    assert image.nblocks == image.size - datastart


def test_log_is_empty(image):
    assert struct.unpack_from("<I", image.block(image.logstart))[0] == 0


def test_root_directory(image):
    root = C["ROOTINO"]
    ents = image.listdir(root)
    assert set(ents) == {b".", b"..", b"bin", b"dev", b"proc", b"README"}
    assert ents[b"."] == root and ents[b".."] == root
    assert image.inode(root)["nlink"] == 5      # "." and "..", and the ".." of bin, dev and proc
    for sub in (b"bin", b"dev", b"proc"):
        sub_ents = image.listdir(ents[sub])
        assert sub_ents[b"."] == ents[sub] and sub_ents[b".."] == root
        assert image.inode(ents[sub])["nlink"] == 2
    assert b"/bin" in image.read(ents[b"README"])


def test_bin_holds_every_file_exactly(image, inputs):
    _, files = inputs
    ents = image.listdir(image.lookup("/bin"))
    assert set(ents) == set(n.encode() for n in files) | {b".", b".."}
    for name, content in files.items():
        ino = image.inode(ents[name.encode()])
        assert ino["type"] == T_FILE and ino["nlink"] == 1
        assert ino["size"] == len(content)
        assert image.read(ents[name.encode()]) == content, name


def test_big_file_uses_double_indirect(image):
    ino = image.inode(image.lookup("/bin/big"))
    assert ino["addrs"][NDIRECT] and ino["addrs"][NDIRECT + 1]


def test_mount_points_are_empty(image):
    """/dev and /proc are where the kernel mounts devfs and procfs: empty on disk."""
    for path in ("/dev", "/proc"):
        assert set(image.listdir(image.lookup(path))) == {b".", b".."}


def test_bitmap_marks_exactly_the_used_blocks(image):
    datastart = image.size - image.nblocks
    used = set(range(datastart))                 # boot, superblock, log, inodes, bitmap
    for inum in range(1, image.ninodes):
        ino = image.inode(inum)
        if ino["type"]:
            data, meta = image.file_blocks(ino)
            for b in [b for b in data if b] + meta:
                assert b >= datastart and b not in used, "block %d used twice" % b
                used.add(b)
    marked = {b for b in range(image.size) if image.bitmap_bit(b)}
    assert marked == used


def test_image_is_consistent(image):
    assert fsck(image) == []
    assert image.inode(0)["type"] == 0


def test_size_option(mkfs, inputs, tmp_path):
    d, _ = inputs
    out = tmp_path / "small.img"
    r = run(mkfs, "-s", 2048, "-i", 200, out, d / "hello")
    assert r.returncode == 0, r.stderr
    img = Image(out)
    assert (img.size, img.ninodes) == (2048, 200)
    assert len(img.data) == 2048 * BSIZE
    assert img.read(img.lookup("/bin/hello")) == b"hello, world\n"


@pytest.mark.parametrize("case", ["missing", "too_small_meta", "too_small_data", "duplicate",
                                  "name_too_long", "no_args", "bad_size", "too_many_inodes"])
def test_errors(mkfs, inputs, tmp_path, case):
    d, _ = inputs
    out = tmp_path / "bad.img"
    (tmp_path / ("y" * (DIRSIZ + 1))).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "hello").write_bytes(b"other")
    args = {
        "missing": [out, d / "hello", tmp_path / "nonexistent"],
        "too_small_meta": ["-s", 20, out],
        "too_small_data": ["-s", 400, out, d / "big"],
        "duplicate": [out, d / "hello", tmp_path / "sub" / "hello"],
        "name_too_long": [out, tmp_path / ("y" * (DIRSIZ + 1))],
        "no_args": [],
        "bad_size": ["-s", "lots", out],
        "too_many_inodes": ["-i", 5, out, d / "hello", d / "empty"],
    }[case]
    r = run(mkfs, *args)
    assert r.returncode != 0
    assert r.stderr.strip(), "no error message"
    assert not out.exists(), "a failed mkfs left an image behind"
    if case == "missing":
        assert "nonexistent" in r.stderr


def test_names_are_bytes(mkfs, tmp_path):
    """Any byte but NUL and '/' may be in a name: the checker reads names as bytes, not UTF-8."""
    name = b"caf\xe9-\xff"
    src = os.path.join(os.fsencode(str(tmp_path)), name)
    with open(src, "wb") as f:
        f.write(b"a name that is not UTF-8\n")
    out = tmp_path / "names.img"
    r = subprocess.run([str(mkfs), str(out), src], capture_output=True)
    assert r.returncode == 0, r.stderr
    image = Image(out)
    assert image.read(image.listdir(image.lookup("/bin"))[name]) == b"a name that is not UTF-8\n"
    assert fsck(image) == []
