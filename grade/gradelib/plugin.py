"""pytest plugin for the autograder: options, fixtures, labs and points, reports.

Loaded by grade/conftest.py, and with `-p gradelib.plugin` for tests kept
outside the tree (EXTRA_TESTS).  Tests that carry no lab (for example the host
unit tests in grade/host/) are left alone: no fixtures forced on them, not
counted in the score.
"""

import json
import os
import re
import time

import pytest

from . import console as con
from . import machine as mach

# Platform labs first, then the course labs in course order (docs/labs/README.md).
LAB_ORDER = ["boot", "shell", "fs", "boards", "robust", "abi",
             "unix", "syscall", "cow", "lazy", "uthread", "clone", "sched", "smp", "signals", "locks"]
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
DEFAULT_TEST_TIMEOUT = 300      # seconds, before GRADE_TIMEOUT_SCALE; pytest-timeout backstop


def _env(name, default=None):
    v = os.environ.get(name)
    return v if v not in (None, "") else default


def pytest_addoption(parser):
    g = parser.getgroup("grade", "autograder")
    g.addoption("--lab", default=_env("LAB"), help="run only this lab (comma-separated list allowed)")
    g.addoption("--results", default=_env("RESULTS"), help="write Gradescope results.json here")
    g.addoption("--cpus", type=int, default=int(_env("GRADE_CPUS", "4")), help="harts for QEMU (default 4)")
    g.addoption("--mem", default=_env("GRADE_MEM", "256M"), help="QEMU memory (default 256M)")
    g.addoption("--board-port", default=_env("BOARD_PORT"),
                help="serial port of an already-booted board: run on it instead of QEMU")
    g.addoption("--board-baud", type=int, default=int(_env("BOARD_BAUD", "115200")))
    g.addoption("--extra-uprogs", default=_env("EXTRA_UPROGS", ""),
                help="extra C programs to build into /bin (space-separated paths)")
    g.addoption("--extra-tests", default=_env("EXTRA_TESTS"),
                help="directory of instructor tests from outside the tree")
    g.addoption("--extra-visibility", default=_env("EXTRA_VISIBILITY", "after_published"),
                choices=VISIBILITIES, help="Gradescope visibility of EXTRA_TESTS (default after_published)")
    g.addoption("--no-build", action="store_true", default=bool(_env("GRADE_NO_BUILD")),
                help="do not run make before booting")
    g.addoption("--machine-cmd", default=_env("GRADE_MACHINE_CMD"),
                help="run this command instead of QEMU (the grader's self-tests use a stand-in)")
    g.addoption("--qemu", default=_env("QEMU", "qemu-system-riscv64"))
    g.addoption("--kernel-image", default=_env("GRADE_KERNEL"), help="kernel image (default build/Image)")
    g.addoption("--fs-img", default=_env("GRADE_FS_IMG_SRC"), help="file system image (default build/fs.img)")


def pytest_configure(config):
    for m in ("points(n): points this test is worth",
              "lab(name): the lab this test belongs to (default: its directory under labs/)",
              "visibility(v): Gradescope visibility: visible, hidden, after_due_date, after_published",
              "hidden: shorthand for visibility('after_published')",
              "part(name): the part of its lab this test grades (shown with a subtotal per part)",
              "qemu_only(reason): needs QEMU (fresh boot, options, gdb): skipped in board mode"):
        config.addinivalue_line("markers", m)
    if config.getoption("board_port") and (getattr(config.option, "numprocesses", None) or 0):
        raise pytest.UsageError("board mode uses one console: run it without -n")
    config._grade = GradeState(config)
    config.pluginmanager.register(config._grade, "grade-state")


# ---- collection: labs, points, visibility, timeouts -----------------------------

def _lab_of(item, extra_dir):
    m = item.get_closest_marker("lab")
    if m and m.args:
        return m.args[0]
    path = str(item.path)
    parts = path.split(os.sep)
    if "labs" in parts:
        i = parts.index("labs")
        if i + 2 < len(parts):
            return parts[i + 1]
    if extra_dir and path.startswith(os.path.abspath(extra_dir) + os.sep):
        rel = os.path.relpath(os.path.dirname(path), os.path.abspath(extra_dir))
        return os.path.basename(os.path.abspath(extra_dir)) if rel == "." else rel.split(os.sep)[0]
    if item.get_closest_marker("points"):
        return "misc"
    return None


