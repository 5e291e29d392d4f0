// Grader test program: user and group ids by Linux's rules, printed the same
// here and under Linux (qemu-riscv64, run as root).  The changes happen in a
// child, so the caller stays root.  Exit status: the number of failures.
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static void show(const char *when)
{
    uid_t r, e, s;
    gid_t gr, ge, gs, groups[8];
    getresuid(&r, &e, &s);
    getresgid(&gr, &ge, &gs);
    int n = getgroups(8, groups);
    printf("%s: uid %u %u %u, gid %u %u %u, %d groups:", when, r, e, s, gr, ge, gs, n);
    for (int i = 0; i < n; i++)
        printf(" %u", groups[i]);
    printf("\n");
}

static void drop_and_back(void)
{
    show("start");
    gid_t groups[2] = { 5, 6 };
    expect("root sets its groups", setgroups(2, groups) == 0);
    expect("getgroups(0) counts them", getgroups(0, 0) == 2);
    gid_t one[1];
    errno = 0;
    expect("getgroups into a list too small is EINVAL", getgroups(1, one) == -1 && errno == EINVAL);
    expect("setresgid(10, 10, 10)", setresgid(10, 10, 10) == 0);
    expect("seteuid(1000) keeps the real and saved uid", seteuid(1000) == 0);
    show("seteuid(1000)");
    expect("geteuid is 1000, getuid 0", geteuid() == 1000 && getuid() == 0);
    expect("back to euid 0: the real uid is 0", seteuid(0) == 0);
    expect("setuid(1000) as root sets all three", setuid(1000) == 0);
    show("setuid(1000)");
    errno = 0;
    expect("setuid(0) is EPERM now", setuid(0) == -1 && errno == EPERM);
    errno = 0;
    expect("setgroups is EPERM now", setgroups(0, 0) == -1 && errno == EPERM);
    errno = 0;
    expect("setresuid(2000, -1, -1) is EPERM", setresuid(2000, -1, -1) == -1 && errno == EPERM);
    expect("setreuid(-1, 1000) to its own id works", setreuid(-1, 1000) == 0);
    show("end");
}

int main(void)
{
    int pid = fork();
    if (pid == 0) {
        drop_and_back();
        return failures;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    failures += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    expect("the parent is still root", getuid() == 0 && geteuid() == 0);
    printf("t_ids: done, %d failures\n", failures);
    return failures;
}
