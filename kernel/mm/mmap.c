// mmap, munmap, mprotect, mremap, madvise, msync and mincore: regions of
// user memory beyond the program, its heap and its stack.
//
// Four kinds of mapping exist:
//   MAP_PRIVATE|MAP_ANONYMOUS   zero pages on first touch, copy-on-write at fork
//   MAP_SHARED|MAP_ANONYMOUS    pages allocated at mmap; fork shares them, so
//                               parent and child see each other's stores
//   MAP_SHARED of a file        the page cache's pages (fs/pcache.c): stores
//                               are what read() sees and what fsync/msync write
//   MAP_PRIVATE of a file       the page cache's pages while read-only; a
//                               writable one gets copies, its own
// A file's pages within its size are mapped at mmap (the kernel's user
// copies cannot fetch them: they hold mm->lock), later ones by a fault; a
// page wholly beyond the end of the file is SIGBUS.  A region holds a
// reference to its file; removed regions wait on mm->dead until the lock is
// dropped, as releasing a file may sleep.
//
// New mappings go top-down below the stack, so the heap keeps growing up
// towards them (brk stops a page short of the first one).
#include "mm/mm.h"
#include "mm/page.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "proc/task.h"
#include "syscall.h"
#include "errno.h"
#include "uapi/linux/mman.h"

#define MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE | \
                   MAP_STACK | MAP_FIXED_NOREPLACE)

#define MMAP_MIN _UL(0x10000)        // nothing maps below this (Linux's mmap_min_addr)
#define MMAP_TOP (USER_STACK_TOP - USER_STACK_MAX - PGSIZE)   // a guard page below the stack

static uint64_t prot_to_pte(int prot)
{
  // W without R is reserved in a RISC-V PTE; Linux maps PROT_WRITE as read-write.
  return ((prot & PROT_READ) ? PTE_R : 0) | ((prot & PROT_WRITE) ? PTE_R | PTE_W : 0) |
         ((prot & PROT_EXEC) ? PTE_X : 0);
}

// Split v at page address at (inside it): v keeps [start, at).  mm->lock held.
static int vma_split(struct mm *mm, struct vma *v, uint64_t at)
{
  ASSERT_HELD(&mm->lock);
  if (at <= v->start || at >= v->end)
    return 0;
  struct vma *tail = vma_add(mm, at, v->end, v->prot, v->kind);
  if (!tail)
    return -ENOMEM;
  vma_copy_file(tail, v);
  tail->pgoff += (at - v->start) / PGSIZE;
  v->end = at;
  return 0;
}

// Make [start, end) a whole number of regions: no region crosses either
// end.  mm->lock held.
static int vma_isolate(struct mm *mm, uint64_t start, uint64_t end)
{
  ASSERT_HELD(&mm->lock);
  struct vma *a = vma_find(mm, start);
  if (a && vma_split(mm, a, start) < 0)
    return -ENOMEM;
  struct vma *b = vma_find(mm, end - 1);
  return b ? vma_split(mm, b, end) : 0;
}

// Remove every region inside [start, end) and its pages.  The range is
// isolated (vma_isolate).  mm->lock held.
static void vma_remove(struct mm *mm, uint64_t start, uint64_t end)
{
  ASSERT_HELD(&mm->lock);
  struct vma **pp = &mm->vmas;
  while (*pp) {
    struct vma *v = *pp;
    if (v->start >= start && v->end <= end) {
      *pp = v->next;
      v->next = mm->dead;
      mm->dead = v;
    } else {
      pp = &v->next;
    }
  }
  mm_unmap_range(mm, start, end);
}

// Drop mm->lock, then release the regions removed under it.
static void unlock_reap(struct mm *mm)
{
  struct vma *dead = mm->dead;
  mm->dead = 0;
  spin_unlock(&mm->lock);
  while (dead) {
    struct vma *v = dead;
    dead = v->next;
    vma_free(v);
  }
}

void vma_copy_file(struct vma *to, const struct vma *from)
{
  to->pgoff = from->pgoff;
  to->file = from->file ? filedup(from->file) : 0;
  if (to->file && to->kind == VMA_SHARED)
    __atomic_fetch_add(&to->file->ip->shared_maps, 1, __ATOMIC_RELAXED);
}

