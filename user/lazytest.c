// lazytest: the stack grows on demand, and a fault outside the heap and
// the stack is SIGSEGV with the address.  `lazytest PART` runs one part,
// `lazytest` both:
//   stack   a recursion 4 MiB deep works and costs about 4 MiB, mapped as
//           it goes; a frame that skips pages works; a recursion past
//           the stack's limit dies of SIGSEGV
//   segv    the heap ends at the break: pages below it are there when
//           touched (at no cost before), one page past it is SIGSEGV with
//           si_addr and SEGV_MAPERR, so is a page given back by sbrk and
//           one between the heap and the stack; sibling processes go on
// Each runs in a child; prints "ok/FAIL <check>" lines and "<PART>: N
// passed, M failed".  Memory is measured only on this OS.
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define PAGE 4096UL
#define MIB (1UL << 20)
#define DEPTH (4 * 1024)             // frames of 1 KiB: 4 MiB of stack
#define BIG_FRAME (64 * 1024)
#define HEAP_PAGES 64
#define SIBLINGS 3
#define TIMEOUT_MS 60000
#define ALARM_SECONDS 200            // a kernel that hangs a part fails it instead
#define CAUGHT 42                    // exit status of a child whose SIGSEGV handler ran

// What a child saw, kept where its parent can read it.
struct report {
  unsigned long free_before, free_deep;
  void *fault_addr;
  int fault_code;
  volatile long counters[SIBLINGS];
};
static struct report *rep;

// Runs fn in a child; returns its wait status, or -1 if it hung.
static int
in_child(void (*fn)(void))
{
  int st = -1;
  pid_t pid = fork();

  if (pid == 0) {
    fn();
    _exit(0);
  }
  if (pid < 0 || wait_timeout(pid, &st, TIMEOUT_MS) != pid)
    return -1;
  return st;
}

// ---- stack ------------------------------------------------------------------

// Each frame keeps 1 KiB live; the deepest one measures free RAM.
static int
recurse(int depth)
{
  volatile char frame[1024];

  frame[0] = (char)depth;
  if (depth == DEPTH) {
    rep->free_deep = free_ram();
    return 0;
  }
  return recurse(depth + 1) + frame[0];
}

static void
deep_recursion(void)
{
  rep->free_before = free_ram();
  recurse(1);
}

// The frame's far end is touched first: the stack grows by several pages
// at once, past pages never touched.
static void
big_frame(void)
{
  volatile char frame[BIG_FRAME];

  frame[0] = 1;
  frame[BIG_FRAME - 1] = 2;
  if (frame[0] != 1 || frame[BIG_FRAME - 1] != 2)
    _exit(1);
}

// 1 GiB deep: far past the stack's limit.
static int
too_deep(int depth)
{
  volatile char frame[1024];

  frame[0] = (char)depth;
  if (depth == (1 << 20))
    return 0;
  return too_deep(depth + 1) + frame[0];
}

static void
overflow(void)
{
  too_deep(0);
}

static void
test_stack(void)
{
  int deep = check_status(in_child(deep_recursion), W_EXITED(0), "a recursion 4 MiB deep");
  long used = (long)rep->free_before - (long)rep->free_deep;

  if (!deep) {
    check(0, "it cost about 4 MiB of stack pages");
  } else if (on_rvos()) {
    if (!check(used >= (long)(3 * MIB) && used <= (long)(5 * MIB), "it cost about 4 MiB of stack pages"))
      printf("  it cost %ld KiB\n", used / 1024);
  } else {
    check(1, "it cost about 4 MiB of stack pages");
  }
  check_status(in_child(big_frame), W_EXITED(0), "a 64 KiB frame touched at its far end first");
  check_status(in_child(overflow), W_SIGNALED(SIGSEGV), "a recursion 1 GiB deep: SIGSEGV");
}

// ---- segv -------------------------------------------------------------------

static void
on_segv(int sig, siginfo_t *info, void *ctx)
{
  (void)sig;
  (void)ctx;
  rep->fault_addr = info->si_addr;
  rep->fault_code = info->si_code;
  _exit(CAUGHT);
}

