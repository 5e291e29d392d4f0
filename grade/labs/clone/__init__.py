"""Lab clone: what clone() shares, thread groups, vfork and thread join."""
ORDER = 6
HANDOUT_FAILS = ["signals", "abi"]