// A shared mapping of a file opened for writing may have changed any page
// it held: they become dirty before the mapping lets go of the file.
void vma_free(struct vma *v)
{
  struct file *f = v->file;
  if (f && v->kind == VMA_SHARED) {
    if (f->writable)
      pcache_dirty(f->ip, v->pgoff, (v->end - v->start) / PGSIZE);
    __atomic_fetch_sub(&f->ip->shared_maps, 1, __ATOMIC_RELAXED);
  }
  if (f)
    fileclose(f);
  kfree(v);
}

// Map the file's page index at va (in a region of f, unless unmapped
// meanwhile).  mm->lock not held.
static int map_file_page(struct mm *mm, uint64_t va, struct file *f, uint64_t index)
{
  void *page;
  int err = index > UINT32_MAX ? -EIO : pcache_get_page(f->ip, index, &page);
  if (err < 0)
    return err;
  spin_lock(&mm->lock);
  struct vma *v = vma_find(mm, va);
  if (v && v->file && v->file->ip == f->ip && v->pgoff + (va - v->start) / PGSIZE == index)
    err = mm_map_page(mm, v, va, page);
  else
    page_free(page);
  spin_unlock(&mm->lock);
  return err;
}

int mm_file_fault(struct mm *mm, struct vma *v, uint64_t va)
{
  va = PGROUNDDOWN(va);
  struct file *f = filedup(v->file);
  uint64_t index = v->pgoff + (va - v->start) / PGSIZE;
  spin_unlock(&mm->lock);
  int err = map_file_page(mm, va, f, index);
  fileclose(f);
  sfence_vma_addr(va);
  return err;
}

// Map the file's pages of the new region [va, va+len) that lie within the file.
static int populate_file(struct mm *mm, uint64_t va, uint64_t len, struct file *f, uint64_t index)
{
  for (uint64_t done = 0; done < len; done += PGSIZE) {
    int err = map_file_page(mm, va + done, f, index + done / PGSIZE);
    if (err == -EIO)
      return 0;                          // the end of the file
    if (err < 0)
      return err;
  }
  return 0;
}

void mm_unmap_file(struct mm *mm, struct inode *ip, uint64_t size)
{
  if (!mm)
    return;
  uint64_t keep = (size + PGSIZE - 1) / PGSIZE;
  spin_lock(&mm->lock);
  for (struct vma *v = mm->vmas; v; v = v->next) {
    if (!v->file || v->file->ip != ip || v->pgoff + (v->end - v->start) / PGSIZE <= keep)
      continue;
    uint64_t from = v->pgoff >= keep ? v->start : v->start + (keep - v->pgoff) * PGSIZE;
    mm_unmap_range(mm, from, v->end);
  }
  spin_unlock(&mm->lock);
}

static int range_is_free(struct mm *mm, uint64_t start, uint64_t end)
{
  for (struct vma *v = mm->vmas; v; v = v->next)
    if (v->start < end && start < v->end)
      return 0;
  return 1;
}

// The highest free [a, a+len) between MMAP_MIN and MMAP_TOP, or 0.
static uint64_t find_hole(struct mm *mm, uint64_t len)
{
  uint64_t found = 0, lo = MMAP_MIN;
  for (struct vma *v = mm->vmas;; v = v->next) {
    uint64_t hi = v && v->start < MMAP_TOP ? v->start : MMAP_TOP;
    if (hi > lo && hi - lo >= len)
      found = hi - len;
    if (!v || v->end >= MMAP_TOP)
      return found;
    if (v->end > lo)
      lo = v->end;
  }
}

// Choose where the mapping goes, clearing the way for MAP_FIXED.
// Returns the address or -errno.  mm->lock held.
static long place(struct mm *mm, uint64_t addr, uint64_t len, int flags)
{
  ASSERT_HELD(&mm->lock);
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr & (PGSIZE - 1))
      return -EINVAL;
    if (addr < MMAP_MIN)
      return -EPERM;
    if (addr > USER_TOP || len > USER_TOP - addr)
      return -ENOMEM;
    if (range_is_free(mm, addr, addr + len))
      return addr;
    if (flags & MAP_FIXED_NOREPLACE)
      return -EEXIST;
    if (vma_isolate(mm, addr, addr + len) < 0)
      return -ENOMEM;
    vma_remove(mm, addr, addr + len);
    return addr;
  }
  // A hint is taken when that range is free, as Linux does.
  addr = PGROUNDDOWN(addr);
  if (addr >= MMAP_MIN && addr < MMAP_TOP && len <= MMAP_TOP - addr &&
      range_is_free(mm, addr, addr + len))
    return addr;
  addr = find_hole(mm, len);
  return addr ? (long)addr : -ENOMEM;
}

