// The signal-mask half of sigsetjmp/siglongjmp (setjmp.S does the registers).
#include <setjmp.h>
#include <signal.h>

int __sigsetjmp_mask(sigjmp_buf env);

// Reached from sigsetjmp (setjmp.S) by a tail call once the registers are
// saved, so its 0 goes straight to sigsetjmp's caller.
int
__sigsetjmp_mask(sigjmp_buf env)
{
  sigprocmask(SIG_BLOCK, 0, &env->mask);
  return 0;
}

void
siglongjmp(sigjmp_buf env, int val)
{
  if (env->mask_saved)
    sigprocmask(SIG_SETMASK, &env->mask, 0);
  longjmp((void *)env, val);
}
