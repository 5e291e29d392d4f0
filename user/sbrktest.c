// sbrktest: the lazy heap.  sbrk(1 GiB) succeeds even on a 128 MiB machine
// because the break only moves; a touched page appears zeroed; a negative
// sbrk gives pages back; the raw brk system call follows Linux (it returns
// the new break, or the old one when it refuses; brk(0) asks); a child
// that touches more than all RAM is killed and the memory comes back.
// Prints "ok/FAIL <check>" lines and "sbrktest: N passed, M failed".
#include <errno.h>
#include <stdio.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define PAGE 4096
#define GIB (1L << 30)
#define SYS_brk 214          // Linux riscv64 (asm-generic) number
#define FEW_PAGES (64 * PAGE)   // what touching three pages may cost, tables included

static char *
raw_brk(void *addr)
{
  return (char *)syscall(SYS_brk, addr);
}

static int
is_zero(char *p, int n)
{
  for (int i = 0; i < n; i++)
    if (p[i])
      return 0;
  return 1;
}

// Touches the first, a middle and the last page of [p, p+size).
static void
touch_three(char *p, long size)
{
  char *at[3] = { p, p + size / 2, p + size - 1 };
  int zero = 1, kept = 1;

  for (int i = 0; i < 3; i++) {
    zero = zero && is_zero(at[i], 1);
    *at[i] = (char)(i + 1);
  }
  for (int i = 0; i < 3; i++)
    kept = kept && *at[i] == (char)(i + 1);
  check(zero, "fresh heap pages read as zero");
  check(kept, "stores to the first, middle and last page of the 1 GiB heap stick");
}

static void
test_lazy_gib(void)
{
  unsigned long before = free_ram(), touched;
  char *start = sbrk(0), *p;

  check(raw_brk(0) == start, "brk(0) returns the current break");
  p = sbrk(GIB);
  if (!check(p == start, "sbrk(1 GiB) succeeds and returns the old break"))
    return;
  check(sbrk(0) == start + GIB, "the break moved up by 1 GiB");
  touch_three(p, GIB);
  touched = free_ram();
  check(!on_rvos() || touched + FEW_PAGES >= before, "the untouched part of the heap costs no memory");
  check(sbrk(-GIB) == start + GIB, "sbrk(-1 GiB) returns the old break");
  check(sbrk(0) == start, "the break is back where it was");
  check_no_leak(before, "free RAM back after the negative sbrk");
}

// A page given back and taken again is a fresh one.
static void
test_regrow(void)
{
  char *p = sbrk(PAGE);

  p[0] = p[PAGE - 1] = 0x5a;
  sbrk(-PAGE);
  check(sbrk(PAGE) == p && p[0] == 0 && p[PAGE - 1] == 0, "a page shrunk away and grown again reads as zero");
  sbrk(-PAGE);
}

// The system call itself, as Linux has it: no error code, just the break.
static void
test_raw_brk(void)
{
  char *cur = raw_brk(0);

  check(raw_brk(cur + 4 * PAGE) == cur + 4 * PAGE, "brk(addr) returns the new break");
  check(raw_brk(cur + 100) == cur + 100, "brk keeps an unaligned break as given");
  check(raw_brk((void *)(1UL << 62)) == cur + 100, "brk beyond the address space returns the old break");
  check(raw_brk((void *)PAGE) == cur + 100, "brk below the heap start returns the old break");
  check(raw_brk(cur) == cur, "brk back to the start");
  errno = 0;
  check(sbrk(-(1L << 40)) == (void *)-1 && errno == ENOMEM, "sbrk below the heap start fails with ENOMEM");
  check(sbrk(0) == cur, "a refused sbrk leaves the break alone");
}

// The child touches one and a half times all RAM.  Only this OS is tested
// for the kill: under qemu-user the RAM is the host's.
static void
test_oom(void)
{
  struct sysinfo si;
  unsigned long before = free_ram(), size;
  pid_t pid;
  int st = -1;

  if (!on_rvos()) {
    check(1, "a child touching more than all RAM is killed");
    check(1, "free RAM back after the out-of-memory kill");
    return;
  }
  sysinfo(&si);
  size = (si.totalram * si.mem_unit) / 2 * 3;
  pid = fork();
  if (pid == 0) {
    char *p = sbrk(size);
    if (p == (char *)-1)
      _exit(2);
    for (unsigned long off = 0; off < size; off += PAGE)
      p[off] = 1;
    _exit(0);
  }
  if (pid > 0)
    waitpid(pid, &st, 0);
  if (!check(pid > 0 && WIFSIGNALED(st), "a child touching more than all RAM is killed"))
    printf("  status %#x\n", st);
  check_no_leak(before, "free RAM back after the out-of-memory kill");
}

int
main(void)
{
  test_start("sbrktest");
  test_lazy_gib();
  test_regrow();
  test_raw_brk();
  test_oom();
  return test_done();
}
