// Grader test program: system calls given bad user pointers must fail with
// EFAULT (never panic the kernel, never succeed).  Prints one line per check
// and "t_efault: done, N failures" at the end; exit status = failures.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void check(const char *what, long ret)
{
    int e = errno;
    if (ret == -1 && e == EFAULT) {
        printf("ok   %s\n", what);
    } else {
        printf("FAIL %s: returned %ld, errno %d (want -1, EFAULT=%d)\n", what, ret, e, EFAULT);
        failures++;
    }
}

int main(void)
{
    void *bad[] = {
        (void *)0xffffffc000000000UL,   // kernel direct map
        (void *)0xffffffff80200000UL,   // kernel text
        (void *)0x0000003000000000UL,   // unmapped user address
        (void *)0,                      // NULL
    };
    const char *names[] = { "kernel-map", "kernel-text", "unmapped", "NULL" };
    char msg[96];
    int p[2];

    if (pipe(p) < 0) {
        printf("FAIL pipe: errno %d\n", errno);
        return 1;
    }
    for (int i = 0; i < 4; i++) {
        // read: data is waiting in a fresh pipe, so only the buffer can be at
        // fault.  (Whether a failed read consumed the data is not checked.)
        int q[2];
        if (pipe(q) < 0 || write(q[1], "xyz", 3) != 3) {
            printf("FAIL pipe/write for the read check: errno %d\n", errno);
            return 1;
        }
        snprintf(msg, sizeof msg, "read into %s", names[i]);
        errno = 0;
        check(msg, read(q[0], bad[i], 3));
        close(q[0]);
        close(q[1]);

        snprintf(msg, sizeof msg, "write from %s", names[i]);
        errno = 0;
        check(msg, write(p[1], bad[i], 3));

        snprintf(msg, sizeof msg, "open path at %s", names[i]);
        errno = 0;
        check(msg, open((const char *)bad[i], O_RDONLY));

        snprintf(msg, sizeof msg, "pipe into %s", names[i]);
        errno = 0;
        check(msg, pipe((int *)bad[i]));

        snprintf(msg, sizeof msg, "execve path at %s", names[i]);
        errno = 0;
        char *argv0[] = { "x", 0 };
        check(msg, execve((const char *)bad[i], argv0, 0));

        if (bad[i] != 0) {   // argv == NULL is allowed on some systems
            snprintf(msg, sizeof msg, "execve argv at %s", names[i]);
            errno = 0;
            check(msg, execve("/bin/echo", (char **)bad[i], 0));
        }

        int pid = fork();
        if (pid < 0) {
            printf("FAIL fork: errno %d\n", errno);
            return 1;
        }
        if (pid == 0)
            _exit(0);
        if (bad[i] != 0) {   // status == NULL is valid: it means "don't store"
            snprintf(msg, sizeof msg, "wait4 status at %s", names[i]);
            errno = 0;
            check(msg, waitpid(pid, (int *)bad[i], 0));
        }
        while (waitpid(-1, 0, 0) > 0)
            ;
    }
    printf("t_efault: done, %d failures\n", failures);
    return failures;
}
