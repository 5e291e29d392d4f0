// threadsync: read-write locks (readers together, writers alone, writers
// not starved, trylock EBUSY), spin locks, pthread_mutex_timedlock,
// threads on a stack the caller gives, and what threaded programs ask of
// the system: sysconf (CPUs, page size, limits) and the <inttypes.h>
// formats.  Prints "ok/FAIL <check>" lines and "threadsync: N passed, M
// failed"; nothing in them depends on ids, times or the number of CPUs, so
// the output under Linux (qemu-riscv64) is the same.
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <testlib.h>
#include <time.h>
#include <unistd.h>

#define NT 4                       // threads in most checks
#define INCREMENTS 50000
#define WAIT_MS 3000               // the longest a check waits for what should happen

static long
ms_since(const struct timespec *t0)
{
  struct timespec t1;

  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

// A CLOCK_REALTIME deadline ms milliseconds from now.
static struct timespec
deadline(long ms)
{
  struct timespec t;

  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_nsec += ms % 1000 * 1000000L;
  t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
  t.tv_nsec %= 1000000000L;
  return t;
}

// Starts n threads running fn(i) and joins them; returns how many
// returned their own index (fn's way of saying all was well).
static int
run_threads(int n, void *(*fn)(void *))
{
  pthread_t t[NT];
  int good = 0;

  for (long i = 0; i < n; i++)
    if (pthread_create(&t[i], 0, fn, (void *)i) != 0)
      return -1;
  for (long i = 0; i < n; i++) {
    void *r;
    if (pthread_join(t[i], &r) == 0 && (long)r == i)
      good++;
  }
  return good;
}

static pthread_t
start(void *(*fn)(void *), void *arg)
{
  pthread_t t;

  if (pthread_create(&t, 0, fn, arg) != 0) {
    printf("FAIL pthread_create\n");
    exit(1);
  }
  return t;
}

static void *
joined(pthread_t t)
{
  void *r = 0;

  pthread_join(t, &r);
  return r;
}

// ---- read-write locks -----------------------------------------------------------

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int inside, got_read, got_write, stop;
static long pair_a, pair_b;

// Holds a read lock until all NT readers hold it (or WAIT_MS passes).
static void *
reader_together(void *arg)
{
  struct timespec t0;
  int all;

  if (pthread_rwlock_rdlock(&rw) != 0)
    return (void *)-1;
  __atomic_fetch_add(&inside, 1, __ATOMIC_SEQ_CST);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (!(all = __atomic_load_n(&inside, __ATOMIC_SEQ_CST) == NT) && ms_since(&t0) < WAIT_MS)
    sched_yield();
  pthread_rwlock_unlock(&rw);
  return all ? arg : (void *)-1;
}

static void *
read_once(void *arg)
{
  pthread_rwlock_rdlock(&rw);
  __atomic_store_n(&got_read, 1, __ATOMIC_SEQ_CST);
  pthread_rwlock_unlock(&rw);
  return arg;
}

static void *
write_once(void *arg)
{
  pthread_rwlock_wrlock(&rw);
  __atomic_store_n(&got_write, 1, __ATOMIC_SEQ_CST);
  pthread_rwlock_unlock(&rw);
  return arg;
}

static void *
try_both(void *arg)
{
  int r = pthread_rwlock_tryrdlock(&rw), w = pthread_rwlock_trywrlock(&rw);

  if (r == 0)
    pthread_rwlock_unlock(&rw);
  if (w == 0)
    pthread_rwlock_unlock(&rw);
  return (void *)(long)((r == EBUSY) + 2 * (w == EBUSY));
}

static void
test_rwlock_basics(void)
{
  pthread_t r, w;

  check(run_threads(NT, reader_together) == NT, "rwlock: 4 readers hold it at once");
  check(pthread_rwlock_wrlock(&rw) == 0, "rwlock: wrlock");
  r = start(read_once, 0);
  w = start(write_once, 0);
  sleep_ms(50);
  check(!__atomic_load_n(&got_read, __ATOMIC_SEQ_CST) && !__atomic_load_n(&got_write, __ATOMIC_SEQ_CST),
        "rwlock: a writer keeps readers and writers out");
  check(joined(start(try_both, 0)) == (void *)3, "rwlock: write-held: tryrdlock and trywrlock EBUSY");
  check(pthread_rwlock_wrlock(&rw) == EDEADLK && pthread_rwlock_rdlock(&rw) == EDEADLK,
        "rwlock: the writer locking again: EDEADLK");
  check(pthread_rwlock_unlock(&rw) == 0, "rwlock: unlock");
  joined(r);
  joined(w);
  check(got_read && got_write, "rwlock: the waiting reader and writer get in after the unlock");
  pthread_rwlock_rdlock(&rw);
  check(joined(start(try_both, 0)) == (void *)2, "rwlock: read-held: tryrdlock 0, trywrlock EBUSY");
  pthread_rwlock_unlock(&rw);
  check(pthread_rwlock_trywrlock(&rw) == 0 && pthread_rwlock_unlock(&rw) == 0 &&
        pthread_rwlock_destroy(&rw) == 0, "rwlock: free again: trywrlock 0, destroy 0");
}

// Writers add to both halves of a pair; readers must never see them differ.
static void *
pair_thread(void *arg)
{
  int torn = 0;

  for (int i = 0; i < INCREMENTS; i++) {
    pthread_rwlock_wrlock(&rw);
    pair_a++;
    pair_b++;
    pthread_rwlock_unlock(&rw);
    if (i % 8)
      continue;
    pthread_rwlock_rdlock(&rw);
    torn |= pair_a != pair_b;
    pthread_rwlock_unlock(&rw);
  }
  return torn ? (void *)-1 : arg;
}

static void
test_rwlock_counter(void)
{
  pthread_rwlockattr_t a;

  pthread_rwlockattr_init(&a);
  check(pthread_rwlock_init(&rw, &a) == 0 && pthread_rwlockattr_destroy(&a) == 0,
        "rwlock: init with attributes");
  check(run_threads(NT, pair_thread) == NT, "rwlock: readers never see a write half done");
  check(pair_a == (long)NT * INCREMENTS && pair_b == pair_a,
        "rwlock: 4 threads x 50000 increments under wrlock, exact");
}

// Readers that between them keep the lock read-held all the time.
static void *
busy_reader(void *arg)
{
  struct timespec t0;

  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST) && ms_since(&t0) < WAIT_MS) {
    pthread_rwlock_rdlock(&rw);
    sched_yield();
    pthread_rwlock_unlock(&rw);
  }
  return arg;
}

