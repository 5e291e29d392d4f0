"""Lab fs: the VFS -- /dev and /proc mounted at boot, mount and umount,
symbolic links, renames, poll and select, statfs, fchdir and chroot.

What Linux does the same way (errnos, link and rename semantics, the data
devices, poll on pipes) is compared with the same program under
qemu-riscv64, built with this OS's library and with glibc; what needs root
or names paths of this machine is checked here only."""

import re

import pytest

from gradelib.linux import compare
from labs.unix.proclib import free_kib

pytestmark = pytest.mark.lab("fs")


@pytest.mark.part("vfs")
@pytest.mark.points(4)
@pytest.mark.parametrize("prog", ["t_vfs", "t_vfs-glibc"])
def test_vfs_same_as_linux(sh, prog):
    """Symlinks (ELOOP, O_NOFOLLOW, lstat), renameat2 and its flags and
    errnos, mkdir("/"), fchdir, /dev/null|zero|full|urandom, poll/select."""
    out = compare(sh, prog, timeout=120)
    assert "cleanup: ok" in out and "dotdot moved: 1" in out, out


@pytest.mark.part("vfs")
@pytest.mark.points(1)
def test_vfs_no_leak(sh):
    """Links, renames, pipes, polls and device files give back their memory."""
    sh.run("t_vfs > /dev/null")                     # warm the caches
    before = free_kib(sh)
    sh.run("t_vfs > /dev/null")
    after = free_kib(sh)
    assert after >= before - 64, "t_vfs leaked %d KiB" % (before - after)


@pytest.mark.part("vfs")
@pytest.mark.points(1)
def test_ln_s(sh):
    sh.run("echo via link > target.f")
    out, st = sh.run_status("ln -s target.f sym.f")
    assert st == 0, out
    assert sh.run("cat sym.f") == "via link\n"
    out, st = sh.run_status("ln -s target.f sym.f")
    assert st != 0 and "exists" in out.lower(), out
    sh.run("rm target.f")
    out, st = sh.run_status("cat sym.f")
    assert st != 0, "a dangling link read: %r" % out
    sh.run("rm sym.f")


@pytest.mark.part("vfs")
@pytest.mark.points(2)
def test_dev_and_proc_mounted(sh):
    mounts = sh.run("cat /proc/mounts")
    assert re.search(r"^proc /proc proc rw 0 0$", mounts, re.M), mounts
    assert re.search(r"^\S+ /dev devtmpfs rw 0 0$", mounts, re.M), mounts
    assert re.search(r"^\S+ / \S+ rw 0 0$", mounts, re.M), mounts
    dev = sh.run("ls /dev").split()
    for name in ("null", "zero", "full", "random", "urandom", "tty", "console"):
        assert name in dev, "ls /dev: %r" % dev
    proc = sh.run("ls /proc").split()
    assert "self" in proc and "mounts" in proc and "1" in proc, "ls /proc: %r" % proc
    assert sh.run("echo through tty > /dev/tty") == "through tty\n"
    assert sh.run("echo gone > /dev/null; cat /dev/null") == ""


@pytest.mark.part("vfs")
@pytest.mark.points(3)
def test_mount_umount(sh):
    """mount(2)/umount2(2) of proc and devtmpfs on directories; EBUSY while
    a file or a cwd is in it; /proc/mounts follows; no memory kept."""
    sh.run("t_vfs mounts")                          # warm the caches
    before = free_kib(sh)
    out = sh.run("t_vfs mounts")
    after = free_kib(sh)
    expect = {
        "mount proc": "ok", "mount devtmpfs": "ok", "stat self/status": "ok", "stat null": "ok",
        "umount busy": "errno 16", "chdir in": "ok", "umount cwd": "errno 16", "chdir out": "ok",
        "rmdir mount point": "errno 16", "mount unknown": "errno 19", "mount on file": "errno 20",
        "umount not mounted": "errno 22", "umount root": "errno 16", "umount proc": "ok",
        "umount devtmpfs": "ok", "stat after": "errno 2",
    }
    for label, result in expect.items():
        assert "%s: %s\n" % (label, result) in out, "%s should be %s:\n%s" % (label, result, out)
    assert "dotdot leaves the mount: 1" in out, out
    listed = re.findall(r"^mounted: (.*)$", out, re.M)
    assert len(listed) == 2, out                    # listed while mounted, gone after
    assert any(re.match(r"proc /\S*mnt\.p proc rw 0 0$", l) for l in listed), listed
    assert any(re.match(r"devtmpfs /\S*mnt\.d devtmpfs rw 0 0$", l) for l in listed), listed
    assert after >= before - 64, "mount/umount leaked %d KiB" % (before - after)


@pytest.mark.part("vfs")
@pytest.mark.points(2)
def test_proc_links_and_walk(sh):
    """/proc/self is a link to the caller's pid; /proc/self/exe names the
    program; cd into /proc and back out through "..", and pwd there."""
    assert sh.run("t_vfs exe") == "exe: /bin/t_vfs\n"
    sh.run("cd /bin")
    assert sh.run("t_vfs exe") == "exe: /bin/t_vfs\n"
    sh.run("cd /proc/1/task")
    assert sh.run("t_vfs pwd") == "/proc/1/task\n"
    assert "stat" in sh.run("ls ../").split()
    sh.run("cd ../../..")
    assert sh.run("t_vfs pwd") == "/\n"
    assert "README" in sh.run("ls").split()
    assert sh.run("cat /proc/self/status").startswith("Name:\tcat\n")


@pytest.mark.part("vfs")
@pytest.mark.points(2)
def test_statfs(sh):
    out = sh.run("t_vfs statfs / /proc /dev /nothing")
    m = re.search(r"^/: type (\w+) blocks (\d+) free (\d+) namelen (\d+)$", out, re.M)
    assert m, out
    assert int(m.group(2)) > 0 and 0 < int(m.group(3)) < int(m.group(2)), out
    assert m.group(4) == "60", out
    assert "/proc: type 9fa0 " in out, out            # PROC_SUPER_MAGIC, as Linux
    assert "/dev: type 1373 " in out, out
    assert "/nothing: errno 2" in out, out
    # Writing a file uses blocks the bitmap count sees.
    sh.run("echo data > statfs.f")
    free_before = int(m.group(3))
    sh.run("cat /bin/sh > statfs.big")
    m2 = re.search(r"free (\d+)", sh.run("t_vfs statfs /"))
    assert m2 and int(m2.group(1)) < free_before
    sh.run("rm statfs.f statfs.big")


@pytest.mark.part("vfs")
@pytest.mark.points(2)
def test_chroot(sh):
    # Absolute paths: on a board the tests share one machine, and an earlier
    # test may have left the shell in another directory.
    sh.run("mkdir /jail")
    sh.run("mkdir /jail/inside")
    out = sh.run("t_vfs chroot /jail")
    sh.run("rm -d /jail/inside /jail")
    assert "chroot: ok" in out and "cwd: /\n" in out, out
    assert "dotdot of root is root: 1" in out, out
    entries = re.findall(r"^entry: (.*)$", out, re.M)
    assert sorted(entries) == [".", "..", "inside"], entries
    assert "README" in sh.run("ls /").split()        # the shell's root is its own


@pytest.mark.part("vfs")
@pytest.mark.points(1)
def test_poll_console(sh):
    assert sh.run("t_vfs poll0") == "console poll: 1 in 0 out 4\n"
