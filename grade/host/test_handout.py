"""The handout tool (scripts/handout) on small trees made here: regions, stubs, errors, the survivor check."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "scripts", "handout")

# Markers are spelt L4B here so that this file is not itself a lab region.
C_FILE = """\
int keep(void) { return 1; }
int work(int x)
{
    // L4B alpha BEGIN
    int doubled_value_here = x * 2;
    return doubled_value_here;
    // L4B alpha STUB
    // (void)x;
    //
    // return 0;
    // L4B alpha END
}
// L4B beta BEGIN
int beta_only_function(void) { return 42; }
// L4B beta END
"""

PY_FILE = """\
def f():
    # L4B alpha,beta BEGIN
    return "shared solution for both labs"
    # L4B alpha,beta STUB
    # return None
    # L4B alpha,beta END
"""


def make_tree(tmp_path, files):
    src = tmp_path / "src"
    for lab, order in (("alpha", 1), ("beta", 2), ("boot", None)):
        d = src / "grade" / "labs" / lab
        d.mkdir(parents=True)
        body = '"""Lab %s: the %s lab."""\n' % (lab, lab)
        if order:
            body += "ORDER = %d\nHANDOUT_FAILS = []\n" % order
        (d / "__init__.py").write_text(body)
    for rel, text in files.items():
        p = src / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text.replace("L4B", "LAB"))
    subprocess.run(["git", "init", "-q", str(src)], check=True)
    return src


def handout(src, *args):
    return subprocess.run([sys.executable, TOOL, "--src", str(src)] + list(args),
                          capture_output=True, text=True)


def test_list_in_course_order(tmp_path):
    src = make_tree(tmp_path, {})
    r = handout(src, "--list")
    assert r.returncode == 0
    lines = [l.split() for l in r.stdout.splitlines()[1:]]
    assert [l[1] for l in lines] == ["alpha", "beta"]       # boot has no ORDER: not a course lab


def test_stub_replaces_region(tmp_path):
    src = make_tree(tmp_path, {"k/a.c": C_FILE, "g/p.py": PY_FILE})
    dest = tmp_path / "ho"
    r = handout(src, "alpha", str(dest))
    assert r.returncode == 0, r.stderr
    c = (dest / "k/a.c").read_text()
    assert "doubled_value_here" not in c and "LAB" not in c
    assert "    (void)x;\n\n    return 0;\n" in c
    assert "int beta_only_function(void) { return 42; }" in c    # another lab's solution stays
    py = (dest / "g/p.py").read_text()
    assert py == "def f():\n    return None\n"
    assert "lab=alpha" in (dest / ".handout").read_text()
    log = subprocess.run(["git", "-C", str(dest), "log", "--oneline"], capture_output=True, text=True).stdout
    assert len(log.splitlines()) == 1


def test_other_lab_keeps_solution_drops_stub(tmp_path):
    src = make_tree(tmp_path, {"k/a.c": C_FILE})
    dest = tmp_path / "ho"
    assert handout(src, "beta", str(dest)).returncode == 0
    c = (dest / "k/a.c").read_text()
    assert "doubled_value_here" in c and "(void)x" not in c
    assert "beta_only_function" not in c


def test_empty_file_left_out(tmp_path):
    src = make_tree(tmp_path, {"u/sol.c": "// L4B alpha BEGIN\nint whole_file_solution = 1;\n// L4B alpha END\n"})
    dest = tmp_path / "ho"
    assert handout(src, "alpha", str(dest)).returncode == 0
    assert not (dest / "u/sol.c").exists()


@pytest.mark.parametrize("text, msg", [
    ("// L4B alpha BEGIN\nx;\n", "never ends"),
    ("x;\n// L4B alpha END\n", "without its BEGIN"),
    ("// L4B alpha BEGIN\n// L4B beta BEGIN\n// L4B beta END\n// L4B alpha END\n", "inside"),
    ("// L4B gamma BEGIN\n// L4B gamma END\n", "unknown lab"),
    ("// L4B alpha BEGIN\nx;\n// L4B alpha STUB\ny;\n// L4B alpha END\n", "must start with"),
    ("// L4B alpha BEGIN   trailing words\n// L4B alpha END\n", "malformed"),
])
def test_bad_markers_refused(tmp_path, text, msg):
    src = make_tree(tmp_path, {"k/bad.c": text})
    r = handout(src, "--check")
    assert r.returncode != 0 and msg in r.stderr


def test_solution_quoted_in_a_guide_is_caught(tmp_path):
    src = make_tree(tmp_path, {"k/a.c": C_FILE,
                               "docs/alpha.md": "Hint:\n\n    int doubled_value_here = x * 2;\n"})
    r = handout(src, "alpha", str(tmp_path / "ho"))
    assert r.returncode != 0 and "survives" in r.stderr


def test_dest_must_be_new(tmp_path):
    src = make_tree(tmp_path, {"k/a.c": C_FILE})
    dest = tmp_path / "ho"
    dest.mkdir()
    (dest / "x").write_text("x")
    assert handout(src, "alpha", str(dest)).returncode != 0


def test_real_tree_markers_parse():
    """Every marker in this repository is well formed."""
    r = subprocess.run([sys.executable, TOOL, "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_handin_packs_tree_and_manifest(tmp_path):
    import tarfile
    src = make_tree(tmp_path, {"k/a.c": C_FILE})
    dest = tmp_path / "ho"
    assert handout(src, "alpha", str(dest)).returncode == 0
    (dest / "k/a.c").write_text((dest / "k/a.c").read_text().replace("return 0;", "return x * 2;"))
    (dest / "k/new.c").write_text("int added;\n")
    (dest / "build").mkdir()
    (dest / "build" / "junk").write_text("x")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "handin")], cwd=dest,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with tarfile.open(dest / "handin-alpha.tar.gz") as tar:
        names = tar.getnames()
        manifest = tar.extractfile("alpha-handin/MANIFEST").read().decode()
        patch = tar.extractfile("alpha-handin/changes.patch").read().decode()
    assert "alpha-handin/k/a.c" in names and "alpha-handin/k/new.c" in names
    assert not any("/build/" in n for n in names)
    assert "lab: alpha" in manifest and "  M k/a.c" in manifest and "  A k/new.c" in manifest
    assert "+    return x * 2;" in patch and "+int added;" in patch


def test_handin_refuses_full_tree(tmp_path):
    src = make_tree(tmp_path, {"k/a.c": C_FILE})
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "handin")], cwd=src,
                       capture_output=True, text=True)
    assert r.returncode != 0 and "not a lab handout" in r.stderr


def test_gradescope_zip(tmp_path):
    import zipfile
    hidden = tmp_path / "hidden"
    (hidden / "tests").mkdir(parents=True)
    (hidden / "tests" / "test_secret.py").write_text("def test_x():\n    pass\n")
    out = tmp_path / "ag.zip"
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gradescope"), "boot",
                        "--hidden", str(hidden), "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert z.read("LAB").decode().strip() == "boot"
        assert os.access(os.path.join(ROOT, "grade", "gradescope", "run_autograder"), os.X_OK)
        assert (z.getinfo("run_autograder").external_attr >> 16) & 0o100
    assert {"setup.sh", "run_autograder", "grade/grade.py", "hidden/tests/test_secret.py"} <= names


def test_files_empty_from_the_start_are_kept(tmp_path):
    src = make_tree(tmp_path, {"g/pkg/__init__.py": "", "k/a.c": C_FILE})
    dest = tmp_path / "ho"
    assert handout(src, "alpha", str(dest)).returncode == 0
    assert (dest / "g/pkg/__init__.py").exists()
