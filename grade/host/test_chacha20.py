"""kernel/lib/chacha20.c (the kernel's random generator) against the RFC 8439 test vector."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# RFC 8439, 2.3.2: the serialized block.
EXPECTED = ("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e")


def test_block_function_matches_rfc8439(tmp_path):
    exe = tmp_path / "chacha20_check"
    subprocess.run(["cc", "-O2", "-Wall", "-Werror", "-I", os.path.join(ROOT, "kernel"), "-o", str(exe),
                    os.path.join(ROOT, "grade", "host", "chacha20_check.c"),
                    os.path.join(ROOT, "kernel", "lib", "chacha20.c")], check=True)
    assert subprocess.run([str(exe)], capture_output=True, text=True).stdout.strip() == EXPECTED
