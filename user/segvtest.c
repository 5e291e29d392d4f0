// segvtest: stray accesses end the process with SIGSEGV, bad pointers
// given to system calls fail with EFAULT, and neither harms anyone else.
// Each stray access runs in a child; the parent checks that wait4 reports
// WIFSIGNALED with WTERMSIG == SIGSEGV.
// Prints "ok/FAIL <check>" lines and "segvtest: N passed, M failed".
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define PAGE 4096UL
#define KERNEL_ADDR ((char *)0xffffffc000000000UL)   // this OS's direct map
#define UNMAPPED ((char *)0x0000003000000000UL)      // in no region, below any stack
#define FREED_PAGES 16

static char *freed;                    // a heap range given back with sbrk

static void read_null(void) { (void)*(volatile char *)0; }
static void write_null(void) { *(volatile char *)0 = 1; }
static void read_kernel(void) { (void)*(volatile char *)KERNEL_ADDR; }
static void write_kernel(void) { *(volatile char *)KERNEL_ADDR = 1; }
static void write_text(void) { *(volatile char *)(uintptr_t)write_text = 1; }
static void read_gap(void) { (void)*(volatile char *)((uintptr_t)sbrk(0) + (256UL << 20)); }
static void read_freed(void) { (void)*(volatile char *)(freed + PAGE); }

// The page above the highest argument or environment string: the top of
// the stack region on this OS (and on Linux, but not under qemu-user).
static void
read_above_stack(void)
{
  char *hi = 0, *end;

  for (char **e = environ; *e; e++)
    if ((end = *e + strlen(*e) + 1) > hi)
      hi = end;
  (void)*(volatile char *)(((uintptr_t)hi + PAGE - 1) & ~(PAGE - 1));
}

// Deep recursion: each frame keeps 1 KiB live, so the stack must grow past
// its limit into the guard page long before the depth limit (1 GiB).
static int
recurse(int depth)
{
  volatile char frame[1024];

  frame[0] = (char)depth;
  if (depth == (1 << 20))
    return 0;
  return recurse(depth + 1) + frame[0];
}

static void overflow_stack(void) { recurse(0); }

// Runs fn in a child, which must die of SIGSEGV.
static void
expect_segv(void (*fn)(void), const char *what)
{
  pid_t pid = fork();
  int st = -1;

  if (pid == 0) {
    fn();
    _exit(0);
  }
  if (pid < 0 || wait_timeout(pid, &st, 20000) != pid)
    st = -1;
  check_status(st, W_SIGNALED(SIGSEGV), what);
}

// Under qemu-user the emulator owns the memory above the stack and does
// not unmap a shrunk heap, so these two run only on this OS.
static void
expect_segv_rvos(void (*fn)(void), const char *what)
{
  if (on_rvos())
    expect_segv(fn, what);
  else
    check(1, what);
}

static void
test_stray_accesses(void)
{
  freed = sbrk(FREED_PAGES * PAGE);
  memset(freed, 1, FREED_PAGES * PAGE);
  sbrk(-(long)(FREED_PAGES * PAGE));

  expect_segv(read_null, "read of NULL: SIGSEGV");
  expect_segv(write_null, "write to NULL: SIGSEGV");
  expect_segv(read_kernel, "read of a kernel address: SIGSEGV");
  expect_segv(write_kernel, "write to a kernel address: SIGSEGV");
  expect_segv(write_text, "write to program text: SIGSEGV");
  expect_segv(read_gap, "read between the heap and the stack: SIGSEGV");
  expect_segv_rvos(read_freed, "read of heap given back by sbrk: SIGSEGV");
  expect_segv_rvos(read_above_stack, "read above the stack: SIGSEGV");
  expect_segv(overflow_stack, "stack overflow by deep recursion: SIGSEGV");
}

// ---- EFAULT ------------------------------------------------------------------

static void
efault_calls(char *bad, const char *name)
{
  char what[96], *argv[] = { "echo", 0 };
  int p[2], st;
  pid_t pid;

  if (pipe(p) < 0 || write(p[1], "xyz", 3) != 3) {
    check(0, "pipe");
    return;
  }
  // Data is waiting, so only the buffer can be at fault.
  snprintf(what, sizeof(what), "read into %s: EFAULT", name);
  check_errno(read(p[0], bad, 3), EFAULT, what);
  snprintf(what, sizeof(what), "write from %s: EFAULT", name);
  check_errno(write(p[1], bad, 3), EFAULT, what);
  close(p[0]);
  close(p[1]);
  snprintf(what, sizeof(what), "openat of a path at %s: EFAULT", name);
  check_errno(openat(AT_FDCWD, bad, O_RDONLY), EFAULT, what);
  snprintf(what, sizeof(what), "pipe2 into %s: EFAULT", name);
  check_errno(pipe2((int *)bad, 0), EFAULT, what);
  snprintf(what, sizeof(what), "execve of a path at %s: EFAULT", name);
  check_errno(execve(bad, argv, environ), EFAULT, what);
  pid = fork();
  if (pid == 0)
    _exit(0);
  snprintf(what, sizeof(what), "wait4 status into %s: EFAULT", name);
  if (bad)     // a NULL status is allowed: it means "do not store"
    check_errno(wait_timeout(pid, (int *)bad, 5000), EFAULT, what);
  else
    check(wait_timeout(pid, 0, 5000) == pid, "wait4 with a NULL status reaps the child");
  while (wait_timeout(-1, &st, 5000) > 0)
    ;
}

static void
test_efault(void)
{
  efault_calls(0, "NULL");
  efault_calls(KERNEL_ADDR, "a kernel address");
  efault_calls(UNMAPPED, "an unmapped address");
}

int
main(void)
{
  int alive;

  test_start("segvtest");
  test_stray_accesses();
  test_efault();
  alive = fork();
  if (alive == 0)
    _exit(7);
  check(alive > 0 && wait_timeout(alive, &alive, 5000) > 0 && alive == W_EXITED(7),
        "fork, exit and wait still work afterwards");
  return test_done();
}
