"""Lab fs: the page cache -- read(), write() and file mappings share pages.

MAP_SHARED stores are what read() returns and write()s show through a
mapping, MAP_PRIVATE stores stay out of the file, truncation makes a mapping
past the end of the file SIGBUS (all compared with Linux, with this OS's
library and with glibc); msync'd stores survive a power cut; mappings and
cached files give their memory back."""

import os
import shutil
import sys

import pytest

from gradelib.linux import compare
from labs.unix.proclib import free_kib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "host"))
from fsimage import Image, fsck  # noqa: E402

pytestmark = pytest.mark.lab("fs")

PATTERN = bytes(ord("A") + i % 26 for i in range(2 * 4096))


@pytest.mark.part("page cache")
@pytest.mark.points(4)
@pytest.mark.parametrize("prog", ["t_mmapfile", "t_mmapfile-glibc"])
def test_mmapfile_same_as_linux(sh, prog):
    out = compare(sh, prog, timeout=120)
    assert "read sees the store: through the map" in out, out
    assert "the map sees write(): by write()" in out, out
    assert "a page cut off: SIGBUS" in out and "done" in out, out


@pytest.mark.part("page cache")
@pytest.mark.points(2)
def test_msync_survives_power_cut(new_machine, tmp_path):
    # Stores through a shared mapping, msync(MS_SYNC), then the power goes
    # while the program still holds the mapping.
    m1 = new_machine()
    m1.console.send_line("t_mmapfile persist mapped.dat")
    m1.console.expect(r"t_mmapfile: msynced", timeout=60)
    m1.console.kill()                                   # the power cut
    cut = tmp_path / "cut.img"
    shutil.copyfile(m1.fs_img, cut)
    m2 = new_machine(fs_img=str(cut))
    out = m2.console.run("cat mapped.dat")
    assert out == PATTERN.decode(), "after the cut: %r" % out[:80]
    m2.console.send_line("poweroff")
    assert m2.console.wait_exit(30) == 0
    image = Image(m2.fs_img)
    assert fsck(image) == []
    assert image.read(image.lookup("mapped.dat")) == PATTERN


@pytest.mark.part("page cache")
@pytest.mark.points(2)
def test_write_read_coherent_with_cat(sh):
    # What write() put in the cache is what every reader and exec sees,
    # before any write-back.
    sh.run("cp /bin/echo ./echo2")
    assert sh.run("./echo2 copied and run") == "copied and run\n"
    sh.run("echo one > pc.f; echo two >> pc.f")
    assert sh.run("cat pc.f") == "one\ntwo\n"
    sh.run("rm echo2 pc.f")


@pytest.mark.part("page cache")
@pytest.mark.points(2)
def test_page_cache_no_leak(sh):
    """Mapping, unmapping, writing and deleting files gives every page back."""
    sh.run("t_mmapfile > /dev/null")                  # warm the caches
    sh.run("sync")
    before = free_kib(sh)
    for _ in range(3):
        sh.run("t_mmapfile > /dev/null")
    sh.run("cat /bin/sh > big.f; cat big.f > big2.f; rm big.f big2.f; sync")
    after = free_kib(sh)
    assert after >= before - 64, "leaked %d KiB" % (before - after)
