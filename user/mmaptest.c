// mmaptest: mmap, munmap and mprotect with Linux's semantics.  `mmaptest
// SUB` runs one part, `mmaptest` all of them:
//   anon     private anonymous memory: zero filled, lazy, gone after munmap
//   shared   MAP_SHARED memory seen by parent and children; private memory
//            copied on write across fork
//   protect  mprotect: read-only and PROT_NONE fault, rights come back,
//            copy-on-write survives a read-only spell after fork
//   fixed    MAP_FIXED replaces, MAP_FIXED_NOREPLACE refuses, hints, holes
//   file     private mappings of a file: its bytes, at an offset, stores not
//            written back
//   errors   EINVAL, EBADF, EACCES, ENODEV, ENOMEM, EEXIST
//   big      1 GiB of lazy private memory on a small machine, then munmap
//   threads  a thread that sleeps while its memory is remapped sees the new
//            pages when it runs again (no stale translations on its CPU)
// Each prints "ok/FAIL <check>" lines and "<SUB>: N passed, M failed" with
// no addresses, so the output under Linux (qemu-riscv64) is the same.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define PG 4096UL
#define TIMEOUT_MS 20000
#define CHILDREN 4
#define INCREMENTS 20000

static const char *tmpfile_path = "/mmaptest.tmp";

// Runs fn(arg) in a child and returns its wait status (-1 if it hung).
static int
in_child(void (*fn)(char *), char *arg)
{
  int st = -1;
  pid_t pid = fork();

  if (pid == 0) {
    fn(arg);
    _exit(0);
  }
  if (pid < 0 || wait_timeout(pid, &st, TIMEOUT_MS) != pid)
    return -1;
  return st;
}

static void
load(char *p)
{
  *(volatile char *)p;
}

static void
store(char *p)
{
  *(volatile char *)p = 1;
}

static int
all_zero(const char *p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (p[i])
      return 0;
  return 1;
}

