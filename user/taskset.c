// taskset: CPU affinity, as util-linux's taskset.
//   taskset MASK command [args...]     run a command on the CPUs in MASK (hex)
//   taskset -c LIST command [args...]  LIST like 0,2-3
//   taskset -p [MASK] pid              show (or set) a thread's affinity
//   taskset -cp [LIST] pid
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
parse_list(const char *s, cpu_set_t *set)
{
  CPU_ZERO(set);
  while (*s) {
    char *end;
    long a = strtol(s, &end, 10), b = a;
    if (end == s)
      return -1;
    if (*end == '-')
      b = strtol(end + 1, &end, 10);
    for (long c = a; c <= b && c < CPU_SETSIZE; c++)
      CPU_SET(c, set);
    s = *end == ',' ? end + 1 : end;
    if (*end && *end != ',')
      return -1;
  }
  return 0;
}

static int
parse_mask(const char *s, cpu_set_t *set)
{
  char *end;
  unsigned long m = strtoul(s, &end, 16);
  CPU_ZERO(set);
  set->bits[0] = m;
  return *end || end == s ? -1 : 0;
}

static void
print_set(int pid, const char *which, const cpu_set_t *set, int list)
{
  printf("pid %d's %s affinity %s: ", pid, which, list ? "list" : "mask");
  if (!list) {
    printf("%lx\n", set->bits[0]);
    return;
  }
  const char *sep = "";
  for (int c = 0; c < 64; c++) {
    if (!CPU_ISSET(c, set))
      continue;
    int d = c;
    while (d + 1 < 64 && CPU_ISSET(d + 1, set))
      d++;
    printf(d > c ? "%s%d-%d" : "%s%d", sep, c, d);
    sep = ",";
    c = d;
  }
  printf("\n");
}

static int
usage(void)
{
  fprintf(stderr, "usage: taskset [-c] mask|list command [args...]\n       taskset -p[c] [mask|list] pid\n");
  return 1;
}

// -p: show, or set and show, the affinity of pid.
static int
for_pid(int argc, char **argv, int i, int list)
{
  cpu_set_t set;
  int pid = atoi(argv[argc - 1]);
  if (i == argc - 2) {
    cpu_set_t old;
    if ((list ? parse_list(argv[i], &set) : parse_mask(argv[i], &set)) < 0)
      return usage();
    if (sched_getaffinity(pid, sizeof old, &old) == 0)
      print_set(pid, "current", &old, list);
    if (sched_setaffinity(pid, sizeof set, &set) < 0 || sched_getaffinity(pid, sizeof set, &set) < 0) {
      fprintf(stderr, "taskset: failed to set pid %d's affinity: %s\n", pid, strerror(errno));
      return 1;
    }
    print_set(pid, "new", &set, list);
    return 0;
  }
  if (i != argc - 1)
    return usage();
  if (sched_getaffinity(pid, sizeof set, &set) < 0) {
    fprintf(stderr, "taskset: failed to get pid %d's affinity: %s\n", pid, strerror(errno));
    return 1;
  }
  print_set(pid, "current", &set, list);
  return 0;
}

int
main(int argc, char **argv)
{
  int i = 1, list = 0, pid_mode = 0;
  cpu_set_t set;

  for (; i < argc && argv[i][0] == '-'; i++) {
    for (const char *o = argv[i] + 1; *o; o++) {
      if (*o == 'c')
        list = 1;
      else if (*o == 'p')
        pid_mode = 1;
      else
        return usage();
    }
  }
  if (pid_mode)
    return for_pid(argc, argv, i, list);
  if (i + 1 >= argc || (list ? parse_list(argv[i], &set) : parse_mask(argv[i], &set)) < 0)
    return usage();
  if (sched_setaffinity(0, sizeof set, &set) < 0) {
    fprintf(stderr, "taskset: failed to set affinity: %s\n", strerror(errno));
    return 1;
  }
  execvp(argv[i + 1], argv + i + 1);
  fprintf(stderr, "taskset: %s: %s\n", argv[i + 1], strerror(errno));
  return 127;
}