def pytest_collection_modifyitems(session, config, items):
    extra = config.getoption("extra_tests")
    extra_vis = config.getoption("extra_visibility")
    labs = config.getoption("lab")
    want = set(l.strip() for l in labs.split(",")) if labs else None
    board = config.getoption("board_port")
    keep, drop = [], []
    for item in items:
        lab = _lab_of(item, extra)
        if want is not None and lab not in want:
            drop.append(item)
            continue
        keep.append(item)
        # Scale (or set) the pytest-timeout backstop.
        tm = item.get_closest_marker("timeout")
        base = tm.args[0] if tm and tm.args else tm.kwargs.get("timeout", DEFAULT_TEST_TIMEOUT) if tm else DEFAULT_TEST_TIMEOUT
        item.add_marker(pytest.mark.timeout(float(base) * con.scale()), append=False)
        if lab is None:
            continue
        pm = item.get_closest_marker("points")
        points = pm.args[0] if pm and pm.args else 1
        vis = "visible"
        if extra and str(item.path).startswith(os.path.abspath(extra) + os.sep):
            vis = extra_vis
        if item.get_closest_marker("hidden"):
            vis = "after_published"
        vm = item.get_closest_marker("visibility")
        if vm and vm.args:
            vis = vm.args[0]
        item.user_properties.append(("grade_lab", lab))
        item.user_properties.append(("grade_points", points))
        item.user_properties.append(("grade_visibility", vis))
        part = item.get_closest_marker("part")
        item.user_properties.append(("grade_part", part.args[0] if part and part.args else ""))
        if board:
            q = item.get_closest_marker("qemu_only")
            if q:
                reason = q.args[0] if q.args else "needs QEMU"
                item.add_marker(pytest.mark.skip(reason="board mode: " + reason))
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# ---- failure details: reason + console tail ---------------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed:
        return
    consoles = getattr(item, "_grade_consoles", [])
    if call.excinfo is not None:
        exc = call.excinfo.value
        if isinstance(exc, con.ConsoleError):
            reason = str(exc)
        else:
            reason = call.excinfo.exconly()
            if len(reason) > 4000:
                reason = reason[:4000] + "..."
            for c in consoles:
                reason += "\n---- console tail (%s) ----\n%s\n---- end of console ----" % (c.name, c.tail())
    else:
        reason = str(rep.longrepr)
    logs = [c.logpath for c in consoles if getattr(c, "logpath", None)]
    if logs:
        reason += "\nfull console log: " + ", ".join(os.path.relpath(p, mach.ROOT) for p in logs)
    rep.user_properties.append(("grade_output", "[%s] %s" % (rep.when, reason)))
    if consoles and not isinstance(getattr(call.excinfo, "value", None), con.ConsoleError):
        for c in consoles:
            rep.sections.append(("console tail (%s)" % c.name, c.tail()))


# ---- fixtures -----------------------------------------------------------------

class BoardSession:
    def __init__(self, config):
        self.config = config
        self.console = None

    def get(self):
        if self.console is None:
            logdir = os.path.join(mach.BUILD, "grade", "logs")
            os.makedirs(logdir, exist_ok=True)
            self.console = con.SerialConsole(self.config.getoption("board_port"),
                                             self.config.getoption("board_baud"),
                                             logpath=os.path.join(logdir, "board.log"))
            self.console.attach()
        return self.console


@pytest.fixture(scope="session")
def board_session(pytestconfig):
    b = BoardSession(pytestconfig)
    yield b
    if b.console is not None:
        b.console.close()


@pytest.fixture
def board_mode(pytestconfig):
    """True when the tests run on a board over a serial port."""
    return bool(pytestconfig.getoption("board_port"))


