// forktest: copy-on-write fork.  `forktest PART` runs one part, `forktest`
// all of them:
//   share    a process that touched two thirds of free RAM can fork, and
//            the child costs next to no memory until it writes
//   copy     parent, child and grandchild each see memory as it was at the
//            fork plus their own writes only; a store copies one page, not
//            all of them; both sides storing at once on different harts
//   copyout  read() into a COW page lands in the reader's copy only, and
//            copies just that page
//   refs     a page shared by many processes stays until the last one
//            goes; the last sharer stores without a copy; no page leaks
//   stress   many forks and exits at once (on every hart) keep every copy
//            right and leak no pages
// Prints "ok/FAIL <check>" lines and "<PART>: N passed, M failed".  Memory
// is measured only on this OS (under qemu-user free RAM is the host's).
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define PAGE 4096
#define LINUX_BIG_CAP (64UL << 20)   // under qemu-user free RAM is the host's
#define WORKERS 4
#define FORKS 200                    // per worker
#define STRESS_PAGES 16
#define BALLAST_PAGES 256            // a process worth copying: what an eager fork would cost
#define FORK_COST (48 * PAGE)        // what a fork may cost with nothing copied: tables, kernel stack, task
#define SHARERS 8
#define TIMEOUT_MS 30000
#define ALARM_SECONDS 200            // a kernel that hangs a part fails it instead

static int data_var;                 // one value kept in .data, heap and stack
static char cowbuf[2 * PAGE] __attribute__((aligned(PAGE)));

// Free RAM as a child saw it, kept where its parent can read it.
static unsigned long *child_free;

// Free RAM now is at most `cost` bytes below `before` (checked only on
// this OS).  `now` is a free_ram() reading.
static int
check_cost(unsigned long before, unsigned long now, unsigned long cost, const char *what)
{
  long used = (long)before - (long)now;

  if (!on_rvos())
    return check(1, what);
  if (!check(used <= (long)cost, what))
    printf("  it cost %ld KiB; at most %lu KiB expected\n", used / 1024, cost / 1024);
  return used <= (long)cost;
}

// n heap pages, each holding its index in its first word.
static char *
ballast(int n)
{
  char *p = sbrk(n * PAGE);

  if (p == (char *)-1)
    return 0;
  for (int i = 0; i < n; i++)
    *(long *)(p + i * PAGE) = i;
  return p;
}

static int
ballast_intact(char *p, int n, long add)
{
  for (int i = 0; i < n; i++)
    if (*(long *)(p + i * PAGE) != i + add)
      return 0;
  return 1;
}

// ---- isolation -------------------------------------------------------------

static void
set_values(int *heap, int *stack, int v)
{
  data_var = v;
  *heap = v;
  *stack = v;
}

static int
values_are(int *heap, int *stack, int v)
{
  return data_var == v && *heap == v && *stack == v;
}

// The grandchild: sees the child's values, then its own.
static int
grandchild(int *heap, int *stack)
{
  int ok = values_are(heap, stack, 2);

  set_values(heap, stack, 3);
  return ok && values_are(heap, stack, 3) ? 0 : 1;
}

// Bits of the child's exit status: what it found wrong.
enum { SAW_FORK_STATE = 1, SAW_PARENT_WRITE = 2, GRANDCHILD_BAD = 4, SAW_GRANDCHILD_WRITE = 8,
       CHILD_ERROR = 16 };

// The child waits (on go) until the parent has written 5 after the fork.
static int
child(int *heap, int *stack, int go)
{
  int bad = 0, st;
  char c;
  pid_t pid;

  if (!values_are(heap, stack, 1))
    bad |= SAW_FORK_STATE;
  if (read(go, &c, 1) != 1)
    bad |= CHILD_ERROR;
  if (!values_are(heap, stack, 1))
    bad |= SAW_PARENT_WRITE;
  set_values(heap, stack, 2);
  pid = fork();
  if (pid == 0)
    _exit(grandchild(heap, stack));
  if (pid < 0 || waitpid(pid, &st, 0) != pid)
    return bad | CHILD_ERROR;
  if (st != 0)
    bad |= GRANDCHILD_BAD;
  if (!values_are(heap, stack, 2))
    bad |= SAW_GRANDCHILD_WRITE;
  return bad;
}

