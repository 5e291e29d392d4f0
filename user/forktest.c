// forktest: copy-on-write fork.  After fork, parent, child and grandchild
// each see memory as it was at the fork plus their own writes only; a
// process that touched two thirds of free RAM can still fork; read() into
// a COW page lands in the reader's copy only; many forks and exits at once
// (on every hart) keep every copy right and leak no pages.
// Prints "ok/FAIL <check>" lines and "forktest: N passed, M failed".
//   forktest [isolation] [big] [readchild] [readparent] [stress]
// runs the named tests only (all without arguments).
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define PAGE 4096
#define LINUX_BIG_CAP (64UL << 20)   // under qemu-user free RAM is the host's
#define WORKERS 4
#define FORKS 200                    // per worker
#define STRESS_PAGES 16

static int data_var;                 // one value kept in .data, heap and stack
static char cowbuf[2 * PAGE] __attribute__((aligned(PAGE)));

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
  pid = fork();
  if (pid == 0)
    _exit(big_child(mem, size));
  if (check(pid > 0, "fork of a process that touched two thirds of free RAM")) {
    waitpid(pid, &st, 0);
    check_status(st, W_EXITED(0), "child sees every page and its own writes");
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
  int p[2], st = -1;
  pid_t pid;

  strcpy(TARGET, BEFORE);
  if (pipe(p) < 0 || (pid = fork()) < 0) {
    check(0, "fork");
    return;
  }
  if (pid == 0) {
    int ok = write(p[1], PIPED, sizeof(PIPED)) == sizeof(PIPED) &&
             read(p[0], TARGET, sizeof(PIPED)) == sizeof(PIPED) && strcmp(TARGET, PIPED) == 0;
    _exit(ok ? 0 : 1);
  }
  waitpid(pid, &st, 0);
  close(p[0]);
  close(p[1]);
  check_status(st, W_EXITED(0), "read() in the child into a COW page");
  check(strcmp(TARGET, BEFORE) == 0, "parent's copy unchanged by the child's read()");
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
  if (write(go[1], "g", 1) == 1)
    waitpid(pid, &st, 0);
  check_status(st, W_EXITED(0), "child's copy unchanged by the parent's read()");
  close(p[0]);
  close(p[1]);
  close(go[0]);
  close(go[1]);
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

static const struct {
  const char *name;
  void (*run)(void);
} tests[] = {
  { "isolation", test_isolation },
  { "big", test_big_fork },
  { "readchild", test_read_in_child },
  { "readparent", test_read_in_parent },
  { "stress", test_stress },
};

// forktest [name...]: all tests, or only the named ones.
int
main(int argc, char **argv)
{
  test_start("forktest");
  for (int i = 0; i < (int)(sizeof(tests) / sizeof(tests[0])); i++) {
    int wanted = argc == 1;
    for (int a = 1; a < argc; a++)
      wanted = wanted || strcmp(argv[a], tests[i].name) == 0;
    if (wanted)
      tests[i].run();
  }
  return test_done();
}
