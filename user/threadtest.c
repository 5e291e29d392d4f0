// threadtest: POSIX threads on kernel threads (clone with CLONE_THREAD).
// Memory shared and stacks private; ids (getpid = tgid); per-thread errno
// and __thread variables; what clone shares (fd table, cwd) against fork;
// clone's -EINVAL combinations; mutexes, condition variables, semaphores,
// barriers, once and keys; thread-safe malloc and stdio; 2000 create/join
// and 2000 create/detach cycles without a leak.  `threadtest PART` runs one
// part (the names are in main).  Prints "ok/FAIL <check>" lines and
// "threadtest: N passed, M failed" (or "PART: ..."); nothing in them depends
// on ids or time, so the output under Linux (qemu-riscv64) is the same.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <testlib.h>
#include <time.h>
#include <unistd.h>

#define NT 4                       // threads in most checks
#define INCREMENTS 100000
#define CYCLES 2000
#define DIRNAME "threadtest.dir"
#define FILENAME "threadtest.tmp"

static pthread_barrier_t barrier;

// Starts n threads running fn(i) and joins them; returns how many
// returned their own index (fn's way of saying all was well).
static int
run_threads(int n, void *(*fn)(void *))
{
  pthread_t t[64];
  int good = 0;

  pthread_barrier_init(&barrier, 0, n);
  for (long i = 0; i < n; i++)
    if (pthread_create(&t[i], 0, fn, (void *)i) != 0)
      return -1;
  for (long i = 0; i < n; i++) {
    void *r;
    if (pthread_join(t[i], &r) == 0 && (long)r == i)
      good++;
  }
  pthread_barrier_destroy(&barrier);
  return good;
}

// ---- memory, ids, per-thread data ------------------------------------------

static int shared_slots[NT];
static int *stack_addr[NT];

static void *
memory_thread(void *arg)
{
  long i = (long)arg;
  volatile int local = (int)i * 11;

  shared_slots[i] = (int)i + 1;
  stack_addr[i] = (int *)&local;
  pthread_barrier_wait(&barrier);          // every thread's local exists now
  for (int j = 0; j < NT; j++)
    if (shared_slots[j] != j + 1)
      return (void *)-1;
  return local == i * 11 ? arg : (void *)-1;
}

static void
test_memory(void)
{
  int distinct = 1;

  check(run_threads(NT, memory_thread) == NT, "threads see each other's writes; locals stay private");
  for (int i = 0; i < NT; i++)
    for (int j = i + 1; j < NT; j++)
      if ((char *)stack_addr[i] - (char *)stack_addr[j] < 4096 &&
          (char *)stack_addr[j] - (char *)stack_addr[i] < 4096)
        distinct = 0;
  check(distinct, "each thread has its own stack");
}

static pid_t ids_pid[NT], ids_ppid[NT], ids_tid[NT];
static pthread_t ids_self[NT];

static void *
ids_thread(void *arg)
{
  long i = (long)arg;

  ids_pid[i] = getpid();
  ids_ppid[i] = getppid();
  ids_tid[i] = gettid();
  ids_self[i] = pthread_self();
  return arg;
}

static void
test_ids(void)
{
  int same = 1, distinct = 1;

  check(gettid() == getpid(), "main thread: gettid() == getpid()");
  check(run_threads(NT, ids_thread) == NT, "id threads ran");
  for (int i = 0; i < NT; i++) {
    same &= ids_pid[i] == getpid() && ids_ppid[i] == getppid();
    distinct &= ids_tid[i] != getpid() && !pthread_equal(ids_self[i], pthread_self());
    for (int j = i + 1; j < NT; j++)
      distinct &= ids_tid[i] != ids_tid[j] && !pthread_equal(ids_self[i], ids_self[j]);
  }
  check(same, "getpid() and getppid() are the same in every thread");
  check(distinct, "gettid() and pthread_self() differ between threads");
  check(pthread_equal(pthread_self(), pthread_self()), "pthread_equal(self, self)");
}

static __thread int tls_var = 42;
static __thread char tls_zero[100];

static void *
tls_thread(void *arg)
{
  long i = (long)arg;
  int ok = tls_var == 42 && tls_zero[99] == 0;

  tls_var = (int)i;
  tls_zero[99] = (char)i + 1;
  errno = 1000 + (int)i;
  pthread_barrier_wait(&barrier);          // all have written their copies
  ok = ok && tls_var == i && tls_zero[99] == i + 1 && errno == 1000 + i;
  return ok ? arg : (void *)-1;
}

