// fuzz [-s seconds] [-p processes] [-S seed]: random system calls with hostile
// arguments, to show that nothing a program does crashes the kernel.
//
// Worker processes (4 by default) call numbers from the whole table with
// arguments drawn from values that break careless kernels: NULL, kernel
// addresses, unaligned and page-crossing pointers, unmapped memory, huge
// lengths, negative descriptors, random flags, and paths inside a scratch
// directory.  A worker that dies (a signal, an exit it drew) or stops making
// progress is replaced.  The run is reproducible from the printed seed.
// At the end the memory and the tasks must be back where they started.
//
// What it never does, so that the machine stays usable: signal, renice or
// limit processes outside its own sessions, make its children the parent's
// (CLONE_PARENT: their exit signal would go to the parent), exec a program,
// power off, trace, or touch the console (the workers' descriptors 0-2 are
// a scratch file).
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/unistd.h>
#include <os/trace.h>

#define MAX_WORKERS 16
#define SCRATCH "fuzz.d"
#define STALL_SECONDS 2                // a worker whose count stands still this long is replaced

// System calls the workers may make: every number the kernel has, a few it
// lacks, minus those listed as never above (they are drawn specially).
static const int calls[] = {
  17, 23, 24, 25, 29, 33, 34, 35, 37, 49, 56, 57, 59, 61, 62, 63, 64, 65, 66, 67, 68, 79, 80, 93, 94, 96,
  98, 101, 102, 103, 112, 113, 114, 115, 122, 123, 124, 128, 129, 130, 131, 133, 134, 135, 136, 139, 140,
  141, 153, 154, 155, 156, 157, 160, 163, 164, 165, 168, 169, 170, 172, 173, 174, 175, 176, 177, 178, 179,
  214, 215, 220, 222, 226, 260, 261, 278, 1000, 19, 43, 132, 233, 291, 500, 137, 138, 240,
  // the VFS's
  40, 39, 44, 45, 46, 48, 50, 51, 52, 53, 54, 55, 36, 78, 276, 73, 72, 82, 83, 81, 267, 88, 166,
  // eventfd, signalfd, timerfd
  74, 85, 86, 87,
};
#define NCALLS (sizeof calls / sizeof calls[0])
#define ANY_NUMBER 1100                // now and then a number drawn from 0..ANY_NUMBER-1

static const char *const paths[] = {
  "a", "b/c", "..", ".", "", "/", "/proc/self/stat", "/proc/1", "/proc/self/task", "x/../a", "a/", "//a",
  "d", "d/e", "/fuzz.d-not-there/x", "/bin", "/proc", "/proc/schedstat",
};
#define NPATHS (sizeof paths / sizeof paths[0])

// The calls that change the name space or attributes (mount, rename,
// chmod, symlink...) name only these: the scratch directory's names, and
// /proc's and /dev's, which they cannot harm; so the machine stays usable.
static const char *const vfs_paths[] = {
  "a", "b", "b/c", "d", "d/e", "x", "l", ".", "", "x/../a", "a/", "l/e", "/proc/self/stat", "/proc/mounts",
  "/proc", "/dev/null", "/dev/zero", "/dev",
};
#define NVFS_PATHS (sizeof vfs_paths / sizeof vfs_paths[0])
// What a symbolic link points to: relative names stay in the scratch
// directory; the others are files (a mount over them fails).
static const char *const link_targets[] = { "a", "d", "d/e", "l", "x/../b", "nowhere", "/proc/self/stat", "/dev/null" };
#define NLINK_TARGETS (sizeof link_targets / sizeof link_targets[0])
// Where mount and umount2 go: the scratch directory's names, absolute (a
// worker's working directory moves) and filled in by main.
static const char *const mount_names[] = { "a", "b", "d", "x", "l", "b/c", "d/e" };
#define NMOUNT_NAMES (sizeof mount_names / sizeof mount_names[0])
static char mount_points[NMOUNT_NAMES][80];
static const char *const fs_types[] = { "proc", "devtmpfs", "tmpfs", "" };
#define NFS_TYPES (sizeof fs_types / sizeof fs_types[0])
static const char *const *path_table = paths;   // where arg() draws its paths from
static unsigned path_count = NPATHS;