// Why f cannot be mapped as type with prot, or 0: only a regular file open
// for reading, and for writing too if shared and writable.
static int unmappable(struct file *f, int type, int prot)
{
  if (!f->op->mmap || f->op->mmap(f) < 0)
    return -ENODEV;
  if (!f->readable || (type == MAP_SHARED && (prot & PROT_WRITE) && !f->writable))
    return -EACCES;
  return 0;
}

long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
  int type = flags & MAP_TYPE, anon = flags & MAP_ANONYMOUS, err = 0;
  if (type == MAP_SHARED_VALIDATE) {
    if (flags & ~MAP_KNOWN)
      return -EOPNOTSUPP;
    type = MAP_SHARED;
  }
  if (len == 0 || (type != MAP_SHARED && type != MAP_PRIVATE) || (off & (PGSIZE - 1)) ||
      (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
    return -EINVAL;
  if (len > USER_TOP)
    return -ENOMEM;
  len = PGROUNDUP(len);
  struct file *f = anon ? 0 : fd_get(fd);
  if (!anon && !f)
    return -EBADF;
  if (f && (err = unmappable(f, type, prot)) < 0) {
    fileclose(f);
    return err;
  }
  struct mm *mm = current->mm;
  int kind = type == MAP_SHARED ? VMA_SHARED : VMA_MMAP;
  spin_lock(&mm->lock);
  long at = place(mm, addr, len, flags);
  struct vma *v = at >= 0 ? vma_add(mm, at, at + len, prot_to_pte(prot), kind) : 0;
  if (at >= 0 && !v)
    at = -ENOMEM;
  if (v && f) {
    struct vma file = { .file = f, .pgoff = off / PGSIZE, .kind = kind };
    vma_copy_file(v, &file);
  }
  unlock_reap(mm);
  // Shared memory exists from the start, so that a child forked before
  // anyone touched it still shares it; a file's pages are mapped now (see above).
  // LAB lazy BEGIN
  int now = kind == VMA_SHARED || (flags & MAP_POPULATE);
  // LAB lazy STUB
  // int now = 1;                     // no lazy pages: every mapping is filled at once
  // LAB lazy END
  if (at >= 0 && (now || f)) {
    err = f ? populate_file(mm, at, len, f, off / PGSIZE) : mm_populate(mm, at, at + len);
    if (err < 0) {
      sys_munmap(at, len);
      at = err;
    }
  }
  if (f)
    fileclose(f);
  return at;
}

long sys_munmap(uint64_t addr, uint64_t len)
{
  if ((addr & (PGSIZE - 1)) || len == 0 || addr >= USER_TOP || len > USER_TOP - addr)
    return -EINVAL;
  len = PGROUNDUP(len);
  struct mm *mm = current->mm;
  spin_lock(&mm->lock);
  int r = vma_isolate(mm, addr, addr + len);
  if (r == 0)
    vma_remove(mm, addr, addr + len);
  unlock_reap(mm);
  return r;
}

// Every page of [start, end) inside some region?  mm->lock held.
static int range_is_mapped(struct mm *mm, uint64_t start, uint64_t end)
{
  ASSERT_HELD(&mm->lock);
  for (uint64_t a = start; a < end;) {
    struct vma *v = vma_find(mm, a);
    if (!v)
      return 0;
    a = v->end;
  }
  return 1;
}

long sys_mprotect(uint64_t addr, uint64_t len, int prot)
{
  if ((addr & (PGSIZE - 1)) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
    return -EINVAL;
  if (addr >= USER_TOP || PGROUNDUP(len) > USER_TOP - addr)
    return -ENOMEM;
  uint64_t end = addr + PGROUNDUP(len);
  if (end == addr)
    return 0;
  struct mm *mm = current->mm;
  spin_lock(&mm->lock);
  int r = range_is_mapped(mm, addr, end) ? vma_isolate(mm, addr, end) : -ENOMEM;
  for (struct vma *v = mm->vmas; r == 0 && v; v = v->next) {
    if (v->start >= addr && v->end <= end) {
      v->prot = prot_to_pte(prot);
      mm_protect_range(mm, v, v->start, v->end);
    }
  }
  spin_unlock(&mm->lock);
  return r;
}

// ---- madvise, msync, mincore, mremap ----

// [addr, addr+len) rounded out to pages in *end: 0, -EINVAL (unaligned, or
// wrapping), or -ENOMEM (beyond user space).
static long user_range(uint64_t addr, uint64_t len, uint64_t *end)
{
  if (addr & (PGSIZE - 1))
    return -EINVAL;
  if (addr >= USER_TOP || PGROUNDUP(len) > USER_TOP - addr)
    return -ENOMEM;
  *end = addr + PGROUNDUP(len);
  return 0;
}

// A page can be dropped and come back zeroed only in anonymous private
// memory; a shared page keeps its contents, and a private copy of a file
// is its own (a file's page would come back as the file has it now).
static int droppable(struct vma *v)
{
  return v->kind == VMA_HEAP || v->kind == VMA_STACK || (v->kind == VMA_MMAP && !v->file);
}

// Advice is taken and ignored, but MADV_DONTNEED and MADV_FREE drop the
// pages of anonymous private memory: the next touch maps a zeroed page.
long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
  uint64_t end;
  long err = user_range(addr, len, &end);
  if (err < 0)
    return err == -ENOMEM ? -EINVAL : err;
  if (advice < 0 || advice > MADV_POPULATE_WRITE || (advice > MADV_DONTNEED && advice < MADV_FREE) ||
      advice == MADV_REMOVE)
    return -EINVAL;
  struct mm *mm = current->mm;
  spin_lock(&mm->lock);
  err = range_is_mapped(mm, addr, end) ? 0 : -ENOMEM;
  for (struct vma *v = mm->vmas; err == 0 && v; v = v->next) {
    if ((advice != MADV_DONTNEED && advice != MADV_FREE) || !droppable(v) || v->end <= addr || v->start >= end)
      continue;
    mm_unmap_range(mm, v->start > addr ? v->start : addr, v->end < end ? v->end : end);
  }
  spin_unlock(&mm->lock);
  return err;
}

// The pages of shared file mappings in the range become dirty (the flusher
// writes them); MS_SYNC writes their files back and commits them now.
long sys_msync(uint64_t addr, uint64_t len, int flags)
{
  uint64_t end;
  if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || ((flags & MS_ASYNC) && (flags & MS_SYNC)))
    return -EINVAL;
  long err = user_range(addr, len, &end);
  if (err < 0)
    return err;
  struct mm *mm = current->mm;
  spin_lock(&mm->lock);
  err = range_is_mapped(mm, addr, end) ? 0 : -ENOMEM;
  spin_unlock(&mm->lock);
  for (uint64_t va = addr, next; err == 0 && va < end; va = next) {
    spin_lock(&mm->lock);
    struct vma *v = vma_find(mm, va);
    struct file *f = v && v->file && v->kind == VMA_SHARED ? filedup(v->file) : 0;
    uint64_t first = v ? v->pgoff + (va - v->start) / PGSIZE : 0;
    next = v && v->end < end ? v->end : end;
    spin_unlock(&mm->lock);
    if (!f)
      continue;
    if (f->writable)
      pcache_dirty(f->ip, first, (next - va) / PGSIZE);
    if (flags & MS_SYNC)
      err = pcache_fsync(f->ip);
    fileclose(f);
  }
  return err;
}

