// Reference counts: the one type every shared kernel object counts its users
// with.  The operations are atomic, so no lock is needed to take or drop a
// reference; the last drop (refcount_dec returns 0) frees the object.
// Misuse panics at once instead of corrupting memory later: taking a
// reference to an object already freed (count 0), dropping more references
// than were taken, or wrapping the counter.
#pragma once
#include <stdint.h>
#include "lib/printf.h"

typedef struct {
  int32_t count;
} refcount_t;

#define REFCOUNT_MAX 0x3fffffff  // far beyond any real count; reached only by a leak in a loop

static inline void refcount_set(refcount_t *r, int32_t n)
{
  __atomic_store_n(&r->count, n, __ATOMIC_RELAXED);
}

static inline int32_t refcount_read(const refcount_t *r)
{
  return __atomic_load_n(&r->count, __ATOMIC_RELAXED);
}

static inline void refcount_inc(refcount_t *r)
{
  int32_t old = __atomic_fetch_add(&r->count, 1, __ATOMIC_RELAXED);
  if (old <= 0 || old >= REFCOUNT_MAX)
    panic("refcount_inc: count was %d at %p", old, r);
}

// Drop a reference and return how many are left: 0 means the caller had the
// last one and frees the object.  Acquire-release, so the freeing task sees
// every write made under the references just dropped.
static inline int32_t refcount_dec(refcount_t *r)
{
  int32_t left = __atomic_sub_fetch(&r->count, 1, __ATOMIC_ACQ_REL);
  if (left < 0)
    panic("refcount_dec: dropped below zero at %p", r);
  return left;
}
