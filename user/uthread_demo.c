// uthread_demo: one blocking call stops every user-level thread.  A reader
// thread reads a pipe that a writer thread fills after three turns of its
// own.  Three runs:
//   - uthreads (N:1) and read(): the kernel puts the one task to sleep, so
//     the writer never gets a turn; only an alarm ends the read (EINTR);
//   - uthreads and uthread_read(): an empty pipe makes the reader yield
//     instead, the writer takes its three turns and the read gets the byte;
//   - pthreads (1:1) and read(): the reader sleeps in the kernel (state S)
//     while the writer, a task of its own, runs and wakes it.
// The lines it prints hold counts and states only, the same on Linux; it
// ends with "uthread_demo: as expected" (exit 0) or "UNEXPECTED" (exit 1).
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <testlib.h>
#include <unistd.h>
#include <uthread.h>

#define TURNS 3                 // the writer's turns before it writes

struct run {
  int fd[2];
  long turns;                   // the writer's
  long meanwhile;               // the writer's turns while the reader was in its read
  long got;                     // what the reader's read returned
  int read_errno;
  int reader_tid;
  int reader_state;             // as the writer saw it (kernel threads only)
};

static struct run run;
static ssize_t (*reader_read)(int, void *, size_t);

static void
on_alarm(int sig)
{
}

// A read that blocks for good ends with EINTR after alarm_s seconds.
static void
start_run(ssize_t (*how)(int, void *, size_t), int alarm_s)
{
  run = (struct run){ 0 };
  pipe(run.fd);
  reader_read = how;
  alarm(alarm_s);
}

static void
end_run(void)
{
  alarm(0);
  close(run.fd[0]);
  close(run.fd[1]);
}

static void
do_read(void)
{
  long before = run.turns;
  char c;

  __atomic_store_n(&run.reader_tid, gettid(), __ATOMIC_SEQ_CST);
  run.got = reader_read(run.fd[0], &c, 1);
  run.read_errno = run.got < 0 ? errno : 0;
  run.meanwhile = run.turns - before;
}

static void
u_reader(void *arg)
{
  do_read();
}

static void
u_writer(void *arg)
{
  for (int i = 0; i < TURNS; i++) {
    run.turns++;
    uthread_yield();
  }
  write(run.fd[1], "x", 1);
}

// Returns whether the threads could be made at all.
static int
run_uthreads(ssize_t (*how)(int, void *, size_t), int alarm_s)
{
  int r, w;

  start_run(how, alarm_s);
  r = uthread_create(u_reader, 0);
  w = uthread_create(u_writer, 0);
  if (r < 0 || w < 0) {
    printf("uthread_demo: uthread_create failed\n");
    end_run();
    return 0;
  }
  uthread_join(r);
  uthread_join(w);
  end_run();
  return 1;
}

static void *
k_reader(void *arg)
{
  do_read();
  return arg;
}

static void *
k_writer(void *arg)
{
  while (__atomic_load_n(&run.reader_tid, __ATOMIC_SEQ_CST) == 0)
    sched_yield();
  if (await_state(run.reader_tid, "S", 2000))
    run.reader_state = 'S';
  for (int i = 0; i < TURNS; i++) {
    run.turns++;
    sched_yield();
  }
  write(run.fd[1], "x", 1);
  return arg;
}

static void
run_pthreads(void)
{
  pthread_t r, w;

  start_run(read, 5);
  pthread_create(&r, 0, k_reader, 0);
  pthread_create(&w, 0, k_writer, 0);
  pthread_join(r, 0);
  pthread_join(w, 0);
  end_run();
}

static void
report(const char *what)
{
  printf("%s: read returned %ld%s, the writer had %ld of %d turns meanwhile\n", what, run.got,
         run.read_errno == EINTR ? " (EINTR: the alarm)" : "", run.meanwhile, TURNS);
}

int
main(void)
{
  struct sigaction sa = { 0 };
  int ok;

  sa.sa_handler = on_alarm;     // no SA_RESTART: the alarm ends a blocked read
  sigaction(SIGALRM, &sa, 0);

  if (!run_uthreads(read, 1))
    return 1;
  report("uthreads (N:1), read()");
  ok = run.got == -1 && run.read_errno == EINTR && run.meanwhile == 0;

  if (!run_uthreads(uthread_read, 2))
    return 1;
  report("uthreads (N:1), uthread_read()");
  ok &= run.got == 1 && run.meanwhile == TURNS;

  run_pthreads();
  report("pthreads (1:1), read()");
  printf("pthreads (1:1), read(): the writer saw the reader %s\n",
         run.reader_state == 'S' ? "asleep in the kernel (S)" : "never asleep");
  ok &= run.got == 1 && run.meanwhile == TURNS && run.reader_state == 'S';

  printf("uthread_demo: %s\n", ok ? "as expected" : "UNEXPECTED");
  return !ok;
}
