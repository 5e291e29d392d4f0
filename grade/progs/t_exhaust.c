// Grader test program: resource exhaustion stays contained (issue 14).
// `t_exhaust <mode>` runs one case, prints "ok ..." or "FAIL ..." lines and
// "t_exhaust: <mode> done, N failures"; the exit status is the number of
// failures.  In every case the offender gets an error or is killed, a
// bystander started meanwhile completes, and afterwards free memory and the
// task count are back where they were.
//   forkbomb  a bomb capped by RLIMIT_NPROC (EAGAIN, others still fork), then
//             one that fills the task table (EAGAIN for everyone); killing
//             its process group frees every task
//   memhog    a hog that maps memory until ENOMEM and holds it: a bystander's
//             page fault makes the kernel kill the hog, not the bystander;
//             then a hog that touches pages until the kernel kills it
//   files     EMFILE at RLIMIT_NOFILE (open, dup, pipe), many processes with
//             full tables at once, everything back after they exit; 600
//             distinct files open at once (ENFILE when the inode table is full)
//   stack     endless recursion: SIGSEGV, within RLIMIT_STACK; an alternate
//             signal stack catches it; many at once harm nobody
//             (`t_exhaust recurse` is the recursion itself)
//   disk      write until ENOSPC; deleting gives the space back
//   inodes    create files until ENOSPC; deleting gives the inodes back
//             (the grader powers off and checks the image: grade/host/fsimage.py)
// Run on a fresh machine: it fills the task table, memory and the disk.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define KIB 1024L
#define MIB (1024 * KIB)
#define SETTLE_MS 60000          // generous: a loaded host runs QEMU slowly
#define BOMB_CAP 40              // tasks the capped bomb may add
#define BYSTANDERS 4

static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static void expect_errno(const char *what, long ret, int want)
{
    int e = errno;
    if (ret == -1 && e == want) {
        printf("ok   %s\n", what);
        return;
    }
    printf("FAIL %s: returned %ld, errno %d (want -1, errno %d)\n", what, ret, e, want);
    failures++;
}

static int nprocs(void)
{
    struct sysinfo si;
    return sysinfo(&si) == 0 ? si.procs : -1;
}

// Polls until the task count is back to want; whether it got there.
static int procs_back(int want)
{
    for (int ms = 0; ms < SETTLE_MS; ms += 20) {
        if (nprocs() <= want)
            return 1;
        sleep_ms(20);
    }
    printf("     %d tasks, %d before\n", nprocs(), want);
    return 0;
}

// The leak check: tasks and free memory back, give or take slack bytes.
// A first round may grow slab caches and kernel page tables for good
// (LEAK_SLACK_COLD); a second must give back all but a few pages.
#define LEAK_SLACK_COLD (256 * 4096UL)
static void expect_all_back(int procs, unsigned long ram, unsigned long slack, const char *what)
{
    char line[120];
    snprintf(line, sizeof line, "%s: the task count is back", what);
    expect(line, procs_back(procs));
    snprintf(line, sizeof line, "%s: free memory is back", what);
    unsigned long now = free_ram();
    int ok = now + slack >= ram;
    expect(line, ok);
    if (!ok)
        printf("     free %lu KiB, %lu KiB before\n", now / KIB, ram / KIB);
}

// A bystander: a program started while the system is exhausted, which must
// still run to its end.  It forks and execs echo into a pipe, so it needs a
// task, pages and descriptors; 0 when echo ran and said what it was told.
static int run_bystander(void)
{
    char out[32] = "";
    int p[2], st = -1;
    if (pipe(p) < 0) {
        printf("     bystander: pipe: errno %d\n", errno);
        return -1;
    }
    int pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        execl("/bin/echo", "echo", "bystander", (char *)0);
        _exit(127);
    }
    int e = errno;
    close(p[1]);
    int n = pid > 0 ? read(p[0], out, sizeof out - 1) : 0;
    close(p[0]);
    if (pid < 0 || wait_timeout(pid, &st, SETTLE_MS) != pid || st != 0 || n != 10 ||
        memcmp(out, "bystander\n", 10) != 0) {
        printf("     bystander: pid %d (errno %d), status %#x, said %d bytes\n", pid, e, st, n);
        return -1;
    }
    return 0;
}

// ---- fork bomb ---------------------------------------------------------

