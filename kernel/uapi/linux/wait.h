// wait4's options and Linux's encoding of the status word it reports:
//   exited:     code << 8          (low 7 bits 0)
//   killed:     signal             (1..0x7e; 0x80 would mean a core dump)
//   stopped:    signal << 8 | 0x7f
//   continued:  0xffff
#pragma once

#define WNOHANG    1
#define WUNTRACED  2               // also report children that stopped
#define WCONTINUED 8               // also report stopped children that continued

#define __W_SIGMASK    0x7f        // the killing signal's bits
#define __W_STOPPED    0x7f        // in the low byte: stopped, signal above
#define __W_CONTINUED  0xffff

#define __W_EXITCODE(code, sig) (((code) & 0xff) << 8 | (sig))
#define __W_STOPCODE(sig)       ((sig) << 8 | __W_STOPPED)

#define WEXITSTATUS(s)  (((s) >> 8) & 0xff)
#define WTERMSIG(s)     ((s) & __W_SIGMASK)
#define WSTOPSIG(s)     WEXITSTATUS(s)
#define WIFEXITED(s)    (WTERMSIG(s) == 0)
#define WIFSTOPPED(s)   (((s) & 0xff) == __W_STOPPED)
#define WIFSIGNALED(s)  (WTERMSIG(s) != 0 && WTERMSIG(s) != __W_STOPPED)
#define WIFCONTINUED(s) ((s) == __W_CONTINUED)
