// Grader test program: sigaltstack and SA_ONSTACK, the same here and under
// Linux (qemu-riscv64).  `t_altstack overflow` recurses until the stack runs
// out; its SIGSEGV handler runs on the alternate stack and reports.
// Exit status: the number of failures.
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;
static char *alt;
static volatile int handled_on_alt, handler_flags;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static void on_usr1(int sig)
{
    int here;
    stack_t now;
    (void)sig;
    handled_on_alt = (char *)&here >= alt && (char *)&here < alt + SIGSTKSZ;
    sigaltstack(0, &now);
    handler_flags = now.ss_flags;
}

static void on_segv(int sig)
{
    int here;
    (void)sig;
    int ok = (char *)&here >= alt && (char *)&here < alt + SIGSTKSZ;
    const char *msg = ok ? "ok   the overflow's SIGSEGV ran on the alternate stack\n"
                         : "FAIL the overflow's SIGSEGV did not run on the alternate stack\n";
    write(1, msg, strlen(msg));
    _exit(ok ? 0 : 1);
}

// Deeper than any stack (4 KiB a call): the limit only tells the compiler
// that the recursion could end.
static volatile int depth_limit = 1 << 30;

static int recurse(int n)
{
    volatile char frame[4096];
    frame[0] = (char)n;
    return n >= depth_limit ? 0 : recurse(n + 1) + frame[0];
}

static void overflow(void)
{
    alarm(20);                         // where no handler runs, the fault would repeat: end it
    stack_t ss = { alt, 0, SIGSTKSZ };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK;
    sigaltstack(&ss, 0);
    sigaction(SIGSEGV, &sa, 0);
    recurse(0);
}

static void basics(void)
{
    stack_t old, ss;
    expect("no alternate stack at first", sigaltstack(0, &old) == 0 && (old.ss_flags & SS_DISABLE));
    // The kernel's minimum on riscv64 is 2048 bytes (glibc's MINSIGSTKSZ may be a sysconf call).
    ss = (stack_t){ alt, 0, 2047 };
    errno = 0;
    expect("a stack below 2048 bytes is ENOMEM", sigaltstack(&ss, 0) == -1 && errno == ENOMEM);
    ss = (stack_t){ alt, 12345, SIGSTKSZ };
    errno = 0;
    expect("unknown flags are EINVAL", sigaltstack(&ss, 0) == -1 && errno == EINVAL);
    ss = (stack_t){ alt, 0, SIGSTKSZ };
    expect("set it", sigaltstack(&ss, 0) == 0);
    expect("read it back", sigaltstack(0, &old) == 0 && old.ss_sp == alt && old.ss_size == SIGSTKSZ &&
                               old.ss_flags == 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, 0);
    raise(SIGUSR1);
    expect("an SA_ONSTACK handler runs on it", handled_on_alt);
    expect("and sees SS_ONSTACK", handler_flags == SS_ONSTACK);
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, 0);
    raise(SIGUSR1);
    expect("a handler without SA_ONSTACK does not", !handled_on_alt);
    ss.ss_flags = SS_DISABLE;
    expect("SS_DISABLE turns it off", sigaltstack(&ss, 0) == 0 && sigaltstack(0, &old) == 0 &&
                                          (old.ss_flags & SS_DISABLE));
}

int main(int argc, char **argv)
{
    alt = malloc(SIGSTKSZ);
    if (argc == 2 && strcmp(argv[1], "overflow") == 0)
        overflow();
    basics();
    printf("t_altstack: done, %d failures\n", failures);
    return failures;
}
