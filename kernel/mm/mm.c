// Address spaces.  A struct mm is a page table plus the regions (vmas) that
// may be mapped in it.  Pages are mapped lazily: the first touch of a heap or
// stack page faults and mm_fault maps a zeroed page.
#include "mm/mm.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "sched/sched.h"
#include "arch/sbi.h"
#include "mm/page.h"
#include "errno.h"

struct mm *mm_create(void)
{
  struct mm *mm = kmalloc(sizeof *mm);
  if (!mm)
    return 0;
  mm->pagetable = pagetable_create();
  if (!mm->pagetable) {
    kfree(mm);
    return 0;
  }
  spin_init(&mm->lock, "mm");
  refcount_set(&mm->users, 1);
  return mm;
}

void mm_get(struct mm *mm)
{
  refcount_inc(&mm->users);
}

// No CPU may have the tables loaded when they are freed: the caller let go
// of them, but idle CPUs may keep them lazily.  An IPI makes them let go
// (mm_drop_dead) and this waits until they have.
static void mm_unload(struct mm *mm)
{
  push_off();
  if (mycpu()->loaded_mm == mm)
    mm_switch(0);
  pop_off();
  uint64_t on = __atomic_load_n(&mm->cpus, __ATOMIC_ACQUIRE);
  if (!on)
    return;
  for (int c = 0; c < ncpu; c++)
    if (on & cpu_bit(c))
      sbi_send_ipi(cpus[c].hartid);
  while (__atomic_load_n(&mm->cpus, __ATOMIC_ACQUIRE))
    ;
}

void mm_put(struct mm *mm)
{
  if (refcount_dec(&mm->users) > 0)
    return;
  mm_unload(mm);
  pagetable_free(mm->pagetable);
  while (mm->vmas) {
    struct vma *v = mm->vmas;
    mm->vmas = v->next;
    vma_free(v);
  }
  kfree(mm);
}

struct vma *vma_find(struct mm *mm, uint64_t va)
{
  for (struct vma *v = mm->vmas; v; v = v->next)
    if (va >= v->start && va < v->end)
      return v;
  return 0;
}

struct vma *vma_add(struct mm *mm, uint64_t start, uint64_t end, uint64_t prot, int kind)
{
  struct vma *v = kmalloc(sizeof *v);
  if (!v)
    return 0;
  v->start = start;
  v->end = end;
  v->prot = prot;
  v->kind = kind;
  struct vma **pp = &mm->vmas;
  while (*pp && (*pp)->start < start)
    pp = &(*pp)->next;
  v->next = *pp;
  *pp = v;
  return v;
}

// The rights of a page in v.  PROT_NONE cannot be a PTE without rights
// (that would point to a table), so it is a leaf the user cannot use (no U).
static uint64_t vma_pte_perm(struct vma *v)
{
  uint64_t shared = v->kind == VMA_SHARED ? PTE_SHARED : 0;
  return (v->prot ? v->prot | PTE_U : PTE_R) | shared;
}

// LAB cow BEGIN
// Give mm its own copy of the shared leaf table that *l1e points to; each
// page it maps gains a reference (it is now mapped by two tables).  The
// hardware may cache the old table pointer (a page-walk cache): flush, or a
// later change the other sharer makes to the old table could show through.
static int unshare_table(struct mm *mm, pte_t *l1e)
{
  pagetable_t old = PA2KVA(PTE2PA(*l1e));
  pagetable_t copy = page_alloc();
  if (!copy)
    return -ENOMEM;
  for (int i = 0; i < PTES_PER_TABLE; i++) {
    if (old[i] & PTE_V)
      page_get(PA2KVA(PTE2PA(old[i])));
    copy[i] = old[i];
  }
  *l1e = PA2PTE(KVA2PA(copy)) | PTE_V;
  mm_flush(mm);
  table_put(old);
  return 0;
}

