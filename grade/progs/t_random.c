// Grader test program: getrandom and getentropy, printing the same here and
// under Linux (qemu-riscv64): facts about the bytes, never the bytes.
// Exit status: the number of failures.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

#define BIG (1 << 20)

int main(void)
{
    unsigned char a[64], b[64];
    expect("getrandom of 0 bytes returns 0", getrandom(a, 0, 0) == 0);
    expect("getrandom of 64 bytes returns 64", getrandom(a, 64, 0) == 64 && getrandom(b, 64, 0) == 64);
    expect("two calls give different bytes", memcmp(a, b, 64) != 0);
    expect("GRND_NONBLOCK works", getrandom(a, 16, GRND_NONBLOCK) == 16);
    expect("GRND_RANDOM works", getrandom(a, 16, GRND_RANDOM) == 16);
    errno = 0;
    expect("an unknown flag is EINVAL", getrandom(a, 16, 0x40) == -1 && errno == EINVAL);
    errno = 0;
    expect("GRND_RANDOM|GRND_INSECURE is EINVAL", getrandom(a, 16, GRND_RANDOM | GRND_INSECURE) == -1 && errno == EINVAL);
    errno = 0;
    void *volatile bad = (void *)8;    // volatile: the compiler must not judge the call itself
    expect("a bad pointer is EFAULT", getrandom(bad, 16, 0) == -1 && errno == EFAULT);
    expect("getentropy of 256 bytes works", getentropy(a, 0) == 0 && getentropy(malloc(256), 256) == 0);
    errno = 0;
    unsigned char room[300];
    expect("getentropy of 257 bytes is EIO", getentropy(room, 257) == -1 && errno == EIO);
    unsigned char *big = malloc(BIG);
    expect("a 1 MiB request is served whole", big && getrandom(big, BIG, 0) == BIG);
    // Byte counts over 1 MiB: chi-square with 255 degrees of freedom stays
    // far below 400 unless the generator is broken (p < 1e-8 by chance).
    long count[256] = { 0 };
    for (int i = 0; i < BIG; i++)
        count[big[i]]++;
    double chi = 0, expected = BIG / 256.0;
    for (int v = 0; v < 256; v++)
        chi += (count[v] - expected) * (count[v] - expected) / expected;
    expect("the bytes are evenly spread (chi-square < 400)", chi < 400);
    printf("t_random: done, %d failures\n", failures);
    return failures;
}
