"""Lab cow: copy-on-write fork with page reference counts."""
ORDER = 3
HANDOUT_FAILS = []
