"""The kernel's layer rule (scripts/check-layers, docs/design.md Layers): lib/ and arch/ include
nothing from above them, sched/ nothing of proc/ but struct task."""
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "scripts", "check-layers")


def check(kernel):
    return subprocess.run([sys.executable, TOOL, kernel], capture_output=True, text=True)


def test_kernel_layers_are_clean():
    r = check(os.path.join(ROOT, "kernel"))
    assert r.returncode == 0, r.stdout + r.stderr


def test_an_include_from_above_is_named(tmp_path):
    kernel = tmp_path / "kernel"
    shutil.copytree(os.path.join(ROOT, "kernel"), kernel)
    with open(kernel / "lib" / "spinlock.c", "a") as f:
        f.write('#include "sched/sched.h"\n')
    with open(kernel / "arch" / "trap.c", "a") as f:
        f.write('#include "proc/task.h"\n')
    r = check(str(kernel))
    assert r.returncode == 1
    assert "lib/spinlock.c:" in r.stdout and "sched/sched.h" in r.stdout, r.stdout
    assert "arch/trap.c:" in r.stdout and "proc/task.h" in r.stdout, r.stdout
