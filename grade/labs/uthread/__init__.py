"""Lab uthread: user-level threads (N:1), and one blocking call stopping them all."""
ORDER = 5
HANDOUT_FAILS = []
