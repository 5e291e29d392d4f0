// POSIX unnamed semaphores (sem_init), on a futex.
#pragma once
#include <time.h>

typedef struct {
  int value;
  int waiters;
  int shared;
} sem_t;

// Errors are -1 and errno, unlike pthread_*.
int sem_init(sem_t *s, int pshared, unsigned value);
int sem_destroy(sem_t *s);
int sem_wait(sem_t *s);
int sem_trywait(sem_t *s);
// abstime is CLOCK_REALTIME.
int sem_timedwait(sem_t *s, const struct timespec *abstime);
int sem_post(sem_t *s);
int sem_getvalue(sem_t *s, int *value);
