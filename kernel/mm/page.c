// Physical page allocator.  Free pages are kept on per-CPU lists (each with
// its own lock, so CPUs rarely contend); a CPU whose list is empty steals a
// batch from the CPU with the most.  Every page frame has a reference count
// (COW sharing): the page goes back to a free list when it drops to zero.
#include "mm/mm.h"
#include "mm/page.h"
#include "drivers/fdt.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "sched/sched.h"

struct free_list {
  struct spinlock lock;
  void *head;             // free pages linked through their first word: under lock
  uint64_t count;         // under lock
};

static struct free_list free_lists[NCPU];
struct bank banks[FDT_MAX_MEM];     // written at boot, read-only after
int nbanks;
static uint64_t nfree, ntotal;      // atomic

#define STEAL_BATCH 64

static void push_free(struct free_list *fl, void *kva)
{
  *(void **)kva = fl->head;
  fl->head = kva;
  fl->count++;
}

static int in_range(uint64_t pa, uint64_t base, uint64_t size)
{
  return pa + PGSIZE > base && pa < base + size;
}

// Is the frame at pa free for use?  Not the kernel (nor the firmware below
// it), the device tree, the initrd (the root ramdisk on boards),
// firmware-reserved memory or the page arrays.
static int usable(struct machine *m, uint64_t pa, uint64_t kstart, uint64_t kend,
                  uint64_t dtb, uint64_t dtb_size, uint64_t arr, uint64_t arr_size)
{
  if (in_range(pa, kstart, kend - kstart) || in_range(pa, dtb, dtb_size) ||
      in_range(pa, arr, arr_size))
    return 0;
  if (m->initrd_end > m->initrd_start && in_range(pa, m->initrd_start, m->initrd_end - m->initrd_start))
    return 0;
  for (int i = 0; i < m->nreserved; i++)
    if (in_range(pa, m->reserved[i].base, m->reserved[i].size))
      return 0;
  return 1;
}

void page_init(struct machine *m, uint64_t kstart, uint64_t kend, uint64_t dtb, uint64_t dtb_size)
{
  for (int c = 0; c < NCPU; c++)
    spin_init(&free_lists[c].lock, "free_list");
  // The page arrays go right after the kernel image.
  uint64_t arr = PGROUNDUP(kend), arr_size = 0;
  for (int i = 0; i < m->nmem; i++) {
    struct bank *b = &banks[nbanks++];
    b->base = PGROUNDDOWN(m->mem[i].base);
    b->end = PGROUNDUP(m->mem[i].base + m->mem[i].size);
    b->pages = PA2KVA(arr + arr_size);
    arr_size += (b->end - b->base) / PGSIZE * sizeof(struct page);
    // Memory below the kernel in its bank is the firmware's (OpenSBI sits there).
    if (kstart >= b->base && kstart < b->end)
      kstart = b->base;
  }
  arr_size = PGROUNDUP(arr_size);
  memset(PA2KVA(arr), 0, arr_size);
  for (int i = 0; i < m->nmem; i++) {
    uint64_t start = PGROUNDUP(m->mem[i].base), end = PGROUNDDOWN(m->mem[i].base + m->mem[i].size);
    for (uint64_t pa = end; pa > start; pa -= PGSIZE) {   // so the list hands out low pages first
      if (!usable(m, pa - PGSIZE, kstart, arr + arr_size, dtb, dtb_size, arr, arr_size))
        continue;
      push_free(&free_lists[0], PA2KVA(pa - PGSIZE));
      nfree++;
    }
  }
  ntotal = nfree;
}

static void *pop_free(struct free_list *fl)
{
  void *p = fl->head;
  if (p) {
    fl->head = *(void **)p;
    fl->count--;
  }
  return p;
}

// Move up to STEAL_BATCH pages from the fullest other list to ours.  Called
// without any free-list lock held, so only one lock is taken at a time.
static void steal(struct free_list *mine)
{
  struct free_list *victim = 0;
  for (int c = 0; c < NCPU; c++)
    if (&free_lists[c] != mine && free_lists[c].count > (victim ? victim->count : 0))
      victim = &free_lists[c];
  if (!victim)
    return;
  void *batch[STEAL_BATCH];
  int n = 0;
  spin_lock(&victim->lock);
  while (n < STEAL_BATCH && (batch[n] = pop_free(victim)) != 0)
    n++;
  spin_unlock(&victim->lock);
  spin_lock(&mine->lock);
  while (n > 0)
    push_free(mine, batch[--n]);
  spin_unlock(&mine->lock);
}

void *page_alloc(void)
{
  push_off();
  struct free_list *fl = &free_lists[cpuid()];
  void *p = 0;
  for (int tries = 0; !p && tries < 2; tries++) {
    spin_lock(&fl->lock);
    p = pop_free(fl);
    spin_unlock(&fl->lock);
    if (!p && tries == 0)
      steal(fl);
  }
  pop_off();
  if (!p)
    return 0;
  __atomic_sub_fetch(&nfree, 1, __ATOMIC_RELAXED);
  struct page *pg = kva_to_page(p);
  if (pg->refs != 0)
    panic("page_alloc: free page %p has %d references", p, pg->refs);
  pg->refs = 1;
  pg->slab = 0;
  memset(p, 0, PGSIZE);
  return p;
}

void page_get(void *kva)
{
  __atomic_add_fetch(&kva_to_page(kva)->refs, 1, __ATOMIC_RELAXED);
}

int page_refcount(void *kva)
{
  return __atomic_load_n(&kva_to_page(kva)->refs, __ATOMIC_RELAXED);
}

int page_ref_dec(void *kva)
{
  int left = __atomic_sub_fetch(&kva_to_page(kva)->refs, 1, __ATOMIC_ACQ_REL);
  if (left < 0)
    panic("page_free: %p freed twice", kva);
  return left;
}

void page_free(void *kva)
{
  if (page_ref_dec(kva) == 0)
    page_release(kva);
}

void page_release(void *kva)
{
  push_off();
  struct free_list *fl = &free_lists[cpuid()];
  spin_lock(&fl->lock);
  push_free(fl, kva);
  spin_unlock(&fl->lock);
  pop_off();
  __atomic_add_fetch(&nfree, 1, __ATOMIC_RELAXED);
}

uint64_t pages_free(void)
{
  return __atomic_load_n(&nfree, __ATOMIC_RELAXED);
}

uint64_t pages_total(void)
{
  return ntotal;
}