// LAB cow END
// walk() for changing a PTE, allocating missing tables if alloc.  Fork
// shares whole leaf tables between parent and child (see mm_copy), so a
// table is made private to mm before any of its entries changes.  NULL as
// walk() (or when out of memory).  mm->lock held.
static pte_t *walk_private(struct mm *mm, uint64_t va, int alloc)
{
  ASSERT_HELD(&mm->lock);
  pte_t *l2e = &mm->pagetable[VPN(va, 2)];
  if (!(*l2e & PTE_V)) {
    pagetable_t t = alloc ? page_alloc() : 0;
    if (!t)
      return 0;
    *l2e = PA2PTE(KVA2PA(t)) | PTE_V;
  }
  pte_t *l1e = &((pagetable_t)PA2KVA(PTE2PA(*l2e)))[VPN(va, 1)];
  if (!(*l1e & PTE_V)) {
    pagetable_t t = alloc ? page_alloc() : 0;
    if (!t)
      return 0;
    *l1e = PA2PTE(KVA2PA(t)) | PTE_V;
  // LAB cow BEGIN
  } else if (page_refcount(PA2KVA(PTE2PA(*l1e))) > 1 && unshare_table(mm, l1e) < 0) {
    return 0;
  // LAB cow END
  }
  return &((pagetable_t)PA2KVA(PTE2PA(*l1e)))[VPN(va, 0)];
}

// Map a zeroed page at va (inside v).  mm->lock held.  Returns the page's
// kernel address, or NULL when out of memory.
static void *map_zero_page(struct mm *mm, struct vma *v, uint64_t va)
{
  ASSERT_HELD(&mm->lock);
  pte_t *pte = walk_private(mm, va, 1);
  if (!pte)
    return 0;
  if (*pte & PTE_V)
    return PA2KVA(PTE2PA(*pte));
  void *page = page_alloc();
  if (!page)
    return 0;
  pte_set(pte, pte_leaf(KVA2PA(page), vma_pte_perm(v)));
  mm->rss++;
  return page;
}

int mm_map_page(struct mm *mm, struct vma *v, uint64_t va, void *page)
{
  pte_t *pte = walk_private(mm, va, 1);
  if (pte && !(*pte & PTE_V) && v->kind != VMA_SHARED && (v->prot & PTE_W)) {
    void *copy = page_alloc();
    if (copy)
      memcpy(copy, page, PGSIZE);
    page_free(page);
    page = copy;
    if (!page)
      return -ENOMEM;
  }
  if (!pte || (*pte & PTE_V)) {
    page_free(page);                 // mapped meanwhile by another thread
    return pte ? 0 : -ENOMEM;
  }
  pte_set(pte, pte_leaf(KVA2PA(page), vma_pte_perm(v)));
  mm->rss++;
  return 0;
}

// LAB cow BEGIN
// A store to a COW page: take it over if this mm holds the only reference,
// else give this mm a private copy.  Returns the page now mapped writable,
// or NULL when memory is exhausted.  mm->lock held.
static void *cow_break(struct mm *mm, pte_t *pte)
{
  ASSERT_HELD(&mm->lock);
  void *page = PA2KVA(PTE2PA(*pte));
  uint64_t perm = (PTE_FLAGS(*pte) & (PTE_R | PTE_X | PTE_U)) | PTE_W;
  if (page_refcount(page) > 1) {
    void *copy = page_alloc();
    if (!copy)
      return 0;
    memcpy(copy, page, PGSIZE);
    page_free(page);                 // drop our reference to the shared one
    page = copy;
  }
  pte_set(pte, pte_leaf(KVA2PA(page), perm));
  mm_flush(mm);
  return page;
}

