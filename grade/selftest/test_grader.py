"""Self-tests of the grader's machinery, run against the fake OS stand-in
(selftest/fakeos.py) so that they do not depend on the kernel: a correct
"OS" gets full marks, a broken program or a panicking kernel loses points with
the console tail in the output, a panic is reported within seconds, and the
results files are well formed."""

import json
import os
import pty
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
GRADE = os.path.dirname(HERE)
ROOT = os.path.dirname(GRADE)
SAMPLE = os.path.join(HERE, "samples", "sample_grading.py")
FAKE = "%s %s" % (sys.executable, os.path.join(HERE, "fakeos.py"))

# The sample lab's points: demo = echo 2 + status 3 + hidden 1 + fresh boot 1; demo2 = 4.
FULL = 11


def run_grader(tmp_path, *args, mode="", env=None, machine=FAKE, paths=(SAMPLE,)):
    results = tmp_path / "results.json"
    junit = tmp_path / "junit.xml"
    e = dict(os.environ)
    e["PYTHONPATH"] = GRADE
    e["FAKEOS_MODE"] = mode
    for k in ("LAB", "RESULTS", "BOARD_PORT", "EXTRA_UPROGS", "EXTRA_TESTS", "PYTEST_XDIST_WORKER",
              "PYTEST_ADDOPTS"):
        e.pop(k, None)
    e.update(env or {})
    cmd = [sys.executable, "-m", "pytest", "-c", os.path.join(GRADE, "pytest.ini"), "--rootdir", GRADE,
           "-p", "gradelib.plugin", "-q", *paths, "--results", str(results), "--junitxml", str(junit),
           "--no-build", *args]
    if machine:
        cmd += ["--machine-cmd", machine]
    t = time.time()
    p = subprocess.run(cmd, cwd=ROOT, env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=300)
    p.elapsed = time.time() - t
    p.results = json.load(open(results)) if results.exists() else None
    p.junit = junit
    return p


def by_name(results):
    return {t["name"]: t for t in results["tests"]}


