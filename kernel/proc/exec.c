// execve: replace the calling task's program.  The new address space is
// built completely (ELF segments, then the Linux initial stack) before the
// old one is dropped, so a failing exec returns an error to a caller that is
// still intact.
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/elf.h"
#include "sched/sched.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "lib/string.h"
#include "errno.h"

#define MAX_ARGS    512                  // argv + envp entries
#define MAX_ARGLEN  PGSIZE               // one string, NUL included
#define MAX_STRINGS (256 * 1024)         // all strings together

// Where argv/envp come from: the caller's user memory, or (for init) the kernel.
struct argsrc {
  int kernel;
  uint64_t argv, envp;                   // user addresses or kernel pointers; 0 = none
};

// The i-th string pointer of a vector; 0 at the end.  -EFAULT if unreadable.
static long arg_ptr(int kernel, uint64_t vec, int i, uint64_t *out)
{
  if (!vec) {
    *out = 0;
    return 0;
  }
  if (kernel) {
    *out = (uint64_t)((const char *const *)vec)[i];
    return 0;
  }
  return copy_from_user(out, vec + 8 * i, 8);
}

static long arg_str(int kernel, uint64_t p, char *buf)
{
  if (kernel) {
    size_t n = strlen((const char *)p);
    if (n >= MAX_ARGLEN)
      return -E2BIG;
    memcpy(buf, (const char *)p, n + 1);
    return n;
  }
  long n = strncpy_from_user(buf, p, MAX_ARGLEN);
  return n == -ENAMETOOLONG ? -E2BIG : n;
}

// Copy one vector's strings onto the new stack below *sp, recording their
// new addresses in ptrs[*count...].  Returns 0 or -errno.
static long push_strings(struct mm *mm, int kernel, uint64_t vec, uint64_t *sp, uint64_t *ptrs, int *count,
                         char *buf)
{
  for (int i = 0;; i++) {
    uint64_t p;
    long r = arg_ptr(kernel, vec, i, &p);
    if (r < 0)
      return r;
    if (!p)
      return 0;
    if (*count >= MAX_ARGS)
      return -E2BIG;
    long n = arg_str(kernel, p, buf);
    if (n < 0)
      return n;
    if (USER_STACK_TOP - (*sp - n - 1) > MAX_STRINGS)
      return -E2BIG;
    *sp -= n + 1;
    if (copy_to_mm(mm, *sp, buf, n + 1) < 0)
      return -ENOMEM;
    ptrs[(*count)++] = *sp;
  }
}

static int load_segment(struct mm *mm, struct inode *ip, struct elf_phdr *ph, struct vma **last)
{
  if (ph->memsz < ph->filesz || ph->vaddr + ph->memsz < ph->vaddr || ph->vaddr < PGSIZE ||
      ph->vaddr + ph->memsz > USER_STACK_TOP - USER_STACK_MAX - PGSIZE)
    return -ENOEXEC;
  // W without R is reserved in a PTE: a writable segment is readable too.
  uint64_t prot = ((ph->flags & PF_R) ? PTE_R : 0) | ((ph->flags & PF_W) ? PTE_R | PTE_W : 0) |
                  ((ph->flags & PF_X) ? PTE_X : 0);
  uint64_t start = PGROUNDDOWN(ph->vaddr), end = PGROUNDUP(ph->vaddr + ph->memsz);
  if (*last && start < (*last)->end) {
    if (start < (*last)->start)
      return -ENOEXEC;                   // segments must be in address order
    (*last)->prot |= prot;               // a page shared by two segments gets both rights
    start = (*last)->end;
  }
  if (start < end && !(*last = vma_add(mm, start, end, prot, VMA_ELF)))
    return -ENOMEM;
  if (mm_populate(mm, PGROUNDDOWN(ph->vaddr), end) < 0)
    return -ENOMEM;
  // File bytes go in page by page through the direct map (the segment may be read-only to the user).
  for (uint64_t done = 0; done < ph->filesz;) {
    uint64_t va = ph->vaddr + done, off = va & (PGSIZE - 1);
    uint64_t n = PGSIZE - off < ph->filesz - done ? PGSIZE - off : ph->filesz - done;
    spin_lock(&mm->lock);
    char *page = mm_mapped_page(mm, va);
    spin_unlock(&mm->lock);
    if (!page || readi(ip, 0, (uint64_t)(page + off), ph->off + done, n) != (int)n)
      return -ENOEXEC;
    done += n;
  }
  return 0;
}

