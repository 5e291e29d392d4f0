"""Lab syscall: a system call end to end (trace) and per-task system-call counts on the trap path."""
ORDER = 2
HANDOUT_FAILS = []
