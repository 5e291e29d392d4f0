// testlib: what the process tests share.  Each check prints one line,
// "ok <what>" or "FAIL <what>" (a failure may add an indented detail line),
// and test_done() prints "<name>: N passed, M failed".  The lines name no
// pids and no times, so a run on this OS and one on Linux (qemu-riscv64)
// can be compared line by line.
#pragma once
#include <sys/types.h>
#include <sys/wait.h>

// Wait statuses to compare with, in Linux's encoding.
#define W_EXITED(code) __W_EXITCODE(code, 0)
#define W_SIGNALED(sig) __W_EXITCODE(0, (sig) & __W_SIGMASK)

void test_start(const char *name);
int test_done(void);                   // the exit status: 0 iff all passed
int check(int ok, const char *what);   // returns ok
int check_errno(long ret, int err, const char *what);   // ret == -1, errno == err
// status is what wait4 stored; want is W_EXITED(code) or W_SIGNALED(sig)
// (the core-dump bit is ignored).
int check_status(int status, int want, const char *what);

// A test program made of parts: `prog PART` runs one, under the summary
// line "PART: ...", and `prog` runs them all under "prog: ...".  Returns
// the exit status (2 for an unknown part, after a usage line).
struct test_part {
  const char *name;
  void (*run)(void);
};
int test_parts(const char *prog, const struct test_part *parts, int n, int argc, char **argv);

int on_rvos(void);                     // this OS, not Linux
unsigned long free_ram(void);          // bytes, from sysinfo; 0 if unknown
// Free RAM is back to what it was, give or take slack bytes: the leak
// check.  Only on this OS; Linux's free RAM is the host's and moves on its
// own.  check_no_leak allows for what a kernel may legitimately keep (page
// tables a live process keeps, slab caches that grew); after a warm-up
// round, check_no_leak_slack with a few pages catches small leaks.
int check_no_leak(unsigned long before, const char *what);
int check_no_leak_slack(unsigned long before, unsigned long slack, const char *what);
#define LEAK_SLACK_WARM (8 * 4096UL)   // the slack after a warm-up round

// The state letter of process pid (R S D T Z), or 0 when there is none:
// from taskinfo() on this OS, from /proc/<pid>/stat on Linux.
int proc_state(pid_t pid);
// Polls for up to ms milliseconds until pid's state is one of the letters
// in states ("" waits until there is no such process); returns whether it
// got there.
int await_state(pid_t pid, const char *states, int ms);

void sleep_ms(int ms);
// waitpid that gives up after ms milliseconds: the pid, 0 on timeout, or
// -1 with errno.  A test of a broken kernel then fails instead of hanging.
pid_t wait_timeout(pid_t pid, int *status, int ms);
// The same with waitpid's options (WUNTRACED, WCONTINUED).
pid_t waitpid_timeout(pid_t pid, int *status, int options, int ms);
