# The autograder's pytest plugin (gradelib/plugin.py).  Tests outside this tree
# (EXTRA_TESTS) get it through `-p gradelib.plugin` with grade/ on PYTHONPATH.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

pytest_plugins = ["gradelib.plugin"]