// Load the ELF program at ip into mm.  ip is locked.
static int load_elf(struct mm *mm, struct inode *ip, struct elf_header *eh)
{
  if (readi(ip, 0, (uint64_t)eh, 0, sizeof *eh) != sizeof *eh || eh->magic != ELF_MAGIC ||
      eh->class != ELFCLASS64 || eh->type != ET_EXEC || eh->machine != EM_RISCV ||
      eh->phentsize != sizeof(struct elf_phdr) || eh->phnum > 64)
    return -ENOEXEC;
  struct vma *last = 0;
  uint64_t top = 0;
  for (int i = 0; i < eh->phnum; i++) {
    struct elf_phdr ph;
    if (readi(ip, 0, (uint64_t)&ph, eh->phoff + i * sizeof ph, sizeof ph) != sizeof ph)
      return -ENOEXEC;
    if (ph.type != PT_LOAD)
      continue;
    int r = load_segment(mm, ip, &ph, &last);
    if (r < 0)
      return r;
    if (PGROUNDUP(ph.vaddr + ph.memsz) > top)
      top = PGROUNDUP(ph.vaddr + ph.memsz);
  }
  if (!top)
    return -ENOEXEC;
  mm->heap_start = mm->brk = top;
  return vma_add(mm, top, top, PTE_R | PTE_W, VMA_HEAP) ? 0 : -ENOMEM;
}

// Address of the program headers in memory (for AT_PHDR): inside the first
// segment when it maps the file from offset 0, as it does for our programs.
static uint64_t phdr_addr(struct mm *mm, struct elf_header *eh)
{
  struct vma *v = mm->vmas;
  return v ? v->start + eh->phoff : 0;
}

static uint64_t random_word(void)
{
  uint64_t x = rdtime() * 0x9E3779B97F4A7C15UL;
  return x ^ (x >> 29) ^ (uint64_t)current;
}

// Build the Linux initial stack: strings at the top, then AT_RANDOM bytes,
// then (16-byte aligned) argc, argv[], NULL, envp[], NULL, auxv pairs.
static long build_stack(struct mm *mm, struct argsrc *src, struct elf_header *eh, const char *path, uint64_t *spp)
{
  uint64_t *ptrs = page_alloc();
  char *buf = page_alloc();
  long r = (ptrs && buf) ? 0 : -ENOMEM;
  uint64_t sp = USER_STACK_TOP;
  int argc = 0, n = 0;
  if (r == 0)
    r = push_strings(mm, src->kernel, src->argv, &sp, ptrs, &n, buf);
  argc = n;
  if (r == 0)
    r = push_strings(mm, src->kernel, src->envp, &sp, ptrs, &n, buf);
  uint64_t rnd[2] = { random_word(), random_word() };
  sp = (sp - sizeof rnd) & ~15UL;
  uint64_t rnd_addr = sp;
  uint64_t execfn = ptrs[0];
  (void)path;
  uint64_t aux[][2] = {
    { AT_PHDR, phdr_addr(mm, eh) }, { AT_PHENT, sizeof(struct elf_phdr) }, { AT_PHNUM, eh->phnum },
    { AT_PAGESZ, PGSIZE }, { AT_ENTRY, eh->entry }, { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 },
    { AT_EGID, 0 }, { AT_SECURE, 0 }, { AT_CLKTCK, HZ }, { AT_RANDOM, rnd_addr },
    { AT_EXECFN, argc ? execfn : 0 }, { AT_NULL, 0 },
  };
  uint64_t words = 1 + argc + 1 + (n - argc) + 1 + 2 * (sizeof aux / sizeof aux[0]);
  sp = (sp - words * 8) & ~15UL;
  if (r == 0) {
    uint64_t v = argc, zero = 0, at = sp;
    r |= copy_to_mm(mm, rnd_addr, rnd, sizeof rnd);
    r |= copy_to_mm(mm, at, &v, 8), at += 8;
    r |= copy_to_mm(mm, at, ptrs, argc * 8), at += argc * 8;
    r |= copy_to_mm(mm, at, &zero, 8), at += 8;
    r |= copy_to_mm(mm, at, ptrs + argc, (n - argc) * 8), at += (n - argc) * 8;
    r |= copy_to_mm(mm, at, &zero, 8), at += 8;
    r |= copy_to_mm(mm, at, aux, sizeof aux);
    if (r)
      r = -ENOMEM;
  }
  if (ptrs)
    page_free(ptrs);
  if (buf)
    page_free(buf);
  *spp = sp;
  return r;
}