// Every member forks until fork fails, reports fork's errno on the pipe
// (one byte) and waits to be killed.
static void bomb(int report)
{
    for (;;) {
        int pid = fork();
        if (pid < 0) {
            char e = (char)errno;
            write(report, &e, 1);
            for (;;)
                pause();
        }
    }
}

// Starts a bomb in a process group of its own under an RLIMIT_NPROC of cap
// (RLIM_INFINITY: none); returns its leader once a member has seen fork
// fail, with that errno in *err.
static int start_bomb(rlim_t cap, int *err)
{
    int p[2];
    char e = 0;
    pipe(p);
    int leader = fork();
    if (leader == 0) {
        struct rlimit rl = { cap, RLIM_INFINITY };
        close(p[0]);
        signal(SIGPIPE, SIG_IGN);       // reports after the first find the pipe closed
        setpgid(0, 0);
        if (cap != RLIM_INFINITY)
            setrlimit(RLIMIT_NPROC, &rl);
        bomb(p[1]);
    }
    close(p[1]);
    setpgid(leader, leader);            // whoever runs first, the group exists before the kill
    *err = read(p[0], &e, 1) == 1 ? e : -1;
    close(p[0]);
    return leader;
}

// Waits until the bomb stops growing (every member has hit the limit).
static int settled_procs(void)
{
    int last = nprocs(), same = 0;
    for (int ms = 0; ms < SETTLE_MS && same < 10; ms += 50) {
        sleep_ms(50);
        int n = nprocs();
        same = n == last ? same + 1 : 0;
        last = n;
    }
    return last;
}

static void end_bomb(int leader)
{
    int st = 0;
    kill(-leader, SIGKILL);
    pid_t r = wait_timeout(leader, &st, SETTLE_MS);
    expect("the bomb's leader dies of SIGKILL", r == leader && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    if (r != leader || !WIFSIGNALED(st))
        printf("     wait gave %d, status %#x\n", r, st);
}

// A bomb with no limit of its own fills the task table; then the leak check.
static void table_bomb(int procs, long table, const char *what, unsigned long slack)
{
    int err;
    unsigned long ram = free_ram();
    int leader = start_bomb(RLIM_INFINITY, &err);
    expect("a bomb with no limit gets EAGAIN at the task table's end", err == EAGAIN);
    int peak = settled_procs();
    expect("the task table holds (never more tasks than RLIMIT_NPROC's default)", peak <= table);
    if (peak > table)
        printf("     %d tasks, table of %ld\n", peak, table);
    errno = 0;
    int pid = fork();
    if (pid == 0)
        _exit(0);
    int e = errno;
    expect("everyone's fork is EAGAIN while the table is full", pid == -1 && e == EAGAIN);
    if (pid != -1 || e != EAGAIN)
        printf("     fork gave %d, errno %d, %d tasks (%d at the peak)\n", pid, e, nprocs(), peak);
    if (pid > 0)
        waitpid(pid, 0, 0);
    end_bomb(leader);
    expect_all_back(procs, ram, slack, what);
}

static void check_forkbomb(void)
{
    struct rlimit table;
    int err, procs = nprocs();
    unsigned long ram = free_ram();
    getrlimit(RLIMIT_NPROC, &table);    // its default is the size of the task table

    int leader = start_bomb(procs + BOMB_CAP, &err);
    expect("a bomb under RLIMIT_NPROC gets EAGAIN", err == EAGAIN);
    int peak = settled_procs();
    expect("it stops at its limit", peak <= procs + BOMB_CAP);
    expect("meanwhile another program runs to its end", run_bystander() == 0);
    end_bomb(leader);
    expect_all_back(procs, ram, LEAK_SLACK_COLD, "capped bomb");

    table_bomb(procs, table.rlim_max, "table-filling bomb", LEAK_SLACK_COLD);
    table_bomb(procs, table.rlim_max, "a second one", LEAK_SLACK_WARM);
    expect("afterwards another program runs to its end", run_bystander() == 0);
}

// ---- memory hog --------------------------------------------------------

#define HOG_CHUNK (1 * MIB)
#define BYSTANDER_TOUCH (4 * MIB)

// Touches len bytes of new heap, a page at a time, and gives them back.
static int touch_heap(long len)
{
    char *p = sbrk(len);
    if (p == (char *)-1)
        return -1;
    for (long off = 0; off < len; off += 4096)
        p[off] = 1;
    return sbrk(-len) == (char *)-1 ? -1 : 0;
}

// Maps populated memory until mmap fails, in smaller and smaller pieces
// down to a page (a failed mmap gives its pieces back), reports the errno
// on the pipe and holds on to it all.
static void hold_hog(int report)
{
    for (long len = HOG_CHUNK; len >= 4096; len /= 16)
        while (mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0) !=
               MAP_FAILED)
            ;
    char e = (char)errno;
    write(report, &e, 1);
    for (;;)
        pause();
}

