// locktest: the locks of the locks lab (spinlock.h) on several harts.
//   locktest spinlock   the test-and-set lock: one atomic swap takes it, a
//                       holder keeps others out, 4 threads count exactly
//   locktest peterson   Peterson's lock: the fence it needs, a holder keeps
//                       the other out, 2 threads on 2 harts count exactly
//   locktest race       a shared list: pushes without a lock get lost (shown,
//                       not checked), list_push keeps every one
// Prints "ok/FAIL <check>" lines and "<part>: N passed, M failed".  Thread
// i runs on CPU i (modulo the CPUs there are).  No check depends on a race
// happening: a lock that does nothing fails the holder checks every time.
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spinlock.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <testlib.h>
#include <unistd.h>

#define THREADS 4
#define COUNTS 50000            // increments per thread
#define PUSHES 20000            // list pushes per thread
#define WAIT_MS 1000            // how long a holder gives a waiter to walk in
#define PAGE 4096

#define OPCODE(insn) ((insn) & 0x7f)
#define OP_AMO 0x2f             // amo*, lr, sc
#define OP_MISC_MEM 0x0f        // fence
#define IS_COMPRESSED(half) (((half) & 3) != 3)
#define RET 0x00008067          // jalr zero, 0(ra)
#define C_RET 0x8082            // c.jr ra

// A lock as the tests see it: thread me (0 or 1 for Peterson) takes it.
struct lock_ops {
  void (*lock)(int me);
  void (*unlock)(int me);
};

static struct spinlock spin;
static struct peterson pete;
static int ncpus;

static void s_lock(int me) { spin_lock(&spin); }
static void s_unlock(int me) { spin_unlock(&spin); }
static void p_lock(int me) { peterson_lock(&pete, me); }

// Once both threads want in, Peterson's lock alternates between them.  On
// one hart each turn would then cost the waiter a whole time slice of
// spinning, so there the holder hands the CPU over as it leaves.
static void
p_unlock(int me)
{
  peterson_unlock(&pete, me);
  if (ncpus == 1)
    sched_yield();
}

static const struct lock_ops spin_ops = { s_lock, s_unlock };
static const struct lock_ops pete_ops = { p_lock, p_unlock };
static const struct lock_ops *ops;

static pthread_barrier_t start;

static void
pin(int i)
{
  cpu_set_t set;

  CPU_ZERO(&set);
  CPU_SET(i % ncpus, &set);
  sched_setaffinity(0, sizeof(set), &set);
}

// Runs fn(i) for i < n, each on its own thread and CPU, all starting at once.
static void
run_threads(int n, void *(*fn)(void *))
{
  pthread_t t[THREADS];

  pthread_barrier_init(&start, 0, n);
  for (long i = 0; i < n; i++)
    pthread_create(&t[i], 0, fn, (void *)i);
  for (int i = 0; i < n; i++)
    pthread_join(t[i], 0);
  pthread_barrier_destroy(&start);
}

// ---- a holder keeps the other out -----------------------------------------------

static int waiter_in;

static void *
waiter(void *arg)
{
  pin(1);
  ops->lock(1);
  __atomic_store_n(&waiter_in, 1, __ATOMIC_SEQ_CST);
  ops->unlock(1);
  return arg;
}

// Thread 0 (this one) holds the lock and gives thread 1 WAIT_MS to get in:
// a lock that works keeps it out all that time, one that does not lets it
// in at its first try.
static void
check_holder_keeps_out(const struct lock_ops *o)
{
  pthread_t t;

  ops = o;
  waiter_in = 0;
  ops->lock(0);
  pthread_create(&t, 0, waiter, 0);
  for (int ms = 0; ms < WAIT_MS && !__atomic_load_n(&waiter_in, __ATOMIC_SEQ_CST); ms += 10)
    sleep_ms(10);
  check(!waiter_in, "while one thread holds the lock, the other waits");
  ops->unlock(0);
  pthread_join(t, 0);
  check(waiter_in, "it gets in once the lock is released");
}

