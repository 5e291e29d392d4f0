// wait4() and Linux's encoding of the exit status.
#pragma once
#include <sys/types.h>

#include <linux/wait.h>

struct rusage;
pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);