// Touches heap pages until sbrk fails (exit 1) or the kernel kills it.
static void touch_hog(void)
{
    for (;;) {
        char *p = sbrk(HOG_CHUNK);
        if (p == (char *)-1)
            _exit(1);
        for (long off = 0; off < HOG_CHUNK; off += 4096)
            p[off] = 1;
    }
}

// Forked before memory runs out: waits for a byte on go, then touches
// fresh pages round after round until told to stop (stop[0] set); exit 0
// when every round worked.
static int start_toucher(int go_fd, volatile int *stop)
{
    int pid = fork();
    if (pid == 0) {
        char c;
        read(go_fd, &c, 1);
        do {
            if (touch_heap(BYSTANDER_TOUCH) < 0)
                _exit(1);
        } while (!*stop);
        _exit(0);
    }
    return pid;
}

// With memory full, fork and pipe need kernel pages: each attempt fails
// with ENOMEM (or EAGAIN), or works (a child's fault may kill the hog).
// Whether every attempt ended one way or the other.
#define FULL_TRIES 20
static int fork_and_pipe_when_full(void)
{
    int ok = 0, failed = 0, st, p[2];
    for (int i = 0; i < FULL_TRIES; i++) {
        errno = 0;
        int pid = fork();
        if (pid == 0)
            _exit(7);
        if (pid > 0)
            ok += wait_timeout(pid, &st, SETTLE_MS) == pid && (st == W_EXITED(7) || WIFSIGNALED(st));
        else
            failed += errno == ENOMEM || errno == EAGAIN;
        if (pipe(p) == 0) {
            ok++;
            close(p[0]);
            close(p[1]);
        } else {
            failed += errno == ENOMEM || errno == ENFILE;
        }
    }
    printf("     memory full: %d forks or pipes worked, %d failed cleanly\n", ok, failed);
    return ok + failed == 2 * FULL_TRIES;
}