// ---- threads counting under the lock ---------------------------------------------

static long counter;

static void *
count(void *arg)
{
  int me = (long)arg;

  pin(me);
  pthread_barrier_wait(&start);
  for (int i = 0; i < COUNTS; i++) {
    ops->lock(me);
    counter++;
    ops->unlock(me);
  }
  return arg;
}

static void
check_count(const struct lock_ops *o, int n)
{
  char what[80];

  ops = o;
  counter = 0;
  run_threads(n, count);
  snprintf(what, sizeof(what), "%d threads x %d increments under the lock: none lost", n, COUNTS);
  if (!check(counter == (long)n * COUNTS, what))
    printf("  expected %ld, counted %ld\n", (long)n * COUNTS, counter);
}

// ---- spinlock ---------------------------------------------------------------------

static char *ro_page;
static int amo_writes, plain_writes;

// A write to the read-only page: note which instruction tried, then let
// it run again with the page writable.
static void
on_write_fault(int sig, siginfo_t *si, void *ucontext)
{
  unsigned long pc = ((ucontext_t *)ucontext)->uc_mcontext.__gregs[REG_PC];
  unsigned short half = *(unsigned short *)pc;

  if ((char *)si->si_addr < ro_page || (char *)si->si_addr >= ro_page + PAGE) {
    signal(SIGSEGV, SIG_DFL);           // a real crash: take it again, fatally
    return;
  }
  if (!IS_COMPRESSED(half) && OPCODE(half) == OP_AMO)
    amo_writes++;
  else
    plain_writes++;
  mprotect(ro_page, PAGE, PROT_READ | PROT_WRITE);
}

// The lock word sits on a read-only page, so the first write to it traps
// and the handler sees the instruction: it must be one atomic read-modify-
// write.  A load followed by a store would trap at the store.
static void
check_atomic_take(void)
{
  struct sigaction sa = { 0 }, old;
  struct spinlock *l;

  ro_page = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  l = (struct spinlock *)ro_page;
  l->locked = 0;
  mprotect(ro_page, PAGE, PROT_READ);
  sa.sa_sigaction = on_write_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, &old);
  amo_writes = plain_writes = 0;
  spin_lock(l);
  if (!check(amo_writes == 1 && plain_writes == 0, "spin_lock takes the word with one atomic swap (AMO)"))
    printf("  first write by %s\n", plain_writes ? "a plain store" : amo_writes ? "an AMO" : "nobody");
  check(l->locked != 0, "the word says held after spin_lock");
  spin_unlock(l);
  check(l->locked == 0, "and free after spin_unlock");
  sigaction(SIGSEGV, &old, 0);
  munmap(ro_page, PAGE);
}

static void
test_spinlock(void)
{
  check_atomic_take();
  check_holder_keeps_out(&spin_ops);
  check_count(&spin_ops, THREADS);
}

// ---- peterson ---------------------------------------------------------------------

// Whether fn's code, up to its first return, holds an instruction that keeps
// earlier stores before later loads: a fence whose predecessor set has w and
// successor set has r (fence.tso does not), or an AMO with aq and rl.
static int
orders_store_load(void (*fn)(struct peterson *, int))
{
  unsigned char *pc = (unsigned char *)fn;

  for (int i = 0; i < 1024;) {
    unsigned half = pc[i] | pc[i + 1] << 8, insn;

    if (IS_COMPRESSED(half)) {
      if (half == C_RET)
        return 0;
      i += 2;
      continue;
    }
    insn = half | (pc[i + 2] | pc[i + 3] << 8) << 16;
    if (insn == RET)
      return 0;
    if (OPCODE(insn) == OP_MISC_MEM && ((insn >> 12) & 7) == 0 && (insn >> 28) == 0 &&
        (insn >> 24 & 1) && (insn >> 21 & 1))
      return 1;
    if (OPCODE(insn) == OP_AMO && ((insn >> 25) & 3) == 3)
      return 1;
    i += 4;
  }
  return 0;
}