// Returns 1 if it got the write lock before the readers' WAIT_MS ran out
// (they start after it).
static void *
late_writer(void *arg)
{
  struct timespec t0;
  long in_time;

  (void)arg;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  sleep_ms(20);
  pthread_rwlock_wrlock(&rw);
  in_time = ms_since(&t0) < WAIT_MS;
  __atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
  pthread_rwlock_unlock(&rw);
  return (void *)in_time;
}

// Returns 1 once a tryrdlock fails: a writer is waiting.
static void *
probe_writer_waiting(void *arg)
{
  struct timespec t0;
  int r;

  (void)arg;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while ((r = pthread_rwlock_tryrdlock(&rw)) == 0 && ms_since(&t0) < WAIT_MS) {
    pthread_rwlock_unlock(&rw);
    sleep_ms(1);
  }
  if (r == 0)
    pthread_rwlock_unlock(&rw);
  return (void *)(long)(r == EBUSY);
}

static void
test_rwlock_writer_first(void)
{
  pthread_t readers[3], w;

  w = start(late_writer, 0);
  for (int i = 0; i < 3; i++)
    readers[i] = start(busy_reader, 0);
  check(joined(w) == (void *)1, "rwlock: a writer gets in while 3 readers keep it read-held");
  for (int i = 0; i < 3; i++)
    joined(readers[i]);
  pthread_rwlock_rdlock(&rw);
  w = start(write_once, 0);
  check(joined(start(probe_writer_waiting, 0)) == (void *)1,
        "rwlock: no new reader gets in while a writer waits");
  check(pthread_rwlock_tryrdlock(&rw) == 0, "rwlock: a reader holding it may read-lock it again");
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
  joined(w);
}

