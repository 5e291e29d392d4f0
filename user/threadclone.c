// threadclone: what clone() accepts, and what each flag alone shares.
//   flags    the combinations Linux refuses with EINVAL (CLONE_SIGHAND
//            without CLONE_VM, CLONE_THREAD without CLONE_SIGHAND, unknown
//            flags) and the ones it accepts
//   sharing  a child made by the raw clone() with CLONE_FILES, CLONE_FS,
//            CLONE_SIGHAND (with CLONE_VM) or CLONE_VM (and SIGCHLD, so the
//            parent waits for it) shares just that with its parent; without
//            the flag it gets a copy
// Prints "ok/FAIL <check>" lines and "PART: N passed, M failed" (or
// "threadclone: ..." for both parts).
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
#define TIMEOUT_MS 10000
#define ALARM_S 60                 // a kernel that hangs a child fails the run instead

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

static void
on_usr1(int sig)
{
}

static int
child_sigaction(void *arg)
{
  struct sigaction sa;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_usr1;
  return sigaction(SIGUSR1, &sa, 0) == 0 ? 0 : 1;
}

// Runs fn in a clone child with the given flags and returns its exit
// status, or -1.
static int
run_clone(int (*fn)(void *), int flags)
{
  char *stack = malloc(STACK);
  int pid, st = -1;

  pid = clone(fn, stack + STACK, flags | SIGCHLD, 0);
  if (pid > 0 && wait_timeout(pid, &st, TIMEOUT_MS) == pid && WIFEXITED(st))
    st = WEXITSTATUS(st);
  else
    st = -1;
  free(stack);
  return st;
}

// ---- flags ----------------------------------------------------------------------

// A child that a broken kernel lets through ends just itself (clone's
// return from fn is the exit system call, not exit_group): the test goes
// on and reports the failure.
static int
ends_at_once(void *arg)
{
  return 0;
}

// clone with flags must fail with EINVAL.  A child made anyway is reaped
// when it is a process; a thread may still run on its stack, which is
// then left allocated.
static void
refused(int flags, const char *what)
{
  char *stack = malloc(STACK);
  int pid = clone(ends_at_once, stack + STACK, flags, 0);

  check_errno(pid, EINVAL, what);
  if (pid > 0 && !(flags & CLONE_THREAD))
    wait_timeout(pid, 0, TIMEOUT_MS);
  if (pid < 0 || !(flags & CLONE_THREAD))
    free(stack);
}

static void
test_flags(void)
{
  refused(CLONE_SIGHAND | SIGCHLD, "CLONE_SIGHAND without CLONE_VM: EINVAL");
  refused(CLONE_VM | CLONE_THREAD, "CLONE_THREAD without CLONE_SIGHAND: EINVAL");
  refused(CLONE_FILES | CLONE_THREAD, "CLONE_THREAD without CLONE_SIGHAND (nor CLONE_VM): EINVAL");
  refused(CLONE_THREAD | CLONE_SIGHAND, "CLONE_THREAD|CLONE_SIGHAND without CLONE_VM: EINVAL");
  refused(CLONE_NEWNS | SIGCHLD, "CLONE_NEWNS (no namespaces here): EINVAL");
  check(run_clone(ends_at_once, CLONE_VM | CLONE_SIGHAND) == 0,
        "CLONE_VM|CLONE_SIGHAND (a process sharing memory and actions) is accepted");
  check(run_clone(ends_at_once, CLONE_FILES | CLONE_FS) == 0, "CLONE_FILES|CLONE_FS alone is accepted");
}

// ---- sharing ------------------------------------------------------------------

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

// Whether SIGUSR1's action is on_usr1 (the child's); then back to SIG_DFL.
static int
usr1_is_childs(void)
{
  struct sigaction old;

  sigaction(SIGUSR1, 0, &old);
  signal(SIGUSR1, SIG_DFL);
  return old.sa_handler == on_usr1;
}

static void
test_sighand(void)
{
  signal(SIGUSR1, SIG_DFL);
  check(run_clone(child_sigaction, CLONE_VM) == 0 && !usr1_is_childs(),
        "without CLONE_SIGHAND: the child's sigaction leaves the parent's action");
  check(run_clone(child_sigaction, CLONE_VM | CLONE_SIGHAND) == 0 && usr1_is_childs(),
        "CLONE_SIGHAND: the child's sigaction is the parent's too");
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

static void
test_sharing(void)
{
  test_files();
  test_fs();
  test_sighand();
  test_vm();
}

int
main(int argc, char **argv)
{
  static const struct test_part parts[] = { { "flags", test_flags }, { "sharing", test_sharing } };

  alarm(ALARM_S);
  return test_parts("threadclone", parts, 2, argc, argv);
}
