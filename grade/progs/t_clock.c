// Grader test program: clocks and calendar time, written to print the same
// lines here and under Linux (qemu-riscv64): no values that differ between
// machines, only the facts about them.  Exit status: the number of failures.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static long long ns_of(const struct timespec *ts)
{
    return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static void spin(void)
{
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 20000000UL; i++)
        x += i;
}

static void clock_ids(void)
{
    static const char *names[] = { "REALTIME", "MONOTONIC", "PROCESS_CPUTIME_ID", "THREAD_CPUTIME_ID",
                                   "MONOTONIC_RAW", "REALTIME_COARSE", "MONOTONIC_COARSE", "BOOTTIME" };
    char what[96];
    for (int clk = 0; clk < 8; clk++) {
        struct timespec ts, res;
        snprintf(what, sizeof what, "CLOCK_%s: gettime and getres work, resolution 1 ns..10 ms", names[clk]);
        int ok = clock_gettime(clk, &ts) == 0 && clock_getres(clk, &res) == 0 &&
                 ns_of(&res) > 0 && ns_of(&res) <= 10000000;
        expect(what, ok);
    }
    struct timespec ts;
    errno = 0;
    expect("clock id 100 is EINVAL", clock_gettime(100, &ts) == -1 && errno == EINVAL);
    errno = 0;
    expect("clock_settime(CLOCK_MONOTONIC) is EINVAL", clock_settime(CLOCK_MONOTONIC, &ts) == -1 && errno == EINVAL);
    expect("clock_getres with a NULL result works", clock_getres(CLOCK_MONOTONIC, 0) == 0);
}

static void progress(void)
{
    struct timespec a, b, p0, p1, t1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int mono_ok = 1;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        mono_ok &= ns_of(&b) >= ns_of(&a);
        a = b;
    }
    expect("CLOCK_MONOTONIC never goes back", mono_ok);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &p0);
    clock_t c0 = clock();
    struct tms tm0, tm1;
    clock_t t0 = times(&tm0);
    spin();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &p1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    expect("process CPU time grows while the process computes", ns_of(&p1) > ns_of(&p0));
    expect("thread CPU time is at most the process's", ns_of(&t1) <= ns_of(&p1) + 1000000);
    expect("clock() grows too", clock() > c0);
    expect("times() counts on", times(&tm1) >= t0 && tm1.tms_utime + tm1.tms_stime >= tm0.tms_utime + tm0.tms_stime);
}

static void wall_clock(void)
{
    struct timespec rt;
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &rt);
    gettimeofday(&tv, 0);
    expect("the wall clock is past 2024, not 1970", rt.tv_sec > 1704067200L);
    expect("gettimeofday agrees with CLOCK_REALTIME", tv.tv_sec - rt.tv_sec >= 0 && tv.tv_sec - rt.tv_sec <= 2);
    expect("time() agrees too", time(0) - rt.tv_sec >= 0 && time(0) - rt.tv_sec <= 2);
    struct timespec deadline = rt, now;
    deadline.tv_nsec += 20000000;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    int r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &deadline, 0);
    clock_gettime(CLOCK_REALTIME, &now);
    expect("an absolute CLOCK_REALTIME sleep ends at its deadline", r == 0 && ns_of(&now) >= ns_of(&deadline));
    struct timespec bad = { 0, 1000000000L };
    expect("nanosleep with tv_nsec 1e9 is EINVAL", nanosleep(&bad, 0) == -1 && errno == EINVAL);
    struct timespec shortest = { 0, 1 };
    expect("clock_nanosleep on clock id 100 is EINVAL", clock_nanosleep(100, 0, &shortest, 0) == EINVAL);
}

static void calendar(void)
{
    static const long stamps[] = { 0, -1, 951782400L, 951868799L, 1796610205L, 4102444800L, 253402300799L };
    char buf[128];
    for (unsigned i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        time_t t = stamps[i];
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %A %b %B %j %u %w %y %C %e %D %R %T %p %I %%", &tm);
        struct tm copy = tm;
        printf("%ld: %s; yday %d wday %d; timegm back %s\n", (long)t, buf, tm.tm_yday, tm.tm_wday,
               timegm(&copy) == t ? "same" : "DIFFERENT");
        printf("    asctime %s", asctime(&tm));
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 126;
    tm.tm_mon = 0;
    tm.tm_mday = 32;                   // January 32nd: February 1st
    tm.tm_hour = 25;                   // and one more day and an hour
    tm.tm_min = -5;
    time_t t = timegm(&tm);
    strftime(buf, sizeof buf, "%F %T", &tm);
    printf("normalised: %s (%ld)\n", buf, (long)t);
    expect("strftime reports 0 when the result does not fit", strftime(buf, 4, "%Y-%m", &tm) == 0);
}

int main(void)
{
    clock_ids();
    progress();
    wall_clock();
    calendar();
    printf("t_clock: done, %d failures\n", failures);
    return failures;
}
