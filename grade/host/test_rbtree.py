"""Host unit tests of the kernel's red-black tree (kernel/lib/rbtree.c), the
ordered run queue of the fair scheduler.

grade/host/rbtree_check.c is compiled with the host cc together with the
kernel file and drives random inserts and erases, checking the red-black
invariants, the parent links and the in-order walk after every step.

Run: /usr/bin/python3 -m pytest grade/host/test_rbtree.py
"""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build" / "host"
SOURCES = ["grade/host/rbtree_check.c", "kernel/lib/rbtree.c"]


def compile_check(name, extra=()):
    BUILD.mkdir(parents=True, exist_ok=True)
    out = BUILD / name
    tmp = BUILD / f"{name}.{os.getpid()}.tmp"
    cmd = ["cc", "-Wall", "-Werror", "-O1", "-g", "-std=gnu11", "-Ikernel", *extra, *SOURCES, "-o", str(tmp)]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, f"{' '.join(cmd)}\n{r.stderr}"
    os.replace(tmp, out)
    return out


@pytest.fixture(scope="session")
def rbcheck():
    try:
        return compile_check("rbtree_check_asan", ["-fsanitize=address,undefined", "-fno-sanitize-recover=all"])
    except AssertionError:
        return compile_check("rbtree_check")


@pytest.mark.parametrize("size,steps,seed", [(1, 100, 1), (2, 1000, 2), (7, 5000, 3), (64, 20000, 4),
                                             (1000, 40000, 5), (5000, 60000, 6)])
def test_random_insert_erase(rbcheck, size, steps, seed):
    r = subprocess.run([str(rbcheck), str(size), str(steps), str(seed)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("ok"), r.stdout + r.stderr