// LAB cow END
// The kernel address of the page backing user address va, faulting it in if
// its region allows; NULL if va is not mapped and cannot be (or memory is
// exhausted).  write: the caller will store to it.  mm->lock held.
void *mm_page_locked(struct mm *mm, uint64_t va, int write)
{
  ASSERT_HELD(&mm->lock);
  if (va >= USER_TOP)
    return 0;
  struct vma *v = vma_find(mm, va);
  if (!v || !(v->prot & (write ? PTE_W : PTE_R)))
    return 0;
  pte_t *pte = walk(mm->pagetable, va, 0);
  if (pte && (*pte & PTE_V)) {
    // LAB cow BEGIN
    if (write && (*pte & PTE_COW)) {
      // The kernel writing for the user (read() into a COW page).
      pte = walk_private(mm, va, 0);
      return pte ? cow_break(mm, pte) : 0;
    }
    // LAB cow END
    if (!(*pte & PTE_U) || (write && !(*pte & PTE_W)) || (!write && !(*pte & PTE_R)))
      return 0;
    return PA2KVA(PTE2PA(*pte));
  }
  if (v->file)
    return 0;                        // a file's page comes by a fault only (it may sleep)
  // LAB lazy BEGIN
  return map_zero_page(mm, v, PGROUNDDOWN(va));   // the user's first touch, made by the kernel
  // LAB lazy STUB
  // return 0;                        // every page of a region is mapped when the region is made
  // LAB lazy END
}

void *mm_mapped_page(struct mm *mm, uint64_t va)
{
  pte_t *pte = va < USER_TOP ? walk(mm->pagetable, va, 0) : 0;
  return pte && (*pte & PTE_V) ? PA2KVA(PTE2PA(*pte)) : 0;
}

int mm_populate(struct mm *mm, uint64_t start, uint64_t end)
{
  int r = 0;
  spin_lock(&mm->lock);
  struct vma *v = vma_find(mm, start);
  for (uint64_t va = PGROUNDDOWN(start); v && va < end && r == 0; va += PGSIZE)
    if (!map_zero_page(mm, v, va))
      r = -ENOMEM;
  spin_unlock(&mm->lock);
  return v ? r : -EFAULT;
}

// Does v allow the access that faulted?
static int access_allowed(struct vma *v, int cause)
{
  if (cause == EXC_STORE_PAGE_FAULT)
    return (v->prot & PTE_W) != 0;
  if (cause == EXC_INST_PAGE_FAULT)
    return (v->prot & PTE_X) != 0;
  return (v->prot & PTE_R) != 0;
}

int mm_fault(struct mm *mm, uint64_t va, int cause)
{
  spin_lock(&mm->lock);
  struct vma *v = va < USER_TOP ? vma_find(mm, va) : 0;
  pte_t *pte = v ? walk(mm->pagetable, va, 0) : 0;
  int r;
  if (!v || !access_allowed(v, cause)) {
    r = -EFAULT;                     // outside every region, or against its rights: SIGSEGV
  } else if ((!pte || !(*pte & PTE_V)) && v->file) {
    return mm_file_fault(mm, v, va);   // unlocks
  } else if (!pte || !(*pte & PTE_V)) {
    // LAB lazy BEGIN
    r = map_zero_page(mm, v, PGROUNDDOWN(va)) ? 0 : -ENOMEM;   // first touch of a lazy page
    // LAB lazy STUB
    // r = -EFAULT;                   // every page of a region is mapped when the region is made
    // LAB lazy END
  } else if (cause == EXC_STORE_PAGE_FAULT && !(*pte & (PTE_W | PTE_SHARED))) {
    // LAB cow BEGIN
    // A store to a read-only page of a writable private region: COW, or a
    // page that mprotect made read-only while it was shared.
    r = (pte = walk_private(mm, va, 0)) && cow_break(mm, pte) ? 0 : -ENOMEM;
    // LAB cow STUB
    // r = -EFAULT;                   // no page is copy-on-write: fork copies them all
    // LAB cow END
  } else {
    r = 0;                           // mapped meanwhile (another thread, or a stale TLB entry)
  }
  spin_unlock(&mm->lock);
  sfence_vma_addr(va);
  return r;
}

#define LEAF_SPAN (PTES_PER_TABLE * PGSIZE)  // what one leaf table maps: 2 MiB

static int table_empty(pagetable_t t)
{
  for (int i = 0; i < PTES_PER_TABLE; i++)
    if (t[i] & PTE_V)
      return 0;
  return 1;
}

