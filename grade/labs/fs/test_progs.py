"""Lab fs: the file calls beyond xv6's, through a test program compared with Linux (t_files, built with this
OS's library and with glibc), and through the programs that use them: ls -l, mv, cp, ln -s, readlink, touch,
chmod, stat, df, mount."""

import os
import re
import subprocess
import tempfile

import pytest

from gradelib.linux import binary, compare

pytestmark = pytest.mark.lab("fs")

# ls -l's time column: "Dec  7 05:12", or "Jan  1  2020" for an old file.
WHEN = r"[A-Z][a-z]{2} [ 1-3]\d (\d\d:\d\d| \d{4})"


def lines(out):
    return out.rstrip("\n").split("\n")


def long_line(out, name):
    """The ls -l line of name (the name, or "name -> target" for a link)."""
    for ln in lines(out):
        if ln.endswith(" " + name) or (" %s -> " % name) in ln:
            return ln
    raise AssertionError("no line for %r in ls -l output:\n%s" % (name, out))


@pytest.mark.points(6)
@pytest.mark.part("files")
def test_file_calls_same_as_linux(sh):
    out = compare(sh, "t_files", timeout=120)
    assert "t_files: done, 0 failures" in out, out


@pytest.mark.points(3)
@pytest.mark.part("files")
def test_file_calls_glibc_same_as_linux(sh):
    out = compare(sh, "t_files-glibc", timeout=120)
    assert "t_files: done, 0 failures" in out, out


@pytest.mark.points(3)
@pytest.mark.part("tools")
def test_ls_long(sh):
    sh.run("mkdir lsd; cd lsd; echo hello > f; chmod 754 f; ln -s f lf; mkdir d; echo x > .hidden")
    out, st = sh.run_status("ls -l")
    assert st == 0, out
    assert lines(out)[0].startswith("total "), out
    assert re.match(r"^-rwxr-xr-- 1 0 0 +6 %s f$" % WHEN, long_line(out, "f")), out
    assert re.match(r"^lrwxrwxrwx 1 0 0 +1 %s lf -> f$" % WHEN, long_line(out, "lf")), out
    assert re.match(r"^drwxr-xr-x +\d+ 0 0 +\d+ %s d$" % WHEN, long_line(out, "d")), out
    assert ".hidden" not in out, "ls -l shows a dot file without -a:\n" + out
    names = [ln.split()[-1] for ln in lines(out)[1:]]
    assert names == ["d", "f", "f"], "not sorted by name (d, f, lf -> f):\n" + out
    out = sh.run("ls -a")
    assert lines(out) == [".", "..", ".hidden", "d", "f", "lf"], out
    plain = sh.run("ls f").split()     # the xv6 form: type, inode, size, name
    assert plain[0] == "-" and plain[2] == "6", plain
    assert sh.run("ls -i f").split() == [plain[1], "f"]
    out, st = sh.run_status("ls -l nothere")
    assert st not in (0, None) and "ls: nothere: No such file or directory" in out, out


@pytest.mark.points(3)
@pytest.mark.part("tools")
def test_mv(sh):
    sh.run("mkdir mvd; cd mvd; echo one > a; echo two > b; mkdir dir")
    out, st = sh.run_status("mv a a2")
    assert st == 0, out
    assert sh.run("cat a2") == "one\n"
    out, st = sh.run_status("cat a")
    assert st not in (0, None), "the old name is still there: " + out
    out, st = sh.run_status("mv a2 b dir")
    assert st == 0, out
    assert sh.run("cat dir/a2 dir/b") == "one\ntwo\n"
    out, st = sh.run_status("mv dir dir2")
    assert st == 0, out
    assert sh.run("cat dir2/b") == "two\n"
    out, st = sh.run_status("mv dir2/b dir2/a2")
    assert st == 0 and sh.run("cat dir2/a2") == "two\n", "mv onto a file replaces it: " + out
    out, st = sh.run_status("mv nothere x")
    assert st not in (0, None) and "mv: nothere" in out and "No such file or directory" in out, out


