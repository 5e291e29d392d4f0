// Memory management: physical pages, the small-object allocator, page tables,
// address spaces (struct mm) and checked copies to and from user memory.
#pragma once
#include <stdint.h>
#include <stddef.h>
#include "arch/riscv.h"
#include "mm/memlayout.h"
#include "lib/spinlock.h"
#include "lib/refcount.h"

struct machine;

// ---- physical pages (mm/page.c) ----
// Pages are handed out as kernel (direct-map) addresses.  Each page has a
// reference count, set to 1 by page_alloc; page_free drops one reference and
// frees the page when it reaches zero.
void page_init(struct machine *m, uint64_t kernel_pa_start, uint64_t kernel_pa_end, uint64_t dtb_pa, uint64_t dtb_size);
void *page_alloc(void);          // zero-filled, or NULL when memory is exhausted
void *page_alloc_raw(void);      // the same, not zeroed: the caller overwrites all of it
void page_free(void *kva);
void page_get(void *kva);        // take another reference
int page_refcount(void *kva);
uint64_t pages_free(void);       // number of free pages (for sysinfo and leak checks)
uint64_t pages_total(void);

// ---- small objects (mm/kmalloc.c): power-of-two size classes up to one page ----
void *kmalloc(size_t size);      // zero-filled, or NULL
void kfree(void *p);

// ---- page tables (mm/vm.c) ----
extern pagetable_t kernel_pagetable;
void vm_init(struct machine *m, uint64_t kernel_pa);   // build and switch to the final kernel page table
void vm_hart_init(void);                                // load it on this hart
pte_t *walk(pagetable_t pt, uint64_t va, int alloc);   // leaf PTE slot for va, or NULL
// Every leaf PTE is made by pte_leaf (A always set, D when writable: some
// cores fault rather than set them) and installed by pte_set, which with
// the boot option pte_check panics on a leaf missing them.
pte_t pte_leaf(uint64_t pa, uint64_t perm);
void pte_set(pte_t *slot, pte_t pte);
extern int pte_selfcheck;
// Map [va, va+size) to [pa, ...) with perm; the kernel sets A (and D when writable) itself.
int map_pages(pagetable_t pt, uint64_t va, uint64_t size, uint64_t pa, uint64_t perm);
void *ioremap(uint64_t pa, uint64_t size);              // device registers into the direct map
pagetable_t pagetable_create(void);                     // user half empty, kernel half shared
void pagetable_free(pagetable_t pt);                    // drops every user page and frees the tables

// ---- kernel stacks (mm/kstack.c) ----
void *kstack_alloc(void);        // returns the top of a fresh stack, NULL if none
void kstack_free(void *top);

// ---- address spaces (mm/mm.c) ----
// A region of user address space.  Regions are few (text/data, heap, stack,
// a handful of mmaps), so a short sorted list is enough.
struct vma {
  uint64_t start, end;           // page aligned, [start, end)
  uint64_t prot;                 // PTE_R/W/X (PTE_U is implied); W always comes with R
  int kind;                      // VMA_*
  struct file *file;             // a mapped file (referenced), or NULL
  uint64_t pgoff;                // the file's page at start
  struct vma *next;
};
// VMA_MMAP is private: anonymous, or a file's pages (the page cache's own
// while read-only, copies once writable).  VMA_SHARED is MAP_SHARED memory:
// anonymous (pages allocated at mmap time) or a file's (the page cache's
// pages); fork shares its pages instead of making them copy-on-write.
enum { VMA_ELF, VMA_HEAP, VMA_STACK, VMA_MMAP, VMA_SHARED };

struct mm {
  struct spinlock lock;          // protects the page table's user half, vmas, brk, rss
  pagetable_t pagetable;
  struct vma *vmas;              // sorted by start
  uint64_t heap_start, brk;      // heap is [heap_start, brk) rounded up to pages
  uint64_t rss;                  // user pages mapped
  refcount_t users;              // tasks using it
  uint64_t cpus;                 // bit per CPU that has this page table loaded now, lazily or not (atomic)
  uint64_t flush_gen;            // mm_flush calls so far (atomic): lazy CPUs catch up by it
  struct vma *dead;              // file regions removed, to release once the lock is dropped
};

