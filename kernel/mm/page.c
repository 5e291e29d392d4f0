// Physical page allocator.  Free pages are kept on per-CPU lists (each with
// its own lock, so CPUs rarely contend); a CPU whose list is empty steals a
// batch from the CPU with the most.  Every page frame has a reference count
// (COW sharing): the page goes back to a free list when it drops to zero.
#include "mm/mm.h"
#include "mm/page.h"
#include "lib/poison.h"
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

// Pages never handed out since boot, as ranges of frames: boot writes
// nothing into free RAM (so it takes as long with 2 GiB as with 128 MiB);
// pages leave from the low end of the lowest range, a batch at a time, into
// a CPU's free list.  fresh_lock protects the ranges and first_fresh.
#define MAX_EXCLUDED (FDT_MAX_RESERVED + 5)
#define MAX_FRESH    (FDT_MAX_MEM * (MAX_EXCLUDED + 1))
static struct spinlock fresh_lock = SPINLOCK_INIT("fresh pages");
static struct fdt_range fresh[MAX_FRESH];     // ascending; size 0 once used up
static int nfresh, first_fresh;

// Add [base, base+size), widened to whole pages, to the excluded ranges,
// kept sorted by base.
static void exclude(struct fdt_range *ex, int *n, uint64_t base, uint64_t size)
{
  if (size == 0 || *n == MAX_EXCLUDED)
    return;
  struct fdt_range r = { PGROUNDDOWN(base), PGROUNDUP(base + size) - PGROUNDDOWN(base) };
  int i = (*n)++;
  for (; i > 0 && ex[i - 1].base > r.base; i--)
    ex[i] = ex[i - 1];
  ex[i] = r;
}

// The frames of [start, end) that no excluded range touches, as fresh ranges.
static void add_fresh(uint64_t start, uint64_t end, const struct fdt_range *ex, int nex)
{
  for (int i = 0; i <= nex && start < end; i++) {
    uint64_t stop = i < nex && ex[i].base < end ? ex[i].base : end;
    if (stop > start && nfresh < MAX_FRESH) {
      fresh[nfresh].base = start;
      fresh[nfresh++].size = stop - start;
      nfree += (stop - start) / PGSIZE;
    }
    if (i < nex && ex[i].base + ex[i].size > start)
      start = ex[i].base + ex[i].size;
  }
}

// Not free for use: the kernel (and the firmware below it in its bank), the
// page arrays, the device tree, the initrd (the root ramdisk on boards) and
// firmware-reserved memory.
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
  struct fdt_range ex[MAX_EXCLUDED];
  int nex = 0;
  exclude(ex, &nex, kstart, arr + arr_size - kstart);    // the kernel, then the arrays
  exclude(ex, &nex, dtb, dtb_size);
  if (m->initrd_end > m->initrd_start)
    exclude(ex, &nex, m->initrd_start, m->initrd_end - m->initrd_start);
  for (int i = 0; i < m->nreserved; i++)
    exclude(ex, &nex, m->reserved[i].base, m->reserved[i].size);
  for (int i = 0; i < m->nmem; i++)
    add_fresh(PGROUNDUP(m->mem[i].base), PGROUNDDOWN(m->mem[i].base + m->mem[i].size), ex, nex);
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

// Move up to STEAL_BATCH never-used pages to our list, lowest first.
// Returns how many; 0 once boot's free memory has all been handed out.
static int take_fresh(struct free_list *mine)
{
  uint64_t batch[STEAL_BATCH];
  int n = 0;
  spin_lock(&fresh_lock);
  for (; n < STEAL_BATCH && first_fresh < nfresh; n++) {
    struct fdt_range *r = &fresh[first_fresh];
    batch[n] = r->base;
    r->base += PGSIZE;
    r->size -= PGSIZE;
    if (r->size == 0)
      first_fresh++;
  }
  spin_unlock(&fresh_lock);
  for (int i = 0; i < n; i++)
    poison_fill(PA2KVA(batch[i]), PGSIZE);    // as if freed, so every free page is checked alike
  spin_lock(&mine->lock);
  for (int i = n; i > 0; i--)
    push_free(mine, PA2KVA(batch[i - 1]));
  spin_unlock(&mine->lock);
  return n;
}

void *page_alloc_raw(void)
{
  push_off();
  struct free_list *fl = &free_lists[cpuid()];
  void *p = 0;
  for (int tries = 0; !p && tries < 2; tries++) {
    spin_lock(&fl->lock);
    p = pop_free(fl);
    spin_unlock(&fl->lock);
    if (!p && tries == 0 && !take_fresh(fl))
      steal(fl);
  }
  pop_off();
  if (!p)
    return 0;
  __atomic_sub_fetch(&nfree, 1, __ATOMIC_RELAXED);
  poison_check(p, PGSIZE, "free page");
  struct page *pg = kva_to_page(p);
  if (refcount_read(&pg->refs) != 0)
    panic("page_alloc: free page %p has %d references", p, refcount_read(&pg->refs));
  refcount_set(&pg->refs, 1);
  pg->slab = 0;
  return p;
}

void *page_alloc(void)
{
  void *p = page_alloc_raw();
  if (p)
    memset(p, 0, PGSIZE);
  return p;
}

void page_get(void *kva)
{
  refcount_inc(&kva_to_page(kva)->refs);
}

int page_refcount(void *kva)
{
  return refcount_read(&kva_to_page(kva)->refs);
}

int page_ref_dec(void *kva)
{
  return refcount_dec(&kva_to_page(kva)->refs);
}

void page_free(void *kva)
{
  if (page_ref_dec(kva) == 0)
    page_release(kva);
}

void page_release(void *kva)
{
  poison_fill(kva, PGSIZE);
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
