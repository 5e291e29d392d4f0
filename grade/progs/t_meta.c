// Grader test program: file metadata (permission bits and the umask, owner,
// times, truncate, access, statx), printed the same here and under Linux
// (qemu-riscv64, run as root).  It works in a directory of its own, made in
// the current one, and prints only facts that do not depend on where that
// is.  Exit status: the number of failures.
//
//   t_meta          the checks above
//   t_meta local    this OS's own limits and choices (not compared with Linux)
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define DIR "t_meta.dir"

static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

// -1 and errno as the call left it: for expect(..., fails(call, ENOENT)).
static int fails(int r, int err)
{
    return r == -1 && errno == err;
}

static unsigned mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mode : 0;
}

static void show_mode(const char *what, const char *path)
{
    printf("%s: %o\n", what, mode_of(path));
}

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return ns(t);
}

// Long enough for a file system's coarse clock (Linux: a jiffy) to move.
static void tick(void)
{
    struct timespec t = { 0, 30 * 1000 * 1000 };
    nanosleep(&t, 0);
}

static void make_file(const char *path, mode_t mode, const char *data)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, data, strlen(data)) != (ssize_t)strlen(data))
        printf("FAIL cannot make %s\n", path);
    close(fd);
}

static void modes(void)
{
    umask(022);
    printf("umask(027) returned %o\n", umask(027));
    printf("umask(022) returned %o\n", umask(022));
    make_file("f", 0666, "");
    show_mode("open O_CREAT 0666, umask 022", "f");
    int fd = open("g", O_RDWR | O_CREAT | O_EXCL, 06777);
    close(fd);
    show_mode("open O_CREAT 06777", "g");
    mkdir("d", 0777);
    show_mode("mkdir 0777", "d");
    mkdir("e", 07777);
    show_mode("mkdir 07777 (setuid, setgid dropped)", "e");
    mknod("n", S_IFREG | 0640, 0);
    show_mode("mknod S_IFREG 0640", "n");
    umask(0);
    make_file("h", 0666, "");
    show_mode("umask 0, open 0666", "h");
    umask(077);
    pid_t pid = fork();
    if (pid == 0) {
        umask(0);
        _exit(0);
    }
    waitpid(pid, 0, 0);
    printf("a child's umask is its own: %o\n", umask(022));

    expect("chmod 0600", chmod("f", 0600) == 0);
    show_mode("after chmod 0600", "f");
    expect("chmod ignores type bits", chmod("f", S_IFDIR | 0751) == 0);
    show_mode("after chmod S_IFDIR|0751", "f");
    fd = open("f", O_RDONLY);
    expect("fchmod 04711 on a read-only descriptor", fchmod(fd, 04711) == 0);
    show_mode("after fchmod 04711", "f");
    close(fd);
    expect("fchmodat on d", fchmodat(AT_FDCWD, "d", 01777, 0) == 0);
    show_mode("after fchmodat 01777", "d");
    expect("chmod of a missing file is ENOENT", fails(chmod("missing", 0644), ENOENT));
    expect("chmod through a file is ENOTDIR", fails(chmod("f/x", 0644), ENOTDIR));
    expect("fchmod of a closed descriptor is EBADF", fails(fchmod(99, 0644), EBADF));
}

static void owners(void)
{
    struct stat st;
    uid_t u = getuid();
    gid_t g = getgid();
    chmod("f", 06755);
    expect("chown to the owner it has", chown("f", u, g) == 0);
    show_mode("chown drops setuid and setgid (group-executable)", "f");
    chmod("f", 02745);
    expect("chown(-1, -1)", chown("f", -1, -1) == 0);
    show_mode("setgid without group x survives", "f");
    chmod("f", 04755);
    int fd = open("f", O_RDONLY);
    expect("fchown", fchown(fd, u, g) == 0);
    close(fd);
    show_mode("fchown drops setuid", "f");
    chmod("d", 04755);
    expect("lchown of a directory", lchown("d", u, g) == 0);
    show_mode("a directory keeps setuid", "d");
    expect("stat reports the owner", stat("f", &st) == 0 && st.st_uid == u && st.st_gid == g);
    expect("fchownat with bad flags is EINVAL", fails(fchownat(AT_FDCWD, "f", u, g, 0x1), EINVAL));
    fd = open("f", O_RDONLY);
    expect("fchownat AT_EMPTY_PATH on a descriptor", fchownat(fd, "", u, g, AT_EMPTY_PATH) == 0);
    close(fd);
    expect("chown of a missing file is ENOENT", fails(chown("missing", u, g), ENOENT));
}

