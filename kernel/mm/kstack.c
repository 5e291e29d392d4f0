// Kernel stacks live in their own region, one per slot, each with unmapped
// guard pages below it: an overflow faults (and trap.S reports it) instead
// of silently overwriting whatever is next in memory.
//
// A few freed stacks are kept mapped for reuse: creating a task (a thread
// above all) then costs no page allocation, mapping or remote TLB flush.
#include "mm/mm.h"
#include "arch/sbi.h"
#include "lib/printf.h"

#define NSLOTS (KSTACK_REGION / KSTACK_SLOT)

// Protects the slot bitmap and the region's page tables: two CPUs mapping
// stacks at once could otherwise both create the same missing table.
static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static uint64_t slot_used[NSLOTS / 64];
#define NCACHED 16
static void *cached[NCACHED];             // tops of freed, still mapped stacks
static int ncached;

// The lowest free slot: reusing low slots keeps the region's page tables
// (one per 64 slots) from growing with the number of tasks ever created.
static long slot_get(void)
{
  for (uint64_t w = 0; w < NSLOTS / 64; w++) {
    if (slot_used[w] != ~0UL) {
      int bit = 0;
      while (slot_used[w] & (1UL << bit))
        bit++;
      slot_used[w] |= 1UL << bit;
      return w * 64 + bit;
    }
  }
  return -1;
}

static void slot_put(uint64_t i)
{
  slot_used[i / 64] &= ~(1UL << (i % 64));
}

static void unmap_stack(uint64_t base, int npages)
{
  for (int p = 0; p < npages; p++) {
    pte_t *pte = walk(kernel_pagetable, base + p * PGSIZE, 0);
    page_free(PA2KVA(PTE2PA(*pte)));
    *pte = 0;
  }
  // Another hart may still cache the old translation; the slot is reused
  // only after every hart has dropped it.
  sbi_remote_sfence_vma(0, -1UL, base, npages * PGSIZE);
  sfence_vma();
}

static int map_stack(uint64_t base)
{
  for (int p = 0; p < KSTACK_PAGES; p++) {
    void *page = page_alloc();
    pte_t *pte = page ? walk(kernel_pagetable, base + p * PGSIZE, 1) : 0;
    if (!pte) {
      if (page)
        page_free(page);
      unmap_stack(base, p);
      return -1;
    }
    pte_set(pte, pte_leaf(KVA2PA(page), PTE_R | PTE_W | PTE_G));
  }
  return 0;
}

void *kstack_alloc(void)
{
  spin_lock(&kstack_lock);
  if (ncached > 0) {
    void *top = cached[--ncached];
    spin_unlock(&kstack_lock);
    return top;
  }
  long i = slot_get();
  uint64_t top = KSTACK_BASE + (i + 1) * KSTACK_SLOT;
  if (i >= 0 && map_stack(top - KSTACK_SIZE) < 0) {
    slot_put(i);
    i = -1;
  }
  spin_unlock(&kstack_lock);
  return i < 0 ? 0 : (void *)top;
}

void kstack_free(void *top)
{
  uint64_t i = ((uint64_t)top - KSTACK_BASE) / KSTACK_SLOT - 1;
  spin_lock(&kstack_lock);
  if (ncached < NCACHED) {
    cached[ncached++] = top;
    spin_unlock(&kstack_lock);
    return;
  }
  unmap_stack((uint64_t)top - KSTACK_SIZE, KSTACK_PAGES);
  slot_put(i);
  spin_unlock(&kstack_lock);
}