// Leaf tables that map nothing any more in [start, end) go back too, so a
// heap that shrinks or an munmap returns its page-table pages (2 MiB of
// address space per table).  The entry pointing to a table is cleared and
// every CPU flushed before the table is dropped.  mm->lock held.
static void free_empty_tables(struct mm *mm, uint64_t start, uint64_t end)
{
  ASSERT_HELD(&mm->lock);
  for (uint64_t va = start & ~(LEAF_SPAN - 1); va < end; va += LEAF_SPAN) {
    pte_t *l2e = &mm->pagetable[VPN(va, 2)];
    if (!(*l2e & PTE_V))
      continue;
    pte_t *l1e = &((pagetable_t)PA2KVA(PTE2PA(*l2e)))[VPN(va, 1)];
    if (!(*l1e & PTE_V) || !table_empty(PA2KVA(PTE2PA(*l1e))))
      continue;
    pagetable_t t = PA2KVA(PTE2PA(*l1e));
    *l1e = 0;
    mm_flush(mm);
    table_put(t);
  }
}

// mremap: the pages mapped at [from, from+len) move to [to, to+len) by
// moving their PTEs.  0, or -ENOMEM when a page table cannot be had (part
// may have moved: the caller removes both ranges).  mm->lock held.
int mm_move_range(struct mm *mm, uint64_t from, uint64_t to, uint64_t len)
{
  ASSERT_HELD(&mm->lock);
  int err = 0;
  for (uint64_t off = 0; off < len && err == 0; off += PGSIZE) {
    pte_t *src = walk(mm->pagetable, from + off, 0);
    if (!src || !(*src & PTE_V))
      continue;
    pte_t *dst = walk_private(mm, to + off, 1);
    src = walk_private(mm, from + off, 0);
    if (!src || !dst) {
      err = -ENOMEM;
      break;
    }
    *dst = *src;
    *src = 0;
  }
  mm_flush(mm);
  free_empty_tables(mm, from, from + len);
  return err;
}

// Pages are freed only after every CPU has dropped its translations: a
// thread on another CPU must not store into a page that is already reused.
#define UNMAP_BATCH 32
void mm_unmap_range(struct mm *mm, uint64_t start, uint64_t end)
{
  void *batch[UNMAP_BATCH];
  int n = 0;
  for (uint64_t va = start; va < end; va += PGSIZE) {
    pte_t *pte = walk(mm->pagetable, va, 0);
    if (pte && (*pte & PTE_V) && (pte = walk_private(mm, va, 0))) {
      batch[n++] = PA2KVA(PTE2PA(*pte));
      *pte = 0;
      mm->rss--;
    }
    if (n == UNMAP_BATCH || (n > 0 && va + PGSIZE >= end)) {
      mm_flush(mm);
      while (n > 0)
        page_free(batch[--n]);
    }
  }
  free_empty_tables(mm, start, end);
}

// Move the end of the heap region to end (page aligned): 0, or -ENOMEM.
// mm->lock held.
static int heap_resize(struct mm *mm, struct vma *heap, uint64_t end)
{
  ASSERT_HELD(&mm->lock);
  if (end < heap->end)
    mm_unmap_range(mm, end, heap->end);
  // LAB lazy BEGIN
  // Growing only moves the end: a heap page appears when first touched (mm_fault).
  // LAB lazy STUB
  // // Growing maps every new page now; out of memory, the heap stays as it was.
  // for (uint64_t va = heap->end; va < end; va += PGSIZE) {
  //   if (!map_zero_page(mm, heap, va)) {
  //     mm_unmap_range(mm, heap->end, va);
  //     return -ENOMEM;
  //   }
  // }
  // LAB lazy END
  heap->end = end;
  return 0;
}

long mm_brk(struct mm *mm, uint64_t newbrk)
{
  spin_lock(&mm->lock);
  struct vma *heap = 0;
  for (struct vma *v = mm->vmas; v; v = v->next)
    if (v->kind == VMA_HEAP)
      heap = v;
  // Up to a page below the next region (the stack, or an mmap); munmap may
  // have taken the heap's first pages.
  uint64_t limit = heap && heap->next ? heap->next->start - PGSIZE : 0;
  if (heap && newbrk >= mm->heap_start && PGROUNDUP(newbrk) >= heap->start && newbrk <= limit) {
    if (heap_resize(mm, heap, PGROUNDUP(newbrk)) == 0)
      mm->brk = newbrk;
  }
  long r = mm->brk;
  spin_unlock(&mm->lock);
  return r;
}

