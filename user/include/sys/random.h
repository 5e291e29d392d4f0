// getrandom: random bytes from the kernel's generator (never blocks here).
#pragma once
#include <sys/types.h>

#include <linux/random.h>

ssize_t getrandom(void *buf, size_t len, unsigned int flags);
