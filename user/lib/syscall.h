// Private to the library: system-call numbers (Linux riscv64, asm-generic)
// and the ecall itself.  The kernel returns -errno on failure; the POSIX
// wrappers turn that into errno and -1 through sysret().
#pragma once

#include <linux/unistd.h>       // SYS_*
// SYS_taskinfo (1000) and SYS_trace (1001) come from <os/taskinfo.h> and <os/trace.h>.

static inline long
syscall6(long n, long a0, long a1, long a2, long a3, long a4, long a5)
{
  register long r_a0 asm("a0") = a0;
  register long r_a1 asm("a1") = a1;
  register long r_a2 asm("a2") = a2;
  register long r_a3 asm("a3") = a3;
  register long r_a4 asm("a4") = a4;
  register long r_a5 asm("a5") = a5;
  register long r_a7 asm("a7") = n;
  asm volatile("ecall"
               : "+r"(r_a0)
               : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
               : "memory");
  return r_a0;
}

#define syscall0(n) syscall6(n, 0, 0, 0, 0, 0, 0)
#define syscall1(n, a) syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define syscall2(n, a, b) syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define syscall3(n, a, b, c) syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define syscall4(n, a, b, c, d) \
  syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define syscall5(n, a, b, c, d, e) \
  syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

long sysret(long r);
