"""Lab unix: user programs with fork, exec, wait and pipes (pipeline, pstree, xargs)."""
ORDER = 1
HANDOUT_FAILS = []
