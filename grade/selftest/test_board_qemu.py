"""Board mode against the real OS: QEMU's `-serial pty` stands in for a USB
serial adapter, and the grader runs the labs over it as it would on a board."""

import json
import os
import subprocess
import sys

from gradelib.console import SerialConsole

HERE = os.path.dirname(os.path.abspath(__file__))
GRADE = os.path.dirname(HERE)
ROOT = os.path.dirname(GRADE)


def test_board_mode_against_qemu_serial_pty(new_machine, tmp_path, pytestconfig):
    if pytestconfig.getoption("machine_cmd"):
        import pytest
        pytest.skip("needs the real OS in QEMU")
    m = new_machine(serial_pty=True)
    c = SerialConsole(m.serial_pty, char_delay=0, name="pty")
    try:
        c.attach(timeout=90)             # booted and at the prompt
    finally:
        c.close()
    results = tmp_path / "results.json"
    env = dict(os.environ, PYTHONPATH=GRADE)
    for k in ("LAB", "RESULTS", "BOARD_PORT", "PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS"):
        env.pop(k, None)
    cmd = [sys.executable, "-m", "pytest", "-c", os.path.join(GRADE, "pytest.ini"), "--rootdir", GRADE,
           "-p", "gradelib.plugin", "-q", os.path.join(GRADE, "labs", "shell"), os.path.join(GRADE, "labs", "fs"),
           os.path.join(GRADE, "labs", "boot"), "--board-port", m.serial_pty, "--results", str(results)]
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=900)
    doc = json.load(open(results))
    tests = {t["name"]: t for t in doc["tests"]}
    assert p.returncode == 0, p.stdout[-6000:]
    # QEMU-only tests are skipped with a reason and not counted.
    for name in ("boot: test_poweroff[1]", "boot: test_gdb_breakpoint_on_getpid", "fs: test_persistence"):
        assert tests[name]["max_score"] == 0 and "board mode" in tests[name]["output"], tests[name]
    # The rest ran on the "board" and passed.
    for name in ("shell: test_pipes", "fs: test_ln", "boot: test_bad_pointers_efault"):
        assert tests[name]["status"] == "passed" and tests[name]["score"] > 0, tests[name]
    assert doc["score"] == doc["max_score"] > 0
    # The machine is still alive after the whole session.
    assert m.console.child.isalive()
