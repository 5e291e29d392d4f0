// Grader test program: regression checks for defects found by testing the
// kernel from outside (issue 16).  `t_robust <check>` runs one check, prints
// "ok ..." or "FAIL ..." lines and "t_robust: <check> done, N failures";
// the exit status is the number of failures.
//   setpgid   setpgid() on init (which has no parent) fails with ESRCH
//   dirfd     a /proc file is not a directory: openat(fd, "..") is ENOTDIR
//   killwrite SIGKILL ends a long write() part way through
//   enosys    unknown system calls answer ENOSYS (the console names each once)
//   shrink    a heap grown by 128 MiB and shrunk back returns its page tables
//   hangup    a stopped process whose group an exit orphans gets SIGHUP (and dies)
//   orphan    unlink a file while holding it open, then wait to be cut off
//             (the grader kills QEMU: the next boot must free the inode)
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

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

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static void check_setpgid(void)
{
    expect_errno("setpgid(1, 0) is ESRCH", setpgid(1, 0), ESRCH);
    expect_errno("setpgid(1, 1) is ESRCH", setpgid(1, 1), ESRCH);
    expect_errno("setpgid(1, getpid()) is ESRCH", setpgid(1, getpid()), ESRCH);
}

static void check_dirfd(void)
{
    int f = open("/proc/self/stat", O_RDONLY);
    expect("open /proc/self/stat", f >= 0);
    expect_errno("openat(proc file, \"..\") is ENOTDIR", openat(f, "..", O_RDONLY), ENOTDIR);
    expect_errno("openat(proc file, \"stat\") is ENOTDIR", openat(f, "stat", O_RDONLY), ENOTDIR);
    close(f);
    int d = open("/proc/self", O_RDONLY | O_DIRECTORY);
    expect("open /proc/self as a directory", d >= 0);
    int g = openat(d, "stat", O_RDONLY);
    expect("openat(/proc/self, \"stat\") works", g >= 0);
    close(g);
    close(d);
}

// The child writes LEN bytes in one call; once the file has grown the parent
// kills it.  The write must stop at the next chunk, so the file ends short.
// LEN is more than the page cache lets one file hold dirty (8 MiB), so the
// write waits for the disk part way, even when the parent shares its CPU.
#define LEN (24 << 20)
#define FILE_NAME "t_robust.out"

static void check_killwrite(void)
{
    unlink(FILE_NAME);
    int pid = fork();
    if (pid == 0) {
        char *buf = malloc(LEN);           // lazily grown heap: zero pages
        int fd = open(FILE_NAME, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (!buf || fd < 0)
            _exit(2);
        write(fd, buf, LEN);
        _exit(3);                          // must not get here
    }
    struct stat st = { 0 };
    for (int i = 0; i < 100000 && st.st_size == 0; i++) {
        sched_yield();
        stat(FILE_NAME, &st);
    }
    expect("the write started", st.st_size > 0);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    expect("the writer was killed by SIGKILL", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    stat(FILE_NAME, &st);
    printf("%s the write stopped part way (%ld of %d bytes)\n", st.st_size < LEN ? "ok  " : "FAIL",
           (long)st.st_size, LEN);
    failures += st.st_size >= LEN;
    unlink(FILE_NAME);
}

static long free_bytes(void)
{
    struct sysinfo si;
    sysinfo(&si);
    return (long)(si.freeram * si.mem_unit);
}

// One byte touched per 2 MiB makes one leaf page table each: 64 tables,
// 256 KiB, which the shrink must give back with the pages.
#define GROW (128L << 20)
#define TABLE_SPAN (2L << 20)

static void check_shrink(void)
{
    long before = free_bytes();
    char *p = sbrk(GROW);
    expect("sbrk(+128 MiB)", p != (char *)-1);
    for (long off = 0; p != (char *)-1 && off < GROW; off += TABLE_SPAN)
        p[off] = 1;
    expect("sbrk(-128 MiB)", sbrk(-GROW) != (char *)-1);
    long lost = before - free_bytes();
    printf("%s the memory came back (%ld KiB short, at most 64)\n", lost <= 64 * 1024 ? "ok  " : "FAIL",
           lost / 1024);
    failures += lost > 64 * 1024;
}

// A session leader forks a child that stops itself, then exits: the child's
// group is orphaned with a stopped member, so the kernel hangs it up.  The
// grandchild is init's by then: its end shows as kill(pid, 0) failing.
static void check_hangup(void)
{
    int p[2];
    pipe(p);
    int leader = fork();
    if (leader == 0) {
        setsid();
        int child = fork();
        if (child == 0) {
            raise(SIGSTOP);
            _exit(0);                  // continued without a hangup: it must not get here
        }
        int status;
        waitpid(child, &status, WUNTRACED);
        write(p[1], &child, sizeof child);
        _exit(WIFSTOPPED(status) ? 0 : 1);
    }
    int child = 0, status;
    read(p[0], &child, sizeof child);
    waitpid(leader, &status, 0);
    expect("the stopped child exists before its parent exits", child > 0 && WIFEXITED(status) &&
                                                                   WEXITSTATUS(status) == 0);
    int gone = 0;
    for (int i = 0; i < 1000 && !gone; i++) {     // up to 10 s: it is init that reaps it
        gone = kill(child, 0) < 0 && errno == ESRCH;
        if (!gone)
            usleep(10000);
    }
    expect("the orphaned stopped child got SIGHUP and is gone", gone);
    close(p[0]);
    close(p[1]);
}

// 500 and 501 are numbers Linux has never assigned on riscv64.
static void check_enosys(void)
{
    errno = 0;
    expect_errno("system call 500 is ENOSYS", syscall(500), ENOSYS);
    expect_errno("system call 500 again is ENOSYS", syscall(500), ENOSYS);
    expect_errno("system call 501 is ENOSYS", syscall(501), ENOSYS);
}

static void hold_orphan(void)
{
    static char block[4096];
    int fd = open("orphan.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    expect("create orphan.tmp", fd >= 0);
    memset(block, 'o', sizeof block);
    for (int i = 0; i < 16; i++)
        write(fd, block, sizeof block);
    expect("unlink it while open", unlink("orphan.tmp") == 0);
    expect("sync the unlink to disk", fsync(fd) == 0);   // the log commits in groups
    printf("t_robust: orphan holding\n");
    fflush(stdout);
    for (;;)
        pause();
}

int main(int argc, char **argv)
{
    static const struct { const char *name; void (*run)(void); } checks[] = {
        { "setpgid", check_setpgid }, { "dirfd", check_dirfd }, { "killwrite", check_killwrite },
        { "enosys", check_enosys }, { "shrink", check_shrink }, { "hangup", check_hangup },
        { "orphan", hold_orphan },
    };
    for (unsigned i = 0; argc == 2 && i < sizeof checks / sizeof checks[0]; i++) {
        if (strcmp(argv[1], checks[i].name) == 0) {
            checks[i].run();
            printf("t_robust: %s done, %d failures\n", argv[1], failures);
            return failures;
        }
    }
    fprintf(stderr, "usage: t_robust setpgid|dirfd|killwrite|enosys|shrink|hangup|orphan\n");
    return 2;
}
