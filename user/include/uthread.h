// uthread: user-level threads, N:1 and cooperative.  All of them run on
// the one kernel thread that calls them; a thread runs until it calls
// uthread_yield, uthread_join or uthread_exit.  The kernel sees one task,
// so a thread that blocks in a system call blocks them all.
#pragma once

#define UTHREAD_MAX 16
#define UTHREAD_STACK (64 * 1024)

// Returns the new thread's id (> 0), or -1 when there is no room.
int uthread_create(void (*fn)(void *), void *arg);
void uthread_yield(void);
__attribute__((noreturn)) void uthread_exit(void);
// Waits (yielding) until thread id has ended; -1 if there is no such thread.
int uthread_join(int id);
int uthread_self(void);   // 0 for the thread that was running before any create
