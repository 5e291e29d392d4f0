// futextest: futex(2) as the thread library uses it.  FUTEX_WAIT returns
// EAGAIN when the word differs, ETIMEDOUT after a relative timeout, 0 when
// woken; FUTEX_WAKE returns how many it woke; private and shared ops; bad
// arguments; the tid words of clone (CLONE_PARENT_SETTID, CLONE_CHILD_SETTID,
// CLONE_CHILD_CLEARTID: zeroed and woken at exit) and set_tid_address.
// Prints "ok/FAIL <check>" lines and "futextest: N passed, M failed".
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/futex.h>
#include <sys/wait.h>
#include <testlib.h>
#include <time.h>
#include <unistd.h>

static long
ms_since(const struct timespec *t0)
{
  struct timespec t1;

  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void
test_no_sleep(void)
{
  int word = 1, pad[2] = { 0, 0 };
  struct timespec t0, ts = { 0, 50 * 1000000L }, bad = { 0, 1000000000L };
  long ms;

  check_errno(futex(&word, FUTEX_WAIT_PRIVATE, 0, 0), EAGAIN, "FUTEX_WAIT, private, value differs: EAGAIN");
  check_errno(futex(&word, FUTEX_WAIT, 0, 0), EAGAIN, "FUTEX_WAIT, shared, value differs: EAGAIN");
  clock_gettime(CLOCK_MONOTONIC, &t0);
  check_errno(futex(&word, FUTEX_WAIT_PRIVATE, 1, &ts), ETIMEDOUT, "FUTEX_WAIT, 50 ms timeout: ETIMEDOUT");
  ms = ms_since(&t0);
  check(ms >= 45 && ms < 5000, "the timeout is relative and about 50 ms");
  clock_gettime(CLOCK_MONOTONIC, &t0);
  check_errno(futex(&word, FUTEX_WAIT, 1, &ts), ETIMEDOUT, "FUTEX_WAIT, shared, timeout: ETIMEDOUT");
  check(ms_since(&t0) >= 45, "shared timeout about 50 ms");
  check(futex(&word, FUTEX_WAKE_PRIVATE, 1, 0) == 0 && futex(&word, FUTEX_WAKE, INT_MAX, 0) == 0,
        "FUTEX_WAKE with nobody waiting returns 0");
  check_errno(futex(&word, FUTEX_WAIT_PRIVATE, 1, &bad), EINVAL, "FUTEX_WAIT, tv_nsec of 1e9: EINVAL");
  check_errno(futex((int *)((char *)pad + 1), FUTEX_WAIT_PRIVATE, 0, &ts), EINVAL,
              "FUTEX_WAIT on a misaligned word: EINVAL");
  check_errno(futex(&word, 15, 0, 0), ENOSYS, "unknown futex op: ENOSYS");
}

// ---- sleeping and waking -------------------------------------------------------

struct sleeper {
  int *word;
  int op;                          // FUTEX_WAIT or FUTEX_WAIT_PRIVATE
  const struct timespec *timeout;
  int result;                      // futex's return value, or -errno
};

static int ready;                  // sleepers about to sleep

static void *
sleeper(void *arg)
{
  struct sleeper *s = arg;

  __atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
  s->result = futex(s->word, s->op, 0, s->timeout) == 0 ? 0 : -errno;
  return 0;
}

// Starts n sleepers on word and waits until they are (very likely) asleep.
static void
start_sleepers(pthread_t *t, struct sleeper *s, int n, int *word, int op,
               const struct timespec *timeout)
{
  ready = 0;
  for (int i = 0; i < n; i++) {
    s[i] = (struct sleeper){ word, op, timeout, 1 };
    pthread_create(&t[i], 0, sleeper, &s[i]);
  }
  while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < n)
    sched_yield();
  sleep_ms(50);
}

// Wakes until n sleepers have been woken (each wake may find fewer asleep
// than are about to be); returns the total, which must be n.
static int
wake_all(int *word, int op, int n)
{
  int total = 0;

  for (int tries = 0; total < n && tries < 2000; tries++) {
    long w = futex(word, op, INT_MAX, 0);
    if (w < 0)
      return -1;
    total += w;
    if (total < n)
      sleep_ms(1);
  }
  return total;
}

