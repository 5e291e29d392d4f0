// uthreadtest: the user-level thread package (uthread.h), one part per
// piece of the lab.  `uthreadtest switch` checks uthread_switch alone, on
// a context made by hand; `uthreadtest threads` checks create, the round
// robin scheduler, exit and join.  Prints "ok/FAIL <check>" lines and
// "<part>: N passed, M failed"; the same lines under Linux.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>
#include <uthread.h>

#define ROUNDS 20
#define CO_STACK 16384
#define CYCLES 200             // create/join rounds of the leak check

// ---- switch: uthread_switch on a hand-made context ---------------------------

static struct uthread_context main_ctx, co_ctx;
static char co_stack[CO_STACK] __attribute__((aligned(16)));
static int co_hops, co_on_own_stack;
static long co_result;

static void __attribute__((noinline))
stay(void)
{
  __asm__ volatile("" ::: "memory");
}

static void
to_coroutine(void)
{
  uthread_switch(&main_ctx, &co_ctx);
}

static void
to_main(void)
{
  co_hops++;
  uthread_switch(&co_ctx, &main_ctx);
}

// Keeps 12 integers and 12 doubles live across every hop(), so the
// compiler holds them in s0-s11 and fs0-fs11 (or spills them to the stack,
// which needs sp back).  With hop = stay it computes what it should.
static long __attribute__((noinline))
juggle(long seed, void (*hop)(void))
{
  long a = seed, b = seed + 1, c = seed + 2, d = seed + 3, e = seed + 4, f = seed + 5;
  long g = seed + 6, h = seed + 7, i = seed + 8, j = seed + 9, k = seed + 10, l = seed + 11;
  double x = seed, y = x + 0.5, z = x + 1.5, u = x + 2.5, v = x + 3.5, w = x + 4.5;
  double p = x + 5.5, q = x + 6.5, r = x + 7.5, s = x + 8.5, t = x + 9.5, o = x + 10.5;

  for (int n = 0; n < ROUNDS; n++) {
    hop();
    a += b ^ n; b += c; c ^= d; d += e; e -= f; f += g;
    g ^= h; h += i; i -= j; j += k; k ^= l; l += a;
    x = x * 0.5 + y; y = y * 0.5 + z; z = z * 0.5 + u; u = u * 0.5 + v;
    v = v * 0.5 + w; w = w * 0.5 + p; p = p * 0.5 + q; q = q * 0.5 + r;
    r = r * 0.5 + s; s = s * 0.5 + t; t = t * 0.5 + o; o = o * 0.5 + x;
  }
  return a + b + c + d + e + f + g + h + i + j + k + l +
         (long)((x + y + z + u + v + w + p + q + r + s + t + o) * 1000);
}

// Entered by the first switch to co_ctx; it has no caller to return to.
static void
coroutine(void)
{
  char here;

  co_on_own_stack = &here >= co_stack && &here < co_stack + CO_STACK;
  co_result = juggle(7, to_main);
  for (;;)
    to_main();
}

static void
test_switch(void)
{
  long want_main = juggle(1, stay), want_co = juggle(7, stay), got;

  co_ctx = (struct uthread_context){ 0 };
  co_ctx.ra = (unsigned long)coroutine;
  co_ctx.sp = (unsigned long)(co_stack + CO_STACK);
  got = juggle(1, to_coroutine);
  to_coroutine();                       // lets the coroutine finish its juggle
  if (!check(co_hops == ROUNDS + 1, "the first switch starts at ra on sp, and each switch comes back"))
    printf("  the coroutine switched back %d times, want %d\n", co_hops, ROUNDS + 1);
  check(co_on_own_stack, "the coroutine runs on the stack its context named");
  check(got == want_main, "the caller's s and fs registers and stack survive the switches");
  check(co_result == want_co, "the coroutine's registers and stack survive them too");
}

// ---- threads: create, round robin, exit, join ----------------------------------

static char order[64];

static void
take_turns(void *arg)
{
  for (int i = 0; i < 3; i++) {
    char step[4] = { *(char *)arg, '0' + i, ' ', 0 };
    strcat(order, step);
    uthread_yield();
  }
}

static void
check_round_robin(void)
{
  int ids[3], joined = 0;

  order[0] = 0;
  ids[0] = uthread_create(take_turns, "A");
  ids[1] = uthread_create(take_turns, "B");
  ids[2] = uthread_create(take_turns, "C");
  check(ids[0] > 0 && ids[1] > 0 && ids[2] > 0, "uthread_create returns ids > 0");
  for (int i = 0; i < 3; i++)
    joined += uthread_join(ids[i]) == 0;
  check(joined == 3, "uthread_join of each returns 0");
  if (!check(strcmp(order, "A0 B0 C0 A1 B1 C1 A2 B2 C2 ") == 0, "they take turns, round robin"))
    printf("  order: \"%s\"\n", order);
}

