"""Lab robust: resource exhaustion stays contained (issue 14).  A fork bomb, a
memory hog, full descriptor tables, endless recursion, a full disk and a disk
out of inodes: the offender gets an error or is killed, a program started
meanwhile runs to its end, the shell still answers, and afterwards tasks,
memory, disk blocks and inodes are all back.  grade/progs/t_exhaust.c does the
work and the leak checks inside the machine; these tests add what only the
outside sees (the console, the shell, the disk image after power-off)."""

import os
import re
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "host"))
from fsimage import C, Image, fsck, fsck_dirs  # noqa: E402

pytestmark = pytest.mark.lab("robust")

HARTS = [1, 4]
MEM = "128M"        # fills quickly; the task table follows memory (512 tasks)


def run_mode(sh, mode, timeout=300):
    out = sh.run("t_exhaust %s" % mode, timeout=timeout)
    assert "t_exhaust: %s done, 0 failures" % mode in out, out
    return out


def only_the_shell_left(sh):
    """The shell answers, and nothing the test started is still there."""
    assert sh.run("echo still here") == "still here\n"
    names = [l.split()[-1] for l in sh.run("ps").splitlines()[1:] if l.strip()]
    assert sorted(names) == ["init", "ps", "sh"], "tasks left behind:\n" + "\n".join(names)


@pytest.mark.qemu_only("fills the task table of a fresh machine")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
@pytest.mark.part("exhaustion")
def test_fork_bomb(new_machine, cpus):
    # Under RLIMIT_NPROC, then filling the task table: EAGAIN, others still
    # run (under the limit), kill(-pgid) frees every task and page.  Forks
    # racing for the last place once passed the limit together.
    sh = new_machine(cpus=cpus, mem=MEM).console
    run_mode(sh, "forkbomb")
    only_the_shell_left(sh)


@pytest.mark.qemu_only("fills the memory of a fresh machine")
@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(3)
@pytest.mark.part("exhaustion")
def test_memory_hog(new_machine, cpus):
    # A hog holding all memory used to outlive the bystander whose page
    # fault found no page: the kernel killed whoever faulted.  Now the
    # biggest process goes.
    sh = new_machine(cpus=cpus, mem=MEM).console
    out = run_mode(sh, "memhog")
    killed = re.findall(r"out of memory: killed process \d+ \((\S+)\)", out)
    assert killed and set(killed) == {"t_exhaust"}, "the OOM killer chose: %s\n%s" % (killed, out)
    only_the_shell_left(sh)


@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(2)
@pytest.mark.part("exhaustion")
def test_descriptor_exhaustion(new_machine, cpus):
    sh = new_machine(cpus=cpus, mem=MEM).console
    run_mode(sh, "files")
    only_the_shell_left(sh)


@pytest.mark.parametrize("cpus", HARTS)
@pytest.mark.points(2)
@pytest.mark.part("exhaustion")
def test_stack_overflow(new_machine, cpus):
    sh = new_machine(cpus=cpus, mem=MEM).console
    run_mode(sh, "stack")
    only_the_shell_left(sh)


def used(image):
    """(allocated blocks, allocated inodes) of an image."""
    blocks = sum(image.bitmap_bit(b) for b in range(image.size))
    inodes = sum(1 for i in range(1, image.ninodes) if image.inode(i)["type"] != 0)
    return blocks, inodes


@pytest.mark.qemu_only("powers off and checks the disk image")
@pytest.mark.parametrize("mode", ["disk", "inodes"])
@pytest.mark.points(3)
@pytest.mark.part("exhaustion")
def test_full_disk(new_machine, mode):
    # Write (or create) until ENOSPC, delete, fill again: the same fits.
    # After power-off the image is consistent and holds exactly what it did.
    m = new_machine()
    before = used(Image(m.fs_src))
    assert before[0] > 0 and before[1] > C["ROOTINO"]
    run_mode(m.console, mode)
    only_the_shell_left(m.console)
    m.console.send_line("poweroff")
    assert m.console.wait_exit(60) == 0
    image = Image(m.fs_img)
    assert fsck(image) + fsck_dirs(image) == []
    assert used(image) == before, "(blocks, inodes) in use: %s before, %s after" % (before, used(image))