// LAB cow BEGIN
// Fork, copy-on-write.  The child gets its own top two levels of page
// table, but shares the parent's leaf tables themselves (each gains a
// reference), so fork costs a few operations per 2 MiB of mapped memory,
// not per page.  Every writable PTE in a shared table is first made
// read-only and COW; whichever side later changes a PTE takes a private
// copy of the table (walk_private), and a store to a COW page copies the
// page (cow_break).  Invariant: a shared leaf table has no writable PTE
// but those of MAP_SHARED pages, which both sides are meant to write.
static void write_protect(pagetable_t t)
{
  for (int i = 0; i < PTES_PER_TABLE; i++)
    if ((t[i] & PTE_V) && (t[i] & PTE_W) && !(t[i] & PTE_SHARED))
      pte_set(&t[i], (t[i] & ~PTE_W) | PTE_COW);
}

// Share every leaf table of old's user half with mm.  old->lock held.
static int fork_pages(struct mm *old, struct mm *mm)
{
  pagetable_t old_root = old->pagetable, new_root = mm->pagetable;
  for (int i = 0; i < KERNEL_HALF; i++) {
    if (!(old_root[i] & PTE_V))
      continue;
    pagetable_t old_l1 = PA2KVA(PTE2PA(old_root[i]));
    pagetable_t new_l1 = page_alloc();
    if (!new_l1)
      return -ENOMEM;
    new_root[i] = PA2PTE(KVA2PA(new_l1)) | PTE_V;
    for (int j = 0; j < PTES_PER_TABLE; j++) {
      if (!(old_l1[j] & PTE_V))
        continue;
      pagetable_t leaf = PA2KVA(PTE2PA(old_l1[j]));
      write_protect(leaf);
      page_get(leaf);
      new_l1[j] = old_l1[j];
    }
  }
  return 0;
}
// LAB cow STUB
// // Fork, the simple way: the child gets its own copy of every page the
// // parent has mapped, except MAP_SHARED pages, which both map (that is what
// // shared means).  parent->lock held.
// static int fork_pages(struct mm *parent, struct mm *child)
// {
//   for (struct vma *v = parent->vmas; v; v = v->next) {
//     for (uint64_t va = v->start; va < v->end; va += PGSIZE) {
//       pte_t *from = walk(parent->pagetable, va, 0);
//       if (!from || !(*from & PTE_V))
//         continue;                    // not touched yet
//       void *page = PA2KVA(PTE2PA(*from));
//       if (*from & PTE_SHARED) {
//         page_get(page);
//       } else {
//         void *mine = page_alloc();
//         if (!mine)
//           return -ENOMEM;
//         memcpy(mine, page, PGSIZE);
//         page = mine;
//       }
//       pte_t *to = walk(child->pagetable, va, 1);
//       if (!to) {
//         page_free(page);
//         return -ENOMEM;
//       }
//       pte_set(to, PA2PTE(KVA2PA(page)) | PTE_FLAGS(*from));
//     }
//   }
//   return 0;
// }
// LAB cow END

struct mm *mm_copy(struct mm *old)
{
  struct mm *mm = mm_create();
  if (!mm)
    return 0;
  spin_lock(&old->lock);
  mm->heap_start = old->heap_start;
  mm->brk = old->brk;
  mm->rss = old->rss;
  int r = 0;
  for (struct vma *v = old->vmas; v && r == 0; v = v->next) {
    struct vma *n = vma_add(mm, v->start, v->end, v->prot, v->kind);
    if (n)
      vma_copy_file(n, v);
    else
      r = -ENOMEM;
  }
  if (r == 0)
    r = fork_pages(old, mm);
  // LAB cow BEGIN
  // The parent's writable pages just became read-only: no hart may keep a
  // writable translation of them.
  mm_flush(old);
  // LAB cow END
  spin_unlock(&old->lock);
  if (r < 0) {
    mm_put(mm);
    return 0;
  }
  return mm;
}

