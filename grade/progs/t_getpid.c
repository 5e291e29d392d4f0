// Grader test program: makes the getpid system call (used by the gdb test).
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("t_getpid: pid %d\n", (int)getpid());
    return 0;
}