static void
test_isolation(void)
{
  int stack_var, *heap = sbrk(PAGE), go[2], st = -1;
  pid_t pid;

  set_values(heap, &stack_var, 1);
  if (pipe(go) < 0 || (pid = fork()) < 0) {
    check(0, "fork");
    return;
  }
  if (pid == 0)
    _exit(child(heap, &stack_var, go[0]));
  set_values(heap, &stack_var, 5);
  if (write(go[1], "g", 1) != 1 || waitpid(pid, &st, 0) != pid)
    st = -1;
  close(go[0]);
  close(go[1]);
  check(st != -1 && WIFEXITED(st) && !(WEXITSTATUS(st) & CHILD_ERROR), "child and grandchild ran");
  check(st == 0 || !(WEXITSTATUS(st) & SAW_FORK_STATE), "child sees the parent's memory as it was at fork");
  check(st == 0 || !(WEXITSTATUS(st) & SAW_PARENT_WRITE), "parent's writes after fork are invisible to the child");
  check(st == 0 || !(WEXITSTATUS(st) & GRANDCHILD_BAD), "grandchild sees the child's memory and its own writes");
  check(st == 0 || !(WEXITSTATUS(st) & SAW_GRANDCHILD_WRITE), "grandchild's writes are invisible to the child");
  check(values_are(heap, &stack_var, 5), "child's writes are invisible to the parent");
  sbrk(-PAGE);
}

#define STORES 8                     // pages the child stores to

// The child stores to a few pages of a big heap: only those are copied.
static void
test_store_copies_one_page(void)
{
  char *p = ballast(BALLAST_PAGES);
  unsigned long before = free_ram();
  int st = -1;
  pid_t pid;

  if (!check(p != 0, "sbrk"))
    return;
  pid = fork();
  if (pid == 0) {
    for (int i = 0; i < STORES; i++)
      *(long *)(p + i * 16 * PAGE) += 1000;
    *child_free = free_ram();
    int ok = 1;
    for (int i = 0; i < BALLAST_PAGES; i++)
      ok = ok && *(long *)(p + i * PAGE) == (i % 16 == 0 && i / 16 < STORES ? i + 1000 : i);
    _exit(ok ? 0 : 1);
  }
  if (pid < 0 || wait_timeout(pid, &st, TIMEOUT_MS) != pid)
    st = -1;
  check_status(st, W_EXITED(0), "the child sees its stores and the parent's pages");
  check(ballast_intact(p, BALLAST_PAGES, 0), "the parent's pages are unchanged");
  check_cost(before, *child_free, FORK_COST + STORES * PAGE,
             "fork, then 8 stores to a 256-page heap: about 8 pages copied");
  sbrk(-BALLAST_PAGES * PAGE);
}

// Parent and child store to every page at the same time (on different
// harts when there are several): each ends with its own values.
static void
test_both_store(void)
{
  char *p = ballast(BALLAST_PAGES);
  int go[2], st = -1;
  pid_t pid;
  char c;

  if (!check(p != 0 && pipe(go) == 0, "sbrk and pipe"))
    return;
  pid = fork();
  if (pid == 0) {
    if (read(go[0], &c, 1) != 1)
      _exit(2);
    for (int i = 0; i < BALLAST_PAGES; i++)
      *(long *)(p + i * PAGE) += 2000;
    _exit(ballast_intact(p, BALLAST_PAGES, 2000) ? 0 : 1);
  }
  if (write(go[1], "g", 1) != 1)
    st = -1;
  for (int i = 0; i < BALLAST_PAGES; i++)
    *(long *)(p + i * PAGE) += 3000;
  if (pid < 0 || wait_timeout(pid, &st, TIMEOUT_MS) != pid)
    st = -1;
  check_status(st, W_EXITED(0), "parent and child store at once: the child has its values");
  check(ballast_intact(p, BALLAST_PAGES, 3000), "and the parent has its own");
  close(go[0]);
  close(go[1]);
  sbrk(-BALLAST_PAGES * PAGE);
}

static void
test_copy(void)
{
  unsigned long before = free_ram();

  test_isolation();
  test_store_copies_one_page();
  test_both_store();
  check_no_leak(before, "copy: free RAM back after the children exit");
}

// ---- fork of a big process ---------------------------------------------------

// Every page holds its own index in its first word.
static int
pages_hold_index(char *mem, unsigned long size)
{
  for (unsigned long off = 0; off < size; off += PAGE)
    if (*(unsigned long *)(mem + off) != off / PAGE)
      return 0;
  return 1;
}

// The child reads every page (no copies) and writes a few (a few copies).
static int
big_child(char *mem, unsigned long size)
{
  unsigned long step = (size / 16 + PAGE - 1) & ~(PAGE - 1UL);
  int ok = pages_hold_index(mem, size);

  *child_free = free_ram();

  for (unsigned long off = 0; off < size; off += step)
    *(unsigned long *)(mem + off) = ~0UL;
  for (unsigned long off = 0; off < size; off += step)
    ok = ok && *(unsigned long *)(mem + off) == ~0UL;
  return ok ? 0 : 1;
}

