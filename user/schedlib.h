// What the scheduler test and benchmark programs share: clocks, CPU
// burners, affinity, and reading a task's numbers from /proc.
#pragma once
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline long
now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

// Runs until killed.
static inline __attribute__((noreturn)) void
burn(void)
{
  volatile unsigned long x = 0;
  for (;;)
    x++;
}

// mask: bit i = CPU i.
static inline int
set_affinity(pid_t pid, unsigned long mask)
{
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int i = 0; i < 64; i++)
    if (mask & (1UL << i))
      CPU_SET(i, &set);
  return sched_setaffinity(pid, sizeof set, &set);
}

// CPUs online: the affinity of init, which nobody narrows.
static inline int
online_cpus(void)
{
  cpu_set_t set;
  if (sched_getaffinity(1, sizeof set, &set) < 0)
    return 1;
  return CPU_COUNT(&set);
}

// A child that burns CPU (on the CPUs in mask, 0: anywhere) at nice value nice.
static inline pid_t
spawn_hog(unsigned long mask, int nice_inc)
{
  pid_t pid = fork();
  if (pid == 0) {
    if (mask)
      set_affinity(0, mask);
    if (nice_inc)
      nice(nice_inc);
    burn();
  }
  return pid;
}

static inline void
kill_all(pid_t *pids, int n)
{
  for (int i = 0; i < n; i++)
    kill(pids[i], SIGKILL);
  for (int i = 0; i < n; i++)
    waitpid(pids[i], 0, 0);
}

// The whole text of /proc/<pid>/<file> (or any path when pid < 0) into buf.
static inline int
read_proc(int pid, const char *file, char *buf, int size)
{
  char path[64];
  if (pid >= 0)
    snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
  else
    snprintf(path, sizeof path, "%s", file);
  int fd = open(path, O_RDONLY), n = 0, r;
  if (fd < 0)
    return -1;
  while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
    n += r;
  buf[n] = 0;
  close(fd);
  return n;
}

// The text after "key ... :" on its line of /proc/<pid>/sched, or NULL.
static inline const char *
sched_value(const char *text, const char *key)
{
  size_t n = strlen(key);
  for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : 0)
    if (strncmp(p, key, n) == 0 && (p[n] == ' ' || p[n] == ':'))
      return strchr(p, ':') ? strchr(p, ':') + 1 : 0;
  return 0;
}

// A "ms.nnnnnn" field of /proc/<pid>/sched in ns; -1 if missing.
static inline long
sched_ns(int pid, const char *key)
{
  char buf[2048];
  const char *v;
  if (read_proc(pid, "sched", buf, sizeof buf) < 0 || !(v = sched_value(buf, key)))
    return -1;
  char *end;
  long ms = strtol(v, &end, 10), frac = 0;
  if (*end == '.')
    frac = strtol(end + 1, 0, 10);
  return ms * 1000000 + frac;
}

// An integer field (decimal, or hex with base 16) of /proc/<pid>/sched; -1 if missing.
static inline long
sched_num(int pid, const char *key, int base)
{
  char buf[2048];
  const char *v;
  if (read_proc(pid, "sched", buf, sizeof buf) < 0 || !(v = sched_value(buf, key)))
    return -1;
  return strtol(v, 0, base);
}
