"""Lab lazy: the lazy heap and stack, and SIGSEGV outside them."""
ORDER = 4
HANDOUT_FAILS = []