// Private pages become writable only when this mm holds the sole
// reference and no COW is pending; otherwise they stay read-only and COW, and
// the first store copies them.
void mm_protect_range(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
  for (uint64_t va = start; va < end; va += PGSIZE) {
    pte_t *pte = walk(mm->pagetable, va, 0);
    if (!pte || !(*pte & PTE_V) || !(pte = walk_private(mm, va, 0)))
      continue;
    void *page = PA2KVA(PTE2PA(*pte));
    uint64_t perm = vma_pte_perm(v), cow = *pte & PTE_COW;
    if ((perm & PTE_W) && !(perm & PTE_SHARED) && (cow || page_refcount(page) > 1)) {
      perm &= ~PTE_W;
      cow = PTE_COW;
    }
    pte_set(pte, pte_leaf(KVA2PA(page), perm | cow));
  }
  mm_flush(mm);
}

// The CPUs using mm other than this one must forget its translations.  (A
// CPU that loads another page table flushes its TLB, so only CPUs with mm
// loaded can hold stale entries.)  A lazy CPU is not interrupted: it flushes
// when it runs mm again and finds flush_gen moved (mm_switch).  Either it
// sees the new generation or this sees it is no longer lazy: both sides
// write, fence, then read the other's word.  mm->lock held.
void mm_flush(struct mm *mm)
{
  uint64_t gen = __atomic_add_fetch(&mm->flush_gen, 1, __ATOMIC_SEQ_CST);
  if (mycpu()->loaded_mm == mm)
    mycpu()->loaded_gen = gen;         // flushed here below
  uint64_t harts = 0;
  uint64_t on = __atomic_load_n(&mm->cpus, __ATOMIC_SEQ_CST);
  int self = cpuid();
  for (int c = 0; c < ncpu; c++)
    if ((on & cpu_bit(c)) && c != self && !__atomic_load_n(&cpus[c].lazy, __ATOMIC_SEQ_CST))
      harts |= 1UL << cpus[c].hartid;
  if (harts)
    sbi_remote_sfence_vma(harts, 0, 0, -1UL);
  sfence_vma();
}

void mm_switch(struct mm *to)
{
  struct cpu *c = mycpu();
  struct mm *from = c->loaded_mm;
  __atomic_store_n(&c->lazy, 0, __ATOMIC_SEQ_CST);
  if (to && to == from) {
    // Back from lazy: flushes passed this CPU by meanwhile (mm_flush).
    uint64_t gen = __atomic_load_n(&to->flush_gen, __ATOMIC_SEQ_CST);
    if (gen != c->loaded_gen) {
      c->loaded_gen = gen;
      sfence_vma();
    }
    return;
  }
  if (to) {
    __atomic_or_fetch(&to->cpus, cpu_bit(c->id), __ATOMIC_SEQ_CST);
    c->loaded_gen = __atomic_load_n(&to->flush_gen, __ATOMIC_SEQ_CST);
  }
  c->loaded_mm = to;
  csr_write(satp, MAKE_SATP(KVA2PA(to ? to->pagetable : kernel_pagetable)));
  sfence_vma();
  // Only now may from's tables be freed (mm_unload waits for this bit).
  if (from)
    __atomic_and_fetch(&from->cpus, ~cpu_bit(c->id), __ATOMIC_RELEASE);
}

void mm_enter(struct mm *mm)
{
  struct cpu *c = mycpu();
  if (mm)
    mm_switch(mm);
  else
    __atomic_store_n(&c->lazy, c->loaded_mm != 0, __ATOMIC_SEQ_CST);
}

void mm_drop_dead(void)
{
  struct cpu *c = mycpu();
  if (c->lazy && c->loaded_mm && refcount_read(&c->loaded_mm->users) == 0)
    mm_switch(0);
}