// One byte per page of [addr, addr+len): 1 when the page is in memory.
long sys_mincore(uint64_t addr, uint64_t len, uint64_t uvec)
{
  uint64_t end;
  long err = user_range(addr, len, &end);
  if (err < 0)
    return err;
  struct mm *mm = current->mm;
  for (uint64_t va = addr; va < end; va += PGSIZE) {
    spin_lock(&mm->lock);
    int mapped = vma_find(mm, va) != 0;
    pte_t *pte = mapped ? walk(mm->pagetable, va, 0) : 0;
    unsigned char in = pte && (*pte & PTE_V);
    spin_unlock(&mm->lock);
    if (!mapped)
      return -ENOMEM;
    if (copy_to_user(uvec + (va - addr) / PGSIZE, &in, 1) < 0)
      return -EFAULT;
  }
  return 0;
}

// Grow the region ending at v->end in place when the room after it is free.
// mm->lock held.
static int grow_in_place(struct mm *mm, struct vma *v, uint64_t end)
{
  ASSERT_HELD(&mm->lock);
  if (end > MMAP_TOP || !range_is_free(mm, v->end, end))
    return 0;
  v->end = end;
  return 1;
}

// Move [old, old+oldsize) (one whole region, isolated) to dest, newsize
// long.  Returns dest or -errno.  mm->lock held.
static long move_region(struct mm *mm, uint64_t old, uint64_t oldsize, uint64_t newsize, long dest)
{
  ASSERT_HELD(&mm->lock);
  struct vma *v = vma_find(mm, old);
  struct vma *n = dest >= 0 ? vma_add(mm, dest, dest + newsize, v->prot, v->kind) : 0;
  if (dest < 0)
    return dest;
  if (!n)
    return -ENOMEM;
  vma_copy_file(n, v);
  long err = mm_move_range(mm, old, dest, oldsize < newsize ? oldsize : newsize);
  if (err < 0) {
    vma_remove(mm, dest, dest + newsize);
    return err;
  }
  vma_remove(mm, old, old + oldsize);
  return dest;
}

