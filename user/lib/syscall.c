// syscall(): any system call by number, for programs that need the raw
// kernel interface (e.g. brk, whose library wrapper hides the address the
// kernel returns).  Like glibc's, it reports errors through errno.
#include <stdarg.h>
#include <unistd.h>
#include "syscall.h"

long
syscall(long number, ...)
{
  long a[6];
  va_list ap;

  // Reading six arguments that were not passed is harmless on RISC-V:
  // they are just whatever the argument registers and stack hold.
  va_start(ap, number);
  for (int i = 0; i < 6; i++)
    a[i] = va_arg(ap, long);
  va_end(ap);
  return sysret(syscall6(number, a[0], a[1], a[2], a[3], a[4], a[5]));
}