struct shared {                        // one page shared by the parent and the workers
  volatile uint64_t calls[MAX_WORKERS];
};

static uint64_t rng;                   // xorshift64*: reproducible from the seed

static uint64_t rnd(void)
{
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545f4914f6cdd1dULL;
}

static char *buf;                      // 64 KiB of heap: valid memory
static char *edge;                     // the last bytes before an unmapped page

// One argument: a value that tests a boundary, a pointer of some kind, a
// descriptor, a path, or noise.
static long arg(void)
{
  switch (rnd() % 16) {
  case 0: return 0;
  case 1: return -1;
  case 2: return rnd() % 4;
  case 3: return (long)(buf + rnd() % 65536);
  case 4: return (long)(edge - rnd() % 16);
  case 5: return (long)(0xffffffc000000000UL + (rnd() % (1 << 20)) * 8);   // kernel memory
  case 6: return (long)(0x3000000000UL + rnd() % 4096);                   // unmapped
  case 7: return (long)(buf + 1 + 2 * (rnd() % 1000));                     // unaligned
  case 8: return (long)(1UL << (rnd() % 64));
  case 9: return rnd() % 20;                                               // a descriptor
  case 10: return (long)path_table[rnd() % path_count];
  case 11: return (long)(rnd() % 65536);
  case 12: return -(long)(rnd() % 4096);
  case 13: return (long)(uint32_t)rnd();
  default: return (long)rnd();
  }
}

// kill, tkill, tgkill: only at the worker itself, its children (it leads
// its own session and group), or pids that do not exist.
static long safe_pid(void)
{
  switch (rnd() % 4) {
  case 0: return 0;                    // its own group
  case 1: return getpid();
  case 2: return -getpid();            // its group by id
  default: return 100000 + rnd() % 1000;
  }
}

// clone, with the child's part in the same instructions: it exits at once,
// touching no stack (it may have been given a random one, and would run
// wild in user mode if it returned through C code).
static long clone_and_exit(long flags, long stack, long ptid, long tls, long ctid)
{
  register long a0 asm("a0") = flags;
  register long a1 asm("a1") = stack;
  register long a2 asm("a2") = ptid;
  register long a3 asm("a3") = tls;
  register long a4 asm("a4") = ctid;
  register long a7 asm("a7") = SYS_clone;
  asm volatile("ecall\n"
               "bnez a0, 1f\n"
               "li a7, %[exit]\n"
               "ecall\n"                       // the child: exit(0)
               "1:"
               : "+r"(a0), "+r"(a7)
               : "r"(a1), "r"(a2), "r"(a3), "r"(a4), [exit] "i"(SYS_exit)
               : "memory");
  return a0;
}

static int changes_names(int nr)
{
  return nr == SYS_symlinkat || nr == SYS_truncate || nr == SYS_chroot || nr == SYS_fchmodat ||
         nr == SYS_fchownat || nr == SYS_utimensat || nr == SYS_renameat2;
}

static long dirfd(void)
{
  return rnd() % 4 ? AT_FDCWD : arg();
}

// mount, umount2, symlinkat, renameat2: their arguments within bounds.
static void vfs_args(int nr, long *a)
{
  if (nr == SYS_mount || nr == SYS_umount2) {
    a[nr == SYS_mount ? 1 : 0] = (long)mount_points[rnd() % NMOUNT_NAMES];
    if (nr == SYS_mount && rnd() % 4)
      a[2] = (long)fs_types[rnd() % NFS_TYPES];
    if (nr == SYS_umount2)
      a[1] = rnd() % 16;
  } else if (nr == SYS_symlinkat) {
    a[0] = (long)link_targets[rnd() % NLINK_TARGETS];
    a[1] = dirfd();
  } else if (nr == SYS_renameat2) {
    a[0] = dirfd();
    a[2] = dirfd();
    a[4] = rnd() % 8;                  // RENAME_NOREPLACE, _EXCHANGE, _WHITEOUT
  }
}

