// Grader test program: the standard C pieces course programs use: strtod and
// atof, qsort and bsearch, rand_r, getopt, setjmp/longjmp and
// sigsetjmp/siglongjmp, and <math.h>.  Prints the same here and under Linux
// (qemu-riscv64); math results also as raw bits ("bits 0x...") so the grader
// can check them against the host's libm.  Exit status: the failures.
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static void conversions(void)
{
    static const char *inputs[] = {
        "0", "1", "-2.5", "3.14159265358979323846", "1e10", "1.5e-7", "  +42abc", ".5", "5.", "1e400",
        "-1e-400", "0x1.8p3", "0x10", "0X.8P-1", "inf", "-Infinity", "nan", "nan(123)", "abc", "", "1e",
        "123456789012345678901234567890", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308",
        "0.1", "0.30000000000000004", "9007199254740993", "-0", "1e-5x",
    };
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(inputs[i], &end);
        printf("strtod(\"%s\") bits 0x%016lx used %d%s\n", inputs[i], (unsigned long)bits(d),
               (int)(end - inputs[i]), errno == ERANGE ? " ERANGE" : "");
    }
    expect("atof(\"2.75\") is 2.75", atof("2.75") == 2.75);
    expect("strtof(\"0.1\") is 0.1f", strtof("0.1", 0) == 0.1f);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void sorting(void)
{
    int v[200];
    unsigned int seed = 12345;
    for (int i = 0; i < 200; i++)
        v[i] = rand_r(&seed) % 1000;
    qsort(v, 200, sizeof v[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < 200; i++)
        sorted &= v[i - 1] <= v[i];
    expect("qsort sorts 200 numbers", sorted);
    int found = 1;
    for (int i = 0; i < 200; i++) {
        int *p = bsearch(&v[i], v, 200, sizeof v[0], cmp_int);
        found &= p && *p == v[i];
    }
    int missing = 1000;
    expect("bsearch finds every element", found);
    expect("bsearch says NULL for a missing one", bsearch(&missing, v, 200, sizeof v[0], cmp_int) == 0);
    unsigned int a = 7, b = 7;
    int same = 1;
    for (int i = 0; i < 100; i++)
        same &= rand_r(&a) == rand_r(&b);
    expect("rand_r: the same state gives the same numbers", same);
    int r = rand_r(&a);
    expect("rand_r stays within 0..RAND_MAX", r >= 0 && r <= RAND_MAX);
}

static void options(void)
{
    char *argv1[] = { "prog", "-a", "-bvalue", "-c", "word", "-ac", "x", "file", "-z", 0 };
    int c;
    optind = 1;
    opterr = 0;                        // no complaints on stderr: its order against stdout varies
    printf("getopt:");
    while ((c = getopt(9, argv1, "ab:c:")) != -1)
        printf(" %c%s%s", c, optarg ? "=" : "", optarg ? optarg : "");
    printf("; optind %d\n", optind);
    char *argv2[] = { "prog", "-x", "-q", "--", "-a", 0 };
    optind = 1;
    printf("getopt:");
    while ((c = getopt(5, argv2, ":ab")) != -1)
        printf(" %c(%c)", c, optopt);
    printf("; optind %d\n", optind);
    char *argv3[] = { "prog", "-b", 0 };
    optind = 1;
    expect("a missing argument with a leading ':' is ':'", getopt(2, argv3, ":b:") == ':' && optopt == 'b');
    opterr = 1;
}

static jmp_buf env;
static sigjmp_buf senv;

// Called through a pointer the compiler cannot see through, so that it does
// not take the recursion below for an endless one.
static void (*volatile jumper)(jmp_buf, int) = longjmp;

static void jump_back(int depth)
{
    if (depth == 0)
        jumper(env, 0);                // setjmp gives 1 for a 0
    else
        jump_back(depth - 1);
}

static void on_usr1(int sig)
{
    (void)sig;
    siglongjmp(senv, 7);
}

static void jumps(void)
{
    volatile int count = 0;
    register double kept = 2.5;        // callee-saved FP registers survive a jump
    int r = setjmp(env);
    count++;
    if (r == 0)
        jump_back(10);
    expect("longjmp(env, 0) makes setjmp return 1", r == 1 && count == 2);
    expect("a callee-saved value is still there", kept == 2.5);
    signal(SIGUSR1, on_usr1);
    int s = sigsetjmp(senv, 1);
    if (s == 0)
        raise(SIGUSR1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    expect("siglongjmp out of a handler returns 7", s == 7);
    expect("sigsetjmp(env, 1) restored the mask (SIGUSR1 not blocked)", !sigismember(&now, SIGUSR1));
}

static void mathematics(void)
{
    static const double xs[] = { 0.5, 1, 2, 3.7, 10, 100.25, 1e-3, 700 };
    static const struct { const char *name; double (*f)(double); } one[] = {
        { "sqrt", sqrt }, { "exp", exp }, { "log", log }, { "log2", log2 }, { "log10", log10 },
        { "sin", sin }, { "cos", cos }, { "tan", tan }, { "atan", atan }, { "floor", floor },
        { "ceil", ceil }, { "round", round }, { "trunc", trunc }, { "fabs", fabs },
    };
    for (unsigned f = 0; f < sizeof one / sizeof one[0]; f++)
        for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            double x = (f % 2 ? 1 : -1) * xs[i];
            if (!strcmp(one[f].name, "sqrt") || !strncmp(one[f].name, "log", 3) || !strcmp(one[f].name, "exp"))
                x = xs[i];
            printf("math %s %016lx bits 0x%016lx\n", one[f].name, (unsigned long)bits(x),
                   (unsigned long)bits(one[f].f(x)));
        }
    static const double pairs[][2] = { { 2, 10 }, { 2, 0.5 }, { 10, -3 }, { -2, 3 }, { 1.5, 2.25 },
                                       { 7, 3 }, { -7.5, 2 }, { 3, -4 } };
    for (unsigned i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double x = pairs[i][0], y = pairs[i][1];
        printf("math2 pow %016lx %016lx bits 0x%016lx\n", (unsigned long)bits(x), (unsigned long)bits(y),
               (unsigned long)bits(pow(x, y)));
        printf("math2 atan2 %016lx %016lx bits 0x%016lx\n", (unsigned long)bits(x), (unsigned long)bits(y),
               (unsigned long)bits(atan2(x, y)));
        printf("math2 fmod %016lx %016lx bits 0x%016lx\n", (unsigned long)bits(x), (unsigned long)bits(y),
               (unsigned long)bits(fmod(x, y)));
        printf("math2 hypot %016lx %016lx bits 0x%016lx\n", (unsigned long)bits(x), (unsigned long)bits(y),
               (unsigned long)bits(hypot(x, y)));
    }
    errno = 0;
    expect("log(-1) is NaN with EDOM", isnan(log(-1)) && errno == EDOM);
    errno = 0;
    expect("exp(1000) is inf with ERANGE", isinf(exp(1000)) && errno == ERANGE);
    expect("pow(-8, 1/3.) is NaN", isnan(pow(-8, 1 / 3.)));
    expect("pow(0, -1) is inf", isinf(pow(0, -1)));
    int e;
    double m = frexp(48, &e);
    expect("frexp(48) is 0.75 * 2^6", m == 0.75 && e == 6);
    expect("ldexp(0.75, 6) is 48", ldexp(0.75, 6) == 48);
    double ip;
    expect("modf(-3.25) is -0.25 and -3", modf(-3.25, &ip) == -0.25 && ip == -3);
}

int main(void)
{
    conversions();
    sorting();
    options();
    jumps();
    mathematics();
    printf("t_libc: done, %d failures\n", failures);
    return failures;
}