static void times(void)
{
    struct stat st, st2;
    struct timespec ts[2] = { { 1000000000, 123456789 }, { 1500000000, 987654321 } };
    expect("utimensat sets both times", utimensat(AT_FDCWD, "f", ts, 0) == 0);
    stat("f", &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    expect("st_mtime is st_mtim.tv_sec", st.st_mtime == 1500000000 && st.st_atime == 1000000000);
    struct timespec omit[2] = { { 5, UTIME_OMIT }, { 1600000000, 0 } };
    expect("UTIME_OMIT keeps atime", utimensat(AT_FDCWD, "f", omit, 0) == 0);
    stat("f", &st);
    printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);

    long long before = now_ns();
    struct timespec now[2] = { { 0, UTIME_NOW }, { 7, UTIME_OMIT } };
    expect("UTIME_NOW", utimensat(AT_FDCWD, "f", now, 0) == 0);
    stat("f", &st);
    expect("UTIME_NOW set atime to about now", ns(st.st_atim) > before - 1000000000LL &&
                                               ns(st.st_atim) < now_ns() + 1000000000LL);
    expect("... and left mtime", st.st_mtim.tv_sec == 1600000000);
    expect("a times change moves ctime", ns(st.st_ctim) > before - 1000000000LL);
    expect("NULL times: both now", utimensat(AT_FDCWD, "f", 0, 0) == 0 && stat("f", &st) == 0 &&
                                   ns(st.st_mtim) > before - 1000000000LL);

    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    expect("nanoseconds of a second or more are EINVAL", fails(utimensat(AT_FDCWD, "f", bad, 0), EINVAL));
    struct timespec both_omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    expect("both UTIME_OMIT does not even look the path up",
           utimensat(AT_FDCWD, "missing", both_omit, 0) == 0);
    expect("utimensat of a missing file is ENOENT", fails(utimensat(AT_FDCWD, "missing", 0, 0), ENOENT));
    expect("utimensat with bad flags is EINVAL", fails(utimensat(AT_FDCWD, "f", 0, 0x1), EINVAL));
    expect("AT_SYMLINK_NOFOLLOW is accepted", utimensat(AT_FDCWD, "f", ts, AT_SYMLINK_NOFOLLOW) == 0);

    int fd = open("f", O_RDWR);
    expect("futimens", futimens(fd, ts) == 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 1500000000);
    expect("a write moves mtime forward", write(fd, "x", 1) == 1 && fstat(fd, &st) == 0 &&
                                          st.st_mtim.tv_sec > 1500000000);
    expect("... and ctime with it", ns(st.st_ctim) >= ns(st.st_mtim) - 1000000000LL);
    close(fd);
    struct utimbuf ub = { 2000000000, 2000000001 };
    expect("utime", utime("f", &ub) == 0 && stat("f", &st) == 0 &&
                    st.st_atime == 2000000000 && st.st_mtime == 2000000001);
    struct timeval tv[2] = { { 3, 500000 }, { 4, 250000 } };
    expect("utimes", utimes("f", tv) == 0 && stat("f", &st) == 0 &&
                     st.st_mtim.tv_sec == 4 && st.st_mtim.tv_nsec == 250000000);

    // The name space: link moves the file's ctime, entries move the directory's mtime.
    stat("f", &st);
    tick();
    expect("link", link("f", "f2") == 0 && stat("f", &st2) == 0);
    expect("a link moves the file's ctime", ns(st2.st_ctim) > ns(st.st_ctim));
    expect("... and not its mtime", ns(st2.st_mtim) == ns(st.st_mtim));
    expect("utimensat on the directory", utimensat(AT_FDCWD, ".", ts, 0) == 0);
    expect("unlink", unlink("f2") == 0 && stat(".", &st) == 0);
    expect("an unlink moves the directory's mtime", st.st_mtim.tv_sec > 1500000000);
    utimensat(AT_FDCWD, ".", ts, 0);
    make_file("f3", 0644, "");
    expect("a create moves the directory's mtime", stat(".", &st) == 0 && st.st_mtim.tv_sec > 1500000000);
    stat("f3", &st);
    expect("a new file's three times are equal", ns(st.st_atim) == ns(st.st_mtim) &&
                                                 ns(st.st_mtim) == ns(st.st_ctim));
    stat("f", &st);
    tick();
    chmod("f", 0644);
    expect("chmod moves ctime", stat("f", &st2) == 0 && ns(st2.st_ctim) > ns(st.st_ctim));
}

static int all_zero(const char *buf, int n)
{
    for (int i = 0; i < n; i++)
        if (buf[i])
            return 0;
    return 1;
}