static void
test_big_fork(void)
{
  unsigned long before = free_ram(), size = before / 3 * 2;
  char *mem;
  pid_t pid;
  int st = -1;

  if (!on_rvos() && size > LINUX_BIG_CAP)
    size = LINUX_BIG_CAP;
  size &= ~(PAGE - 1UL);
  mem = sbrk(size);
  if (!check(mem != (char *)-1, "sbrk of two thirds of free RAM"))
    return;
  for (unsigned long off = 0; off < size; off += PAGE)
    *(unsigned long *)(mem + off) = off / PAGE;
  unsigned long at_fork = free_ram();
  pid = fork();
  if (pid == 0)
    _exit(big_child(mem, size));
  if (check(pid > 0, "fork of a process that touched two thirds of free RAM")) {
    if (wait_timeout(pid, &st, TIMEOUT_MS * 4) != pid)
      st = -1;
    check_status(st, W_EXITED(0), "child sees every page and its own writes");
    check_cost(at_fork, *child_free, FORK_COST + size / 32,
               "the child, having read every page, cost next to nothing");
  }
  check(pages_hold_index(mem, size), "parent's pages unchanged by the child's writes");
  sbrk(-(long)size);
  check_no_leak(before, "big fork: free RAM back after exit and heap shrink");
}

// ---- read() into a COW page --------------------------------------------------

// The target straddles two pages, so the copy breaks COW on both.
#define TARGET (cowbuf + PAGE - 8)
#define BEFORE "written before fork"
#define PIPED "came through the pipe"

// The child reads into its COW copy; the parent's stays as it was.
static void
test_read_in_child(void)
{
  char *heap = ballast(BALLAST_PAGES);
  unsigned long at_fork;
  int p[2], st = -1;
  pid_t pid;

  strcpy(TARGET, BEFORE);
  at_fork = free_ram();
  if (!heap || pipe(p) < 0 || (pid = fork()) < 0) {
    check(0, "fork");
    return;
  }
  if (pid == 0) {
    int ok = write(p[1], PIPED, sizeof(PIPED)) == sizeof(PIPED) &&
             read(p[0], TARGET, sizeof(PIPED)) == sizeof(PIPED) && strcmp(TARGET, PIPED) == 0;
    *child_free = free_ram();
    _exit(ok ? 0 : 1);
  }
  if (wait_timeout(pid, &st, TIMEOUT_MS) != pid)
    st = -1;
  close(p[0]);
  close(p[1]);
  check_status(st, W_EXITED(0), "read() in the child into a COW page");
  check(strcmp(TARGET, BEFORE) == 0, "parent's copy unchanged by the child's read()");
  check_cost(at_fork, *child_free, FORK_COST + 2 * PAGE,
             "the child's read() copied the two pages it filled, not the heap");
  sbrk(-BALLAST_PAGES * PAGE);
}

// The parent reads into its COW copy while the child still shares it.
static void
test_read_in_parent(void)
{
  int p[2], go[2], st = -1;
  pid_t pid;
  char c;

  strcpy(TARGET, BEFORE);
  if (pipe(p) < 0 || pipe(go) < 0 || (pid = fork()) < 0) {
    check(0, "fork");
    return;
  }
  if (pid == 0)
    _exit(read(go[0], &c, 1) == 1 && strcmp(TARGET, BEFORE) == 0 ? 0 : 1);
  check(write(p[1], PIPED, sizeof(PIPED)) == sizeof(PIPED) &&
        read(p[0], TARGET, sizeof(PIPED)) == sizeof(PIPED) && strcmp(TARGET, PIPED) == 0,
        "read() in the parent into a COW page");
  if (write(go[1], "g", 1) != 1 || wait_timeout(pid, &st, TIMEOUT_MS) != pid)
    st = -1;
  check_status(st, W_EXITED(0), "child's copy unchanged by the parent's read()");
  close(p[0]);
  close(p[1]);
  close(go[0]);
  close(go[1]);
}

static void
test_copyout(void)
{
  unsigned long before = free_ram();

  test_read_in_child();
  test_read_in_parent();
  check_no_leak(before, "copyout: free RAM back after the children exit");
}

// ---- reference counts ----------------------------------------------------------