// The stack region's size: RLIMIT_STACK, between STACK_MIN (room for the
// arguments and a start) and USER_STACK_MAX (the layout's room below the top).
#define STACK_MIN (_UL(256) << 10)

static uint64_t stack_size(void)
{
  uint64_t lim = rlimit(RLIMIT_STACK);
  if (lim >= USER_STACK_MAX)
    return USER_STACK_MAX;
  return lim < STACK_MIN ? STACK_MIN : PGROUNDUP(lim);
}

// Switch the current task to mm and start it at entry with stack sp.
static void commit_exec(struct mm *mm, uint64_t entry, uint64_t sp, const char *path)
{
  struct task *t = current;
  struct mm *old = t->mm;
  spin_lock(&tasklist_lock);           // the OOM killer reads other tasks' mm under it
  t->mm = mm;
  mm_switch(mm);
  spin_unlock(&tasklist_lock);
  vfork_release(t);                    // a vfork parent may use its memory again
  if (old)
    mm_put(old);
  t->clear_child_tid = 0;
  t->robust_list = 0;
  memset(t->signal->enosys_seen, 0, sizeof t->signal->enosys_seen);   // a new program
  memset(&t->altstack, 0, sizeof t->altstack);
  task_set_name(t, path);
  struct trapframe *tf = task_trapframe(t);
  memset(tf, 0, sizeof *tf);
  tf->sepc = entry;
  tf->sp = sp;
  // Back to user mode with interrupts on and a fresh FPU.
  tf->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_FS | SSTATUS_SIE)) | SSTATUS_SPIE | SSTATUS_FS_INITIAL;
  memset(t->fpregs, 0, sizeof t->fpregs);
  fence_i();                           // the new program's code was just written
  csr_set(sstatus, SSTATUS_FS_CLEAN);
  fp_restore(t->fpregs);
}

static long do_execve(const char *path, struct argsrc *src)
{
  struct elf_header eh;
  struct mm *mm = mm_create();
  if (!mm)
    return -ENOMEM;
  begin_op();
  struct inode *ip = namei(path);
  long r = ip ? 0 : -ENOENT;
  if (ip) {
    ilock(ip);
    r = ip->type != T_FILE ? -EACCES : load_elf(mm, ip, &eh);   // a directory too, as on Linux
    iunlockput(ip);
  }
  end_op();
  if (r == 0 && !vma_add(mm, USER_STACK_TOP - stack_size(), USER_STACK_TOP, PTE_R | PTE_W, VMA_STACK))
    r = -ENOMEM;
  // LAB lazy BEGIN
  // LAB lazy STUB
  // // No stack growth: the top 256 KiB of the stack region are mapped now,
  // // and a program that goes deeper dies of SIGSEGV.
  // if (r == 0)
  //   r = mm_populate(mm, USER_STACK_TOP - (_UL(256) << 10), USER_STACK_TOP);
  // LAB lazy END
  uint64_t sp = 0;
  if (r == 0)
    r = build_stack(mm, src, &eh, path, &sp);
  if (r == 0)
    r = map_sigreturn_page(mm);
  // Past this point the old program is gone: other threads end first.
  if (r == 0)
    r = de_thread();
  if (r == 0)
    r = signals_exec();
  struct files *files = r == 0 ? files_copy(current->files) : 0;
  if (r == 0 && !files)
    r = -ENOMEM;
  if (r < 0) {
    mm_put(mm);
    return r;
  }
  // The fd table is no longer shared with anyone (CLONE_FILES); the
  // descriptors marked close-on-exec go now that exec cannot fail.
  files_put(current->files);
  current->files = files;
  files_close_on_exec(files);
  if (vfs_abspath(path, current->exe, sizeof current->exe) < 0)
    strlcpy(current->exe, path, sizeof current->exe);   // for /proc/<pid>/exe
  commit_exec(mm, eh.entry, sp, path);
  return 0;
}

long sys_execve(uint64_t upath, uint64_t argv, uint64_t envp)
{
  char *path = kmalloc(MAX_ARGLEN);
  if (!path)
    return -ENOMEM;
  long r = strncpy_from_user(path, upath, MAX_ARGLEN);
  if (r >= 0) {
    struct argsrc src = { 0, argv, envp };
    r = do_execve(path, &src);
  }
  kfree(path);
  return r;
}

int kernel_execve(const char *path, const char *const argv[])
{
  struct argsrc src = { 1, (uint64_t)argv, 0 };
  return do_execve(path, &src);
}