static void sizes(void)
{
    static char buf[70000];
    struct stat st;
    make_file("t", 0644, "abcdefghij");
    int fd = open("t", O_RDWR);
    expect("ftruncate to 3", ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3);
    expect("ftruncate to 10", ftruncate(fd, 10) == 0 && fstat(fd, &st) == 0 && st.st_size == 10);
    memset(buf, 'q', 10);
    pread(fd, buf, 10, 0);
    printf("after shrink and grow:");
    for (int i = 0; i < 10; i++)
        printf(" %02x", buf[i]);
    printf("\n");
    expect("grow to 65536 + 5", ftruncate(fd, 65541) == 0 && fstat(fd, &st) == 0 && st.st_size == 65541);
    expect("the hole reads as zeros", pread(fd, buf, sizeof buf, 0) == 65541 && !memcmp(buf, "abc", 3) &&
                                      all_zero(buf + 3, 65541 - 3));
    expect("the hole takes no blocks", st.st_blocks * 512 < 65536);
    expect("the offset did not move", lseek(fd, 0, SEEK_CUR) == 0);
    memset(buf, 'z', 20000);
    expect("write 20000 bytes at 100000", pwrite(fd, buf, 20000, 100000) == 20000);
    expect("truncate by name to 100001", truncate("t", 100001) == 0 && fstat(fd, &st) == 0 &&
                                         st.st_size == 100001);
    expect("... keeps the byte before", pread(fd, buf, 10, 100000) == 1 && buf[0] == 'z');
    expect("grow again to 120000: zeros after it", ftruncate(fd, 120000) == 0 &&
                                                   pread(fd, buf, 20000, 100000) == 20000 &&
                                                   buf[0] == 'z' && all_zero(buf + 1, 19999));
    expect("truncate to 0", ftruncate(fd, 0) == 0 && fstat(fd, &st) == 0 && st.st_size == 0 &&
                            st.st_blocks == 0);
    expect("ftruncate to a negative size is EINVAL", fails(ftruncate(fd, -1), EINVAL));
    close(fd);
    fd = open("t", O_RDONLY);
    expect("ftruncate of a read-only descriptor is EINVAL", fails(ftruncate(fd, 0), EINVAL));
    close(fd);
    fd = open("d", O_RDONLY);
    expect("ftruncate of a directory is EINVAL", fails(ftruncate(fd, 0), EINVAL));
    close(fd);
    expect("truncate of a directory is EISDIR", fails(truncate("d", 0), EISDIR));
    expect("truncate of a missing file is ENOENT", fails(truncate("missing", 0), ENOENT));
    expect("truncate to a negative size is EINVAL", fails(truncate("t", -5), EINVAL));
    int p[2];
    pipe(p);
    expect("ftruncate of a pipe is EINVAL", fails(ftruncate(p[1], 0), EINVAL));
    close(p[0]);
    close(p[1]);
    expect("ftruncate of a closed descriptor is EBADF", fails(ftruncate(99, 0), EBADF));
}

static void accesses(void)
{
    chmod("f", 0644);
    chmod("g", 0744);
    expect("F_OK of a file", access("f", F_OK) == 0);
    expect("F_OK of a missing file is ENOENT", fails(access("missing", F_OK), ENOENT));
    expect("R_OK|W_OK for root", access("f", R_OK | W_OK) == 0);
    expect("X_OK without an x bit is EACCES", fails(access("f", X_OK), EACCES));
    expect("X_OK with the owner's x bit", access("g", X_OK) == 0);
    expect("X_OK of a directory", access("d", X_OK) == 0);
    expect("a bad mode is EINVAL", fails(access("f", 8), EINVAL));
    expect("faccessat AT_EACCESS", faccessat(AT_FDCWD, "g", X_OK, AT_EACCESS) == 0);
    expect("faccessat with bad flags is EINVAL", fails(faccessat(AT_FDCWD, "f", R_OK, 0x1), EINVAL));
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    expect("faccessat relative to a directory", faccessat(dfd, "f", R_OK, 0) == 0);
    close(dfd);
    expect("access through a file is ENOTDIR", fails(access("f/x", F_OK), ENOTDIR));
}

