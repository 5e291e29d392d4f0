"""Lab locks: a test-and-set spin lock from amoswap, Peterson's lock with its fences, a race made visible and fixed."""
ORDER = 10
HANDOUT_FAILS = []