static void check_memhog(void)
{
    int procs = nprocs(), st, p[2], go[2];
    unsigned long ram = free_ram();
    volatile int *stop = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char e = 0;

    // 1. The hog holds everything and sleeps; the bystander's fault needs a page.
    pipe(go);
    *stop = 1;
    int toucher = start_toucher(go[0], stop);
    pipe(p);
    int hog = fork();
    if (hog == 0)
        hold_hog(p[1]);
    close(p[1]);
    expect("mmap(MAP_POPULATE) until memory runs out is ENOMEM", read(p[0], &e, 1) == 1 && e == ENOMEM);
    close(p[0]);
    expect("meanwhile fork and pipe fail cleanly (or work)", fork_and_pipe_when_full());
    write(go[1], "g", 1);
    st = -1;
    expect("the bystander touching fresh pages runs to its end",
           wait_timeout(toucher, &st, SETTLE_MS) == toucher && st == 0);
    if (st != 0)
        printf("     bystander status %#x\n", st);
    st = 0;
    expect("the kernel killed the hog (SIGKILL) to make room",
           wait_timeout(hog, &st, SETTLE_MS) == hog && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    if (waitpid(hog, &st, WNOHANG) == 0) {   // the kernel chose wrong: end the hog here
        kill(hog, SIGKILL);
        waitpid(hog, &st, 0);
    }
    expect_all_back(procs, ram, LEAK_SLACK_COLD, "holding hog");

    // 2. The hog touches pages as fast as it can while bystanders do too.
    int touchers[BYSTANDERS];
    *stop = 0;
    for (int i = 0; i < BYSTANDERS; i++)
        touchers[i] = start_toucher(go[0], stop);
    hog = fork();
    if (hog == 0)
        touch_hog();
    write(go[1], "gggg", BYSTANDERS);
    expect("a touching hog is killed (or sbrk fails)",
           wait_timeout(hog, &st, SETTLE_MS) == hog &&
               ((WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) || st == W_EXITED(1)));
    *stop = 1;
    int survived = 0;
    for (int i = 0; i < BYSTANDERS; i++)
        survived += wait_timeout(touchers[i], &st, SETTLE_MS) == touchers[i] && st == 0;
    expect("every bystander touching pages meanwhile runs to its end", survived == BYSTANDERS);
    close(go[0]);
    close(go[1]);
    errno = 0;
    expect_errno("sbrk beyond the address space is ENOMEM", (long)sbrk(1L << 40), ENOMEM);
    munmap((void *)stop, 4096);
    expect_all_back(procs, ram, LEAK_SLACK_COLD, "touching hog");
    expect("afterwards another program runs to its end", run_bystander() == 0);
}

// ---- descriptors -------------------------------------------------------

#define FILERS 8

// Opens descriptors until the table is full; returns how many it got and
// the errno that stopped it in *err.
static int fill_table(int *err)
{
    int n = 0;
    for (;;) {
        int fd = (n % 2) ? dup(0) : open("/bin/echo", O_RDONLY);
        if (fd < 0) {
            *err = errno;
            return n;
        }
        n++;
    }
}

// Many distinct files open at once: the kernel's table of in-memory inodes
// is global, and when it is full open() is ENFILE, for everyone.
#define DISTINCT 600
#define PER_OPENER 100
#define FILES_DIR "t_exhaust.f"

struct open_count {
    int opened, enfile, other;
};

static void distinct_name(char *name, int size, int i)
{
    snprintf(name, size, FILES_DIR "/%d", i);
}

static void check_inode_table(void)
{
    char name[64];
    int made = 0, hold[2], res[2], kids[DISTINCT / PER_OPENER], fd, st;
    struct open_count total = { 0, 0, 0 }, c;
    mkdir(FILES_DIR, 0755);
    for (int i = 0; i < DISTINCT; i++) {
        distinct_name(name, sizeof name, i);
        if ((fd = open(name, O_WRONLY | O_CREAT, 0644)) >= 0)
            made++;
        close(fd);
    }
    expect("create 600 files", made == DISTINCT);
    pipe(hold);
    pipe(res);
    for (int k = 0; k < DISTINCT / PER_OPENER; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            struct open_count mine = { 0, 0, 0 };
            char x;
            close(hold[1]);
            for (int i = k * PER_OPENER; i < (k + 1) * PER_OPENER; i++) {
                distinct_name(name, sizeof name, i);
                if (open(name, O_RDONLY) >= 0)
                    mine.opened++;
                else if (errno == ENFILE)
                    mine.enfile++;
                else
                    mine.other++;
            }
            write(res[1], &mine, sizeof mine);
            while (read(hold[0], &x, 1) > 0)   // hold them open until the parent has counted
                ;
            _exit(0);
        }
    }
    close(res[1]);
    while (read(res[0], &c, sizeof c) == sizeof c) {
        total.opened += c.opened;
        total.enfile += c.enfile;
        total.other += c.other;
        if (total.opened + total.enfile + total.other == DISTINCT)
            break;
    }
    printf("     %d of %d distinct files open at once, %d ENFILE\n", total.opened, DISTINCT, total.enfile);
    expect("600 distinct files opened at once: each open works or is ENFILE (a full inode table)",
           total.other == 0 && total.opened + total.enfile == DISTINCT);
    close(hold[1]);
    close(hold[0]);
    close(res[0]);
    for (int k = 0; k < DISTINCT / PER_OPENER; k++)
        wait_timeout(kids[k], &st, SETTLE_MS);
    int reopened = 0, removed = 0;
    for (int i = 0; i < DISTINCT; i++) {
        distinct_name(name, sizeof name, i);
        fd = open(name, O_RDONLY);
        reopened += fd >= 0;
        close(fd);
        removed += unlink(name) == 0;
    }
    expect("once they exit, every file opens again", reopened == DISTINCT);
    expect("and unlinks", removed == DISTINCT && rmdir(FILES_DIR) == 0);
}

