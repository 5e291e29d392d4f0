"""Lab uthread: user-level threads (N:1): the switch, the scheduler, and one blocking call stopping them all."""
ORDER = 5
HANDOUT_FAILS = []