static void one_call(void)
{
  int nr = rnd() % 8 ? calls[rnd() % NCALLS] : (int)(rnd() % ANY_NUMBER);
  if (nr == SYS_reboot || nr == SYS_execve || nr == SYS_trace)
    return;
  long a[6];
  path_table = changes_names(nr) ? vfs_paths : paths;
  path_count = changes_names(nr) ? NVFS_PATHS : NPATHS;
  for (int i = 0; i < 6; i++)
    a[i] = arg();
  vfs_args(nr, a);
  if (nr == SYS_kill || nr == SYS_tkill || nr == SYS_tgkill || nr == SYS_rt_sigqueueinfo ||
      nr == SYS_rt_tgsigqueueinfo) {
    a[0] = safe_pid();
    if (nr == SYS_tgkill || nr == SYS_rt_tgsigqueueinfo)
      a[1] = rnd() % 2 ? getpid() : safe_pid();
  }
  if ((nr == SYS_exit || nr == SYS_exit_group) && rnd() % 64)
    return;                            // rarely: the worker ends and is replaced
  if (nr == SYS_prlimit64)
    a[0] = rnd() % 2 ? 0 : getpid();
  if (nr == SYS_setpriority)
    a[1] = safe_pid() > 0 ? getpid() : 0;
  if (nr == SYS_clone) {
    a[0] &= ~(long)CLONE_PARENT;
    if ((a[0] & 0xff) == 0)
      a[0] |= SIGCHLD;
  }
  if (nr == SYS_clone)
    clone_and_exit(a[0], a[1], a[2], a[3], a[4]);
  else
    syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static void on_alarm(int sig)
{
  (void)sig;
}

static void worker(struct shared *sh, int id, uint64_t seed)
{
  rng = seed ? seed : 1;
  setsid();                            // kill(0) and kill(-pgid) stay inside
  // A tick every 20 ms cuts a call that blocks short (EINTR: no SA_RESTART).
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, 0);
  struct itimerval tick = { { 0, 20000 }, { 0, 20000 } };
  setitimer(ITIMER_REAL, &tick, 0);
  int fd = open("out", O_RDWR | O_CREAT | O_TRUNC, 0644);
  for (int i = 0; i < 3; i++)
    dup2(fd, i);
  close(fd);
  buf = malloc(65536);
  char *two = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (!buf || two == MAP_FAILED)
    _exit(1);
  munmap(two + 4096, 4096);
  edge = two + 4096;
  for (;;) {
    one_call();
    sh->calls[id]++;
  }
}

static long free_kib(void)
{
  struct sysinfo si;
  sysinfo(&si);
  return (long)(si.freeram * si.mem_unit / 1024);
}

static int nr_tasks(void)
{
  struct sysinfo si;
  sysinfo(&si);
  return si.procs;
}

// A worker leads its own session and process group, and its clone
// children are in it: end them all, so that none is left behind.
static void end_worker(int pid)
{
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
}

static int spawn(struct shared *sh, int id, uint64_t seed)
{
  int pid = fork();
  if (pid == 0)
    worker(sh, id, seed);
  return pid;
}

// Every scratch name a worker may have made, children first, after what
// is mounted on them (stacked mounts: again while any goes).
static void clean_scratch(void)
{
  static const char *const files[] = { "a", "b/c", "d/e", "x", "out", "l", "b", "d", "l/e", "x/e" };
  static const char *const dirs[] = { "b/c", "d/e", "l/e", "b", "d", "x", "a", "l" };
  int unmounted = 1;
  while (unmounted) {
    unmounted = 0;
    for (unsigned i = NMOUNT_NAMES; i-- > 0;)
      unmounted |= umount2(mount_points[i], 0) == 0;
  }
  for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++)
    unlink(files[i]);
  for (unsigned i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    rmdir(dirs[i]);
}

static void usage(void)
{
  fprintf(stderr, "usage: fuzz [-s seconds] [-p processes (1-%d)] [-S seed]\n", MAX_WORKERS);
  exit(2);
}

