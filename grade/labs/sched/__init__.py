"""Lab sched: a fair scheduler (nice weights, vruntime, a red-black timeline) in place of round robin."""
ORDER = 7
HANDOUT_FAILS = []
