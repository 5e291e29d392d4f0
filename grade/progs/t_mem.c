// Grader test program: madvise, msync, mincore and mremap, checked against
// Linux's documented behaviour.  Not compared with qemu-riscv64: QEMU's user
// mode implements madvise and mremap itself (it accepts unknown advice and
// a zero size, and faults on a grown shared mapping), so it is no reference
// here.  Exit status: the number of failures.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static char *map(size_t len, int flags)
{
    return mmap(0, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
}

static void advice(void)
{
    char *p = map(4 * PAGE, MAP_PRIVATE);
    memset(p, 'x', 4 * PAGE);
    expect("MADV_WILLNEED and MADV_NORMAL are accepted",
           madvise(p, 4 * PAGE, MADV_WILLNEED) == 0 && madvise(p, PAGE, MADV_NORMAL) == 0);
    expect("MADV_DONTNEED on private anonymous memory", madvise(p + PAGE, 2 * PAGE, MADV_DONTNEED) == 0);
    expect("the dropped pages read back as zeros", p[PAGE] == 0 && p[3 * PAGE - 1] == 0);
    expect("the others keep their bytes", p[0] == 'x' && p[3 * PAGE] == 'x');
    char *s = map(2 * PAGE, MAP_SHARED);
    memset(s, 'y', 2 * PAGE);
    expect("MADV_DONTNEED on shared memory keeps its bytes", madvise(s, 2 * PAGE, MADV_DONTNEED) == 0 && s[0] == 'y');
    errno = 0;
    expect("an unaligned address is EINVAL", madvise(p + 1, PAGE, MADV_NORMAL) == -1 && errno == EINVAL);
    errno = 0;
    expect("unknown advice is EINVAL", madvise(p, PAGE, 999) == -1 && errno == EINVAL);
    munmap(p + 3 * PAGE, PAGE);
    errno = 0;
    expect("a range with a hole is ENOMEM", madvise(p, 4 * PAGE, MADV_NORMAL) == -1 && errno == ENOMEM);
    munmap(p, 3 * PAGE);
    munmap(s, 2 * PAGE);
}

static void sync_and_core(void)
{
    char *p = map(4 * PAGE, MAP_PRIVATE);
    unsigned char vec[4];
    p[0] = 1;
    p[2 * PAGE] = 1;
    expect("mincore works", mincore(p, 4 * PAGE, vec) == 0);
    printf("mincore: %d %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
    errno = 0;
    expect("mincore of an unaligned address is EINVAL", mincore(p + 1, PAGE, vec) == -1 && errno == EINVAL);
    expect("msync(MS_SYNC) of anonymous memory works", msync(p, 4 * PAGE, MS_SYNC) == 0);
    errno = 0;
    expect("MS_SYNC|MS_ASYNC is EINVAL", msync(p, PAGE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL);
    munmap(p, 4 * PAGE);
    errno = 0;
    expect("msync of unmapped memory is ENOMEM", msync(p, PAGE, MS_SYNC) == -1 && errno == ENOMEM);
}

static void remap(void)
{
    char *p = map(4 * PAGE, MAP_PRIVATE);
    for (int i = 0; i < 4; i++)
        p[i * PAGE] = 'a' + i;
    char *q = mremap(p, 4 * PAGE, 2 * PAGE, 0);
    expect("shrinking stays in place", q == p && p[PAGE] == 'b');
    char *r = mremap(p, 2 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    expect("growing (in place or moved) keeps the bytes", r != MAP_FAILED && r[0] == 'a' && r[PAGE] == 'b');
    expect("the new pages are zero", r != MAP_FAILED && r[10 * PAGE] == 0 && r[63 * PAGE] == 0);
    char *block = map(PAGE, MAP_PRIVATE);
    char *target = map(8 * PAGE, MAP_PRIVATE);
    munmap(target, 8 * PAGE);
    char *moved = mremap(r, 64 * PAGE, 8 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    expect("MREMAP_FIXED moves to the given address", moved == target && moved[0] == 'a' && moved[PAGE] == 'b');
    errno = 0;
    expect("MREMAP_FIXED without MREMAP_MAYMOVE is EINVAL",
           mremap(moved, PAGE, PAGE, MREMAP_FIXED, block) == MAP_FAILED && errno == EINVAL);
    errno = 0;
    expect("an unaligned address is EINVAL", mremap(moved + 1, PAGE, PAGE, 0) == MAP_FAILED && errno == EINVAL);
    errno = 0;
    expect("a new size of 0 is EINVAL", mremap(moved, PAGE, 0, 0) == MAP_FAILED && errno == EINVAL);
    char *s = map(2 * PAGE, MAP_SHARED);
    s[0] = 's';
    char *s2 = mremap(s, 2 * PAGE, 32 * PAGE, MREMAP_MAYMOVE);
    expect("shared memory grows with its bytes", s2 != MAP_FAILED && s2[0] == 's' && s2[31 * PAGE] == 0);
    munmap(moved, 8 * PAGE);
    munmap(block, PAGE);
    munmap(s2, 32 * PAGE);
}

int main(void)
{
    advice();
    sync_and_core();
    remap();
    printf("t_mem: done, %d failures\n", failures);
    return failures;
}
