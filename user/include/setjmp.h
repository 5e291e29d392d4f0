// Non-local jumps.  A jmp_buf holds the registers a call must preserve
// (ra, sp, s0-s11, fs0-fs11); sigjmp_buf adds the signal mask.
#pragma once
#include <signal.h>

typedef struct {
  unsigned long regs[14];
  double fregs[12];
} jmp_buf[1];

typedef struct {
  unsigned long regs[14];
  double fregs[12];
  int mask_saved;
  sigset_t mask;
} sigjmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf env, int val);
int _setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void _longjmp(jmp_buf env, int val);
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
__attribute__((noreturn)) void siglongjmp(sigjmp_buf env, int val);
