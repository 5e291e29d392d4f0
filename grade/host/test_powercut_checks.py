"""Host tests for the power-cut checks of fsimage.py (scripts/powercut):
replaying a committed log, the directory-tree check, the synced-file check.

Run: /usr/bin/python3 -m pytest grade/host/test_powercut_checks.py
"""
import struct
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fsimage import ROOT, BSIZE, DIRENT, Image, fsck, fsck_dirs, fnv1a, check_synced, replay_log  # noqa: E402

MKFS = ROOT / "build" / "host" / "mkfs-powercut"
CONTENT = b"synced before the cut\n"


@pytest.fixture(scope="module")
def image_path(tmp_path_factory):
    MKFS.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cc", "-Wall", "-Werror", "-O2", "-I" + str(ROOT / "kernel"), "-o", str(MKFS),
                    str(ROOT / "mkfs" / "mkfs.c")], check=True)
    d = tmp_path_factory.mktemp("pc")
    (d / "kept").write_bytes(CONTENT)
    out = d / "fs.img"
    subprocess.run([str(MKFS), str(out), str(d / "kept")], check=True, capture_output=True)
    return out


def patched(src, dst, edits):
    """Copy src to dst with each (offset, bytes) of edits written in."""
    data = bytearray(src.read_bytes())
    for off, raw in edits:
        data[off:off + len(raw)] = raw
    dst.write_bytes(bytes(data))
    return dst


def test_clean_image_passes(image_path):
    image = Image(image_path)
    assert fsck(image) + fsck_dirs(image) == []
    assert check_synced(image, {"/bin/kept": (len(CONTENT), fnv1a(CONTENT))}) == []


def test_synced_file_lost_or_changed(image_path):
    image = Image(image_path)
    assert check_synced(image, {"gone": (1, 0)}) == ["gone: lost (synced with 1 bytes)"]
    assert "checksum" in check_synced(image, {"/bin/kept": (len(CONTENT), 1)})[0]


def test_replay_installs_a_committed_log(image_path, tmp_path):
    # A committed log of one block: the file's data block with new content.
    image = Image(image_path)
    home = image.inode(image.lookup("bin/kept"))["addrs"][0]
    new = b"the logged copy\n".ljust(len(CONTENT), b".")
    log0 = (image.logstart + 1) * BSIZE
    cut = patched(image_path, tmp_path / "cut.img",
                  [(image.logstart * BSIZE, struct.pack("<II", 1, home)), (log0, new)])
    assert "the log holds an uninstalled transaction" in fsck(Image(cut))
    assert replay_log(cut, tmp_path / "replayed.img") == 1
    replayed = Image(tmp_path / "replayed.img")
    assert fsck(replayed) == []
    assert replayed.read(replayed.lookup("bin/kept")) == new


def test_wrong_dotdot_found(image_path, tmp_path):
    # Point the root's ".." elsewhere: fsck_dirs names it.
    image = Image(image_path)
    root = image.inode(1)["addrs"][0] * BSIZE
    for off in range(root, root + BSIZE, DIRENT.size):
        inum, name = DIRENT.unpack_from(image.data, off)
        if name.rstrip(b"\0") == b"..":
            bad = patched(image_path, tmp_path / "bad.img", [(off, struct.pack("<I", image.lookup("bin/kept")))])
            break
    assert any('".."' in p for p in fsck_dirs(Image(bad)))
