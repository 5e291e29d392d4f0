"""Lab unix: the programs students write with fork, exec, wait and pipes:
pipeline (user/pipeline.c), pstree (user/pstree.c) and xargs (user/xargs.c).
Each command gets a timeout of its own, so a program that hangs (a pipe end
left open) fails in seconds."""

import re

import pytest

from labs.unix.proclib import free_kib

pytestmark = pytest.mark.lab("unix")

T = 20          # seconds for one command


def no_zombies(console):
    """No process is left unreaped: ps shows no task in state Z."""
    out = console.run("ps", T)
    zombies = [l for l in out.splitlines()[1:] if l.split()[2:3] == ["Z"]]
    assert not zombies, "zombies left behind:\n" + out


def leak_check(console, cmdline, want, rounds=3, slack_kib=64):
    """Run cmdline once to warm up, then rounds times between two `free`
    readings: it prints want (whitespace aside) every time, and the free
    memory comes back."""
    def run():
        out = console.run(cmdline, T)
        assert out.split() == want.split(), "%s printed %r, expected %r" % (cmdline, out, want)
    run()
    before = free_kib(console)
    for _ in range(rounds):
        run()
    after = free_kib(console)
    assert after >= before - slack_kib, "%s leaked %d KiB (free %d KiB before, %d after)" % (
        cmdline, before - after, before, after)


# ---- pipeline ----

@pytest.mark.points(2)
@pytest.mark.part("pipeline")
def test_pipeline_two(sh):
    """Two commands: the first one's output is the second one's input."""
    out, status = sh.run_status("pipeline echo hello world -- cat", T)
    assert (out, status) == ("hello world\n", 0), "pipeline echo hello world -- cat: %r, status %s" % (out, status)
    out, status = sh.run_status("pipeline echo one two three -- wc -w", T)
    assert (out.split(), status) == (["3"], 0), "pipeline echo one two three -- wc -w: %r, status %s" % (out, status)


@pytest.mark.qemu_only("needs machines with 1 and 4 harts")
@pytest.mark.parametrize("cpus", [1, 4])
@pytest.mark.points(2)
@pytest.mark.part("pipeline")
def test_pipeline_long(new_machine, cpus):
    """Five commands, and more data than a pipe holds (/bin/sh): every
    byte arrives and every reader sees end-of-file (no pipe end left open),
    on one hart (the commands take turns) and on four."""
    sh = new_machine(cpus=cpus, mem="128M").console
    want = sh.run("wc -c < /bin/sh", T).split()[0]
    out, status = sh.run_status("pipeline cat /bin/sh -- cat -- cat -- cat -- wc -c", T)
    assert status == 0 and out.split()[:1] == [want], "pipeline cat /bin/sh -- cat x3 -- wc -c printed %r " \
        "(status %s), wc -c < /bin/sh says %s" % (out, status, want)
    out = sh.run("pipeline cat /README -- grep the -- wc -l", T)
    assert out.split() == sh.run("cat /README | grep the | wc -l", T).split(), "pipeline differs from the shell's |"


@pytest.mark.points(2)
@pytest.mark.part("pipeline")
def test_pipeline_status(sh):
    """The exit status is the last command's, 127 when it cannot be run."""
    for cmd, want in [("pipeline echo hello -- grep zzz", 1), ("pipeline echo hello -- grep hello", 0),
                      ("pipeline grep zzz /README -- echo ok", 0), ("pipeline echo x -- nosuchprogram", 127)]:
        _, status = sh.run_status(cmd, T)
        assert status == want, "%s: exit status %s, expected %d" % (cmd, status, want)


@pytest.mark.points(2)
@pytest.mark.part("pipeline")
def test_pipeline_reaps_and_frees(sh):
    """Every child is waited for (no zombies) and nothing leaks."""
    leak_check(sh, "pipeline echo a b c -- cat -- wc -w", "3")
    no_zombies(sh)


# ---- pstree ----

LINE = re.compile(r"^( *)(\S+)\((\d+)\) ([RSDTZ])(?: \[(\d+) threads\])?$")


