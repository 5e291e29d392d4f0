"""Lab smp: per-CPU run queues that share the work (placement, load balancing, affinity, wakeups)."""
ORDER = 8
HANDOUT_FAILS = []