static void statxs(void)
{
    struct statx sx;
    struct stat st;
    chmod("f", 0640);
    expect("statx", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx) == 0 && stat("f", &st) == 0);
    expect("the basic fields are there", (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
    printf("statx: mode %o nlink %u size %llu\n", sx.stx_mode, sx.stx_nlink, (unsigned long long)sx.stx_size);
    expect("statx agrees with stat", sx.stx_ino == st.st_ino && sx.stx_uid == st.st_uid &&
                                     sx.stx_mtime.tv_sec == st.st_mtim.tv_sec &&
                                     sx.stx_mtime.tv_nsec == (unsigned)st.st_mtim.tv_nsec &&
                                     sx.stx_ctime.tv_sec == st.st_ctim.tv_sec &&
                                     sx.stx_blocks == (unsigned long long)st.st_blocks);
    int fd = open("f", O_RDONLY);
    memset(&sx, 0, sizeof sx);
    expect("statx AT_EMPTY_PATH on a descriptor", statx(fd, "", AT_EMPTY_PATH, STATX_MODE | STATX_SIZE, &sx) == 0 &&
                                                 sx.stx_mode == (S_IFREG | 0640) && sx.stx_size == (unsigned long long)st.st_size);
    close(fd);
    expect("statx of a directory", statx(AT_FDCWD, "d", 0, STATX_TYPE, &sx) == 0 && S_ISDIR(sx.stx_mode));
    expect("statx with bad flags is EINVAL", fails(statx(AT_FDCWD, "f", 0x1, STATX_BASIC_STATS, &sx), EINVAL));
    expect("statx FORCE_SYNC|DONT_SYNC is EINVAL",
           fails(statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &sx), EINVAL));
    expect("statx with the reserved mask bit is EINVAL", fails(statx(AT_FDCWD, "f", 0, 0x80000000U, &sx), EINVAL));
    expect("statx of a missing file is ENOENT", fails(statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx), ENOENT));
}

// Bad pointers are EFAULT, never a crash.  (volatile: the compiler cannot
// tell the address is bad and warn.)
static void *volatile bad_address = (void *)1;

static void bad_pointers(void)
{
    void *bad = bad_address;
    expect("statx into a bad buffer is EFAULT", fails(statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, bad), EFAULT));
    expect("utimensat from bad times is EFAULT", fails(utimensat(AT_FDCWD, "f", bad, 0), EFAULT));
    expect("access of a bad path is EFAULT", fails(access(bad, F_OK), EFAULT));
    expect("chmod of a bad path is EFAULT", fails(chmod(bad, 0644), EFAULT));
    expect("truncate of a bad path is EFAULT", fails(truncate(bad, 0), EFAULT));
}

static void clean(void)
{
    const char *files[] = { "f", "f2", "f3", "g", "h", "n", "t", 0 };
    for (int i = 0; files[i]; i++)
        unlink(files[i]);
    rmdir("d");
    rmdir("e");
}

// This OS only: a file is at most 4 GiB - 1 bytes; reading moves atime
// (relatime: when it is older than the last change); devfs keeps a chmod
// in memory (under Linux this would change the host's /dev/null).
static void local(void)
{
    struct stat st;
    struct timespec old[2] = { { 1000000000, 0 }, { 0, UTIME_OMIT } };
    make_file("f", 0644, "data");
    expect("truncate to 4 GiB is EFBIG", fails(truncate("f", 1LL << 32), EFBIG));
    expect("truncate to 4 GiB - 1 works", truncate("f", (1LL << 32) - 1) == 0 && stat("f", &st) == 0 &&
                                           st.st_size == (1LL << 32) - 1);
    expect("... and back to 4", truncate("f", 4) == 0);
    utimensat(AT_FDCWD, "f", old, 0);
    char buf[4];
    int fd = open("f", O_RDONLY);
    expect("a read moves an atime older than mtime", read(fd, buf, 4) == 4 && fstat(fd, &st) == 0 &&
                                                     st.st_atime > 1000000000);
    long long atime = ns(st.st_atim);
    tick();
    expect("a second read leaves it (relatime)", pread(fd, buf, 4, 0) == 4 && fstat(fd, &st) == 0 &&
                                                ns(st.st_atim) == atime);
    close(fd);
    unlink("f");
    expect("chmod in /dev", chmod("/dev/null", 0600) == 0 && stat("/dev/null", &st) == 0 &&
                            st.st_mode == (S_IFCHR | 0600));
    expect("... and back", chmod("/dev/null", 0666) == 0 && stat("/dev/null", &st) == 0 &&
                           st.st_mode == (S_IFCHR | 0666));
}

int main(int argc, char *argv[])
{
    mkdir(DIR, 0755);
    if (chdir(DIR) < 0) {
        printf("FAIL cannot enter %s\n", DIR);
        return 1;
    }
    clean();
    if (argc > 1 && !strcmp(argv[1], "local")) {
        local();
    } else {
        modes();
        owners();
        times();
        sizes();
        accesses();
        statxs();
        bad_pointers();
    }
    clean();
    chdir("..");
    rmdir(DIR);
    printf("t_meta: done, %d failures\n", failures);
    return failures;
}