static void check_files(void)
{
    int procs = nprocs(), err = 0, st, p[2];
    unsigned long ram = free_ram();
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);

    int pid = fork();
    if (pid == 0) {
        struct rlimit sixteen = { 16, rl.rlim_max };
        int ok = 1;
        setrlimit(RLIMIT_NOFILE, &sixteen);
        fill_table(&err);
        ok &= err == EMFILE;
        ok &= open("/bin/echo", O_RDONLY) == -1 && errno == EMFILE;
        ok &= pipe(p) == -1 && errno == EMFILE;
        close(15);
        ok &= pipe(p) == -1 && errno == EMFILE;   // one slot is not enough
        ok &= dup(0) == 15;                         // and the failed pipe kept none
        _exit(ok ? 0 : 1);
    }
    expect("open, dup and pipe are EMFILE at RLIMIT_NOFILE (16), a half-made pipe keeps nothing",
           wait_timeout(pid, &st, SETTLE_MS) == pid && st == 0);

    // Many processes with full tables at once: an error each, no harm done.
    int kids[FILERS];
    pipe(p);
    for (int i = 0; i < FILERS; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            char c;
            close(p[1]);
            int n = fill_table(&err);
            while (read(p[0], &c, 1) > 0)   // hold the table until the parent has checked
                ;
            _exit((err == EMFILE || err == ENFILE) && n > 0 ? 0 : 1);
        }
    }
    sleep_ms(200);
    expect("meanwhile another program runs to its end", run_bystander() == 0);
    close(p[1]);
    int good = 0;
    for (int i = 0; i < FILERS; i++)
        good += wait_timeout(kids[i], &st, SETTLE_MS) == kids[i] && st == 0;
    expect("each of them gets EMFILE (or ENFILE) once its table is full", good == FILERS);
    close(p[0]);
    check_inode_table();
    expect_all_back(procs, ram, LEAK_SLACK_COLD, "full descriptor and inode tables");
}

// ---- stack -------------------------------------------------------------

static long deepest;                    // bytes of stack used so far
static char *stack_top;
static volatile long bottom = -1;       // never reached: the recursion is endless

static long recurse(long n)
{
    volatile char frame[1024];
    frame[0] = (char)n;
    long used = stack_top - (char *)frame;
    if (used > deepest)
        deepest = used;
    return n == bottom ? 0 : recurse(n + 1) + frame[0];
}

// On the alternate stack: report the depth reached on descriptor 3, then
// die of the signal after all.
static void on_segv(int sig)
{
    int kib = (int)(deepest / KIB);
    write(3, &kib, sizeof kib);
    signal(sig, SIG_DFL);
    raise(sig);
}

// `t_exhaust recurse`: endless recursion, the depth reported from an
// alternate signal stack.
static void recurse_main(void)
{
    static char alt[16 * 1024];
    char here;
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
    struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_ONSTACK };
    sigaltstack(&ss, 0);
    sigaction(SIGSEGV, &sa, 0);
    stack_top = &here;
    recurse(0);
}

// Runs `t_exhaust recurse` under an RLIMIT_STACK of limit (the limit sizes
// the stack of the next program); returns its status, the depth in *kib.
static int overflow(rlim_t limit, int *kib)
{
    int p[2], st = 0;
    pipe(p);
    int pid = fork();
    if (pid == 0) {
        struct rlimit rl = { limit, RLIM_INFINITY };
        setrlimit(RLIMIT_STACK, &rl);
        dup2(p[1], 3);
        execl("/bin/t_exhaust", "t_exhaust", "recurse", (char *)0);
        _exit(127);
    }
    close(p[1]);
    if (read(p[0], kib, sizeof *kib) != sizeof *kib)
        *kib = -1;
    close(p[0]);
    wait_timeout(pid, &st, SETTLE_MS);
    return st;
}

#define STACKERS 4

static void check_stack(void)
{
    int procs = nprocs(), kib;
    unsigned long ram = free_ram();

    int st = overflow(RLIM_INFINITY, &kib);
    expect("endless recursion dies of SIGSEGV", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    expect("its handler on an alternate stack ran", kib > 0);
    expect("with no limit the stack grew to at most 8 MiB", kib > 0 && kib <= 8 * 1024);
    st = overflow(8 * MIB, &kib);
    expect("under RLIMIT_STACK 8 MiB: SIGSEGV near 8 MiB",
           WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && kib > 7 * 1024 && kib <= 8 * 1024);
    st = overflow(256 * KIB, &kib);
    expect("under RLIMIT_STACK 256 KiB: SIGSEGV near 256 KiB",
           WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && kib > 192 && kib <= 256);
    if (kib <= 192 || kib > 256)
        printf("     %d KiB deep\n", kib);

    int pids[STACKERS];
    for (int i = 0; i < STACKERS; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            recurse_main();
            _exit(0);
        }
    }
    expect("meanwhile another program runs to its end", run_bystander() == 0);
    int dead = 0;
    for (int i = 0; i < STACKERS; i++)
        dead += wait_timeout(pids[i], &st, SETTLE_MS) == pids[i] && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
    expect("several at once each die of SIGSEGV", dead == STACKERS);
    expect_all_back(procs, ram, LEAK_SLACK_COLD, "stack overflows");
}