def check_gradescope(doc):
    """The fields Gradescope documents for results.json."""
    assert isinstance(doc["score"], (int, float))
    assert doc["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
    assert isinstance(doc["tests"], list) and doc["tests"]
    for t in doc["tests"]:
        assert set(("name", "score", "max_score", "output", "visibility")) <= set(t)
        assert isinstance(t["name"], str) and isinstance(t["output"], str)
        assert 0 <= t["score"] <= t["max_score"]
        assert t["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
        assert t.get("status", "passed") in ("passed", "failed")
    assert doc["score"] == sum(t["score"] for t in doc["tests"])


def test_full_score_parallel(tmp_path):
    p = run_grader(tmp_path, "-n", "2")
    assert p.returncode == 0, p.stdout
    assert "Score: %d/%d" % (FULL, FULL) in p.stdout, p.stdout
    assert re.search(r"demo subtotal: 7/7", p.stdout) and "demo2 subtotal: 4/4" in p.stdout, p.stdout
    assert re.search(r"test_echo \.+ PASS +2/2", p.stdout), p.stdout
    doc = p.results
    check_gradescope(doc)
    assert doc["score"] == FULL and doc["max_score"] == FULL
    t = by_name(doc)
    assert t["demo: test_hidden"]["visibility"] == "after_published"
    assert t["demo: test_echo"]["visibility"] == "visible"
    assert t["demo2: test_other_lab"]["max_score"] == 4
    # JUnit XML: one testcase per test, no failures.
    root = ET.parse(p.junit).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    assert int(suite.get("failures")) == 0 and int(suite.get("errors")) == 0
    assert len(suite.findall("testcase")) == 6


def test_broken_program_loses_points(tmp_path):
    p = run_grader(tmp_path, "-n", "2", mode="break=hello")
    assert p.returncode != 0
    assert "Score: %d/%d" % (FULL - 2, FULL) in p.stdout, p.stdout
    t = by_name(p.results)
    assert t["demo: test_echo"]["score"] == 0 and t["demo: test_echo"]["status"] == "failed"
    out = t["demo: test_echo"]["output"]
    assert "console tail" in out and "helln" in out, out
    assert "assert" in out, out
    assert t["demo: test_hidden"]["score"] == 1


def test_panic_fails_fast(tmp_path):
    p = run_grader(tmp_path, "-k", "test_echo", mode="panic-on=hello")
    assert p.returncode != 0
    assert "Score: 0/2" in p.stdout, p.stdout
    out = by_name(p.results)["demo: test_echo"]["output"]
    assert "kernel panic" in out and "panic: fake panic" in out and "backtrace" in out, out
    assert p.elapsed < 20, "a panic must be reported at once, took %.1f s" % p.elapsed


def test_panic_at_boot(tmp_path):
    p = run_grader(tmp_path, "-n", "2", mode="panic-boot")
    assert p.returncode != 0
    assert "Score: 0/%d" % FULL in p.stdout, p.stdout
    for t in p.results["tests"]:
        if t["max_score"]:
            assert "panic: fake boot failure" in t["output"], t
    assert p.elapsed < 60, p.elapsed


def test_machine_exit_is_reported(tmp_path):
    """The machine going away (here: QEMU replaced by a process that exits) fails at once."""
    p = run_grader(tmp_path, "-k", "test_echo", machine="/bin/sh -c 'echo early exit; exit 7'")
    assert p.returncode != 0
    out = by_name(p.results)["demo: test_echo"]["output"]
    assert "exited (status 7)" in out and "early exit" in out, out
    assert p.elapsed < 20


def test_lab_selection(tmp_path):
    p = run_grader(tmp_path, "--lab", "demo2")
    assert p.returncode == 0, p.stdout
    assert "Score: 4/4" in p.stdout, p.stdout
    assert [t["name"] for t in p.results["tests"]] == ["demo2: test_other_lab"]


def test_pytest_timeout_backstop_still_writes_results(tmp_path):
    p = run_grader(tmp_path, "-k", "test_backstop or test_echo", env={"SAMPLE_BACKSTOP": "1"})
    assert p.returncode != 0
    t = by_name(p.results)
    assert t["demo: test_backstop"]["status"] == "failed"
    assert "Timeout" in t["demo: test_backstop"]["output"], t["demo: test_backstop"]["output"]
    assert t["demo: test_echo"]["status"] == "passed"
    assert "Score: 2/3" in p.stdout, p.stdout


def test_extra_tests_hidden_by_default(tmp_path):
    extra = tmp_path / "instructor"
    extra.mkdir()
    (extra / "test_secret.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.points(5)\n"
        "def test_secret(sh):\n"
        "    assert sh.run('echo 42') == '42\\n'\n")
    p = run_grader(tmp_path, "--extra-tests", str(extra), "--lab", "instructor,demo2",
                   paths=(SAMPLE, str(extra)))
    assert p.returncode == 0, p.stdout
    t = by_name(p.results)
    assert t["instructor: test_secret"]["visibility"] == "after_published"
    assert t["instructor: test_secret"]["score"] == 5
    assert "Score: 9/9" in p.stdout, p.stdout


def test_board_mode_on_a_pty(tmp_path):
    """Board mode over a serial port: the fake OS holds the master of a pty, the
    grader opens the slave as its serial port; QEMU-only tests are skipped."""
    master, slave = pty.openpty()
    port = os.ttyname(slave)
    fake = subprocess.Popen([sys.executable, os.path.join(HERE, "fakeos.py"), "fd:%d" % master],
                            pass_fds=(master,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            cwd=str(tmp_path))
    try:
        p = run_grader(tmp_path, "--board-port", port, machine=None)
    finally:
        fake.kill()
        fake.wait()
        os.close(master)
        os.close(slave)
    assert p.returncode == 0, p.stdout
    t = by_name(p.results)
    assert t["demo: test_fresh_boot"]["max_score"] == 0 and "board mode" in t["demo: test_fresh_boot"]["output"]
    assert "Score: %d/%d" % (FULL - 1, FULL - 1) in p.stdout, p.stdout
    assert "board" in p.results["output"]


def test_board_mode_refuses_parallel(tmp_path):
    p = run_grader(tmp_path, "--board-port", "/dev/null", "-n", "2", machine=None)
    assert p.returncode != 0 and "without -n" in p.stdout, p.stdout
