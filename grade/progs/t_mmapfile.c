// t_mmapfile: file mappings and the page cache, compared with Linux.
//   t_mmapfile              MAP_SHARED stores seen by read() and write()s seen
//                           through a mapping, fork sharing a file mapping,
//                           MAP_PRIVATE copies, truncation and SIGBUS, errnos
//   t_mmapfile persist F    store a pattern into F through a mapping, msync
//                           it, say so, then wait (the grader cuts the power)
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096
#define FILE_NAME "t_mmapfile.dat"

static sigjmp_buf jb;

static void on_sigbus(int sig)
{
  siglongjmp(jb, sig);
}

// The signal a load from p raises (0: none), and the byte in *val.
static int probe(volatile char *p, char *val)
{
  int sig = sigsetjmp(jb, 1);
  if (sig)
    return sig;
  *val = *p;
  return 0;
}

static int probe_store(volatile char *p, char val)
{
  int sig = sigsetjmp(jb, 1);
  if (sig)
    return sig;
  *p = val;
  return 0;
}

static void die(const char *what)
{
  printf("%s: %s\n", what, strerror(errno));
  unlink(FILE_NAME);
  exit(1);
}

// A new file of n pages, page i filled with 'a' + i.
static int make_file(int pages)
{
  int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    die("open");
  char buf[PG];
  for (int i = 0; i < pages; i++) {
    memset(buf, 'a' + i, PG);
    if (write(fd, buf, PG) != PG)
      die("write");
  }
  return fd;
}

static char *map(int fd, size_t len, int prot, int flags)
{
  char *p = mmap(0, len, prot, flags, fd, 0);
  if (p == MAP_FAILED)
    die("mmap");
  return p;
}

static void shared_and_read_write(void)
{
  int fd = make_file(3);
  char *p = map(fd, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
  printf("mapped: %c %c %c\n", p[0], p[PG], p[2 * PG + PG - 1]);
  memcpy(p + 100, "through the map", 15);
  char buf[32] = { 0 };
  pread(fd, buf, 15, 100);
  printf("read sees the store: %s\n", buf);
  pwrite(fd, "by write()", 10, PG + 7);
  printf("the map sees write(): %.10s\n", p + PG + 7);
  printf("msync: %d\n", msync(p, 3 * PG, MS_SYNC));
  // A child's stores through the inherited mapping reach the file.
  pid_t pid = fork();
  if (pid == 0) {
    memcpy(p + 2 * PG, "child", 5);
    _exit(0);
  }
  waitpid(pid, 0, 0);
  memset(buf, 0, sizeof buf);
  pread(fd, buf, 5, 2 * PG);
  printf("child's store: %s\n", buf);
  // Stores stay in the file after the mapping goes.
  memcpy(p + 10, "kept", 4);
  munmap(p, 3 * PG);
  memset(buf, 0, sizeof buf);
  pread(fd, buf, 4, 10);
  printf("after munmap: %s\n", buf);
  close(fd);
}

static void private_copies(void)
{
  int fd = make_file(2);
  char *p = map(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  char *s = map(fd, 2 * PG, PROT_READ, MAP_SHARED);
  memcpy(p, "private", 7);
  char buf[8] = { 0 };
  pread(fd, buf, 7, 0);
  printf("private store kept out of the file: %s, shared map: %.7s, private: %.7s\n", buf, s, p);
  munmap(p, 2 * PG);
  munmap(s, 2 * PG);
  // A read-only private mapping.
  p = map(fd, PG, PROT_READ, MAP_PRIVATE);
  printf("read-only private: %c\n", p[5]);
  munmap(p, PG);
  close(fd);
}

static void truncation(void)
{
  int fd = make_file(3);
  char *p = map(fd, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
  char c = 0;
  int sig = probe(p + 3 * PG, &c);
  printf("past the end of the file: %s\n", sig == SIGBUS ? "SIGBUS" : sig ? "other signal" : "no signal");
  if (ftruncate(fd, PG + PG / 2) < 0)
    die("ftruncate");
  sig = probe(p + PG + 10, &c);
  printf("in the last page: %s %c\n", sig ? "signal" : "ok", c);
  sig = probe(p + PG + PG / 2 + 10, &c);
  printf("past the end in the last page: %s %d\n", sig ? "signal" : "ok", c);
  sig = probe(p + 2 * PG, &c);
  printf("a page cut off: %s\n", sig == SIGBUS ? "SIGBUS" : sig ? "other signal" : "no signal");
  sig = probe_store(p + 2 * PG + 1, 'x');
  printf("a store there: %s\n", sig == SIGBUS ? "SIGBUS" : sig ? "other signal" : "no signal");
  // Growing the file again gives the page back, zeroed.
  if (ftruncate(fd, 3 * PG) < 0)
    die("ftruncate");
  sig = probe(p + 2 * PG + 1, &c);
  printf("grown again: %s %d\n", sig ? "signal" : "ok", c);
  munmap(p, 4 * PG);
  close(fd);
}

static void errnos(void)
{
  int fd = make_file(1);
  close(fd);
  fd = open(FILE_NAME, O_RDONLY);
  void *p = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  printf("shared writable map of a read-only fd: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
  p = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  printf("private writable map of a read-only fd: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
  if (p != MAP_FAILED)
    munmap(p, PG);
  close(fd);
  fd = open(FILE_NAME, O_WRONLY);
  p = mmap(0, PG, PROT_READ, MAP_SHARED, fd, 0);
  printf("map of a write-only fd: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
  close(fd);
  fd = open(".", O_RDONLY);
  p = mmap(0, PG, PROT_READ, MAP_SHARED, fd, 0);
  printf("map of a directory: %s\n", p == MAP_FAILED ? strerror(errno) : "mapped");
  close(fd);
}

// Many mappings and unmappings of a larger file: nothing may stay behind.
static void churn(void)
{
  int fd = make_file(16);
  for (int i = 0; i < 50; i++) {
    char *p = map(fd, 16 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
    p[i * 100] = 'A' + i % 26;
    munmap(p, 16 * PG);
  }
  char c;
  pread(fd, &c, 1, 49 * 100);
  printf("churn: %c\n", c);
  close(fd);
}

// Never returns: the power is cut while it waits.
static void persist(const char *path)
{
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || ftruncate(fd, 2 * PG) < 0)
    die("persist");
  char *p = map(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
  for (int i = 0; i < 2 * PG; i++)
    p[i] = 'A' + i % 26;
  if (msync(p, 2 * PG, MS_SYNC) < 0)
    die("msync");
  printf("t_mmapfile: msynced\n");
  fflush(stdout);
  for (;;)
    pause();
}

int main(int argc, char **argv)
{
  setvbuf(stdout, 0, _IONBF, 0);
  if (argc == 3 && strcmp(argv[1], "persist") == 0)
    persist(argv[2]);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigbus;
  sigaction(SIGBUS, &sa, 0);
  sigaction(SIGSEGV, &sa, 0);
  shared_and_read_write();
  private_copies();
  truncation();
  errnos();
  churn();
  unlink(FILE_NAME);
  printf("done\n");
  return 0;
}