@pytest.fixture
def new_machine(request, pytestconfig, tmp_path):
    """Factory: new_machine(cpus=None, mem=None, extra_args=(), gdb=False,
    serial_pty=False, boot=True) starts a fresh QEMU with its own fs.img copy and
    (by default) waits for the shell prompt.  Every machine is killed at teardown.
    In board mode a test using it is skipped."""
    cfg = pytestconfig
    if cfg.getoption("board_port"):
        pytest.skip("board mode: needs a fresh boot in QEMU")
    machines = []
    request.node._grade_consoles = getattr(request.node, "_grade_consoles", [])

    def factory(cpus=None, mem=None, extra_args=(), gdb=False, serial_pty=False, boot=True,
                boot_timeout=60, env=None, fs_img=None, kernel=None):
        mcmd = cfg.getoption("machine_cmd")
        if not mcmd and not cfg.getoption("no_build"):
            mach.build(cfg.getoption("extra_uprogs").split())
        n = len(machines)
        m = mach.Machine(str(tmp_path / ("m%d" % n)), name=mach.machine_name(request, cfg, n),
                         cpus=cpus or cfg.getoption("cpus"), mem=mem or cfg.getoption("mem"),
                         qemu=cfg.getoption("qemu"), kernel=kernel or cfg.getoption("kernel_image"),
                         fs_img=fs_img or cfg.getoption("fs_img"), extra_args=extra_args, gdb=gdb,
                         serial_pty=serial_pty, machine_cmd=mcmd, env=env)
        machines.append(m)
        if not serial_pty:
            request.node._grade_consoles.append(m.console)
        if boot and not gdb and not serial_pty:
            m.boot(boot_timeout)
        return m

    yield factory
    try:
        mach.shut_down([m.console for m in machines])
    finally:
        for m in machines:
            m.close()                  # also removes its fs.img copy


@pytest.fixture
def sh(request, pytestconfig, board_session, new_machine_or_none):
    """A console at the shell prompt: a freshly booted QEMU, or the board."""
    if pytestconfig.getoption("board_port"):
        c = board_session.get()
        request.node._grade_consoles = [c]
        c.sync()
        # The board's file system persists across tests: give each test its own
        # fresh directory.
        d = "/grade-%d-%d" % (os.getpid() % 10000, int(time.time() * 1000) % 100000000)
        c.run("mkdir %s" % d)
        c.run("cd %s" % d)
        yield c
        c.check_alive()
        return
    m = new_machine_or_none()
    yield m.console


@pytest.fixture
def new_machine_or_none(request, pytestconfig):
    if pytestconfig.getoption("board_port"):
        return None
    return request.getfixturevalue("new_machine")


# ---- results: per-test lines, lab subtotals, Score, Gradescope JSON ------------

