// setjmp/longjmp: save and restore the registers a call preserves
// (include/setjmp.h lays out the buffer: ra, sp, s0-s11, then fs0-fs11).
// sigsetjmp also records the signal mask (sigjmp.c) when asked to.

#define SAVE_INT(r, i)    sd r, (8 * (i))(a0)
#define LOAD_INT(r, i)    ld r, (8 * (i))(a0)
#define SAVE_FP(r, i)     fsd r, (8 * (14 + (i)))(a0)
#define LOAD_FP(r, i)     fld r, (8 * (14 + (i)))(a0)
#define MASK_SAVED        (8 * 26)

.text
.globl setjmp, _setjmp, sigsetjmp, longjmp, _longjmp
.type setjmp, @function
.type _setjmp, @function
.type sigsetjmp, @function
.type longjmp, @function
.type _longjmp, @function

.macro save_registers
  SAVE_INT(ra, 0)
  SAVE_INT(sp, 1)
  SAVE_INT(s0, 2)
  SAVE_INT(s1, 3)
  SAVE_INT(s2, 4)
  SAVE_INT(s3, 5)
  SAVE_INT(s4, 6)
  SAVE_INT(s5, 7)
  SAVE_INT(s6, 8)
  SAVE_INT(s7, 9)
  SAVE_INT(s8, 10)
  SAVE_INT(s9, 11)
  SAVE_INT(s10, 12)
  SAVE_INT(s11, 13)
  SAVE_FP(fs0, 0)
  SAVE_FP(fs1, 1)
  SAVE_FP(fs2, 2)
  SAVE_FP(fs3, 3)
  SAVE_FP(fs4, 4)
  SAVE_FP(fs5, 5)
  SAVE_FP(fs6, 6)
  SAVE_FP(fs7, 7)
  SAVE_FP(fs8, 8)
  SAVE_FP(fs9, 9)
  SAVE_FP(fs10, 10)
  SAVE_FP(fs11, 11)
.endm

// sigsetjmp(env, savemask): the registers, then, when savemask is set, the
// mask, by a tail call that returns 0 straight to our caller.
sigsetjmp:
  sw a1, MASK_SAVED(a0)
  save_registers
  beqz a1, 1f
  tail __sigsetjmp_mask
1:
  li a0, 0
  ret

setjmp:
_setjmp:
  save_registers
  li a0, 0
  ret

// longjmp(env, val): setjmp returns again, with val (1 when val is 0).
longjmp:
_longjmp:
  LOAD_INT(ra, 0)
  LOAD_INT(sp, 1)
  LOAD_INT(s0, 2)
  LOAD_INT(s1, 3)
  LOAD_INT(s2, 4)
  LOAD_INT(s3, 5)
  LOAD_INT(s4, 6)
  LOAD_INT(s5, 7)
  LOAD_INT(s6, 8)
  LOAD_INT(s7, 9)
  LOAD_INT(s8, 10)
  LOAD_INT(s9, 11)
  LOAD_INT(s10, 12)
  LOAD_INT(s11, 13)
  LOAD_FP(fs0, 0)
  LOAD_FP(fs1, 1)
  LOAD_FP(fs2, 2)
  LOAD_FP(fs3, 3)
  LOAD_FP(fs4, 4)
  LOAD_FP(fs5, 5)
  LOAD_FP(fs6, 6)
  LOAD_FP(fs7, 7)
  LOAD_FP(fs8, 8)
  LOAD_FP(fs9, 9)
  LOAD_FP(fs10, 10)
  LOAD_FP(fs11, 11)
  seqz a0, a1
  add a0, a0, a1
  ret
