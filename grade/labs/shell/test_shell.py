"""Lab shell: the shell's features, typed on the console."""

import re

import pytest

pytestmark = pytest.mark.lab("shell")


@pytest.mark.points(2)
def test_echo(sh):
    assert sh.run("echo hello world") == "hello world\n"
    assert sh.run("echo") == "\n"


@pytest.mark.points(2)
def test_quotes(sh):
    assert sh.run("echo 'a  b' \"c   d\" e") == "a  b c   d e\n"
    assert sh.run("echo 'a;b|c>d'") == "a;b|c>d\n"
    assert sh.run("echo \"it's\" 'say \"hi\"'") == "it's say \"hi\"\n"


@pytest.mark.points(2)
def test_semicolon(sh):
    assert sh.run("echo one; echo two ;echo three") == "one\ntwo\nthree\n"


@pytest.mark.points(3)
def test_pipes(sh):
    assert sh.run("echo hello | cat") == "hello\n"
    assert sh.run("echo abc | cat | cat | grep b") == "abc\n"
    out = sh.run("ls /bin | grep poweroff")
    assert out.count("\n") == 1 and "poweroff" in out, "ls /bin | grep poweroff gave %r" % out


@pytest.mark.points(3)
def test_redirections(sh):
    sh.run("echo one > r.txt")
    sh.run("echo two >> r.txt")
    assert sh.run("cat < r.txt") == "one\ntwo\n"
    sh.run("echo three > r.txt")
    assert sh.run("cat r.txt") == "three\n", "> must truncate"
    assert sh.run("grep o < r.txt > g.txt; cat g.txt") == ""
    assert sh.run("grep t < r.txt > g.txt; cat g.txt") == "three\n"


@pytest.mark.points(3)
def test_background(sh):
    # If & did not return at once, this would wait for sleep and time out.
    sh.run("sleep 10000 &", timeout=20)
    assert sh.run("echo foreground") == "foreground\n"
    assert "sleep" in sh.run("ps"), "the background sleep is not in ps"


@pytest.mark.points(2)
def test_exit_status(sh):
    out, st = sh.run_status("echo fine")
    assert (out, st) == ("fine\n", 0)
    out, st = sh.run_status("cat /no/such/file")
    assert st not in (0, None), "cat of a missing file: $? = %r" % st
    out, st = sh.run_status("sh -c 'exit 3'")
    assert st == 3, "sh -c 'exit 3': $? = %r" % st


@pytest.mark.points(2)
def test_unknown_command(sh):
    out, st = sh.run_status("no-such-command")
    assert st not in (0, None), "$? after a missing command is %r" % st
    assert sh.run("echo survived") == "survived\n"


@pytest.mark.points(3)
def test_cd(sh):
    sh.run("mkdir cdtest")
    sh.run("cd cdtest")
    sh.run("echo inside > f")
    assert sh.run("cat f") == "inside\n"
    sh.run("cd ..")
    assert sh.run("cat cdtest/f") == "inside\n", "cd .. did not go back up"
    out, st = sh.run_status("cat f")
    assert st not in (0, None), "still in cdtest after cd ..: %r" % out
    out, st = sh.run_status("cd /no/such/dir")
    assert st not in (0, None), "cd to a missing directory: $? = %r" % st
    assert sh.run("cat cdtest/f") == "inside\n", "a failed cd changed the directory"
    sh.run("cd /")
    assert "init" in sh.run("ls bin"), "cd / did not reach the root"


@pytest.mark.points(2)
def test_sh_c_and_script(sh):
    assert sh.run("sh -c 'echo inner; echo second'") == "inner\nsecond\n"
    sh.run("echo 'echo from script' > s1.sh")
    sh.run("echo 'echo line two | cat' >> s1.sh")
    assert sh.run("sh s1.sh") == "from script\nline two\n"


@pytest.mark.points(2)
def test_many_commands(sh):
    """Many processes in a row: no leak of processes or file descriptors stops the shell."""
    for i in range(40):
        assert sh.run("echo round %d | cat" % i) == "round %d\n" % i
