// threadclone: each clone flag alone decides what is shared.  A child made
// by the raw clone() with CLONE_FILES, CLONE_FS or CLONE_VM (and SIGCHLD,
// so the parent waits for it) shares just that with its parent; without
// the flag it gets a copy.  Prints "ok/FAIL <check>" lines and
// "threadclone: N passed, M failed".
// Linux allows these combinations, but qemu-riscv64 (user mode) does not:
// it accepts CLONE_VM only with the whole thread flag set and fork-like
// clones only without CLONE_FS/CLONE_FILES, and fails the rest with EINVAL.
// So this program is for this OS (and a real RISC-V Linux), not qemu-user.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define STACK 16384
#define DIRNAME "threadclone.dir"

static int shared_var;

static int
child_dup(void *arg)
{
  return dup(1);
}

static int
child_chdir(void *arg)
{
  return chdir(DIRNAME) == 0 ? 0 : 1;
}

static int
child_write(void *arg)
{
  shared_var = 42;
  return 0;
}

// Runs fn in a clone child with the given flags and returns its exit
// status, or -1.
static int
run_clone(int (*fn)(void *), int flags)
{
  char *stack = malloc(STACK);
  int pid, st = -1;

  pid = clone(fn, stack + STACK, flags | SIGCHLD, 0);
  if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st))
    st = WEXITSTATUS(st);
  else
    st = -1;
  free(stack);
  return st;
}

static void
test_files(void)
{
  int fd;

  fd = run_clone(child_dup, CLONE_FILES);
  check(fd >= 3 && close(fd) == 0, "CLONE_FILES: an fd the child opened is the parent's too");
  fd = run_clone(child_dup, 0);
  check_errno(fd < 3 ? 0 : close(fd), EBADF, "without CLONE_FILES: the child's fd is not the parent's");
}

static void
test_fs(void)
{
  char before[PATH_MAX], after[PATH_MAX];

  mkdir(DIRNAME, 0755);
  getcwd(before, sizeof(before));
  check(run_clone(child_chdir, 0) == 0 && getcwd(after, sizeof(after)) && strcmp(before, after) == 0,
        "without CLONE_FS: the child's chdir leaves the parent's cwd");
  check(run_clone(child_chdir, CLONE_FS) == 0 && getcwd(after, sizeof(after)) &&
        strcmp(after, before) != 0, "CLONE_FS: the child's chdir moves the parent");
  chdir(before);
  rmdir(DIRNAME);
}

static void
test_vm(void)
{
  shared_var = 0;
  check(run_clone(child_write, 0) == 0 && shared_var == 0,
        "without CLONE_VM: the child's write is its own");
  check(run_clone(child_write, CLONE_VM) == 0 && shared_var == 42,
        "CLONE_VM: the child's write is seen by the parent");
}

int
main(void)
{
  test_start("threadclone");
  test_files();
  test_fs();
  test_vm();
  return test_done();
}
