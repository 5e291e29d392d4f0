// Per-frame metadata, private to mm/.
#pragma once
#include <stdint.h>
#include "mm/mm.h"
#include "lib/printf.h"
#include "lib/refcount.h"

struct page {
  refcount_t refs;     // references; 0 = free
  int32_t slab;        // kmalloc size class + 1 when the page is a slab, else 0
};

// One array of struct page per RAM bank (banks may be far apart: the
// icicle kit has RAM at 2 GiB and at 64 GiB).
struct bank {
  uint64_t base, end;
  struct page *pages;
};
extern struct bank banks[];
extern int nbanks;

int page_ref_dec(void *kva);        // drop a reference, return how many are left
void page_release(void *kva);       // back to a free list (no references left)
void table_put(pagetable_t t);      // drop a reference to a leaf page table (vm.c)

static inline struct page *kva_to_page(void *kva)
{
  uint64_t pa = KVA2PA(kva);
  for (int i = 0; i < nbanks; i++)
    if (pa >= banks[i].base && pa < banks[i].end && !(pa & (PGSIZE - 1)))
      return &banks[i].pages[(pa - banks[i].base) / PGSIZE];
  panic("kva_to_page: bad page %p", kva);
}