static void
test_tls(void)
{
  tls_var = 7;
  errno = 0;
  check(run_threads(NT, tls_thread) == NT, "__thread variables and errno are per thread");
  check(tls_var == 7 && errno == 0, "main thread's copies untouched");
}

// ---- create, join, exit, detach ------------------------------------------

static void *
exit_deep(void)
{
  pthread_exit((void *)1234);
}

static void *
exit_thread(void *arg)
{
  (void)arg;
  return exit_deep();
}

#define DETACH_AHEAD 8
static int detached_ended;

static void *
count_detached_end(void *arg)
{
  __atomic_fetch_add(&detached_ended, 1, __ATOMIC_SEQ_CST);
  return arg;
}

static void *
return_arg(void *arg)
{
  return arg;
}

static void *
big_stack_thread(void *arg)
{
  char buf[192 * 1024];

  memset(buf, 1, sizeof(buf));
  return buf[1000] == 1 ? arg : 0;
}

static void
test_lifecycle(void)
{
  pthread_t t;
  pthread_attr_t a;
  void *r = 0;
  size_t sz;

  check(pthread_create(&t, 0, exit_thread, 0) == 0 && pthread_join(t, &r) == 0 && r == (void *)1234,
        "pthread_exit's value reaches pthread_join");
  check(pthread_join(pthread_self(), &r) == EDEADLK, "joining oneself: EDEADLK");
  pthread_attr_init(&a);
  check(pthread_attr_setstacksize(&a, 256 * 1024) == 0 && pthread_attr_getstacksize(&a, &sz) == 0 &&
        sz == 256 * 1024, "stack size attribute");
  check(pthread_create(&t, &a, big_stack_thread, (void *)5) == 0 && pthread_join(t, &r) == 0 &&
        r == (void *)5, "a 256 KiB stack holds a 192 KiB array");
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  check(pthread_create(&t, &a, return_arg, 0) == 0 && pthread_join(t, 0) == EINVAL,
        "joining a detached thread: EINVAL");
  check(pthread_create(&t, 0, return_arg, 0) == 0 && pthread_detach(t) == 0, "pthread_detach");
  pthread_attr_destroy(&a);
}

static void *
many_thread(void *arg)
{
  pthread_barrier_wait(&barrier);          // all 32 exist at once
  return arg;
}

// ---- what clone shares -------------------------------------------------------

static int fd_a = -1, thread_fds[2];

static void *
fd_thread(void *arg)
{
  long i = (long)arg;

  if (i == 0)
    return pipe(thread_fds) == 0 ? arg : (void *)-1;
  return close(fd_a) == 0 ? arg : (void *)-1;
}

static int
child_dup(void *arg)
{
  (void)arg;
  return dup(1);
}

static void
test_files(void)
{
  char c = 0;
  pthread_t t;
  pid_t pid;
  int st, fd;

  check(pthread_create(&t, 0, fd_thread, (void *)0) == 0 && pthread_join(t, 0) == 0 &&
        write(thread_fds[1], "x", 1) == 1 && read(thread_fds[0], &c, 1) == 1 && c == 'x',
        "a pipe a thread opened works in the main thread");
  close(thread_fds[0]);
  close(thread_fds[1]);
  fd_a = dup(1);
  check(pthread_create(&t, 0, fd_thread, (void *)1) == 0 && pthread_join(t, 0) == 0,
        "a thread closes the main thread's fd");
  check_errno(close(fd_a), EBADF, "closed for the main thread too (fd table shared)");
  pid = fork();
  if (pid == 0)
    _exit(child_dup(0));
  fd = waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  check_errno(fd < 3 ? 0 : close(fd), EBADF, "an fd the fork child opened is not the parent's");
}

static char cwd_main[PATH_MAX];

static void *
cwd_thread(void *arg)
{
  if (mkdir(DIRNAME, 0755) < 0 || chdir(DIRNAME) < 0)
    return (void *)-1;
  return arg;
}

static int
ends_with(const char *s, const char *tail)
{
  size_t n = strlen(s), k = strlen(tail);

  return n >= k && strcmp(s + n - k, tail) == 0;
}

