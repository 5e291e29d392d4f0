// Per-frame metadata, private to mm/.
#pragma once
#include <stdint.h>
#include "mm/mm.h"
#include "lib/printf.h"

struct page {
  int32_t refs;        // references (atomic); 0 = free
  int32_t slab;        // kmalloc size class + 1 when the page is a slab, else 0
};

extern struct page *page_array;
extern uint64_t ram_base, ram_end;

int page_ref_dec(void *kva);        // drop a reference, return how many are left
void page_release(void *kva);       // back to a free list (no references left)
void table_put(pagetable_t t);      // drop a reference to a leaf page table (vm.c)

static inline struct page *kva_to_page(void *kva)
{
  uint64_t pa = KVA2PA(kva);
  if (pa < ram_base || pa >= ram_end || (pa & (PGSIZE - 1)))
    panic("kva_to_page: bad page %p", kva);
  return &page_array[(pa - ram_base) / PGSIZE];
}