// ---- spin locks -------------------------------------------------------------------

static pthread_spinlock_t spin;
static long spin_counter;

static void *
spin_thread(void *arg)
{
  for (int i = 0; i < INCREMENTS; i++) {
    pthread_spin_lock(&spin);
    spin_counter++;
    pthread_spin_unlock(&spin);
  }
  return arg;
}

static void
test_spin(void)
{
  check(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE) == 0, "spin_init");
  check(run_threads(NT, spin_thread) == NT && spin_counter == (long)NT * INCREMENTS,
        "spin lock: 4 threads x 50000 increments, exact");
  check(pthread_spin_trylock(&spin) == 0 && pthread_spin_trylock(&spin) == EBUSY &&
        pthread_spin_unlock(&spin) == 0 && pthread_spin_trylock(&spin) == 0 &&
        pthread_spin_unlock(&spin) == 0, "spin_trylock: EBUSY when held, 0 when free");
  check(pthread_spin_destroy(&spin) == 0, "spin_destroy");
}

// ---- mutex_timedlock --------------------------------------------------------------

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;

// Bit 0: ETIMEDOUT after the 50 ms; bit 1: EINVAL for a bad deadline.
static void *
timedlock_times_out(void *arg)
{
  struct timespec t0, abst, bad = { 0, 1000000000L };
  long ok;

  (void)arg;
  clock_gettime(CLOCK_MONOTONIC, &t0);   // before the deadline: a preemption between them only adds
  abst = deadline(50);
  ok = pthread_mutex_timedlock(&held, &abst) == ETIMEDOUT && ms_since(&t0) >= 45;
  return (void *)(ok + 2 * (pthread_mutex_timedlock(&held, &bad) == EINVAL));
}

static void *
timedlock_gets_it(void *arg)
{
  struct timespec abst = deadline(WAIT_MS);

  if (pthread_mutex_timedlock(&held, &abst) != 0)
    return (void *)-1;
  pthread_mutex_unlock(&held);
  return arg;
}

static void
test_timedlock(void)
{
  struct timespec past = deadline(-1000);
  pthread_t t;

  pthread_mutex_lock(&held);
  check(joined(start(timedlock_times_out, 0)) == (void *)3,
        "mutex_timedlock: ETIMEDOUT after its 50 ms; EINVAL for a bad deadline");
  t = start(timedlock_gets_it, 0);
  sleep_ms(20);
  pthread_mutex_unlock(&held);
  check(joined(t) == 0, "mutex_timedlock: the unlock wakes a timed waiter");
  check(pthread_mutex_timedlock(&held, &past) == 0 && pthread_mutex_unlock(&held) == 0,
        "mutex_timedlock: a free mutex is taken even past the deadline");
}

// ---- a stack from the caller ------------------------------------------------------

#define GIVEN_STACK (64 * 1024)
static char *given;
static __thread int tls_var = 42;

static void *
on_given_stack(void *arg)
{
  char buf[32 * 1024];

  memset(buf, 1, sizeof(buf));
  if (buf < given || buf + sizeof(buf) > given + GIVEN_STACK || tls_var != 42)
    return (void *)-1;
  return arg;
}

static void
test_given_stack(void)
{
  pthread_attr_t a;
  pthread_t t;
  void *addr = 0, *r = 0;
  size_t size = 0;

  given = malloc(GIVEN_STACK);
  pthread_attr_init(&a);
  check(pthread_attr_setstack(&a, given, PTHREAD_STACK_MIN - 16) == EINVAL,
        "attr_setstack: below PTHREAD_STACK_MIN: EINVAL");
  check(pthread_attr_setstack(&a, given, GIVEN_STACK) == 0 && pthread_attr_getstack(&a, &addr, &size) == 0 &&
        addr == given && size == GIVEN_STACK, "attr_setstack, attr_getstack");
  check(given && pthread_create(&t, &a, on_given_stack, (void *)7) == 0 && pthread_join(t, &r) == 0 &&
        r == (void *)7, "a thread runs on the given stack, with its own TLS");
  pthread_attr_destroy(&a);
  free(given);
}

// ---- sysconf ----------------------------------------------------------------------