static void
test_wake(int op_wait, int op_wake, const char *kind)
{
  static int word, other;
  pthread_t t[3];
  struct sleeper s[3];
  char what[100];
  int ok = 1;

  word = 0;
  start_sleepers(t, s, 3, &word, op_wait, 0);
  snprintf(what, sizeof(what), "%s: FUTEX_WAKE of another word wakes nobody", kind);
  check(futex(&other, op_wake, INT_MAX, 0) == 0, what);
  snprintf(what, sizeof(what), "%s: FUTEX_WAKE of 1 with 3 asleep returns 1", kind);
  check(futex(&word, op_wake, 1, 0) == 1, what);
  snprintf(what, sizeof(what), "%s: the other 2 are woken, once each", kind);
  check(wake_all(&word, op_wake, 2) == 2, what);
  for (int i = 0; i < 3; i++) {
    pthread_join(t[i], 0);
    ok &= s[i].result == 0;
  }
  snprintf(what, sizeof(what), "%s: every FUTEX_WAIT returned 0", kind);
  check(ok, what);
}

static void
test_wake_before_timeout(void)
{
  static int word;
  struct timespec five = { 5, 0 }, t0;
  pthread_t t;
  struct sleeper s;

  clock_gettime(CLOCK_MONOTONIC, &t0);
  start_sleepers(&t, &s, 1, &word, FUTEX_WAIT_PRIVATE, &five);
  wake_all(&word, FUTEX_WAKE_PRIVATE, 1);
  pthread_join(t, 0);
  check(s.result == 0 && ms_since(&t0) < 4000, "a wake before the 5 s timeout: FUTEX_WAIT returns 0 early");
}

// ---- tid words ------------------------------------------------------------------

static int go, child_saw_tid;
static pid_t parent_tid, child_tid;

static int
clone_child(void *arg)
{
  (void)arg;
  child_saw_tid = (child_tid == gettid());
  while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
    futex(&go, FUTEX_WAIT, 0, 0);
  return 0;
}

// In a child process: clearing the main thread's tid word would keep
// anyone from joining it.
static void
test_set_tid_address(void)
{
  int st;
  pid_t pid = fork();

  if (pid == 0)
    _exit(set_tid_address(0) == gettid() ? 0 : 1);
  check(waitpid(pid, &st, 0) == pid && st == 0, "set_tid_address returns the caller's tid");
}

static void
test_tid_words(void)
{
  const int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
                    CLONE_CHILD_CLEARTID;
  struct timespec tenth = { 0, 100 * 1000000L };
  char *stack = malloc(16384);
  int tid, v;

  tid = clone(clone_child, stack + 16384, flags, 0, &parent_tid, 0, &child_tid);
  check(tid > 0 && parent_tid == tid, "CLONE_PARENT_SETTID: the parent's word holds the tid");
  check(child_tid == tid || child_tid == 0, "CLONE_CHILD_SETTID: the child's word holds the tid");
  __atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
  futex(&go, FUTEX_WAKE, 1, 0);
  for (int i = 0; i < 50 && (v = __atomic_load_n(&child_tid, __ATOMIC_SEQ_CST)) != 0; i++)
    futex(&child_tid, FUTEX_WAIT, v, &tenth);
  check(child_saw_tid, "the child saw its tid in the CLONE_CHILD_SETTID word");
  check(child_tid == 0, "CLONE_CHILD_CLEARTID: the word is zeroed and woken at the child's exit");
  free(stack);
}

int
main(void)
{
  test_start("futextest");
  test_no_sleep();
  test_wake(FUTEX_WAIT_PRIVATE, FUTEX_WAKE_PRIVATE, "private");
  test_wake(FUTEX_WAIT, FUTEX_WAKE, "shared");
  test_wake_before_timeout();
  test_set_tid_address();
  test_tid_words();
  return test_done();
}
