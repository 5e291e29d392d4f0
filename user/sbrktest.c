// sbrktest: the lazy heap.  `sbrktest PART` runs one part, `sbrktest` all:
//   lazy    sbrk(1 GiB) succeeds even on a 128 MiB machine because the break
//           only moves; a touched page appears zeroed; each touch maps one
//           page; the kernel itself (read()) fills an untouched page
//   shrink  a negative sbrk gives the touched pages back; a page shrunk away
//           and grown again is zero; the raw brk system call follows Linux
//           (it returns the new break, or the old one when it refuses;
//           brk(0) asks)
//   oom     a child that touches more than all RAM is killed, its sibling
//           goes on, and the memory comes back
// Prints "ok/FAIL <check>" lines and "<PART>: N passed, M failed".
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define PAGE 4096
#define GIB (1L << 30)
#define SYS_brk 214          // Linux riscv64 (asm-generic) number
#define FEW_PAGES (64 * PAGE)   // what touching three pages may cost, tables included
#define TOUCHES 32
#define TABLES (4 * PAGE)       // page tables a few touches may need
#define TIMEOUT_MS 60000
#define ALARM_SECONDS 200       // a kernel that hangs a part fails it instead

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

// Touching heap pages one after another maps one page each.
static void
test_page_at_a_time(void)
{
  char *p = sbrk((TOUCHES + 1) * PAGE);
  unsigned long before, first, all;

  if (!check(p != (char *)-1, "sbrk of 33 pages"))
    return;
  before = free_ram();
  p[0] = 1;                              // may also bring a page table
  first = free_ram();
  for (int i = 1; i <= TOUCHES; i++)
    p[i * PAGE] = 1;
  all = free_ram();
  if (on_rvos()) {
    check(first < before && first + PAGE + TABLES >= before, "the first touch maps a page");
    if (!check(first - all >= TOUCHES * PAGE && first - all <= TOUCHES * PAGE + TABLES,
               "32 more touches map 32 more pages"))
      printf("  they took %lu pages\n", (first - all) / PAGE);
  } else {
    check(1, "the first touch maps a page");
    check(1, "32 more touches map 32 more pages");
  }
  sbrk(-(TOUCHES + 1) * PAGE);
}

#define PIPED "into a page nobody touched"

// read() into fresh heap: the kernel maps the page as the user would.
static void
test_kernel_touch(void)
{
  char *p = sbrk(2 * PAGE), *at = p + PAGE - 4;
  int fds[2];

  if (!check(p != (char *)-1 && pipe(fds) == 0, "sbrk and pipe"))
    return;
  check(write(fds[1], PIPED, sizeof(PIPED)) == sizeof(PIPED) &&
        read(fds[0], at, sizeof(PIPED)) == sizeof(PIPED) && strcmp(at, PIPED) == 0,
        "read() into two untouched heap pages");
  check(write(fds[1], at, sizeof(PIPED)) == sizeof(PIPED), "write() from them");
  close(fds[0]);
  close(fds[1]);
  sbrk(-2 * PAGE);
}

static void
test_lazy(void)
{
  test_lazy_gib();
  test_page_at_a_time();
  test_kernel_touch();
}

// A 1 GiB heap with 64 pages touched across it, given back in two halves.
static void
test_shrink_frees(void)
{
  unsigned long before = free_ram(), half;
  char *p = sbrk(GIB);

  if (!check(p != (char *)-1, "sbrk(1 GiB)"))
    return;
  for (long off = 0; off < GIB; off += GIB / 64)
    p[off] = 1;
  half = free_ram();
  sbrk(-GIB / 2);
  check(!on_rvos() || free_ram() >= half + 32 * PAGE, "shrinking by half gives back the 32 pages touched there");
  sbrk(-GIB / 2);
  check_no_leak(before, "and the rest after shrinking it all");
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

static void
test_shrink(void)
{
  test_shrink_frees();
  test_regrow();
  test_raw_brk();
}

// The child touches one and a half times all RAM, while its sibling waits
// for a byte on a pipe.  Only this OS is tested for the kill: under
// qemu-user the RAM is the host's.
static void
test_oom(void)
{
  struct sysinfo si;
  unsigned long before = free_ram(), size;
  pid_t pid, sibling;
  int st = -1, sib = -1, go[2];
  char c;

  if (!on_rvos()) {
    check(1, "a child touching more than all RAM is killed");
    check(1, "its sibling goes on");
    check(1, "free RAM back after the out-of-memory kill");
    return;
  }
  sysinfo(&si);
  size = (si.totalram * si.mem_unit) / 2 * 3;
  if (pipe(go) < 0)
    return;
  sibling = fork();
  if (sibling == 0)
    _exit(read(go[0], &c, 1) == 1 && c == 'g' ? 0 : 1);
  pid = fork();
  if (pid == 0) {
    char *p = sbrk(size);
    if (p == (char *)-1)
      _exit(2);
    for (unsigned long off = 0; off < size; off += PAGE)
      p[off] = 1;
    _exit(0);
  }
  if (pid < 0 || wait_timeout(pid, &st, TIMEOUT_MS) != pid)
    st = -1;
  if (!check(WIFSIGNALED(st), "a child touching more than all RAM is killed"))
    printf("  status %#x\n", st);
  if (write(go[1], "g", 1) != 1 || wait_timeout(sibling, &sib, TIMEOUT_MS) != sibling)
    sib = -1;
  check_status(sib, W_EXITED(0), "its sibling goes on");
  close(go[0]);
  close(go[1]);
  check_no_leak(before, "free RAM back after the out-of-memory kill");
}

static const struct test_part parts[] = {
  { "lazy", test_lazy }, { "shrink", test_shrink }, { "oom", test_oom },
};

int
main(int argc, char **argv)
{
  alarm(ALARM_SECONDS);
  return test_parts("sbrktest", parts, sizeof(parts) / sizeof(parts[0]), argc, argv);
}
