"""Lab locks: a spin lock from amoswap, Peterson's lock with its fences, a race fixed."""
ORDER = 10
HANDOUT_FAILS = []
