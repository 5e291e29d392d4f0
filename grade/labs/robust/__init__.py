"""Lab robust: bad input and hostile use never crash the kernel (regression tests of defects found from outside)."""