static void
test_cwd(void)
{
  char buf[PATH_MAX];
  pthread_t t;
  pid_t pid;
  int st;

  getcwd(cwd_main, sizeof(cwd_main));
  check(pthread_create(&t, 0, cwd_thread, 0) == 0 && pthread_join(t, 0) == 0 &&
        getcwd(buf, sizeof(buf)) && ends_with(buf, "/" DIRNAME),
        "a thread's chdir moves the main thread too (cwd shared)");
  chdir(cwd_main);
  pid = fork();
  if (pid == 0)
    _exit(chdir(DIRNAME) == 0 ? 0 : 1);
  check(waitpid(pid, &st, 0) == pid && st == 0 && getcwd(buf, sizeof(buf)) &&
        strcmp(buf, cwd_main) == 0, "a fork child's chdir leaves the parent's cwd");
  rmdir(DIRNAME);
}

static int
never_runs(void *arg)
{
  (void)arg;
  _exit(99);
}

static void
test_einval(void)
{
  static char stack[4096] __attribute__((aligned(16)));
  char *top = stack + sizeof(stack);

  check_errno(clone(never_runs, top, CLONE_SIGHAND | SIGCHLD, 0), EINVAL,
              "clone(CLONE_SIGHAND) without CLONE_VM: EINVAL");
  check_errno(clone(never_runs, top, CLONE_VM | CLONE_THREAD, 0), EINVAL,
              "clone(CLONE_THREAD) without CLONE_SIGHAND: EINVAL");
  check_errno(clone(never_runs, top, CLONE_THREAD | CLONE_SIGHAND, 0), EINVAL,
              "clone(CLONE_THREAD|CLONE_SIGHAND) without CLONE_VM: EINVAL");
}

// ---- synchronisation ------------------------------------------------------------

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *
counter_thread(void *arg)
{
  for (int i = 0; i < INCREMENTS; i++) {
    pthread_mutex_lock(&counter_lock);
    counter++;
    pthread_mutex_unlock(&counter_lock);
  }
  return arg;
}

static void
test_mutex(void)
{
  pthread_mutex_t m;
  pthread_mutexattr_t a;

  check(run_threads(NT, counter_thread) == NT && counter == (long)NT * INCREMENTS,
        "mutex: 4 threads x 100000 increments, exact");
  pthread_mutex_init(&m, 0);
  check(pthread_mutex_trylock(&m) == 0 && pthread_mutex_trylock(&m) == EBUSY &&
        pthread_mutex_unlock(&m) == 0 && pthread_mutex_destroy(&m) == 0, "trylock: EBUSY when held");
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&m, &a);
  check(pthread_mutex_lock(&m) == 0 && pthread_mutex_lock(&m) == 0 && pthread_mutex_trylock(&m) == 0 &&
        pthread_mutex_unlock(&m) == 0 && pthread_mutex_unlock(&m) == 0 &&
        pthread_mutex_unlock(&m) == 0 && pthread_mutex_unlock(&m) == EPERM,
        "recursive mutex: locked 3 times, unlocked 3 times");
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&m, &a);
  check(pthread_mutex_lock(&m) == 0 && pthread_mutex_lock(&m) == EDEADLK &&
        pthread_mutex_unlock(&m) == 0 && pthread_mutex_unlock(&m) == EPERM,
        "error-checking mutex: EDEADLK, EPERM");
}

// A bounded buffer: PRODUCERS put ITEMS each, CONSUMERS take until told to stop.
#define SLOTS 4
#define ITEMS 10000
static pthread_mutex_t buf_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static int ring[SLOTS], ring_head, ring_count, producers_done;
static long consumed_sum, consumed_n;

static void *
producer(void *arg)
{
  for (int i = 1; i <= ITEMS; i++) {
    pthread_mutex_lock(&buf_lock);
    while (ring_count == SLOTS)
      pthread_cond_wait(&not_full, &buf_lock);
    ring[(ring_head + ring_count++) % SLOTS] = i;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&buf_lock);
  }
  pthread_mutex_lock(&buf_lock);
  producers_done++;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&buf_lock);
  return arg;
}

static void *
consumer(void *arg)
{
  for (;;) {
    pthread_mutex_lock(&buf_lock);
    while (ring_count == 0 && producers_done < 2)
      pthread_cond_wait(&not_empty, &buf_lock);
    if (ring_count == 0) {
      pthread_mutex_unlock(&buf_lock);
      return arg;
    }
    consumed_sum += ring[ring_head];
    consumed_n++;
    ring_head = (ring_head + 1) % SLOTS;
    ring_count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&buf_lock);
  }
}

static void *
pc_thread(void *arg)
{
  return (long)arg < 2 ? producer(arg) : consumer(arg);
}

