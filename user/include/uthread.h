// uthread: user-level threads, N:1 and cooperative.  All of them run on
// the one kernel thread that calls them; a thread runs until it calls
// uthread_yield, uthread_join, uthread_exit or uthread_read.  The kernel
// sees one task, so a thread that blocks in a system call blocks them all.
#pragma once
#include <stddef.h>
#include <sys/types.h>

#define UTHREAD_MAX 16
#define UTHREAD_STACK (64 * 1024)

// Returns the new thread's id (> 0), or -1 when there is no room.
int uthread_create(void (*fn)(void *), void *arg);
void uthread_yield(void);
__attribute__((noreturn)) void uthread_exit(void);
// Waits (yielding) until thread id has ended; -1 if there is no such thread.
int uthread_join(int id);
int uthread_self(void);   // 0 for the thread that was running before any create
// read() that lets the other threads run while fd has nothing to read,
// instead of putting the whole process to sleep.
ssize_t uthread_read(int fd, void *buf, size_t n);

// What a switch saves: the registers a C caller expects to survive a call
// (ra, sp, s0-s11, fs0-fs11), in the order uthread_switch.S stores them.
struct uthread_context {
  unsigned long ra, sp, s[12];
  double fs[12];
};

// Saves the caller's registers in *from, loads *to and returns to to->ra on
// to->sp.  The scheduler's tool; tests call it directly.
void uthread_switch(struct uthread_context *from, struct uthread_context *to);
