"""Host tests for mkfs: build images and read them back independently.

Run: /usr/bin/python3 -m pytest grade/host/test_mkfs.py
"""
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fsimage import (ROOT, C, BSIZE, NDIRECT, NINDIRECT, DIRSIZ, IPB, BPB, DINODE, SUPERBLOCK,  # noqa: E402
                     T_FILE, T_DEV, T_SYMLINK, FormatError, Image, fsck)

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


# ---- format version 1: permission bits, owner, times, block counts ----

EPOCH = 1700000000


@pytest.fixture(scope="session")
def meta_image(mkfs, tmp_path_factory):
    d = tmp_path_factory.mktemp("meta")
    (d / "prog").write_bytes(b"\x7fELF pretend\n")
    (d / "prog").chmod(0o755)
    (d / "data").write_bytes(b"text\n")
    (d / "data").chmod(0o644)
    (d / "odd").write_bytes(b"")
    (d / "odd").chmod(0o4711)
    out = d / "fs.img"
    r = subprocess.run([str(mkfs), str(out), str(d / "prog"), str(d / "data"), str(d / "odd")],
                       capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH)))
    assert r.returncode == 0, r.stderr
    return out


def test_version(image):
    assert image.version == C["FS_VERSION"] == 1


def test_dinode_is_a_power_of_two(image):
    assert DINODE.size == 128 and BSIZE % DINODE.size == 0


def test_files_keep_their_permission_bits(meta_image):
    img = Image(meta_image)
    bits = {name: img.inode(img.lookup("/bin/" + name))["mode"] for name in ("prog", "data", "odd")}
    assert bits == {"prog": 0o755, "data": 0o644, "odd": 0o4711}
    for path in ("/", "/bin", "/dev", "/proc"):
        assert img.inode(img.lookup(path) if path != "/" else C["ROOTINO"])["mode"] == 0o755, path
    assert img.inode(img.lookup("/README"))["mode"] == 0o644


def test_owner_and_times(meta_image):
    img = Image(meta_image)
    for inum in range(1, img.ninodes):
        ino = img.inode(inum)
        if ino["type"]:
            assert (ino["uid"], ino["gid"]) == (0, 0)
            assert ino["atime"] == ino["mtime"] == ino["ctime"] == EPOCH, inum
            assert ino["atime_nsec"] == ino["mtime_nsec"] == ino["ctime_nsec"] == 0


def test_times_default_to_now(image):
    if "SOURCE_DATE_EPOCH" in os.environ:
        pytest.skip("SOURCE_DATE_EPOCH is set: the image has that time")
    t = image.inode(image.lookup("/README"))["mtime"]
    assert time.time() - 3600 < t <= time.time() + 1


def test_block_counts(image):
    for name in ("big", "oneblock", "empty"):
        ino = image.inode(image.lookup("/bin/" + name))
        data, meta = image.file_blocks(ino)
        assert ino["blocks"] == len([b for b in data if b]) + len(meta), name
    assert image.inode(image.lookup("/bin/empty"))["blocks"] == 0
    assert image.inode(image.lookup("/bin/oneblock"))["blocks"] == 1


def test_bad_source_date_epoch(mkfs, inputs, tmp_path):
    d, _ = inputs
    out = tmp_path / "bad.img"
    r = subprocess.run([str(mkfs), str(out), str(d / "hello")], capture_output=True, text=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="soon"))
    assert r.returncode != 0 and "SOURCE_DATE_EPOCH" in r.stderr
    assert not out.exists()


def patch(src, dst, offset, fmt, value):
    data = bytearray(Path(src).read_bytes())
    struct.pack_into(fmt, data, offset, value)
    Path(dst).write_bytes(bytes(data))


@pytest.mark.parametrize("version", [0, 2])
def test_other_version_refused(meta_image, tmp_path, version):
    bad = tmp_path / "other.img"
    patch(meta_image, bad, C["SUPERBLOCK_NO"] * BSIZE + SUPERBLOCK.size - 4, "<I", version)
    with pytest.raises(FormatError) as e:
        Image(bad)
    assert "version %d" % version in str(e.value) and "version %d" % C["FS_VERSION"] in str(e.value)


def inode_offset(img, inum):
    return (img.inodestart + inum // IPB) * BSIZE + (inum % IPB) * DINODE.size


@pytest.mark.parametrize("field,fmt,value,problem", [
    (2, "<H", 0o10644, "beyond the permission bits"),    # mode with type bits in it
    (20, "<I", 7, "counts 7 blocks"),                     # blocks
    (0, "<h", 9, "unknown type"),                         # type
    (56, "<I", 10 ** 9, "nanoseconds"),                   # atime_nsec
])
def test_fsck_checks_the_inode_fields(meta_image, tmp_path, field, fmt, value, problem):
    img = Image(meta_image)
    inum = img.lookup("/bin/data")
    bad = tmp_path / "bad.img"
    patch(meta_image, bad, inode_offset(img, inum) + field, fmt, value)
    assert any(problem in p for p in fsck(Image(bad))), fsck(Image(bad))


def test_symlink_type_is_known(meta_image, tmp_path):
    # The symbolic links of the VFS work are inodes of type T_SYMLINK: the checker accepts them.
    img = Image(meta_image)
    bad = tmp_path / "link.img"
    patch(meta_image, bad, inode_offset(img, img.lookup("/bin/data")), "<h", T_SYMLINK)
    assert fsck(Image(bad)) == []