struct mm *mm_create(void);
struct mm *mm_copy(struct mm *old);      // fork: copy-on-write sharing of every page
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);              // last user frees pages, tables and the mm
struct vma *vma_add(struct mm *mm, uint64_t start, uint64_t end, uint64_t prot, int kind);
struct vma *vma_find(struct mm *mm, uint64_t va);
// Allocate zeroed pages for [start, end) of an existing vma.  Returns 0 or -ENOMEM.
int mm_populate(struct mm *mm, uint64_t start, uint64_t end);
long mm_brk(struct mm *mm, uint64_t newbrk);   // Linux raw brk: returns the (new or old) break
// This CPU now runs a task with address space mm; NULL keeps the loaded
// page table, unused ("lazy"), so that going back to it is free.  Interrupts off.
void mm_enter(struct mm *mm);
void mm_switch(struct mm *to);                 // load to's page table (kernel's if NULL) now
void mm_drop_dead(void);                       // IPI: let go of a lazily kept mm being freed
void mm_flush(struct mm *mm);                  // drop mm's stale translations on every CPU using it
int mm_fault(struct mm *mm, uint64_t va, int cause);  // handle a user page fault: 0 or -EFAULT / -ENOMEM
// Kernel address of the page behind user address va, faulting it in if its
// region allows (write: the caller stores to it); NULL if not.  mm->lock held.
void *mm_page_locked(struct mm *mm, uint64_t va, int write);
// The page mapped at va whatever its rights (the kernel filling a new
// mapping), or NULL.  mm->lock held.
void *mm_mapped_page(struct mm *mm, uint64_t va);
// Drop the pages of [start, end) (page aligned) from the page table.  mm->lock held.
void mm_unmap_range(struct mm *mm, uint64_t start, uint64_t end);
int mm_move_range(struct mm *mm, uint64_t from, uint64_t to, uint64_t len);   // mremap; mm->lock held
// Give the mapped pages of [start, end), all inside v, v's current rights.  mm->lock held.
void mm_protect_range(struct mm *mm, struct vma *v, uint64_t start, uint64_t end);
// Map page (one reference, which the mapping takes over) at va of the file
// region v: the page itself if v is shared or read-only, else a copy.
// 0 or -ENOMEM.  mm->lock held.
int mm_map_page(struct mm *mm, struct vma *v, uint64_t va, void *page);

// ---- file mappings (mm/mmap.c) ----
// A fault at an unmapped va of the file region v: map the file's page
// (-EIO beyond the end of the file: SIGBUS).  Called with mm->lock held,
// returns without it (it may sleep).
int mm_file_fault(struct mm *mm, struct vma *v, uint64_t va);
void vma_copy_file(struct vma *to, const struct vma *from);   // to maps what from does (fork, split)
void vma_free(struct vma *v);  // free a removed region, releasing its file; may sleep
struct inode;
// The file ip is now size bytes long: unmap the pages wholly beyond it
// from mm's mappings of it, so a touch there gets SIGBUS.
void mm_unmap_file(struct mm *mm, struct inode *ip, uint64_t size);

// ---- checked user copies (mm/uaccess.c): current task's address space ----
// They walk the page table, so a bad pointer gives -EFAULT, never a kernel fault.
int copy_to_user(uint64_t dst, const void *src, size_t n);
int copy_from_user(void *dst, uint64_t src, size_t n);
// Copies a NUL-terminated string of at most max bytes including the NUL.
// Returns its length, -EFAULT, or -ENAMETOOLONG if no NUL within max bytes.
long strncpy_from_user(char *dst, uint64_t src, size_t max);
// Copy into another mm's memory (exec builds the new stack this way).
int copy_to_mm(struct mm *mm, uint64_t dst, const void *src, size_t n);