static void
test_peterson(void)
{
  check(orders_store_load(peterson_lock), "peterson_lock fences its stores before its loads");
  check_holder_keeps_out(&pete_ops);
  check_count(&pete_ops, 2);
}

// ---- race: a shared list --------------------------------------------------------

struct node {
  struct node *next;
  int id;
};

struct list {
  struct spinlock lock;           // protects head and length
  struct node *head;
  long length;
};

static struct list list;
static struct node nodes[THREADS * PUSHES];
static void (*push)(struct list *, struct node *);

// Links n in at the front: loads and stores a second thread can slip
// between, so that one of the two nodes is lost.
static void
push_front(struct list *l, struct node *n)
{
  n->next = l->head;
  l->head = n;
  l->length++;
}

// Any number of threads may push at once.
static void
list_push(struct list *l, struct node *n)
{
  // LAB locks BEGIN
  spin_lock(&l->lock);
  push_front(l, n);
  spin_unlock(&l->lock);
  // LAB locks STUB
  // push_front(l, n);                 // two threads at once: one node lost
  // LAB locks END
}

static void *
pusher(void *arg)
{
  int me = (long)arg;

  pin(me);
  pthread_barrier_wait(&start);
  for (int i = 0; i < PUSHES; i++) {
    struct node *n = &nodes[me * PUSHES + i];
    n->id = me * PUSHES + i;
    push(&list, n);
  }
  return arg;
}

// Pushes every node from THREADS threads; returns how many the list holds.
static long
push_all(void (*how)(struct list *, struct node *))
{
  long n = 0;

  memset(&list, 0, sizeof(list));
  memset(nodes, 0, sizeof(nodes));      // faults them in now, not while racing
  push = how;
  run_threads(THREADS, pusher);
  for (struct node *p = list.head; p; p = p->next)
    n++;
  return n;
}

static int
each_node_once(void)
{
  static char seen[THREADS * PUSHES];

  memset(seen, 0, sizeof(seen));
  for (struct node *p = list.head; p; p = p->next)
    if (p < nodes || p >= nodes + THREADS * PUSHES || seen[p->id]++)
      return 0;
  return 1;
}

static int pushed;

static void *
push_one(void *arg)
{
  list_push(&list, &nodes[0]);
  __atomic_store_n(&pushed, 1, __ATOMIC_SEQ_CST);
  return arg;
}

// While this thread holds the list's lock, nobody else's push completes.
static void
check_push_takes_lock(void)
{
  pthread_t t;

  memset(&list, 0, sizeof(list));
  pushed = 0;
  spin_lock(&list.lock);
  pthread_create(&t, 0, push_one, 0);
  for (int ms = 0; ms < WAIT_MS && !__atomic_load_n(&pushed, __ATOMIC_SEQ_CST); ms += 10)
    sleep_ms(10);
  check(!pushed && list.head == 0, "list_push waits while another thread holds the list's lock");
  spin_unlock(&list.lock);
  pthread_join(t, 0);
  check(pushed && list.length == 1, "and pushes once it is released");
}

static void
test_race(void)
{
  long want = THREADS * PUSHES, got;

  got = push_all(push_front);
  printf("without a lock: %d threads pushed %ld nodes, the list holds %ld (%ld lost%s)\n", THREADS,
         want, got, want - got, got == want ? ": a race does not show every time" : "");
  check_push_takes_lock();
  got = push_all(list_push);
  if (!check(got == want && list.length == want && each_node_once(),
             "with list_push: every node on the list once, length right"))
    printf("  expected %ld nodes, the list holds %ld, length says %ld\n", want, got, list.length);
}

int
main(int argc, char **argv)
{
  static const struct test_part parts[] = {
    { "spinlock", test_spinlock },
    { "peterson", test_peterson },
    { "race", test_race },
  };

  ncpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (ncpus < 1)
    ncpus = 1;
  alarm(120);                           // a hang ends the test instead of the grader waiting
  return test_parts("locktest", parts, 3, argc, argv);
}