// SHARERS children hold the heap at once; they go one by one, each
// checking the pages are still there; then the parent, the last sharer,
// stores to every page without a copy.
static void
test_refs(void)
{
  unsigned long start = free_ram(), at_fork, held, before_stores;
  char *p = ballast(BALLAST_PAGES);
  int ready[2], go[2], ok = 1, st;
  pid_t pid[SHARERS];
  char c;

  if (!check(p != 0 && pipe(ready) == 0 && pipe(go) == 0, "sbrk and pipes"))
    return;
  at_fork = free_ram();
  for (int i = 0; i < SHARERS; i++) {
    pid[i] = fork();
    if (pid[i] == 0) {
      int mine = ballast_intact(p, BALLAST_PAGES, 0);
      if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
        _exit(2);
      _exit(mine && ballast_intact(p, BALLAST_PAGES, 0) ? 0 : 1);
    }
  }
  for (int i = 0; i < SHARERS; i++)
    if (pid[i] < 0 || read(ready[0], &c, 1) != 1)
      ok = 0;
  held = free_ram();
  check(ok, "8 children forked, each sharing the 256-page heap");
  check_cost(at_fork, held, SHARERS * FORK_COST, "8 sharers of 256 pages cost no copies");
  // Whichever child reads the byte goes.
  for (int i = 0; i < SHARERS; i++) {
    if (write(go[1], "g", 1) != 1 || wait_timeout(-1, &st, TIMEOUT_MS) <= 0 || st != 0)
      ok = 0;
  }
  check(ok, "each child, going in turn, still saw every page");
  check(ballast_intact(p, BALLAST_PAGES, 0), "the parent's pages outlived every child");
  before_stores = free_ram();
  for (int i = 0; i < BALLAST_PAGES; i++)
    *(long *)(p + i * PAGE) += 1;
  check_cost(before_stores, free_ram(), 4 * PAGE, "the last sharer stores to every page without a copy");
  check(ballast_intact(p, BALLAST_PAGES, 1), "and its stores stick");
  close(ready[0]);
  close(ready[1]);
  close(go[0]);
  close(go[1]);
  sbrk(-BALLAST_PAGES * PAGE);
  check_no_leak(start, "refs: free RAM back after the sharers exit");
}

// ---- concurrent fork/exit ------------------------------------------------------

// A child checks that it sees its parent's pages, then writes one of them.
static int
stress_child(char *buf, char *expect, int i)
{
  int ok = 1, k = i % STRESS_PAGES;

  for (int j = 0; j < STRESS_PAGES; j++)
    ok = ok && buf[j * PAGE] == expect[j];
  buf[k * PAGE] = ~expect[k];
  return ok && buf[k * PAGE] == (char)~expect[k] ? 0 : 1;
}

// One worker forks and reaps forks children, changing one page between
// forks; the store after a reap finds the worker the page's only owner.
// Returns the number of errors.
static int
stress_worker(int id, int forks)
{
  char *buf = sbrk(STRESS_PAGES * PAGE), expect[STRESS_PAGES];
  int errors = 0, st;

  for (int j = 0; j < STRESS_PAGES; j++)
    buf[j * PAGE] = expect[j] = (char)(id * 16 + j);
  for (int i = 0; i < forks; i++) {
    pid_t pid = fork();
    if (pid == 0)
      _exit(stress_child(buf, expect, i));
    if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
      errors++;
    for (int j = 0; j < STRESS_PAGES; j++)
      if (buf[j * PAGE] != expect[j])
        errors++;
    expect[i % STRESS_PAGES] += 1;
    buf[(i % STRESS_PAGES) * PAGE] = expect[i % STRESS_PAGES];
  }
  return errors > 255 ? 255 : errors;
}

// Returns the number of workers that failed.
static int
stress_round(int forks)
{
  pid_t pid[WORKERS];
  int bad = 0, st;

  for (int w = 0; w < WORKERS; w++) {
    pid[w] = fork();
    if (pid[w] == 0)
      _exit(stress_worker(w, forks));
  }
  for (int w = 0; w < WORKERS; w++)
    if (pid[w] < 0 || waitpid(pid[w], &st, 0) != pid[w] || st != 0)
      bad++;
  return bad;
}

// A short round first lets the kernel's caches (task slabs, kernel stack
// tables) grow to what 4 workers need, so the leak check can be tight.
static void
test_stress(void)
{
  unsigned long before;
  int bad = stress_round(FORKS / 10);

  before = free_ram();
  bad += stress_round(FORKS);
  if (!check(bad == 0, "4 workers x 200 forks: every copy right, every child reaped"))
    printf("  %d workers failed\n", bad);
  check_no_leak_slack(before, LEAK_SLACK_WARM, "stress: free RAM back after all exits");
}

static const struct test_part parts[] = {
  { "share", test_big_fork }, { "copy", test_copy },     { "copyout", test_copyout },
  { "refs", test_refs },      { "stress", test_stress },
};

int
main(int argc, char **argv)
{
  child_free = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (child_free == MAP_FAILED) {
    printf("forktest: mmap failed\n");
    return 1;
  }
  alarm(ALARM_SECONDS);
  return test_parts("forktest", parts, sizeof(parts) / sizeof(parts[0]), argc, argv);
}
