"""Lab fs: file metadata -- permission bits and the umask, owner, times, truncate, access and
statx, compared with Linux (qemu-riscv64) for the same static program built with this OS's
library and with glibc -- and the on-disk format's version."""

import os
import shutil
import struct
import sys

import pytest

from gradelib import console as con
from gradelib.linux import compare

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "host"))
from fsimage import BSIZE, C, FS_VERSION, SUPERBLOCK, Image, fsck  # noqa: E402

pytestmark = pytest.mark.lab("fs")

HARTS = [1, 4]


@pytest.mark.points(3)
@pytest.mark.part("metadata")
@pytest.mark.parametrize("prog", ["t_meta", "t_meta-glibc"])
def test_metadata_same_as_linux(sh, prog):
    out = compare(sh, prog, timeout=120)
    assert "t_meta: done, 0 failures" in out, out
    assert "open O_CREAT 0666, umask 022: 100644" in out, out


@pytest.mark.points(2)
@pytest.mark.part("metadata")
def test_limits_and_atime(sh):
    # Not compared with Linux: this file system's largest file, and atime moved by reads.
    out = sh.run("t_meta local", timeout=120)
    assert "t_meta: done, 0 failures" in out, out


@pytest.mark.points(2)
@pytest.mark.part("metadata")
@pytest.mark.parametrize("cpus", HARTS)
def test_metadata_reaches_the_disk(new_machine, tmp_path, cpus):
    # What the calls stored is on disk after a clean shutdown, in blocks the checker agrees with.
    m = new_machine(cpus=cpus)
    c = m.console
    out = c.run("t_meta", timeout=120)
    assert "t_meta: done, 0 failures" in out, out
    c.run("echo data > kept")
    c.run("t_meta local", timeout=120)
    c.send_line("poweroff")
    assert c.wait_exit(30) == 0
    img = Image(m.fs_img)
    assert fsck(img) == []
    ino = img.inode(img.lookup("/kept"))
    assert ino["mode"] == 0o644 and ino["size"] == 5 and ino["blocks"] == 1
    assert ino["mtime"] >= img.inode(img.lookup("/README"))["mtime"]
    assert b"t_meta.dir" not in img.listdir(C["ROOTINO"])


def patched_image(tmp_path, version):
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))), "build", "fs.img")
    dst = tmp_path / ("v%d.img" % version)
    shutil.copyfile(src, dst)
    with open(dst, "r+b") as f:
        f.seek(C["SUPERBLOCK_NO"] * BSIZE + SUPERBLOCK.size - 4)     # the version, last field
        f.write(struct.pack("<I", version))
    return dst


@pytest.mark.points(2)
@pytest.mark.part("format")
@pytest.mark.parametrize("version", [0, FS_VERSION + 1])
def test_other_format_version_refused(new_machine, tmp_path, version):
    # The root file system cannot be used: the kernel stops at mount with one message.
    m = new_machine(fs_img=str(patched_image(tmp_path, version)), boot=False)
    with pytest.raises(con.KernelPanic):
        m.console.wait_exit(60)
    text = m.console.text()
    want = "format version %d, this kernel reads version %d" % (version, FS_VERSION)
    assert want in text, text
    assert text.count("format version") == 1, text      # one message, not a storm
    assert "$ " not in text                             # and no shell on a misread disk