struct probe {
  int self;
  uintptr_t frame;
  int saw_errno;
  int after_exit;
};

static void __attribute__((noinline))
leave_early(struct probe *p)
{
  uthread_exit();
  p->after_exit = 1;                    // never: exit does not return
}

static void
probe(void *arg)
{
  struct probe *p = arg;

  p->self = uthread_self();
  p->frame = (uintptr_t)__builtin_frame_address(0);
  errno = 100 + p->self;
  uthread_yield();
  p->saw_errno = errno;
  leave_early(p);
}

static void
check_each_thread(void)
{
  struct probe probes[3] = { 0 };
  int ids[3], ok_self = 1, ok_stack = 1, ok_errno = 1, ok_exit = 1;

  for (int i = 0; i < 3; i++)
    ids[i] = uthread_create(probe, &probes[i]);
  for (int i = 0; i < 3; i++)
    ok_exit &= uthread_join(ids[i]) == 0 && !probes[i].after_exit;
  for (int i = 0; i < 3; i++) {
    ok_self &= ids[i] > 0 && probes[i].self == ids[i];
    ok_errno &= probes[i].saw_errno == 100 + ids[i];
    ok_stack &= probes[i].frame != 0 && probes[i].frame % 16 == 0;
    for (int j = 0; j < i; j++) {
      long apart = (long)(probes[i].frame - probes[j].frame);
      ok_stack &= apart >= UTHREAD_STACK / 2 || apart <= -UTHREAD_STACK / 2;
    }
  }
  check(ok_self, "each thread gets its argument, and uthread_self is its id");
  check(ok_stack, "each thread has its own 16-byte aligned stack");
  check(ok_errno, "each thread keeps its own errno across a yield");
  check(ok_exit, "uthread_exit from a nested call ends the thread; join returns 0");
}

static void
nothing(void *arg)
{
}

static void
check_table_and_join(void)
{
  int ids[UTHREAD_MAX], n = 0, all = 1;

  while (n < UTHREAD_MAX && (ids[n] = uthread_create(nothing, 0)) > 0)
    n++;
  if (!check(n == UTHREAD_MAX - 1, "UTHREAD_MAX - 1 threads fit, the next create fails"))
    printf("  created %d\n", n);
  for (int i = 0; i < n; i++)
    all &= uthread_join(ids[i]) == 0;
  check(n > 0 && all, "each of them joins");
  check(n > 0 && uthread_join(ids[0]) == -1, "a second join of the same thread fails");
  check(uthread_join(0) == -1 && uthread_join(UTHREAD_MAX) == -1 && uthread_join(-1) == -1,
        "join of thread 0 (itself) or of an id out of range fails");
}

static int
create_join_round(void)
{
  int ids[4], ok = 1;

  for (int i = 0; i < 4; i++)
    ok &= (ids[i] = uthread_create(nothing, 0)) > 0;
  for (int i = 0; i < 4; i++)
    ok &= uthread_join(ids[i]) == 0;
  return ok;
}

static void
check_no_stack_leak(void)
{
  unsigned long before;
  int ok = create_join_round();         // warm-up: the heap grows once

  before = free_ram();
  for (int i = 0; i < CYCLES && ok; i++)
    ok = create_join_round();
  check(ok, "200 rounds of 4 creates and joins");
  check_no_leak_slack(before, LEAK_SLACK_WARM, "join frees the stacks: no memory lost over them");
}

static int report_fd;

static void
last_one(void *arg)
{
  uthread_yield();
  write(report_fd, "last", 4);
}

// The main thread leaves first; the process lives on until the last one.
static void
check_last_thread_ends_process(void)
{
  int p[2], st = -1, n;
  char buf[8] = { 0 };
  pid_t pid;

  pipe(p);
  pid = fork();
  if (pid == 0) {
    close(p[0]);
    report_fd = p[1];
    uthread_create(last_one, 0);
    uthread_exit();
  }
  close(p[1]);
  n = read(p[0], buf, sizeof(buf) - 1);
  close(p[0]);
  check(n == 4 && strcmp(buf, "last") == 0, "after the main thread exits, the others still run");
  if (!check(wait_timeout(pid, &st, 5000) == pid && st == W_EXITED(0),
             "the process exits (0) when its last thread does"))
    printf("  status %#x\n", st);
}

static void
test_threads(void)
{
  check_round_robin();
  check_each_thread();
  check_table_and_join();
  check_no_stack_leak();
  check_last_thread_ends_process();
}

int
main(int argc, char **argv)
{
  static const struct test_part parts[] = {
    { "switch", test_switch },
    { "threads", test_threads },
  };

  alarm(60);                            // a hang ends the test instead of the grader waiting
  return test_parts("uthreadtest", parts, 2, argc, argv);
}
