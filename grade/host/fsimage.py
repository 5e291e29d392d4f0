"""Reading file-system images on the host, independently of the kernel's code:
the Image class walks an image the way the kernel does, and fsck() checks
that it is consistent.  Format constants come from kernel/fs/fs_format.h
(the one definition the kernel and mkfs share).
"""
import os
import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = ROOT / "kernel" / "fs" / "fs_format.h"


def header_constants():
    """The integer #defines of fs_format.h: literals, and arithmetic on earlier ones."""
    consts = {}
    for name, value in re.findall(r"^#define\s+(\w+)\s+([^/\n]+)", HEADER.read_text(), re.M):
        if re.fullmatch(r"[\w\s()*+-]+", value.strip()):
            value = re.sub(r"\b0([0-7]+)\b", r"0o\1", value)     # C's octal literals
            try:
                consts[name] = int(eval(value, {"__builtins__": {}}, dict(consts)))
            except (NameError, SyntaxError):
                pass                                  # refers to something not a plain constant
    return consts


C = header_constants()
BSIZE = C["BSIZE"]
NDIRECT = C["NDIRECT"]
NINDIRECT = BSIZE // 4
DIRSIZ = C["DIRSIZ"]
# type, mode, nlink, major, minor, spare, uid, gid, blocks, size, atime, mtime, ctime,
# atime_nsec, mtime_nsec, ctime_nsec, addrs
DINODE = struct.Struct("<hHhhhHIIIQqqqIII%dI" % (NDIRECT + 2))
DINODE_FIELDS = ("type", "mode", "nlink", "major", "minor", "spare", "uid", "gid", "blocks", "size",
                 "atime", "mtime", "ctime", "atime_nsec", "mtime_nsec", "ctime_nsec")
SUPERBLOCK = struct.Struct("<9I")
FS_VERSION = C["FS_VERSION"]
DIRENT = struct.Struct("<I%ds" % DIRSIZ)
IPB = BSIZE // DINODE.size
BPB = BSIZE * 8
T_DIR, T_FILE, T_DEV = C["T_DIR"], C["T_FILE"], C["T_DEV"]
T_SYMLINK = C.get("T_SYMLINK", 4)
TYPES = {T_DIR, T_FILE, T_DEV, T_SYMLINK}
MODE_PERM = C["MODE_PERM"]


class FormatError(Exception):
    """The image is not one this checker (and this tree's kernel) reads."""