// ---- disk --------------------------------------------------------------

#define FILL_NAME "t_exhaust.fill"
#define INODE_DIR "t_exhaust.d"

// Appends to name until a write fails; the bytes written, errno in *err.
static long fill_disk(const char *name, int *err)
{
    static char buf[16 * 1024];
    long total = 0, n;
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        *err = errno;
        return -1;
    }
    memset(buf, 'x', sizeof buf);
    while ((n = write(fd, buf, sizeof buf)) > 0)
        total += n;
    *err = n < 0 ? errno : 0;
    close(fd);
    return total;
}

// Whether the space came back is seen by filling the disk again (the
// grader also counts the image's free blocks and inodes after power-off).
static void check_disk(void)
{
    int err = 0;
    long first = fill_disk(FILL_NAME, &err);
    expect("writing until the disk is full ends in ENOSPC", first > 0 && err == ENOSPC);
    int fd = open(FILL_NAME, O_WRONLY | O_APPEND);
    expect_errno("a further write is ENOSPC", write(fd, "y", 1), ENOSPC);
    close(fd);
    expect("meanwhile another program runs to its end", run_bystander() == 0);
    fd = open(FILL_NAME, O_RDONLY);
    char c = 0;
    expect("the full file reads back", fd >= 0 && lseek(fd, first - 1, SEEK_SET) == first - 1 &&
                                           read(fd, &c, 1) == 1 && c == 'x');
    close(fd);
    expect("unlink works on a full disk", unlink(FILL_NAME) == 0);
    long second = fill_disk(FILL_NAME, &err);
    expect("the space came back: the same amount fits again", second == first && err == ENOSPC);
    if (second != first)
        printf("     %ld bytes, %ld the first time\n", second, first);
    expect("unlink", unlink(FILL_NAME) == 0);
}

// Creates empty files in INODE_DIR until create fails; how many, errno in *err.
static int fill_inodes(int *err)
{
    char name[64];
    int n = 0, fd;
    for (;;) {
        snprintf(name, sizeof name, INODE_DIR "/%d", n);
        if ((fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0)
            break;
        close(fd);
        n++;
    }
    *err = errno;
    return n;
}

static int unlink_inodes(int n)
{
    char name[64];
    int removed = 0;
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, INODE_DIR "/%d", i);
        removed += unlink(name) == 0;
    }
    return removed;
}

static void check_inodes(void)
{
    int err = 0;
    expect("mkdir", mkdir(INODE_DIR, 0755) == 0);
    int first = fill_inodes(&err);
    expect("creating files until inodes run out ends in ENOSPC", first > 0 && err == ENOSPC);
    if (err != ENOSPC)
        printf("     %d files, then errno %d\n", first, err);
    expect_errno("mkdir is ENOSPC too", mkdir(INODE_DIR "/sub", 0755), ENOSPC);
    expect("meanwhile another program runs to its end", run_bystander() == 0);
    expect("every file unlinks", unlink_inodes(first) == first);
    int second = fill_inodes(&err);
    expect("the inodes came back: as many files fit again", second == first && err == ENOSPC);
    if (second != first)
        printf("     %d files, %d the first time\n", second, first);
    expect("every file unlinks again", unlink_inodes(second) == second);
    expect("rmdir", rmdir(INODE_DIR) == 0);
}

static const struct {
    const char *name;
    void (*run)(void);
} modes[] = {
    { "forkbomb", check_forkbomb }, { "memhog", check_memhog }, { "files", check_files },
    { "stack", check_stack },       { "disk", check_disk },     { "inodes", check_inodes },
};

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "recurse") == 0)
        recurse_main();
    for (unsigned i = 0; argc == 2 && i < sizeof modes / sizeof modes[0]; i++) {
        if (strcmp(argv[1], modes[i].name) == 0) {
            modes[i].run();
            printf("t_exhaust: %s done, %d failures\n", argv[1], failures);
            return failures;
        }
    }
    fprintf(stderr, "usage: t_exhaust forkbomb|memhog|files|stack|disk|inodes\n");
    return 2;
}
