"""kernel/lib/mem.c (memset/memcpy/memmove moving words, used by the kernel and the user library)
against byte loops on the host: every alignment, lengths up to three pages, overlapping moves."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_word_routines_match_byte_loops(tmp_path):
    exe = tmp_path / "mem_check"
    subprocess.run(["cc", "-O2", "-Wall", "-Werror", "-fsanitize=address,undefined", "-fno-sanitize-recover",
                    "-I", os.path.join(ROOT, "kernel"), "-o", str(exe),
                    os.path.join(ROOT, "grade", "host", "mem_check.c")], check=True)
    r = subprocess.run([str(exe)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "agree with the byte loops" in r.stdout
