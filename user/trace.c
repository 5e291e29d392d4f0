// trace all|NR[,NR...] cmd [args]: run cmd with the system calls numbered
// NR (or all of them) traced: the kernel prints a line on the console each
// time one of them returns in cmd or in a process or thread it creates,
//   trace <tid>: <name> -> <return value>
// The numbers are Linux riscv64's (write 64, getpid 172, ...) and this OS's
// own (taskinfo 1000, trace 1001).  See os/trace.h.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/trace.h>
#include <unistd.h>

static uint64_t mask[TRACE_NR / 64];

// Sets the bits that spec names; 0, or -1 when it names none or a number
// out of range.
static int
parse(const char *spec)
{
  if (strcmp(spec, "all") == 0) {
    memset(mask, 0xff, sizeof mask);
    return 0;
  }
  for (const char *p = spec;; p++) {
    char *end;
    long nr = strtol(p, &end, 10);
    if (end == p || nr < 0 || nr >= TRACE_NR || (*end != ',' && *end != 0))
      return -1;
    mask[nr / 64] |= 1UL << (nr % 64);
    p = end;
    if (*p == 0)
      return 0;
  }
}

int
main(int argc, char **argv)
{
  if (argc < 3 || parse(argv[1]) < 0) {
    fprintf(stderr, "usage: trace all|NR[,NR...] cmd [args]   (0 <= NR < %d)\n", TRACE_NR);
    return 2;
  }
  if (trace(mask, sizeof mask) < 0) {
    fprintf(stderr, "trace: %s\n", strerror(errno));
    return 1;
  }
  execvp(argv[2], &argv[2]);
  fprintf(stderr, "trace: cannot run %s\n", argv[2]);
  return 127;
}