@pytest.mark.points(3)
@pytest.mark.part("tools")
def test_cp(sh):
    sh.run("mkdir cpd; cd cpd; mkdir src; mkdir src/sub; echo data > src/sub/f; chmod 750 src/sub/f")
    out, st = sh.run_status("cp src/sub/f g")
    assert st == 0, out
    assert sh.run("cat g") == "data\n"
    assert "(0750/-rwxr-x---)" in sh.run("stat g"), "cp keeps the mode bits"
    out, st = sh.run_status("cp src copy")
    assert st not in (0, None), "cp of a directory without -r must fail: " + out
    out, st = sh.run_status("cp -r src copy")
    assert st == 0, out
    assert sh.run("cat copy/sub/f") == "data\n"
    sh.run("echo changed > src/sub/f")
    assert sh.run("cat copy/sub/f") == "data\n", "cp -r must copy, not link"
    out, st = sh.run_status("cp g src/sub/f copy")
    assert st == 0 and sh.run("cat copy/g copy/f") == "data\nchanged\n", out


@pytest.mark.points(3)
@pytest.mark.part("tools")
def test_ln_s_readlink(sh):
    sh.run("mkdir lnd; cd lnd; echo target data > t")
    out, st = sh.run_status("ln -s t l")
    assert st == 0, out
    assert sh.run("cat l") == "target data\n"
    assert sh.run("readlink l") == "t\n"
    here = sh.run("readlink -f .").rstrip("\n")
    assert sh.run("readlink -f l") == here + "/t\n"
    sh.run("ln -s nowhere dangling")
    assert sh.run("readlink dangling") == "nowhere\n"
    out, st = sh.run_status("cat dangling")
    assert st not in (0, None), out
    out, st = sh.run_status("readlink t")
    assert st not in (0, None) and "readlink: t: Invalid argument" in out, out
    out, st = sh.run_status("ln -s t l")
    assert st not in (0, None) and "File exists" in out, out
    sh.run("ln t hard")                  # ln without -s still makes hard links
    assert "Links: 2" in sh.run("stat t")


@pytest.mark.points(2)
@pytest.mark.part("tools")
def test_touch(sh):
    out, st = sh.run_status("touch new")
    assert st == 0, out
    assert re.search(r"Size: 0\s.*regular file", sh.run("stat new")), "touch creates an empty file"
    sh.run("echo keep > old")
    out, st = sh.run_status("touch old")
    assert st == 0 and sh.run("cat old") == "keep\n", "touch keeps the data: " + out
    out, st = sh.run_status("touch nodir/x")
    assert st not in (0, None) and "touch: nodir/x: No such file or directory" in out, out


@pytest.mark.points(2)
@pytest.mark.part("tools")
def test_chmod(sh):
    sh.run("echo x > f")
    for mode, want in [("640", "(0640/-rw-r-----)"), ("u+x,o+r", "(0744/-rwxr--r--)"),
                       ("go-r", "(0700/-rwx------)"), ("a=rX", "(0555/-r-xr-xr-x)"), ("4755", "(4755/-rwsr-xr-x)")]:
        out, st = sh.run_status("chmod %s f" % mode)
        assert st == 0, out
        assert want in sh.run("stat f"), "chmod %s: want %s" % (mode, want)
    out, st = sh.run_status("chmod 999 f")
    assert st not in (0, None) and "invalid mode" in out, out
    out, st = sh.run_status("chmod 644 nothere")
    assert st not in (0, None) and "chmod: nothere: No such file or directory" in out, out


