// uthread_demo: user-level threads (uthread, N:1) next to kernel threads
// (pthread, 1:1).  First three uthreads take turns, switching only where
// they yield.  Then, with each package, one thread blocks in read() on a
// pipe that a child process writes to only after 300 ms, while another
// thread counts: the kernel sees the uthreads as one task, so the blocked
// read stops the counter too; the kernel threads are separate tasks, and
// the counter keeps going.  Prints the same lines everywhere; ends with
// "uthread_demo: as expected" (exit 0) or "uthread_demo: UNEXPECTED".
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uthread.h>

#define DELAY_MS 300

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

// A pipe whose read end gets one byte DELAY_MS after this call.
static int
slow_pipe(void)
{
  struct timespec delay = { 0, DELAY_MS * 1000000L };
  int p[2];

  pipe(p);
  if (fork() == 0) {
    nanosleep(&delay, 0);
    write(p[1], "x", 1);
    _exit(0);
  }
  close(p[1]);
  return p[0];
}

static volatile long ticks;
static volatile int stop;
static long ticks_while_blocked;
static int slow_fd;

static void
blocking_read(void)
{
  long before = ticks;
  char c;

  read(slow_fd, &c, 1);
  ticks_while_blocked = ticks - before;
  stop = 1;
  close(slow_fd);
  wait(0);
}

static void
u_counter(void *arg)
{
  while (!stop) {
    ticks++;
    uthread_yield();
  }
}

static void
u_blocker(void *arg)
{
  uthread_yield();          // let the counter get going first
  blocking_read();
}

static void *
k_counter(void *arg)
{
  while (!stop) {
    ticks++;
    sched_yield();
  }
  return arg;
}

static void *
k_blocker(void *arg)
{
  while (ticks == 0)        // let the counter get going first
    sched_yield();
  blocking_read();
  return arg;
}

static void
report(const char *kind, long n)
{
  printf("uthread_demo: %s: while one thread was blocked in read() for %d ms, the other %s\n", kind,
         DELAY_MS, n == 0 ? "did not run at all" : "kept running");
}

int
main(void)
{
  pthread_t a, b;
  long u_ticks;
  int ids[3];

  ids[0] = uthread_create(take_turns, "A");
  ids[1] = uthread_create(take_turns, "B");
  ids[2] = uthread_create(take_turns, "C");
  for (int i = 0; i < 3; i++)
    uthread_join(ids[i]);
  order[strlen(order) - 1] = 0;   // the last step's trailing space
  printf("uthread_demo: cooperative turns: %s\n", order);

  slow_fd = slow_pipe();
  ids[0] = uthread_create(u_counter, 0);
  ids[1] = uthread_create(u_blocker, 0);
  uthread_join(ids[0]);
  uthread_join(ids[1]);
  u_ticks = ticks_while_blocked;
  report("library threads (uthread, N:1)", u_ticks);

  ticks = 0;
  stop = 0;
  slow_fd = slow_pipe();
  pthread_create(&a, 0, k_counter, 0);
  pthread_create(&b, 0, k_blocker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  report("kernel threads (pthread, 1:1)", ticks_while_blocked);

  if (strcmp(order, "A0 B0 C0 A1 B1 C1 A2 B2 C2") == 0 && u_ticks == 0 && ticks_while_blocked > 0) {
    printf("uthread_demo: as expected\n");
    return 0;
  }
  printf("uthread_demo: UNEXPECTED\n");
  return 1;
}
