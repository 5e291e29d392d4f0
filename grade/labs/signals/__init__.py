"""Lab signals: handlers and their frames, sigreturn, stop and continue."""
ORDER = 9
HANDOUT_FAILS = ["abi", "robust"]
