// Signals (Linux numbers).  This first cut has default actions only: a
// signal whose default is to terminate ends the whole thread group, the
// others are ignored.  Handlers (sigaction) come later.
#pragma once

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGWINCH  28

struct task;

// Send sig to t's thread group (kill).  Returns 0 or -EINVAL.
int send_signal(struct task *t, int sig);
// A fault in t itself: the signal is delivered before it runs user code again.
void force_signal(struct task *t, int sig);
// Act on pending signals; called on the way back to user mode.
void handle_signals(void);
