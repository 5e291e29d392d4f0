"""Lab fs: files and directories through the shell's programs."""

import re

import pytest

pytestmark = pytest.mark.lab("fs")


def names(ls_output):
    """File names from ls output: the first word of each line that has one, or
    every word when ls prints several names per line."""
    out = []
    for line in ls_output.split("\n"):
        out.extend(w for w in re.split(r"\s+", line.strip()) if w)
    return out


@pytest.mark.points(3)
def test_create_read(sh):
    sh.run("echo hello file > a.txt")
    assert sh.run("cat a.txt") == "hello file\n"
    sh.run("echo second > b.txt")
    assert sh.run("cat a.txt b.txt") == "hello file\nsecond\n"


@pytest.mark.points(3)
def test_append(sh):
    sh.run("echo 1 > ap")
    for i in range(2, 6):
        sh.run("echo %d >> ap" % i)
    assert sh.run("cat ap") == "1\n2\n3\n4\n5\n"


@pytest.mark.points(3)
def test_ls_mkdir(sh):
    sh.run("mkdir d1")
    sh.run("mkdir d1/d2")
    sh.run("echo x > d1/f1")
    sh.run("echo y > d1/d2/f2")
    listing = names(sh.run("ls d1"))
    assert "f1" in listing and "d2" in listing, "ls d1: %r" % listing
    assert "f2" in names(sh.run("ls d1/d2"))
    assert sh.run("cat d1/d2/f2") == "y\n"
    out, st = sh.run_status("mkdir d1")
    assert st not in (0, None), "mkdir of an existing directory: $? = %r" % st


@pytest.mark.points(3)
def test_rm(sh):
    sh.run("echo gone > victim")
    assert "victim" in names(sh.run("ls"))
    out, st = sh.run_status("rm victim")
    assert st == 0, "rm: %r status %r" % (out, st)
    assert "victim" not in names(sh.run("ls"))
    out, st = sh.run_status("cat victim")
    assert st not in (0, None), "cat of a removed file succeeded: %r" % out


@pytest.mark.points(3)
def test_ln(sh):
    sh.run("echo linked data > orig")
    sh.run("ln orig alias")
    assert sh.run("cat alias") == "linked data\n"
    sh.run("echo more >> alias")
    assert sh.run("cat orig") == "linked data\nmore\n", "a hard link must share the data"
    sh.run("rm orig")
    assert sh.run("cat alias") == "linked data\nmore\n", "data must live while a link remains"


@pytest.mark.points(3)
def test_ls_bin(sh):
    listing = names(sh.run("ls /bin"))
    for p in "init sh cat echo grep wc ls mkdir rm ln kill sleep ps poweroff".split():
        assert p in listing, "/bin/%s missing from ls /bin: %r" % (p, listing)


@pytest.mark.points(3)
def test_big_file(sh):
    """A copy of a large program reads back the same (indirect blocks)."""
    want = sh.run("cat /bin/sh | wc")
    sh.run("cat /bin/sh > big")
    sh.run("cat big > big2")
    assert sh.run("cat big2 | wc") == want
    nums = [int(x) for x in re.findall(r"\d+", want)]
    assert nums and max(nums) > 10000, "wc of /bin/sh: %r" % want


@pytest.mark.qemu_only("reboots the machine")
@pytest.mark.points(3)
def test_persistence(new_machine):
    m1 = new_machine()
    m1.console.run("mkdir keep; echo survives reboot > keep/f")
    m1.console.send_line("poweroff")
    assert m1.console.wait_exit(30) == 0
    m2 = new_machine(fs_img=m1.fs_img)
    assert m2.console.run("cat keep/f") == "survives reboot\n"
