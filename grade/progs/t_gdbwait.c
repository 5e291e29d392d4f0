// Grader test program for the gdb helpers (scripts/gdb/rvos.py): a known
// value at a printed address, then it blocks reading a line, so that gdb
// can stop the machine and walk this process's page table to the value.
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define MARKER 0x72766f7367646221ULL   // not there by chance

static volatile uint64_t marker;

int main(void)
{
    char line[64];
    marker = MARKER;       // a store: the page is present and private to us
    printf("t_gdbwait: pid %d marker %p\n", (int)getpid(), (void *)&marker);
    fflush(stdout);
    long n = read(0, line, sizeof line);
    printf("t_gdbwait: done (%ld)\n", n);
    return 0;
}