class GradeState:
    def __init__(self, config):
        self.config = config
        self.results = {}          # nodeid -> dict
        self.start = time.time()

    def pytest_runtest_logreport(self, report):
        props = dict(report.user_properties)
        if "grade_lab" not in props:
            return
        r = self.results.setdefault(report.nodeid, {
            "lab": props["grade_lab"], "points": props["grade_points"],
            "visibility": props["grade_visibility"], "part": props.get("grade_part", ""),
            "outcome": "passed", "output": [],
            "duration": 0.0})
        r["duration"] += getattr(report, "duration", 0.0) or 0.0
        if report.failed:
            r["outcome"] = "failed"
            r["output"].append(props.get("grade_output") or str(report.longrepr))
        elif report.skipped and r["outcome"] == "passed":
            r["outcome"] = "skipped"
            lr = report.longrepr
            r["output"].append("skipped: " + (lr[2] if isinstance(lr, tuple) else str(lr)))

    def totals(self):
        labs = {}
        for nodeid, r in self.results.items():
            t = labs.setdefault(r["lab"], [0, 0, []])
            t[2].append(nodeid)
            if r["outcome"] == "skipped":
                continue
            t[1] += r["points"]
            if r["outcome"] == "passed":
                t[0] += r["points"]
        return labs

    def score(self):
        labs = self.totals()
        return sum(v[0] for v in labs.values()), sum(v[1] for v in labs.values())

    @staticmethod
    def _lab_key(lab):
        return (LAB_ORDER.index(lab), lab) if lab in LAB_ORDER else (len(LAB_ORDER), lab)

    @staticmethod
    def test_name(nodeid, lab):
        return "%s: %s" % (lab, nodeid.split("::", 1)[-1])

    def pytest_terminal_summary(self, terminalreporter):
        if hasattr(self.config, "workerinput") or not self.results:
            return
        tr = terminalreporter
        tr.section("grade")
        labs = self.totals()
        for lab in sorted(labs, key=self._lab_key):
            got, mx, ids = labs[lab]
            tr.write_line("%s" % lab, bold=True)
            for nodeid in sorted(ids):
                r = self.results[nodeid]
                name = nodeid.split("::", 1)[-1]
                if r["outcome"] == "skipped":
                    mark, pts = "SKIP", "  -/%d" % r["points"]
                else:
                    mark = "PASS" if r["outcome"] == "passed" else "FAIL"
                    pts = "%3d/%d" % (r["points"] if r["outcome"] == "passed" else 0, r["points"])
                dots = "." * max(2, 60 - len(name))
                line = "  %s %s %s %s  (%.1fs)" % (name, dots, mark, pts, r["duration"])
                tr.write_line(line, green=mark == "PASS", red=mark == "FAIL", yellow=mark == "SKIP")
                if r["outcome"] == "skipped":
                    tr.write_line("      " + r["output"][0] if r["output"] else "")
                elif r["outcome"] == "failed" and r["output"]:
                    first = r["output"][0].split("\n", 1)[0]
                    tr.write_line("      " + first[:200], red=True)
            self.write_parts(tr, ids)
            tr.write_line("  %s subtotal: %d/%d" % (lab, got, mx), bold=True)
        got, mx = self.score()
        tr.write_line("")
        tr.write_line("Score: %d/%d" % (got, mx), bold=True, green=got == mx, red=got < mx)

    def write_parts(self, tr, ids):
        """One line per part of a lab (tests marked with part()): done or what is missing."""
        parts = {}
        for nodeid in ids:
            r = self.results[nodeid]
            if r["part"] and r["outcome"] != "skipped":
                p = parts.setdefault(r["part"], [0, 0])
                p[1] += r["points"]
                p[0] += r["points"] if r["outcome"] == "passed" else 0
        for name in sorted(parts):
            got, mx = parts[name]
            state = "done" if got == mx else "not done yet" if got == 0 else "partly done"
            tr.write_line("  part %-20s %3d/%d  %s" % (name, got, mx, state),
                          green=got == mx, red=got < mx)

    def pytest_sessionfinish(self, session, exitstatus):
        if hasattr(self.config, "workerinput"):
            return
        got, mx = self.score()
        if self.results and got < mx and session.exitstatus == 0:
            session.exitstatus = 1
        path = self.config.getoption("results")
        if path:
            self.write_gradescope(path, got, mx)

    def write_gradescope(self, path, got, mx):
        tests = []
        labs = self.totals()
        for lab in sorted(labs, key=self._lab_key):
            for nodeid in sorted(labs[lab][2]):
                r = self.results[nodeid]
                t = {"name": self.test_name(nodeid, lab),
                     "score": r["points"] if r["outcome"] == "passed" else 0,
                     "max_score": r["points"] if r["outcome"] != "skipped" else 0,
                     "status": "passed" if r["outcome"] != "failed" else "failed",
                     "output": "\n".join(r["output"]) if r["output"] else r["outcome"],
                     "visibility": r["visibility"],
                     "tags": [lab] + ([r["part"]] if r["part"] else [])}
                tests.append(t)
        board = self.config.getoption("board_port")
        doc = {"score": got, "max_score": mx,
               "execution_time": round(time.time() - self.start, 1),
               "visibility": "visible", "stdout_visibility": "visible",
               "output": "Score: %d/%d%s" % (got, mx, " (board %s)" % board if board else ""),
               "tests": tests}
        d = os.path.dirname(os.path.abspath(path))
        os.makedirs(d, exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(doc, f, indent=2)
        os.replace(tmp, path)