class Image:
    """A read-only view of an image, walking it the way the kernel does."""

    def __init__(self, path):
        self.data = Path(path).read_bytes()
        fields = SUPERBLOCK.unpack_from(self.data, C["SUPERBLOCK_NO"] * BSIZE)
        (self.magic, self.size, self.nblocks, self.ninodes, self.nlog,
         self.logstart, self.inodestart, self.bmapstart, self.version) = fields
        if self.magic != C["FSMAGIC"]:
            raise FormatError("%s: no file system (magic %#x)" % (path, self.magic))
        if self.version != FS_VERSION:
            raise FormatError("%s: file-system format version %d, this checker reads version %d"
                              % (path, self.version, FS_VERSION))

    def block(self, b):
        assert 0 < b < self.size, "block number %d out of range" % b
        return self.data[b * BSIZE:(b + 1) * BSIZE]

    def inode(self, inum):
        off = (self.inodestart + inum // IPB) * BSIZE + (inum % IPB) * DINODE.size
        values = DINODE.unpack_from(self.data, off)
        ino = dict(zip(DINODE_FIELDS, values))
        ino["addrs"] = list(values[len(DINODE_FIELDS):])
        return ino

    def entries(self, b):
        return struct.unpack("<%dI" % NINDIRECT, self.block(b))

    def file_blocks(self, ino):
        """(data blocks in file order, indirect blocks) of an inode."""
        data, meta = list(ino["addrs"][:NDIRECT]), []
        ind, dind = ino["addrs"][NDIRECT], ino["addrs"][NDIRECT + 1]
        if ind:
            meta.append(ind)
            data += self.entries(ind)
        if dind:
            meta.append(dind)
            for mid in self.entries(dind):
                if mid:
                    meta.append(mid)
                    data += self.entries(mid)
        nused = (ino["size"] + BSIZE - 1) // BSIZE
        assert all(b == 0 for b in data[nused:]), "blocks mapped beyond the file size"
        return data[:nused], meta

    def read(self, inum):
        ino = self.inode(inum)
        data, _ = self.file_blocks(ino)
        return b"".join(self.block(b) if b else bytes(BSIZE) for b in data)[:ino["size"]]

    def listdir(self, inum):
        """{name: inode number} of a directory; names are bytes (the file system allows any byte but
        NUL and '/', so a name need not be UTF-8)."""
        assert self.inode(inum)["type"] == T_DIR
        raw = self.read(inum)
        assert len(raw) % DIRENT.size == 0
        out = {}
        for off in range(0, len(raw), DIRENT.size):
            ino, name = DIRENT.unpack_from(raw, off)
            if ino:
                name = name.rstrip(b"\0")
                assert name not in out, "duplicate entry %r" % name
                out[name] = ino
        return out

    def lookup(self, path):
        inum = C["ROOTINO"]
        for part in path.strip("/").split("/"):
            inum = self.listdir(inum)[os.fsencode(part)]
        return inum

    def bitmap_bit(self, b):
        return (self.data[(self.bmapstart + b // BPB) * BSIZE + (b % BPB) // 8] >> (b % 8)) & 1


def inode_problems(inum, ino):
    """What is wrong with the fields of allocated inode inum, by itself."""
    problems = []
    if ino["type"] not in TYPES:
        problems.append("inode %d has unknown type %d" % (inum, ino["type"]))
    if ino["mode"] & ~MODE_PERM:
        problems.append("inode %d has mode %#o beyond the permission bits" % (inum, ino["mode"]))
    if ino["spare"]:
        problems.append("inode %d has a non-zero spare field" % inum)
    for t in ("atime", "mtime", "ctime"):
        if not 0 <= ino[t + "_nsec"] < 10 ** 9:
            problems.append("inode %d: %s has %d nanoseconds" % (inum, t, ino[t + "_nsec"]))
    return problems


def fsck(image):
    """Problems found in image (an empty list when it is consistent): the log
    is empty, every allocated inode is reachable, link counts match the
    directory entries, no block is used twice, the bitmap marks exactly
    the used blocks, and each inode's own fields make sense (type, mode,
    block count, nanoseconds)."""
    problems = []
    if struct.unpack_from("<I", image.block(image.logstart))[0] != 0:
        problems.append("the log holds an uninstalled transaction")
    links, seen, todo = {}, set(), [C["ROOTINO"]]   # "/" has no name: its ".." stands in
    while todo:
        inum = todo.pop()
        if inum in seen:
            continue
        seen.add(inum)
        if image.inode(inum)["type"] != T_DIR:
            continue
        for name, child in image.listdir(inum).items():
            if name == b".." and child != inum:
                continue                         # counted as the parent's subdirectory link below
            links[child] = links.get(child, 0) + 1
            if name not in (b".", b".."):
                if image.inode(child)["type"] == 0:
                    problems.append("entry %s in directory %d names free inode %d"
                                    % (name.decode(errors="backslashreplace"), inum, child))
                if image.inode(child)["type"] == T_DIR:
                    links[inum] = links.get(inum, 0) + 1      # the child's ".."
                todo.append(child)
    used = set(range(image.size - image.nblocks))
    for inum in range(1, image.ninodes):
        ino = image.inode(inum)
        if not ino["type"]:
            continue
        if inum not in seen:
            problems.append("inode %d is allocated but unreachable" % inum)
        if ino["nlink"] != links.get(inum, 0):
            problems.append("inode %d has nlink %d but %d links" % (inum, ino["nlink"], links.get(inum, 0)))
        problems += inode_problems(inum, ino)
        data, meta = image.file_blocks(ino)
        owned = [b for b in data if b] + meta
        if ino["blocks"] != len(owned):
            problems.append("inode %d counts %d blocks but has %d" % (inum, ino["blocks"], len(owned)))
        for b in owned:
            if b in used:
                problems.append("block %d is used twice (inode %d)" % (b, inum))
            used.add(b)
    marked = {b for b in range(image.size) if image.bitmap_bit(b)}
    if marked != used:
        problems.append("bitmap: %d blocks marked but unused, %d used but unmarked"
                        % (len(marked - used), len(used - marked)))
    return problems


# ---- power-cut checks (scripts/powercut) ----------------------------------------

def replay_log(src, dst):
    """Write to dst the image src as mount would leave it: a committed log
    (header with n > 0) copied to the blocks it names, and the header cleared.
    Returns the number of blocks replayed."""
    data = bytearray(Path(src).read_bytes())
    image = Image(src)
    head = image.logstart * BSIZE
    n = struct.unpack_from("<I", data, head)[0]
    assert n <= image.nlog - 1, "log header names %d blocks, the log holds %d" % (n, image.nlog - 1)
    homes = struct.unpack_from("<%dI" % n, data, head + 4)
    for i, home in enumerate(homes):
        assert image.logstart + image.nlog <= home < image.size, "log names block %d" % home
        src_off = (image.logstart + 1 + i) * BSIZE
        data[home * BSIZE:(home + 1) * BSIZE] = data[src_off:src_off + BSIZE]
    struct.pack_into("<I", data, head, 0)
    Path(dst).write_bytes(bytes(data))
    return n


def fsck_dirs(image):
    """Problems in the directory tree that fsck() does not look for: every
    directory reachable from "/" has "." naming itself and ".." naming its
    parent ("/" its own), and every entry names an inode that exists."""
    problems, todo = [], [(C["ROOTINO"], C["ROOTINO"])]
    seen = set()
    while todo:
        inum, parent = todo.pop()
        if inum in seen:
            continue
        seen.add(inum)
        entries = image.listdir(inum)
        if entries.get(b".") != inum:
            problems.append("directory %d: \".\" is %s" % (inum, entries.get(b".")))
        if entries.get(b"..") != parent:
            problems.append("directory %d: \"..\" is %s, its parent %d" % (inum, entries.get(b".."), parent))
        for name, child in entries.items():
            if name in (b".", b".."):
                continue
            if not 0 < child < image.ninodes:
                problems.append("directory %d: entry %r names inode %d" % (inum, name, child))
            elif image.inode(child)["type"] == T_DIR:
                todo.append((child, inum))
    return problems


def fnv1a(data):
    """32-bit FNV-1a, the checksum user/pcwork.c prints."""
    h = 2166136261
    for byte in data:
        h = ((h ^ byte) * 16777619) & 0xffffffff
    return h


def check_synced(image, synced):
    """Problems with the files {path: (length, checksum)} that must be on the
    image with exactly that content."""
    problems = []
    for path, (length, checksum) in sorted(synced.items()):
        try:
            data = image.read(image.lookup(path))
        except KeyError:
            problems.append("%s: lost (synced with %d bytes)" % (path, length))
            continue
        if len(data) != length or fnv1a(data) != checksum:
            problems.append("%s: %d bytes, checksum %d; synced with %d bytes, checksum %d"
                            % (path, len(data), fnv1a(data), length, checksum))
    return problems
