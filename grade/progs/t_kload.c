// Grader test program: a user load from a kernel address must kill only that
// process with SIGSEGV; the parent sees it in the wait status and carries on.
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int try_load(unsigned long addr)
{
    int pid = fork();
    if (pid < 0) {
        printf("FAIL fork\n");
        return 1;
    }
    if (pid == 0) {
        volatile unsigned char *p = (volatile unsigned char *)addr;
        unsigned char c = *p;
        printf("FAIL load from %lx returned %d\n", addr, c);
        _exit(0);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) != pid) {
        printf("FAIL waitpid\n");
        return 1;
    }
    if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV) {
        printf("ok   load from %lx: child killed by signal %d\n", addr, WTERMSIG(st));
        return 0;
    }
    printf("FAIL load from %lx: wait status %#x (want killed by SIGSEGV=%d)\n", addr, st, SIGSEGV);
    return 1;
}

int main(void)
{
    int bad = 0;
    bad += try_load(0xffffffc000000000UL);   // kernel direct map (start of RAM)
    bad += try_load(0xffffffff80200000UL);   // kernel text
    printf("t_kload: parent alive, %d failures\n", bad);
    return bad;
}