static void
test_cond(void)
{
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t c = PTHREAD_COND_INITIALIZER;
  struct timespec t0, t1, abst;
  long ms;
  int r;

  check(run_threads(4, pc_thread) == 4 && consumed_n == 2L * ITEMS &&
        consumed_sum == 2L * ITEMS * (ITEMS + 1) / 2,
        "condvar: 2 producers, 2 consumers, 4 slots: every item once");
  clock_gettime(CLOCK_MONOTONIC, &t0);   // before the deadline: a preemption between them only adds
  clock_gettime(CLOCK_REALTIME, &abst);
  abst.tv_nsec += 50 * 1000000L;
  if (abst.tv_nsec >= 1000000000L) {
    abst.tv_nsec -= 1000000000L;
    abst.tv_sec++;
  }
  pthread_mutex_lock(&m);
  do
    r = pthread_cond_timedwait(&c, &m, &abst);
  while (r == 0);
  pthread_mutex_unlock(&m);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
  check(r == ETIMEDOUT && ms >= 45, "cond_timedwait: ETIMEDOUT after its 50 ms");
}

static sem_t items, spaces;

// Thread 0 posts ITEMS items through a 4-slot window, thread 1 takes them.
static void *
sem_thread(void *arg)
{
  for (int i = 0; i < ITEMS; i++) {
    sem_t *take = arg ? &items : &spaces, *give = arg ? &spaces : &items;
    if (sem_wait(take) < 0 || sem_post(give) < 0)
      return (void *)-1;
  }
  return arg;
}

static void
test_semaphore(void)
{
  struct timespec abst;
  int v = -1;

  sem_init(&items, 0, 0);
  sem_init(&spaces, 0, SLOTS);
  check(run_threads(2, sem_thread) == 2 && sem_getvalue(&items, &v) == 0 && v == 0,
        "semaphores: 10000 items through 4 slots");
  check_errno(sem_trywait(&items), EAGAIN, "sem_trywait at 0: EAGAIN");
  clock_gettime(CLOCK_REALTIME, &abst);
  abst.tv_sec += (abst.tv_nsec + 20000000L) / 1000000000L;
  abst.tv_nsec = (abst.tv_nsec + 20000000L) % 1000000000L;
  check_errno(sem_timedwait(&items, &abst), ETIMEDOUT, "sem_timedwait at 0: ETIMEDOUT");
  sem_destroy(&items);
  sem_destroy(&spaces);
}

#define ROUNDS 200
static int round_seen[NT], serial_count;

static void *
barrier_thread(void *arg)
{
  long i = (long)arg;

  for (int r = 0; r < ROUNDS; r++) {
    round_seen[i] = r;
    if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
      __atomic_fetch_add(&serial_count, 1, __ATOMIC_SEQ_CST);
    for (int j = 0; j < NT; j++)   // nobody is behind after the barrier
      if (round_seen[j] < r)
        return (void *)-1;
    pthread_barrier_wait(&barrier); // nobody is ahead before the next write
  }
  return arg;
}

static int once_runs;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static int destructed;

static void
once_fn(void)
{
  sched_yield();
  once_runs++;
}

static void
destructor(void *v)
{
  __atomic_fetch_add(&destructed, (int)(long)v, __ATOMIC_SEQ_CST);
}

static void *
once_key_thread(void *arg)
{
  pthread_once(&once, once_fn);
  if (pthread_getspecific(key) != 0 || pthread_setspecific(key, (void *)((long)arg + 1)) != 0)
    return (void *)-1;
  return pthread_getspecific(key) == (void *)((long)arg + 1) ? arg : (void *)-1;
}

static void
test_barrier_once_keys(void)
{
  pthread_key_t k2;

  check(run_threads(NT, barrier_thread) == NT && serial_count == ROUNDS,
        "barrier: 200 rounds in step, one serial thread per round");
  pthread_key_create(&key, destructor);
  check(run_threads(8, once_key_thread) == 8 && once_runs == 1, "pthread_once: 8 threads, runs once");
  check(destructed == 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8, "key destructors run at thread exit");
  pthread_setspecific(key, (void *)1);
  pthread_key_delete(key);
  check(pthread_key_create(&k2, 0) == 0 && pthread_getspecific(k2) == 0,
        "a new key starts out NULL");
  pthread_key_delete(k2);
}

// ---- library thread safety ---------------------------------------------------

