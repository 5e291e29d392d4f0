#!/usr/bin/python3
"""`make grade` runs this: build, then pytest over the labs with the grader plugin.

Usage: grade.py [--lab L] [--results F.json] [--junit F.xml] [--extra-tests DIR]
                [--extra-uprogs "a.c b.c"] [--board-port DEV] [--cpus N] [--jobs N|auto]
                [-- more pytest arguments]
Exit status: 0 when the score is full, non-zero otherwise (pytest's status).
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lab", default="")
    ap.add_argument("--results", default="")
    ap.add_argument("--junit", default="")
    ap.add_argument("--extra-tests", default="")
    ap.add_argument("--extra-uprogs", default="")
    ap.add_argument("--board-port", default="")
    ap.add_argument("--cpus", default="")
    ap.add_argument("--jobs", default="auto")
    ap.add_argument("pytest_args", nargs="*")
    a = ap.parse_args()

    extra_uprogs = a.extra_uprogs.split()
    for p in extra_uprogs:
        if not os.path.exists(p):
            sys.exit("grade: EXTRA_UPROGS: %s does not exist" % p)
    if a.extra_tests and not os.path.isdir(a.extra_tests):
        sys.exit("grade: EXTRA_TESTS: %s is not a directory" % a.extra_tests)

    if not a.board_port and not os.environ.get("GRADE_MACHINE_CMD"):
        from gradelib import machine
        try:
            machine.build(extra_uprogs)
        except machine.BuildError as e:
            print(e, file=sys.stderr)
            print("Score: 0 (the build failed)")
            if a.results:
                import json
                with open(a.results, "w") as f:
                    json.dump({"score": 0, "output": "The build failed; no test ran.\n" + str(e),
                               "visibility": "visible", "tests": []}, f, indent=2)
            return 2

    cmd = [sys.executable, "-m", "pytest", "-c", os.path.join(HERE, "pytest.ini"),
           "--rootdir", HERE, "-p", "gradelib.plugin", "-q", os.path.join(HERE, "labs")]
    if a.extra_tests:
        cmd += [os.path.abspath(a.extra_tests), "--extra-tests", os.path.abspath(a.extra_tests)]
    if a.lab:
        cmd += ["--lab", a.lab]
    if a.results:
        cmd += ["--results", os.path.abspath(a.results)]
    if a.junit:
        cmd += ["--junitxml", os.path.abspath(a.junit)]
    if a.extra_uprogs:
        cmd += ["--extra-uprogs", " ".join(os.path.abspath(p) for p in extra_uprogs)]
    if a.cpus:
        cmd += ["--cpus", a.cpus]
    if a.board_port:
        cmd += ["--board-port", a.board_port]
    elif a.jobs not in ("", "0", "1"):
        cmd += ["-n", a.jobs]
    cmd += a.pytest_args
    env = dict(os.environ)
    env["PYTHONPATH"] = HERE + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    # Each pytest worker would otherwise run make again (a no-op, but noisy).
    env["GRADE_NO_BUILD"] = "1"
    # pytest's own arguments were given: drop the same settings from the environment.
    for k in ("LAB", "RESULTS", "BOARD_PORT", "EXTRA_UPROGS", "EXTRA_TESTS"):
        env.pop(k, None)
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