@pytest.mark.points(2)
@pytest.mark.part("tools")
def test_stat(sh):
    sh.run("echo hello > f; ln -s f lf; mkdir d")
    out = sh.run("stat f")
    assert lines(out)[0] == "  File: f", out
    assert re.search(r"^  Size: 6 +\tBlocks: \d+ +IO Block: \d+ +regular file$", out, re.M), out
    assert re.search(r"^Device: \d+,\d+\tInode: \d+ +Links: 1", out, re.M), out
    assert re.search(r"^Access: \(0644/-rw-r--r--\)  Uid: \( +0\)   Gid: \( +0\)$", out, re.M), out
    for what in ("Access", "Modify", "Change"):
        assert re.search(r"^%s: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$" % what, out, re.M), out
    out = sh.run("stat lf d")
    assert "  File: lf -> f" in out and "symbolic link" in out and "directory" in out, out
    out, st = sh.run_status("stat nothere")
    assert st not in (0, None) and "stat: nothere: No such file or directory" in out, out


@pytest.mark.points(2)
@pytest.mark.part("tools")
def test_df(sh):
    out, st = sh.run_status("df")
    assert st == 0, out
    assert re.match(r"^Filesystem +1K-blocks +Used +Available +Use% +Mounted on$", lines(out)[0]), out
    root = [ln for ln in lines(out) if ln.endswith(" /")]
    assert len(root) == 1, "df shows / once:\n" + out
    total, used, avail = [int(x) for x in root[0].split()[1:4]]
    assert total > 0 and used > 0 and used + avail <= total, root
    out = sh.run("df /bin")
    assert lines(out)[1].endswith(" /"), "/bin is on the root file system:\n" + out
    out, st = sh.run_status("df nothere")
    assert st not in (0, None) and "df: nothere: No such file or directory" in out, out


@pytest.mark.points(2)
@pytest.mark.part("tools")
def test_mount_umount(sh):
    out, st = sh.run_status("mount")
    assert st == 0, out
    for where in ("/", "/proc", "/dev"):
        assert re.search(r"^\S+ on %s type \S+ \(.*\)$" % where, out, re.M), "mount does not list %s:\n%s" % (
            where, out)
    out, st = sh.run_status("umount /proc")
    assert st == 0, out
    assert "on /proc type" not in sh.run("mount"), "/proc is still listed after umount"
    out, st = sh.run_status("mount -t proc proc /proc")
    assert st == 0, out
    assert "1" in sh.run("ls /proc").split(), "/proc is back, with init in it"
    out, st = sh.run_status("umount /nothere")
    assert st not in (0, None) and "umount: /nothere" in out, out
    out, st = sh.run_status("sync")
    assert st == 0, out


@pytest.mark.points(1)
@pytest.mark.part("tools")
def test_mv_across_file_systems_on_linux():
    """mv's copy-and-remove path (EXDEV), checked under Linux (qemu-riscv64) between two host file systems:
    this OS may have only one disk file system."""
    other = "/dev/shm"
    with tempfile.TemporaryDirectory(prefix="grade-mv-") as here, \
            tempfile.TemporaryDirectory(prefix="grade-mv-", dir=other if os.path.isdir(other) else None) as there:
        if os.stat(here).st_dev == os.stat(there).st_dev:
            pytest.skip("no second file system on this host")
        src = os.path.join(here, "tree")
        os.makedirs(os.path.join(src, "sub"))
        with open(os.path.join(src, "sub", "f"), "w") as f:
            f.write("data\n")
        os.chmod(os.path.join(src, "sub", "f"), 0o741)
        os.utime(os.path.join(src, "sub", "f"), (1000000000, 1000000000))
        os.symlink("sub/f", os.path.join(src, "link"))
        dst = os.path.join(there, "moved")
        p = subprocess.run(["qemu-riscv64", binary("mv"), src, dst], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        assert p.returncode == 0, p.stdout
        assert not os.path.exists(src), "the source is still there"
        st = os.stat(os.path.join(dst, "sub", "f"))
        assert open(os.path.join(dst, "sub", "f")).read() == "data\n"
        assert st.st_mode & 0o7777 == 0o741 and st.st_mtime == 1000000000, "mode and times are kept"
        assert os.readlink(os.path.join(dst, "link")) == "sub/f", "links are copied as links"