def parse_tree(out):
    """pstree's lines as {pid: (name, state, parent pid or 0)}, checking the
    indentation: each level two spaces deeper than its parent."""
    tree, stack = {}, []
    for line in out.splitlines():
        m = LINE.match(line)
        assert m, "pstree line not 'NAME(PID) STATE': %r\n%s" % (line, out)
        depth, pid = len(m.group(1)), int(m.group(3))
        assert depth % 2 == 0 and depth // 2 <= len(stack), "bad indentation at %r:\n%s" % (line, out)
        del stack[depth // 2:]
        tree[pid] = (m.group(2), m.group(4), stack[-1] if stack else 0)
        stack.append(pid)
    return tree


def ps_parents(sh):
    """{pid: (ppid, state, name)} from ps."""
    rows = [l.split() for l in sh.run("ps", T).splitlines()[1:]]
    return {int(r[0]): (int(r[1]), r[2], r[-1]) for r in rows}


def start_sleepers(sh):
    """`sleep` under the shell and `sleep` under `time` under the shell;
    returns (pid of the first sleep, pid of time, pid of its sleep)."""
    sh.run("sleep 100 &", T)
    sh.run("time sleep 101 &", T)
    # The background `time` forks its sleep when it gets a CPU: on a loaded
    # machine that can come after the first ps.  Look again (a bounded wait).
    for _ in range(50):
        ps = ps_parents(sh)
        timer = [p for p, (_, _, n) in ps.items() if n == "time"]
        below = [p for p, (pp, _, n) in ps.items() if timer and n == "sleep" and pp == timer[0]]
        alone = [p for p, (pp, _, n) in ps.items() if n == "sleep" and (not timer or pp != timer[0])]
        if len(timer) == 1 and below and alone:
            break
        sh.run("sleep 0.2", T)
    assert len(timer) == 1, "ps shows no 'time' process: %s" % ps
    assert below and alone, "ps does not show both sleeps: %s" % ps
    return alone[0], timer[0], below[0]


@pytest.mark.points(4)
@pytest.mark.part("pstree")
def test_pstree_whole(sh):
    """The whole tree: init at the top, every process under its parent
    (as ps reports it) with its state, pstree itself running."""
    sleep1, timer, sleep2 = start_sleepers(sh)
    out, status = sh.run_status("pstree", T)
    assert status == 0, "pstree exited %s:\n%s" % (status, out)
    tree = parse_tree(out)
    ps = ps_parents(sh)
    assert tree.get(1, (None, None, -1))[2] == 0, "init (pid 1) is not at the top:\n" + out
    for pid in (sleep1, timer, sleep2):
        assert pid in tree, "pid %d missing:\n%s" % (pid, out)
        ppid, state, name = ps[pid]
        assert tree[pid] == (name, state, ppid), "pid %d: pstree says %s, ps says %s:\n%s" % (
            pid, tree[pid], (name, state, ppid), out)
    me = [p for p, (n, _, _) in tree.items() if n == "pstree"]
    assert len(me) == 1 and tree[me[0]][1] == "R", "pstree does not show itself running:\n" + out
    assert tree[me[0]][2] == tree[sleep1][2], "pstree and sleep have different parents (the shell):\n" + out


@pytest.mark.points(2)
@pytest.mark.part("pstree")
def test_pstree_subtree(sh):
    """`pstree PID` prints the tree below PID only; an unknown PID fails."""
    _, timer, sleep2 = start_sleepers(sh)
    out, status = sh.run_status("pstree %d" % timer, T)
    assert status == 0 and parse_tree(out) == {timer: ("time", "S", 0), sleep2: ("sleep", "S", timer)}, \
        "pstree %d:\n%s" % (timer, out)
    out, status = sh.run_status("pstree 30000", T)
    assert status != 0 and "30000" in out, "pstree of a missing pid: status %s, output %r" % (status, out)


@pytest.mark.points(2)
@pytest.mark.part("pstree")
def test_pstree_many_children(sh):
    """Many children under one parent (the shell), in pid order."""
    for _ in range(5):
        sh.run("sleep 100 &", T)
    tree = parse_tree(sh.run("pstree", T))
    sleeps = [p for p, (n, _, _) in tree.items() if n == "sleep"]
    assert len(sleeps) == 5 and len({tree[p][2] for p in sleeps}) == 1, "5 sleeps under the shell expected: %s" % tree
    out = sh.run("pstree 1", T)
    order = [int(m) for m in re.findall(r"sleep\((\d+)\)", out)]
    assert order == sorted(order), "children not in pid order:\n" + out


# ---- xargs ----

@pytest.mark.points(3)
@pytest.mark.part("xargs")
def test_xargs_basic(sh):
    """The words of stdin become arguments after the command's own."""
    for cmd, want in [("echo a b c | xargs echo x", "x a b c\n"),
                      ("echo 1 2 3 | xargs", "1 2 3\n"),
                      ("echo | xargs echo nothing", "")]:
        out, status = sh.run_status(cmd, T)
        assert (out, status) == (want, 0), "%s: %r, status %s (expected %r)" % (cmd, out, status, want)


@pytest.mark.points(3)
@pytest.mark.part("xargs")
def test_xargs_n(sh):
    """-n N: at most N words a run, runs in order, one after another."""
    out, status = sh.run_status("echo a b c d e | xargs -n 2 echo", T)
    assert (out, status) == ("a b\nc d\ne\n", 0), "xargs -n 2 echo: %r, status %s" % (out, status)
    names = sh.run("ls /bin", T).split()
    out = sh.run("ls /bin | xargs -n 3 echo", T)
    lines = out.splitlines()
    assert len(lines) == (len(names) + 2) // 3 and " ".join(lines).split() == names, \
        "ls /bin | xargs -n 3 echo:\n" + out


@pytest.mark.points(2)
@pytest.mark.part("xargs")
def test_xargs_status_and_leaks(sh):
    """123 when a run fails; no zombies, no leak."""
    out, status = sh.run_status("echo /README | xargs grep qqqzzz", T)
    assert status == 123, "a failing run: xargs exited %s (expected 123):\n%s" % (status, out)
    leak_check(sh, "echo a b c d e f | xargs -n 2 echo", "a b c d e f")
    no_zombies(sh)