// Shrink in place, grow in place, or move (MREMAP_MAYMOVE, to newaddr with
// MREMAP_FIXED).  The old range must lie in one mmap region.
long sys_mremap(uint64_t old, uint64_t oldsize, uint64_t newsize, int flags, uint64_t newaddr)
{
  if ((old & (PGSIZE - 1)) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
      ((flags & MREMAP_FIXED) && (!(flags & MREMAP_MAYMOVE) || (newaddr & (PGSIZE - 1)))))
    return -EINVAL;
  oldsize = PGROUNDUP(oldsize);
  newsize = PGROUNDUP(newsize);
  if (oldsize == 0 || newsize == 0 || old >= USER_TOP || oldsize > USER_TOP - old || newsize > USER_TOP)
    return -EINVAL;
  if ((flags & MREMAP_FIXED) && newaddr < old + oldsize && old < newaddr + newsize)
    return -EINVAL;                    // the two ranges overlap
  struct mm *mm = current->mm;
  spin_lock(&mm->lock);
  struct vma *v = vma_find(mm, old);
  long r;
  if (!v || old + oldsize > v->end || (v->kind != VMA_MMAP && v->kind != VMA_SHARED)) {
    r = -EFAULT;
  } else if (!(flags & MREMAP_FIXED) && newsize <= oldsize) {
    r = vma_isolate(mm, old + newsize, old + oldsize);
    if (r == 0 && newsize < oldsize)
      vma_remove(mm, old + newsize, old + oldsize);
    r = r < 0 ? r : (long)old;
  } else if (!(flags & MREMAP_FIXED) && v->end == old + oldsize && grow_in_place(mm, v, old + newsize)) {
    r = old;
  } else if (!(flags & MREMAP_MAYMOVE)) {
    r = -ENOMEM;
  } else {
    r = vma_isolate(mm, old, old + oldsize);
    if (r == 0)
      r = move_region(mm, old, oldsize, newsize,
                      place(mm, newaddr, newsize, (flags & MREMAP_FIXED) ? MAP_FIXED : 0));
  }
  struct vma *nv = r >= 0 ? vma_find(mm, r) : 0;
  int shared = nv && nv->kind == VMA_SHARED && !nv->file;
  unlock_reap(mm);
  // Shared memory has its pages from the start (see sys_mmap).
  if (shared && newsize > oldsize && mm_populate(mm, r + oldsize, r + newsize) < 0) {
    sys_munmap(r, newsize);
    return -ENOMEM;
  }
  return r;
}