// The descriptors a process may have open: dup until EMFILE.
static long
count_fds(void)
{
  long top = -1;
  int fd, err;

  while ((fd = dup(0)) >= 0)
    top = fd;
  err = errno;
  for (fd = 3; fd <= top; fd++)
    close(fd);
  return err == EMFILE ? top + 1 : -1;
}

static void
test_sysconf(void)
{
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t set;

  check(sched_getaffinity(0, sizeof(set), &set) == 0 && online >= 1 && online == CPU_COUNT(&set),
        "sysconf(_SC_NPROCESSORS_ONLN): the CPUs in the affinity mask");
  check(sysconf(_SC_NPROCESSORS_CONF) >= online, "sysconf(_SC_NPROCESSORS_CONF) >= online");
  check(sysconf(_SC_PAGESIZE) == 4096 && sysconf(_SC_PAGE_SIZE) == 4096 && getpagesize() == 4096,
        "page size 4096 (sysconf, getpagesize)");
  check(sysconf(_SC_CLK_TCK) == 100, "sysconf(_SC_CLK_TCK) = 100");
  check(sysconf(_SC_THREAD_STACK_MIN) == PTHREAD_STACK_MIN, "sysconf(_SC_THREAD_STACK_MIN)");
  check(sysconf(_SC_OPEN_MAX) == 128 && (!on_rvos() || count_fds() == 128),
        "sysconf(_SC_OPEN_MAX) = 128, the descriptors a process may open");
  check_errno(sysconf(-1), EINVAL, "sysconf(unknown name): EINVAL");
  int on_each = 1;
  for (int c = 0; c < CPU_SETSIZE; c++) {
    if (!CPU_ISSET(c, &set))
      continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(c, &one);
    on_each &= sched_setaffinity(0, sizeof(one), &one) == 0 && sched_getcpu() == c;
  }
  sched_setaffinity(0, sizeof(set), &set);
  check(on_each, "sched_getcpu() names the one CPU the caller is pinned to, for each CPU");
}

// ---- inttypes -----------------------------------------------------------------------

static int
formats(const char *want, const char *fmt, ...)
{
  char buf[128];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  return strcmp(buf, want) == 0;
}

static void
test_inttypes(void)
{
  char *end;

  check(formats("-9223372036854775808 18446744073709551615", "%" PRId64 " %" PRIu64, INT64_MIN,
                UINT64_MAX), "PRId64, PRIu64: -9223372036854775808 18446744073709551615");
  check(formats("-5 65535 deadbeef 7fffffffffffffff", "%" PRId8 " %" PRIu16 " %" PRIx32 " %" PRIxMAX,
                (int8_t)-5, (uint16_t)65535, (uint32_t)0xdeadbeef, INTMAX_MAX),
        "PRId8, PRIu16, PRIx32, PRIxMAX");
  check(formats("ffffffffffffffff -1", "%" PRIxPTR " %" PRIdPTR, UINTPTR_MAX, (intptr_t)-1),
        "PRIxPTR, PRIdPTR");
  check(formats("44 255 -1 4464 -9223372036854775808", "%hhd %hhu %hd %hu %jd", 300, -1, 65535, 70000,
                INTMAX_MIN), "printf length modifiers hh, h, j");
  check(formats("18446744073709551615 -3 -4", "%zu %zd %td", (size_t)-1, (ssize_t)-3, (ptrdiff_t)-4),
        "printf length modifiers z, t");
  check(strtoimax("-9223372036854775808", &end, 10) == INT64_MIN && *end == 0 &&
        strtoumax("0xffffffffffffffff", &end, 0) == UINT64_MAX && *end == 0,
        "strtoimax, strtoumax: the extremes");
  errno = 0;
  check(strtoimax("9223372036854775808", 0, 10) == INTMAX_MAX && errno == ERANGE,
        "strtoimax: overflow: INTMAX_MAX, ERANGE");
}

int
main(void)
{
  test_start("threadsync");
  test_rwlock_basics();
  test_rwlock_counter();
  test_rwlock_writer_first();
  test_spin();
  test_timedlock();
  test_given_stack();
  test_sysconf();
  test_inttypes();
  return test_done();
}