int main(int argc, char **argv)
{
  int seconds = 10, procs = 4, c;
  uint64_t seed = (uint64_t)time(0);
  while ((c = getopt(argc, argv, "s:p:S:")) != -1) {
    if (c == 's')
      seconds = atoi(optarg);
    else if (c == 'p')
      procs = atoi(optarg);
    else if (c == 'S')
      seed = strtoull(optarg, 0, 10);
    else
      usage();
  }
  if (seconds < 1 || procs < 1 || procs > MAX_WORKERS || optind != argc)
    usage();
  printf("fuzz: seed %llu, %d processes, %d s\n", (unsigned long long)seed, procs, seconds);
  fflush(stdout);
  if ((mkdir(SCRATCH, 0755) < 0 && errno != EEXIST) || chdir(SCRATCH) < 0) {
    perror("fuzz: " SCRATCH);
    return 1;
  }
  char here[64];
  if (!getcwd(here, sizeof here)) {
    perror("fuzz: getcwd");
    return 1;
  }
  for (unsigned i = 0; i < NMOUNT_NAMES; i++)
    snprintf(mount_points[i], sizeof mount_points[i], "%s/%s", strcmp(here, "/") ? here : "", mount_names[i]);
  long free_before = free_kib();
  int tasks_before = nr_tasks();
  // Contained: whatever clone draws, the workers cannot take every task.
  struct rlimit nproc = { tasks_before + 8 * procs, RLIM_INFINITY };
  setrlimit(RLIMIT_NPROC, &nproc);
  struct shared *sh = mmap(0, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (sh == MAP_FAILED) {
    perror("fuzz: mmap");
    return 1;
  }
  int pid[MAX_WORKERS];
  uint64_t last[MAX_WORKERS] = { 0 }, generation = 0, respawns = 0;
  for (int i = 0; i < procs; i++)
    pid[i] = spawn(sh, i, seed * 1000003 + generation++);
  int stall[MAX_WORKERS] = { 0 };
  for (int t = 0; t < seconds; t++) {
    sleep(1);
    int status, w;
    while ((w = waitpid(-1, &status, WNOHANG)) > 0) {
      kill(-w, SIGKILL);               // what it left in its group
      for (int i = 0; i < procs; i++) {
        if (pid[i] == w) {
          pid[i] = spawn(sh, i, seed * 1000003 + generation++);
          respawns++;
        }
      }
    }
    for (int i = 0; i < procs; i++) {
      if (pid[i] <= 0)                 // fork failed last time (the task limit): again
        pid[i] = spawn(sh, i, seed * 1000003 + generation++);
      stall[i] = sh->calls[i] == last[i] ? stall[i] + 1 : 0;
      last[i] = sh->calls[i];
      if (stall[i] >= STALL_SECONDS && pid[i] > 0) {
        end_worker(pid[i]);            // blocked for good (a futex with no timeout, a full pipe)
        stall[i] = 0;
      }
    }
  }
  uint64_t total = 0;
  for (int i = 0; i < procs; i++) {
    if (pid[i] > 0)                    // never kill(-1): that is every process
      end_worker(pid[i]);
    total += sh->calls[i];
  }
  while (wait(0) > 0 || errno == EINTR)
    ;
  clean_scratch();
  chdir("..");
  rmdir(SCRATCH);
  munmap(sh, sizeof *sh);
  sleep(1);                            // exited tasks are reaped and freed
  long free_after = free_kib();
  int tasks_after = nr_tasks();
  printf("fuzz: %llu calls in %d s (%llu calls/s), %llu workers replaced\n", (unsigned long long)total, seconds,
         (unsigned long long)(total / seconds), (unsigned long long)respawns);
  printf("fuzz: free memory %ld KiB before, %ld KiB after; tasks %d before, %d after\n", free_before, free_after,
         tasks_before, tasks_after);
  // Up to 16 freed kernel stacks of 16 KiB stay mapped for reuse (mm/kstack.c),
  // and kmalloc keeps partly used slabs: that much is not a leak.
  int leak = free_before - free_after > 512 || tasks_after != tasks_before;
  printf("fuzz: %s\n", leak ? "LEAK: memory or tasks did not come back" : "no leak");
  return leak;
}
