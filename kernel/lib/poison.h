// Poisoned free memory, in the checking kernel (make DEBUG=1): a freed page
// or slab object is filled with POISON, and taking it back checks the fill.
// A write through a stale pointer after free is then caught at the next
// allocation of that memory, with the allocator's stack, instead of showing
// up later as an unrelated corruption.  The first word of free memory is the
// free list's link and is left out.  Without DEBUG both compile to nothing.
#pragma once
#include <stdint.h>
#include <stddef.h>
#include "lib/printf.h"

#define POISON 0x6b6b6b6b6b6b6b6bUL
#define POISON_SKIP sizeof(void *)     // the free list's link

#ifdef DEBUG
static inline void poison_fill(void *p, size_t n)
{
  uint64_t *w = p;
  for (size_t i = POISON_SKIP / 8; i < n / 8; i++)
    w[i] = POISON;
}

static inline void poison_check(const void *p, size_t n, const char *what)
{
  const uint64_t *w = p;
  for (size_t i = POISON_SKIP / 8; i < n / 8; i++)
    if (w[i] != POISON)
      panic("poison: %s %p: the word at +0x%lx is 0x%lx: written after it was freed",
            what, p, i * 8, w[i]);
}
#else
static inline void poison_fill(void *p, size_t n) { (void)p; (void)n; }
static inline void poison_check(const void *p, size_t n, const char *what) { (void)p; (void)n; (void)what; }
#endif
