// The kernel's random numbers: a ChaCha20 generator seeded at boot from
// the firmware's rng-seed (device tree) and the time; getrandom() reads it.
#pragma once
#include <stddef.h>

struct machine;

void random_init(struct machine *m);
void random_bytes(void *buf, size_t n);
