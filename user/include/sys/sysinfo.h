// struct sysinfo as Linux's sysinfo(2) fills it on a 64-bit machine.
#pragma once

struct sysinfo {
  long uptime;                 // seconds since boot
  unsigned long loads[3];      // 1, 5, 15 minute load averages << 16
  unsigned long totalram;
  unsigned long freeram;
  unsigned long sharedram;
  unsigned long bufferram;
  unsigned long totalswap;
  unsigned long freeswap;
  unsigned short procs;
  unsigned short pad;
  unsigned long totalhigh;
  unsigned long freehigh;
  unsigned int mem_unit;       // the ram fields count units of this many bytes
  char _f[4];                  // pads to Linux's 112 bytes
};

int sysinfo(struct sysinfo *info);
