// times(): CPU time in clock ticks of USER_HZ (100 a second, sysconf's
// _SC_CLK_TCK).
#pragma once

#define USER_HZ 100
struct tms {
  long tms_utime, tms_stime;        // the process's
  long tms_cutime, tms_cstime;      // its waited-for children's
};
