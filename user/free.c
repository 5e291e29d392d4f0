// free [-b|-k|-m]: memory in use and free, laid out like procps free, from
// sysinfo().  Sizes are in KiB unless -b (bytes) or -m (MiB) is given.
// sysinfo has no page-cache figure, so "buff/cache" is its bufferram and
// "available" is free plus that.
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>

static void
line(const char *label, unsigned long *v, int n, unsigned long unit, unsigned long shift)
{
  printf("%-8s", label);
  for (int i = 0; i < n; i++)
    printf("%12lu", v[i] * unit >> shift);
  printf("\n");
}

int
main(int argc, char **argv)
{
  struct sysinfo si;
  unsigned long shift = 10, unit, mem[6], swap[3];

  if (argc > 1) {
    if (argc > 2 || argv[1][0] != '-' || !strchr("bkm", argv[1][1]) || argv[1][2]) {
      fprintf(stderr, "usage: free [-b|-k|-m]\n");
      return 2;
    }
    shift = argv[1][1] == 'b' ? 0 : argv[1][1] == 'k' ? 10 : 20;
  }
  if (sysinfo(&si) < 0) {
    perror("free: sysinfo");
    return 1;
  }
  unit = si.mem_unit ? si.mem_unit : 1;
  mem[0] = si.totalram;
  mem[2] = si.freeram;
  mem[3] = si.sharedram;
  mem[4] = si.bufferram;
  mem[1] = si.totalram - si.freeram - si.bufferram;
  mem[5] = si.freeram + si.bufferram;
  swap[0] = si.totalswap;
  swap[1] = si.totalswap - si.freeswap;
  swap[2] = si.freeswap;
  printf("%8s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared", "buff/cache",
         "available");
  line("Mem:", mem, 6, unit, shift);
  line("Swap:", swap, 3, unit, shift);
  return 0;
}
