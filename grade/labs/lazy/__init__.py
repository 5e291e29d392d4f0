"""Lab lazy: the lazy heap and stack, and SIGSEGV outside them."""
ORDER = 4
HANDOUT_FAILS = ["abi"]     # test_memory_calls: MADV_DONTNEED needs the zero-page fault path
