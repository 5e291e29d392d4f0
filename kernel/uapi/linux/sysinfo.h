// struct sysinfo as Linux's sysinfo(2) fills it on a 64-bit machine.
#pragma once
#include <stdint.h>

struct sysinfo {
  int64_t uptime;                   // seconds since boot
  uint64_t loads[3];                // 1, 5, 15 minute load averages << 16
  uint64_t totalram;
  uint64_t freeram;
  uint64_t sharedram;
  uint64_t bufferram;
  uint64_t totalswap;
  uint64_t freeswap;
  uint16_t procs;
  uint16_t pad;
  uint64_t totalhigh;
  uint64_t freehigh;
  uint32_t mem_unit;                // the ram fields count units of this many bytes
  char _f[4];                       // pads to Linux's 112 bytes
};
_Static_assert(sizeof(struct sysinfo) == 112, "Linux's struct sysinfo on 64-bit");