static char *target;                 // the address the child loads from

static void
load_target(void)
{
  struct sigaction sa;

  memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, 0);
  (void)*(volatile char *)target;
}

// A load from `at` must raise SIGSEGV, SEGV_MAPERR, with si_addr == at.
static void
expect_fault(char *at, const char *what)
{
  int st;

  target = at;
  rep->fault_addr = 0;
  rep->fault_code = 0;
  st = in_child(load_target);
  if (!check(st == W_EXITED(CAUGHT) && rep->fault_addr == at && rep->fault_code == SEGV_MAPERR, what)) {
    printf("  status %#x, si_addr %s, si_code %d\n", st, rep->fault_addr == at ? "right" : "wrong",
           rep->fault_code);
  }
}

// The heap grows by 64 pages at no cost; every page up to the break reads
// as zero, one page past it faults.
static void
test_heap_end(void)
{
  long align = (PAGE - (uintptr_t)sbrk(0) % PAGE) % PAGE;   // the break may be anywhere in a page
  char *p = (char *)sbrk(align) + align, *end;
  unsigned long before = free_ram();
  int zero = 1;

  if (!check(sbrk(HEAP_PAGES * PAGE) == p, "sbrk of 64 pages"))
    return;
  end = p + HEAP_PAGES * PAGE;
  if (on_rvos()) {
    if (!check(free_ram() + 2 * PAGE >= before, "they cost nothing before they are touched"))
      printf("  they cost %lu KiB\n", (before - free_ram()) / 1024);
  } else {
    check(1, "they cost nothing before they are touched");
  }
  for (char *q = p; q < end; q += PAGE)
    zero = zero && q[0] == 0 && q[PAGE - 1] == 0;
  check(zero, "every page up to the break reads as zero");
  expect_fault(end, "a load one page past the break: SIGSEGV at that address");
  sbrk(-(long)(HEAP_PAGES * PAGE));
  expect_fault(p, "a load from heap given back by sbrk: SIGSEGV at that address");
  sbrk(-align);
}

// Siblings count in shared memory while one of them faults.
static void
count(int i)
{
  for (;;)
    rep->counters[i]++;
}

static void
test_siblings(void)
{
  pid_t pid[SIBLINGS];
  long seen[SIBLINGS];
  int ok = 1, st;

  for (int i = 0; i < SIBLINGS; i++) {
    rep->counters[i] = 0;
    pid[i] = fork();
    if (pid[i] == 0)
      count(i);
  }
  expect_fault((char *)sbrk(0) + 256 * MIB, "a load between the heap and the stack: SIGSEGV at that address");
  for (int i = 0; i < SIBLINGS; i++)
    seen[i] = rep->counters[i];
  // Each must count on; they share the harts with us, so give them time.
  for (int i = 0; i < SIBLINGS; i++) {
    for (int waited = 0; pid[i] > 0 && rep->counters[i] == seen[i] && waited < TIMEOUT_MS; waited += 10)
      sleep_ms(10);
    ok = ok && pid[i] > 0 && rep->counters[i] > seen[i];
  }
  for (int i = 0; i < SIBLINGS; i++) {
    if (pid[i] > 0) {
      kill(pid[i], SIGKILL);
      wait_timeout(pid[i], &st, TIMEOUT_MS);
    }
  }
  check(ok, "three sibling processes go on counting meanwhile");
}

static void
test_segv(void)
{
  unsigned long before = free_ram();

  test_heap_end();
  test_siblings();
  check_no_leak(before, "segv: free RAM back after the children exit");
}

static const struct test_part parts[] = {
  { "stack", test_stack },
  { "segv", test_segv },
};

int
main(int argc, char **argv)
{
  rep = mmap(0, sizeof(*rep), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (rep == MAP_FAILED) {
    printf("lazytest: mmap failed\n");
    return 1;
  }
  alarm(ALARM_SECONDS);
  return test_parts("lazytest", parts, sizeof(parts) / sizeof(parts[0]), argc, argv);
}
