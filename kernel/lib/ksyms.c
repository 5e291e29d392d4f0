// Symbol lookup by binary search in the table generated at link time.
#include "lib/ksyms.h"

// Generated (ksyms.S): addresses ascending, and NUL-separated names in the same order.
extern const uint64_t ksym_addrs[];
extern const uint64_t ksym_count;
extern const char ksym_names[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
  uint64_t lo = 0, hi = ksym_count;
  *offset = 0;
  if (hi == 0 || addr < ksym_addrs[0])
    return 0;
  while (hi - lo > 1) {
    uint64_t mid = (lo + hi) / 2;
    if (ksym_addrs[mid] <= addr)
      lo = mid;
    else
      hi = mid;
  }
  const char *name = ksym_names;
  for (uint64_t i = 0; i < lo; i++)
    while (*name++)
      ;
  *offset = addr - ksym_addrs[lo];
  return name;
}