static char *
map_anon(size_t len, int prot, int flags)
{
  return mmap(0, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

// ---- anon -------------------------------------------------------------------

static void
test_anon(void)
{
  char *p = map_anon(16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

  if (!check(p != MAP_FAILED, "mmap of 16 private pages"))
    return;
  check(((uintptr_t)p & (PG - 1)) == 0, "the address is page aligned");
  check(all_zero(p, 16 * PG), "new memory reads as zeros");
  for (int i = 0; i < 16; i++)
    memset(p + i * PG, 'a' + i, PG);
  int same = 1;
  for (int i = 0; i < 16; i++)
    same &= p[i * PG] == 'a' + i && p[i * PG + PG - 1] == 'a' + i;
  check(same, "stores read back, page by page");
  char *q = map_anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  check(q != MAP_FAILED && (q + PG <= p || q >= p + 16 * PG), "a second mapping does not overlap");
  check(munmap(p, 16 * PG) == 0, "munmap");
  check_status(in_child(load, p), W_SIGNALED(SIGSEGV), "load from unmapped memory: SIGSEGV");
  check_status(in_child(store, q), W_EXITED(0), "the other mapping is still there");
  check(munmap(q, PG) == 0, "munmap of the second");
  check(munmap(q, PG) == 0, "munmap of what is no longer mapped succeeds");
  p = map_anon(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  p[0] = p[PG] = p[2 * PG] = 'x';
  check(munmap(p + PG, PG) == 0, "munmap of the middle page");
  check_status(in_child(load, p + PG), W_SIGNALED(SIGSEGV), "the middle page is gone");
  check(p[0] == 'x' && p[2 * PG] == 'x', "its neighbours keep their data");
  munmap(p, 3 * PG);
  p = map_anon(PG + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  p[2 * PG - 1] = 1;
  check(p[2 * PG - 1] == 1, "a length is rounded up to whole pages");
  munmap(p, 2 * PG);
}

// ---- shared -----------------------------------------------------------------

static void
count_up(int *counter)
{
  for (int i = 0; i < INCREMENTS; i++)
    __atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

static void
test_shared(void)
{
  int *sh = (int *)map_anon(PG, PROT_READ | PROT_WRITE, MAP_SHARED);
  char *pr = map_anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  int st;

  if (!check(sh != MAP_FAILED && pr != MAP_FAILED, "mmap shared and private"))
    return;
  pr[0] = 'p';
  pid_t pid = fork();
  if (pid == 0) {
    sh[0] = 42;
    pr[0] = 'c';
    _exit(sh[1] == 0 ? 0 : 1);
  }
  check(wait_timeout(pid, &st, TIMEOUT_MS) == pid, "the child ran");
  check(sh[0] == 42, "a child's store to shared memory is seen by the parent");
  check(pr[0] == 'p', "a child's store to private memory is not");

  // Untouched shared memory is shared too, and many writers add up.
  int *counter = (int *)map_anon(2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED) + PG / sizeof(int);
  pid_t kids[CHILDREN];
  for (int i = 0; i < CHILDREN; i++)
    if ((kids[i] = fork()) == 0) {
      count_up(counter);
      _exit(0);
    }
  count_up(counter);
  int ok = 1;
  for (int i = 0; i < CHILDREN; i++)
    ok &= wait_timeout(kids[i], &st, TIMEOUT_MS) == kids[i] && st == 0;
  check(ok, "children exit");
  check(*counter == (CHILDREN + 1) * INCREMENTS, "atomic increments by 5 processes add up");

  // The grandchild shares it as well, and the parent's later stores show.
  sh[0] = 0;
  pid = fork();
  if (pid == 0) {
    pid_t g = fork();
    if (g == 0) {
      while (__atomic_load_n(&sh[0], __ATOMIC_ACQUIRE) != 1)
        ;
      sh[0] = 2;
      _exit(0);
    }
    _exit(wait_timeout(g, &st, TIMEOUT_MS) == g ? 0 : 1);
  }
  __atomic_store_n(&sh[0], 1, __ATOMIC_RELEASE);
  check(wait_timeout(pid, &st, TIMEOUT_MS) == pid && st == 0, "the grandchild saw the parent's store");
  check(sh[0] == 2, "and the parent saw the grandchild's");
  munmap(sh, PG);
  munmap(pr, PG);
  munmap(counter - PG / sizeof(int), 2 * PG);
}

// ---- protect ----------------------------------------------------------------

static void
test_protect(void)
{
  char *p = map_anon(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  int st;

  if (!check(p != MAP_FAILED, "mmap"))
    return;
  p[0] = 'a';
  p[PG] = 'b';
  check(mprotect(p, PG, PROT_READ) == 0, "mprotect read-only");
  check_status(in_child(store, p), W_SIGNALED(SIGSEGV), "store to a read-only page: SIGSEGV");
  check_status(in_child(store, p + PG), W_EXITED(0), "the next page is still writable");
  check(p[0] == 'a', "a read-only page still reads");
  check(mprotect(p, PG, PROT_NONE) == 0, "mprotect PROT_NONE");
  check_status(in_child(load, p), W_SIGNALED(SIGSEGV), "load from a PROT_NONE page: SIGSEGV");
  int fds[2];
  pipe(fds);
  write(fds[1], "zz", 2);
  check_errno(read(fds[0], p, 2), EFAULT, "read() into a PROT_NONE page: EFAULT");
  check(mprotect(p, 2 * PG, PROT_READ | PROT_WRITE) == 0, "mprotect read-write again");
  check(p[0] == 'a' && p[PG] == 'b', "the data survived");
  p[0] = 'c';
  check(p[0] == 'c', "stores work again");
  close(fds[0]);
  close(fds[1]);

  // Copy-on-write survives a read-only spell: after fork, the child makes
  // the page read-only and writable again and stores; the parent's copy
  // must not change (and the other way round).
  pid_t pid = fork();
  if (pid == 0) {
    mprotect(p, PG, PROT_READ);
    mprotect(p, PG, PROT_READ | PROT_WRITE);
    p[0] = 'k';
    _exit(p[0] == 'k' ? 0 : 1);
  }
  check(wait_timeout(pid, &st, TIMEOUT_MS) == pid && st == 0, "the child stored after mprotect");
  check(p[0] == 'c', "the parent's copy is unchanged");
  mprotect(p, PG, PROT_READ);
  pid = fork();
  if (pid == 0)
    _exit(p[0] == 'c' ? 0 : 1);     // holds the page while the parent writes
  mprotect(p, PG, PROT_READ | PROT_WRITE);
  p[0] = 'd';
  check(wait_timeout(pid, &st, TIMEOUT_MS) == pid && st == 0, "a child forked while read-only kept its data");
  check(p[0] == 'd', "the parent stores to its own copy");

  // Shared memory made read-only in the child only.
  char *sh = map_anon(PG, PROT_READ | PROT_WRITE, MAP_SHARED);
  pid = fork();
  if (pid == 0) {
    mprotect(sh, PG, PROT_READ);
    mprotect(sh, PG, PROT_READ | PROT_WRITE);
    sh[0] = 's';
    _exit(0);
  }
  check(wait_timeout(pid, &st, TIMEOUT_MS) == pid && st == 0 && sh[0] == 's',
        "shared memory stays shared through mprotect");
  munmap(p + PG, PG);
  check_errno(mprotect(p, 2 * PG, PROT_READ), ENOMEM, "mprotect over an unmapped page: ENOMEM");
  check_errno(mprotect(p + 1, PG, PROT_READ), EINVAL, "mprotect of an unaligned address: EINVAL");
  munmap(p, PG);
  munmap(sh, PG);
}

// ---- fixed ------------------------------------------------------------------

static void
test_fixed(void)
{
  char *p = map_anon(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

  if (!check(p != MAP_FAILED, "mmap 3 pages"))
    return;
  memset(p, 'f', 3 * PG);
  char *q = mmap(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  check(q == p + PG, "MAP_FIXED returns the address asked for");
  check(all_zero(q, PG), "and replaces what was there with zeros");
  check(p[0] == 'f' && p[2 * PG] == 'f', "the pages around are untouched");
  munmap(p, 3 * PG);
  q = mmap(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  check(q == p + PG, "a hint where there is room is taken");
  char *r = mmap(q, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  check(r != MAP_FAILED && r != q, "a hint over a mapping is not");
  // Not compared with Linux: it lets root map page 1, and its user-mode
  // emulator (qemu 7.2) takes MAP_FIXED_NOREPLACE as a hint.
  if (on_rvos()) {
    void *e = mmap(q, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check(e == MAP_FAILED && errno == EEXIST, "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
    e = mmap((void *)PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check(e == MAP_FAILED && errno == EPERM, "MAP_FIXED at page 1: EPERM (the NULL area)");
  }
  munmap(q, PG);
  munmap(r, PG);
}

// ---- file -------------------------------------------------------------------

static void
test_file(void)
{
  int fd = open(tmpfile_path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  char buf[64];

  if (!check(fd >= 0, "create a file"))
    return;
  for (int i = 0; i < 3; i++) {
    memset(buf, '0' + i, sizeof buf);
    for (size_t off = 0; off < PG; off += sizeof buf)
      write(fd, buf, sizeof buf);
  }
  write(fd, "tail", 4);                // 3 pages and 4 bytes
  char *p = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (!check(p != MAP_FAILED, "mmap of the file, private"))
    return;
  check(p[0] == '0' && p[PG - 1] == '0' && p[PG] == '1' && p[2 * PG + 7] == '2',
        "the mapping holds the file's bytes");
  check(memcmp(p + 3 * PG, "tail", 4) == 0 && all_zero(p + 3 * PG + 4, PG - 4),
        "the last page ends with zeros after the file");
  p[0] = 'X';
  lseek(fd, 0, SEEK_SET);
  read(fd, buf, 1);
  check(buf[0] == '0', "a store to a private mapping is not written to the file");
  char *o = mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, 2 * PG);
  check(o != MAP_FAILED && o[0] == '2', "mmap at an offset");
  check_status(in_child(store, o), W_SIGNALED(SIGSEGV), "store to a read-only file mapping: SIGSEGV");
  pid_t pid = fork();
  int st;
  if (pid == 0) {
    p[1] = 'c';
    _exit(p[0] == 'X' ? 0 : 1);
  }
  check(wait_timeout(pid, &st, TIMEOUT_MS) == pid && st == 0 && p[1] == '0',
        "a file mapping is copied on write across fork");
  close(fd);
  check(p[PG] == '1', "the mapping outlives close()");
  munmap(p, 4 * PG);
  munmap(o, PG);
  unlink(tmpfile_path);
}

// ---- errors -----------------------------------------------------------------

static void
test_errors(void)
{
  int fd = open(tmpfile_path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  int fds[2];
  void *p;

  write(fd, "data", 4);
  p = mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  check(p == MAP_FAILED && errno == EINVAL, "length 0: EINVAL");
  p = mmap(0, PG, PROT_READ, MAP_ANONYMOUS, -1, 0);
  check(p == MAP_FAILED && errno == EINVAL, "neither MAP_SHARED nor MAP_PRIVATE: EINVAL");
  p = mmap(0, PG, PROT_READ, MAP_PRIVATE, 99, 0);
  check(p == MAP_FAILED && errno == EBADF, "a bad file descriptor: EBADF");
  p = mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, 0);
  check(p == MAP_FAILED && errno == EACCES, "a file open only for writing: EACCES");
  close(fd);
  fd = open(tmpfile_path, O_RDONLY);
  p = mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, 1);
  check(p == MAP_FAILED && errno == EINVAL, "an unaligned offset: EINVAL");
  close(fd);
  pipe(fds);
  p = mmap(0, PG, PROT_READ, MAP_PRIVATE, fds[0], 0);
  check(p == MAP_FAILED && errno == ENODEV, "a pipe: ENODEV");
  close(fds[0]);
  close(fds[1]);
  p = map_anon(1UL << 62, PROT_READ, MAP_PRIVATE);
  check(p == MAP_FAILED && errno == ENOMEM, "more than the address space: ENOMEM");
  check_errno(munmap((void *)(PG + 1), PG), EINVAL, "munmap of an unaligned address: EINVAL");
  check_errno(munmap((void *)PG, 0), EINVAL, "munmap of length 0: EINVAL");
  unlink(tmpfile_path);
}

// ---- big --------------------------------------------------------------------

static void
test_big(void)
{
  size_t len = 1UL << 30;
  char *p = map_anon(len, PROT_READ | PROT_WRITE, MAP_PRIVATE);

  if (!check(p != MAP_FAILED, "mmap of 1 GiB (more than the machine has)"))
    return;
  for (size_t off = 0; off < len; off += len / 16)
    p[off] = 'b';
  int ok = 1;
  for (size_t off = 0; off < len; off += len / 16)
    ok &= p[off] == 'b' && p[off + 1] == 0;
  check(ok, "16 pages touched across it");
  check(munmap(p, len) == 0, "munmap of it");
  p = map_anon(len, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  check(p != MAP_FAILED && p[len / 2] == 0, "mapped again: zeros");
  munmap(p, len);
}

// ---- threads ----------------------------------------------------------------

#define ROUNDS 200

// The main thread maps a new page at `remap_at` each round and stores the
// round in it; the reader, pinned to another CPU, sleeps meanwhile (its CPU
// goes idle with the old translation possibly cached) and then checks it.
static char *remap_at;
static int round_no, rounds_read, stale, two_cpus;
static pthread_mutex_t remap_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t remap_cond = PTHREAD_COND_INITIALIZER;

static void
pin_to(int cpu)
{
  cpu_set_t set;

  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
}

static int
cpus_usable(void)
{
  cpu_set_t set;

  return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
}

static void *
reader(void *arg)
{
  (void)arg;
  if (two_cpus)
    pin_to(1);
  pthread_mutex_lock(&remap_lock);
  for (int r = 1; r <= ROUNDS; r++) {
    while (round_no < r)
      pthread_cond_wait(&remap_cond, &remap_lock);
    stale += *(volatile int *)remap_at != r;
    rounds_read = r;
    pthread_cond_broadcast(&remap_cond);
  }
  pthread_mutex_unlock(&remap_lock);
  return 0;
}

static void
test_threads(void)
{
  pthread_t t;
  int ok = 1;

  remap_at = map_anon(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  if (!check(remap_at != MAP_FAILED, "mmap"))
    return;
  char *spare = map_anon((ROUNDS + 1) * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  two_cpus = cpus_usable() > 1;         // before pinning: the reader inherits the mask
  if (two_cpus)
    pin_to(0);
  pthread_create(&t, 0, reader, 0);
  for (int r = 1; r <= ROUNDS && ok; r++) {
    pthread_mutex_lock(&remap_lock);
    while (rounds_read < r - 1)
      pthread_cond_wait(&remap_cond, &remap_lock);
    pthread_mutex_unlock(&remap_lock);
    usleep(1000);                      // the reader is asleep by now, its CPU idle
    ok = mmap(remap_at, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
         remap_at;
    spare[r * PG] = 1;                 // takes the page just freed, so the new one is another
    *(int *)remap_at = r;
    pthread_mutex_lock(&remap_lock);
    round_no = r;
    pthread_cond_broadcast(&remap_cond);
    pthread_mutex_unlock(&remap_lock);
  }
  pthread_join(t, 0);
  check(ok, "MAP_FIXED over the same page, 200 times");
  if (!check(stale == 0, "the other thread always read the new page"))
    printf("  %d stale reads\n", stale);
  munmap(remap_at, PG);
  munmap(spare, (ROUNDS + 1) * PG);
}

// ---- main -------------------------------------------------------------------

static const struct test_part parts[] = {
  { "anon", test_anon }, { "shared", test_shared }, { "protect", test_protect },
  { "fixed", test_fixed }, { "file", test_file },   { "errors", test_errors },
  { "big", test_big },   { "threads", test_threads },
};

int
main(int argc, char **argv)
{
  return test_parts("mmaptest", parts, sizeof(parts) / sizeof(parts[0]), argc, argv);
}
