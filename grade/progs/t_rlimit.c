// Grader test program: resource limits (getrlimit, setrlimit, prlimit64).
//   t_rlimit          the checks that print the same here and under Linux
//   t_rlimit nproc    RLIMIT_NPROC stops fork (root is exempt on Linux: this OS only)
//   t_rlimit stack    RLIMIT_STACK sizes the stack of the next program (this OS only)
//   t_rlimit deep N   recurse through N KiB of stack, then say so
// Exit status: the number of failures.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static void nofile(void)
{
    struct rlimit rl, old;
    expect("getrlimit(RLIMIT_NOFILE) works, soft <= hard",
           getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur <= rl.rlim_max);
    expect("prlimit(0, NOFILE, NULL, &old) gives the same",
           prlimit(0, RLIMIT_NOFILE, 0, &old) == 0 && old.rlim_cur == rl.rlim_cur && old.rlim_max == rl.rlim_max);
    struct rlimit eight = { 8, rl.rlim_max };
    expect("setrlimit(NOFILE, 8)", setrlimit(RLIMIT_NOFILE, &eight) == 0);
    int last = -1, fd;
    while ((fd = dup(0)) >= 0)
        last = fd;
    expect("dup stops at descriptor 7 with EMFILE", last == 7 && errno == EMFILE);
    errno = 0;
    expect("F_DUPFD at the limit is EINVAL", fcntl(0, F_DUPFD, 8) == -1 && errno == EINVAL);
    errno = 0;
    expect("dup2 to the limit is EBADF", dup2(0, 8) == -1 && errno == EBADF);
    close(7);
    expect("dup2 below the limit works", dup2(0, 7) == 7);
    int pid = fork();
    if (pid == 0) {
        struct rlimit c;
        _exit(getrlimit(RLIMIT_NOFILE, &c) == 0 && c.rlim_cur == 8 ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    expect("a fork child inherits the limit", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    for (fd = 3; fd < 8; fd++)
        close(fd);
    expect("setrlimit back to the old limit", setrlimit(RLIMIT_NOFILE, &rl) == 0);
}

static void errors(void)
{
    struct rlimit rl = { 10, 5 };
    errno = 0;
    expect("soft above hard is EINVAL", setrlimit(RLIMIT_CORE, &rl) == -1 && errno == EINVAL);
    errno = 0;
    expect("resource 99 is EINVAL", getrlimit(99, &rl) == -1 && errno == EINVAL);
    errno = 0;
    expect("resource -1 is EINVAL", getrlimit(-1, &rl) == -1 && errno == EINVAL);
    errno = 0;
    expect("a bad pointer is EFAULT", getrlimit(RLIMIT_CORE, (struct rlimit *)8) == -1 && errno == EFAULT);
    errno = 0;
    expect("prlimit of no such process is ESRCH", prlimit(999999, RLIMIT_CORE, 0, &rl) == -1 && errno == ESRCH);
    struct rlimit core;
    getrlimit(RLIMIT_CORE, &core);
    struct rlimit none = { 0, core.rlim_max };
    expect("RLIMIT_CORE set to 0 reads back 0",
           setrlimit(RLIMIT_CORE, &none) == 0 && getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0);
}

static void nproc(void)
{
    struct rlimit few = { 0, RLIM_INFINITY };
    // Room for a few more tasks than there are now: count them by forking.
    few.rlim_cur = 1;
    expect("setrlimit(NPROC, 1)", setrlimit(RLIMIT_NPROC, &few) == 0);
    errno = 0;
    int pid = fork();
    if (pid == 0)
        _exit(0);
    expect("fork beyond RLIMIT_NPROC is EAGAIN", pid == -1 && errno == EAGAIN);
    if (pid > 0)
        waitpid(pid, 0, 0);
    few.rlim_cur = RLIM_INFINITY;
    setrlimit(RLIMIT_NPROC, &few);
    pid = fork();
    if (pid == 0)
        _exit(0);
    expect("fork works again once the limit is raised", pid > 0);
    if (pid > 0)
        waitpid(pid, 0, 0);
}

// Runs `t_rlimit deep kib` under a stack limit; returns its wait status.
static int deep_child(rlim_t limit, int kib)
{
    int pid = fork();
    if (pid == 0) {
        struct rlimit rl = { limit, RLIM_INFINITY };
        char arg[16];
        setrlimit(RLIMIT_STACK, &rl);
        snprintf(arg, sizeof arg, "%d", kib);
        execl("/bin/t_rlimit", "t_rlimit", "deep", arg, (char *)0);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

static void stack(void)
{
    int st = deep_child(RLIM_INFINITY, 2048);
    expect("2 MiB of stack under the default limit", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    st = deep_child(512 << 10, 2048);
    expect("2 MiB of stack under a 512 KiB limit: SIGSEGV", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    st = deep_child(512 << 10, 256);
    expect("256 KiB of stack under a 512 KiB limit", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int recurse(int kib)
{
    volatile char frame[1024];
    frame[0] = (char)kib;
    return kib <= 1 ? frame[0] : recurse(kib - 1) + frame[0] - frame[0];
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "deep") == 0)
        return recurse(atoi(argv[2])) == 1 ? 0 : 1;
    if (argc == 2 && strcmp(argv[1], "nproc") == 0)
        nproc();
    else if (argc == 2 && strcmp(argv[1], "stack") == 0)
        stack();
    else {
        nofile();
        errors();
    }
    printf("t_rlimit: done, %d failures\n", failures);
    return failures;
}