static void *
malloc_thread(void *arg)
{
  unsigned seed = (unsigned)(long)arg + 1;
  char *p[16] = { 0 };

  for (int i = 0; i < 20000; i++) {
    int k = (seed = seed * 1103515245 + 12345) >> 16 & 15;
    size_t n = 1 + (seed >> 8) % 600;
    if (p[k]) {
      if (p[k][0] != k || p[k][1] != (char)(long)arg)
        return (void *)-1;
      free(p[k]);
    }
    p[k] = malloc(n < 2 ? 2 : n);
    if (!p[k])
      return (void *)-1;
    p[k][0] = k;
    p[k][1] = (char)(long)arg;
  }
  for (int k = 0; k < 16; k++)
    free(p[k]);
  return arg;
}

static FILE *shared_file;

static void *
stdio_thread(void *arg)
{
  for (int i = 0; i < 500; i++)
    fprintf(shared_file, "thread %ld line %d of the shared file\n", (long)arg, i);
  return arg;
}

static void
test_library(void)
{
  char line[128];
  int next[NT] = { 0 }, good = 1, t, n;

  check(run_threads(NT, malloc_thread) == NT, "malloc/free from 4 threads at once");
  shared_file = fopen(FILENAME, "w");
  check(shared_file && run_threads(NT, stdio_thread) == NT && fclose(shared_file) == 0,
        "fprintf to one FILE from 4 threads");
  shared_file = fopen(FILENAME, "r");
  while (shared_file && fgets(line, sizeof(line), shared_file)) {
    char want[128];
    t = line[7] - '0';
    if (t < 0 || t >= NT) {
      good = 0;
      break;
    }
    n = snprintf(want, sizeof(want), "thread %d line %d of the shared file\n", t, next[t]++);
    good &= n > 0 && strcmp(line, want) == 0;
  }
  for (t = 0; t < NT; t++)
    good &= next[t] == 500;
  check(shared_file && good, "every line whole, each thread's in order");
  if (shared_file)
    fclose(shared_file);
  unlink(FILENAME);
}

// ---- many threads, and leaks ------------------------------------------------

static void
test_cycles(void)
{
  unsigned long before;
  char *heap;
  pthread_t t;
  pthread_attr_t a;
  int bad = 0;

  check(run_threads(32, many_thread) == 32, "32 threads alive at once");
  for (int i = 0; i < 10; i++)           // warm up: the heap reaches its size
    if (pthread_create(&t, 0, return_arg, 0) == 0)
      pthread_join(t, 0);
  before = free_ram();
  heap = sbrk(0);
  for (long i = 0; i < CYCLES; i++) {
    void *r = 0;
    if (pthread_create(&t, 0, return_arg, (void *)i) != 0 || pthread_join(t, &r) != 0 || r != (void *)i)
      bad++;
  }
  check(bad == 0, "2000 create/join cycles");
  check((char *)sbrk(0) == heap, "create/join: the heap did not grow");
  check_no_leak(before, "create/join: free RAM back");
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  // At most DETACH_AHEAD detached threads alive at once: on several harts a
  // new thread may start later than its creator goes on, and 2000 live
  // 64 KiB stacks would be a fair heap growth, not a leak.
  for (int i = 0; i < CYCLES; i++) {
    while (i - __atomic_load_n(&detached_ended, __ATOMIC_SEQ_CST) >= DETACH_AHEAD)
      sched_yield();
    if (pthread_create(&t, &a, count_detached_end, 0) != 0)
      bad++;
  }
  while (__atomic_load_n(&detached_ended, __ATOMIC_SEQ_CST) < CYCLES - bad)
    sched_yield();
  sleep_ms(100);                          // let the last ones leave the kernel
  if (pthread_create(&t, 0, return_arg, 0) == 0)   // reaps the ended ones
    pthread_join(t, 0);
  check(bad == 0, "2000 create/detach cycles");
  check((char *)sbrk(0) - heap < 512 * 1024, "create/detach: stacks reclaimed (heap < 512 KiB more)");
  check_no_leak(before, "create/detach: free RAM back");
}

int
main(int argc, char **argv)
{
  static const struct test_part parts[] = {
    { "memory", test_memory }, { "ids", test_ids }, { "tls", test_tls },
    { "lifecycle", test_lifecycle }, { "files", test_files }, { "cwd", test_cwd },
    { "einval", test_einval }, { "mutex", test_mutex }, { "cond", test_cond },
    { "semaphore", test_semaphore }, { "barrier", test_barrier_once_keys }, { "library", test_library },
    { "cycles", test_cycles },
  };

  return test_parts("threadtest", parts, sizeof(parts) / sizeof(parts[0]), argc, argv);
}
