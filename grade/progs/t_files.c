// Grader test program: the file calls beyond xv6's (renameat2, symbolic
// links, fchdir, truncation, sync, access, modes and umask, times, statx,
// directory listing, holes, poll and select), written to print the same
// lines here and under Linux (qemu-riscv64), built with this OS's library or
// with glibc.  It works in a fresh directory under the working directory and
// removes it at the end.  Exit status: the number of failures.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void pass(const char *what)
{
    printf("ok   %s\n", what);
}

static void fail(const char *what, const char *detail)
{
    printf("FAIL %s: %s\n", what, detail);
    failures++;
}

static void expect(const char *what, int cond)
{
    if (cond)
        pass(what);
    else
        fail(what, "got false want true");
}

// Error numbers are printed as numbers: the two libraries word them differently.
static void expect_ok(const char *what, long ret)
{
    char detail[64];
    int err = errno;

    if (ret >= 0) {
        pass(what);
        return;
    }
    snprintf(detail, sizeof detail, "got -1 errno %d want success", err);
    fail(what, detail);
}

static void expect_err(const char *what, long ret, int want)
{
    char detail[64];
    int err = errno;

    if (ret == -1 && err == want) {
        pass(what);
        return;
    }
    snprintf(detail, sizeof detail, "got %ld errno %d want -1 errno %d", ret, ret == -1 ? err : 0, want);
    fail(what, detail);
}

static void expect_eq(const char *what, long got, long want)
{
    char detail[64];

    if (got == want) {
        pass(what);
        return;
    }
    snprintf(detail, sizeof detail, "got %ld want %ld", got, want);
    fail(what, detail);
}

static void expect_str(const char *what, const char *got, const char *want)
{
    char detail[600];

    if (strcmp(got, want) == 0) {
        pass(what);
        return;
    }
    snprintf(detail, sizeof detail, "got \"%.256s\" want \"%.256s\"", got, want);
    fail(what, detail);
}

static void put(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        printf("setup: cannot write %s (errno %d)\n", path, errno);
    if (fd >= 0)
        close(fd);
}

// The file's first bytes as a string ("" if it cannot be read).
static const char *get(const char *path)
{
    static char buf[64];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);

    if (fd >= 0)
        close(fd);
    buf[n < 0 ? 0 : n] = 0;
    return buf;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    return lstat(path, &st) < 0 ? 0 : st.st_mode;
}

static long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) < 0 ? -1 : (long)st.st_size;
}

static void renames(void)
{
    put("a", "A", 0644);
    expect_ok("rename a file", rename("a", "b"));
    expect_err("the old name is gone", access("a", F_OK), ENOENT);
    expect_str("the new name has the data", get("b"), "A");
    put("c", "C", 0644);
    expect_err("RENAME_NOREPLACE onto an existing name is EEXIST",
               renameat2(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_NOREPLACE), EEXIST);
    expect_ok("RENAME_NOREPLACE onto a free name", renameat2(AT_FDCWD, "b", AT_FDCWD, "b2", RENAME_NOREPLACE));
    expect_ok("rename back", renameat(AT_FDCWD, "b2", AT_FDCWD, "b"));
    expect_ok("RENAME_EXCHANGE", renameat2(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_EXCHANGE));
    expect_str("after the exchange b has c's data", get("b"), "C");
    expect_str("and c has b's", get("c"), "A");
    expect_err("RENAME_EXCHANGE with a missing name is ENOENT",
               renameat2(AT_FDCWD, "b", AT_FDCWD, "missing", RENAME_EXCHANGE), ENOENT);
    expect_err("NOREPLACE and EXCHANGE together are EINVAL",
               renameat2(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_NOREPLACE | RENAME_EXCHANGE), EINVAL);
    expect_ok("rename onto an existing file replaces it", rename("c", "b"));
    expect_str("the replaced name has the new data", get("b"), "A");
    expect_err("the old name is gone after replacing", access("c", F_OK), ENOENT);
    expect_ok("rename a file to itself", rename("b", "b"));
    expect_err("rename of a missing file is ENOENT", rename("missing", "x"), ENOENT);

    mkdir("d1", 0755);
    mkdir("d2", 0755);
    put("d1/f", "F", 0644);
    expect_ok("rename a directory onto an empty one", rename("d1", "d2"));
    expect_str("the directory's file moved with it", get("d2/f"), "F");
    mkdir("d3", 0755);
    put("d3/g", "G", 0644);
    expect_err("rename a directory onto a non-empty one is ENOTEMPTY", rename("d2", "d3"), ENOTEMPTY);
    mkdir("d2/sub", 0755);
    expect_err("rename a directory into its own subtree is EINVAL", rename("d2", "d2/sub/x"), EINVAL);
    expect_err("rename a file onto a directory is EISDIR", rename("b", "d3"), EISDIR);
    expect_err("rename a directory onto a file is ENOTDIR", rename("d3", "b"), ENOTDIR);
    expect_err("rename into a missing directory is ENOENT", rename("b", "nodir/b"), ENOENT);
    expect_ok("move a file into a directory", rename("b", "d3/b"));
    expect_str("it is there", get("d3/b"), "A");
    expect_ok("and back", rename("d3/b", "b"));
}

static void symlinks(void)
{
    char buf[64];
    struct stat st;
    ssize_t n;

    put("b", "A", 0644);   // what renames() left, even if rename does not work
    expect_ok("symlinkat", symlinkat("b", AT_FDCWD, "lb"));
    n = readlinkat(AT_FDCWD, "lb", buf, sizeof buf);
    buf[n < 0 ? 0 : n] = 0;
    expect_str("readlinkat gives the target", buf, "b");
    expect_eq("readlinkat counts its bytes", n, 1);
    expect_str("a path through the link reaches the file", get("lb"), "A");
    expect_eq("lstat: the link is a link", S_ISLNK(mode_of("lb")), 1);
    expect_eq("lstat: a link's size is its target's length", lstat("lb", &st) < 0 ? -1 : st.st_size, 1);
    expect_eq("stat follows the link", stat("lb", &st) == 0 && S_ISREG(st.st_mode), 1);
    expect_ok("symlink to a path that does not exist", symlink("nowhere/at/all", "dangling"));
    expect_err("stat of a dangling link is ENOENT", stat("dangling", &st), ENOENT);
    expect_ok("lstat of a dangling link works", lstat("dangling", &st));
    expect_eq("readlink of it, cut to 3 bytes", readlink("dangling", buf, 3), 3);
    expect_err("symlink onto an existing name is EEXIST", symlink("b", "dangling"), EEXIST);
    expect_err("readlink of a file is EINVAL", readlink("b", buf, sizeof buf), EINVAL);
    expect_err("readlink of a missing name is ENOENT", readlink("missing", buf, sizeof buf), ENOENT);
    symlink("loop2", "loop1");
    symlink("loop1", "loop2");
    expect_err("open through a loop of links is ELOOP", open("loop1", O_RDONLY), ELOOP);
    expect_err("stat through it is ELOOP", stat("loop1", &st), ELOOP);
    expect_err("O_NOFOLLOW on a link is ELOOP", open("lb", O_RDONLY | O_NOFOLLOW), ELOOP);
    int fd = open("b", O_RDONLY | O_NOFOLLOW);
    expect_ok("O_NOFOLLOW on a file opens it", fd);
    close(fd);
    expect_ok("a relative link in a directory", symlink("../b", "d3/up"));
    expect_str("resolves from the link's directory", get("d3/up"), "A");
    expect_ok("a link to a directory", symlink("d3", "ld3"));
    expect_str("a path walks through it", get("ld3/g"), "G");
    expect_ok("unlink removes the link", unlink("lb"));
    expect_str("and not its target", get("b"), "A");
    expect_err("O_CREAT|O_EXCL on a dangling link is EEXIST", open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644),
               EEXIST);
}

static void directories(void)
{
    char cwd[4096];
    int here = open(".", O_RDONLY | O_DIRECTORY);
    int d3 = open("d3", O_RDONLY | O_DIRECTORY);
    int file = open("b", O_RDONLY);

    expect_ok("fchdir into a directory", fchdir(d3));
    expect_str("the working directory moved", get("g"), "G");
    expect_eq("getcwd names it", getcwd(cwd, sizeof cwd) && strcmp(strrchr(cwd, '/'), "/d3") == 0, 1);
    expect_ok("fchdir back", fchdir(here));
    expect_err("fchdir to a file is ENOTDIR", fchdir(file), ENOTDIR);
    expect_err("fchdir to a closed descriptor is EBADF", fchdir(99), EBADF);
    close(here);
    close(d3);
    close(file);

    expect_err("mkdir(\"/\") is EEXIST", mkdir("/", 0755), EEXIST);
    expect_err("mkdir of an existing name is EEXIST", mkdir("d3", 0755), EEXIST);
    expect_err("mkdir in a missing directory is ENOENT", mkdir("nodir/x", 0755), ENOENT);
    expect_err("unlink of a directory is EISDIR", unlink("d3"), EISDIR);
    expect_err("rmdir of a file is ENOTDIR", rmdir("b"), ENOTDIR);
    expect_err("rmdir of a non-empty directory is ENOTEMPTY", rmdir("d3"), ENOTEMPTY);
    expect_err("rmdir(\".\") is EINVAL", rmdir("."), EINVAL);
    expect_err("unlink of a missing name is ENOENT", unlink("missing"), ENOENT);
    expect_err("unlink below a file is ENOTDIR", unlink("b/x"), ENOTDIR);
    expect_err("rmdir of a missing name is ENOENT", rmdir("missing"), ENOENT);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

#define SYS_GETDENTS64 61   // riscv64; glibc has no wrapper to compare with ours

// The raw records of getdents64 (Linux's struct linux_dirent64).
struct record {
    unsigned long ino;
    long off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

static void listing(void)
{
    static char buf[4096];
    char *names[16], joined[256] = "";
    int n = 0, types_ok = 1;
    long got;

    mkdir("list", 0755);
    put("list/zeta", "", 0644);
    put("list/alpha", "", 0644);
    put("list/mid", "", 0644);
    mkdir("list/sub", 0755);
    symlink("alpha", "list/link");
    int fd = open("list", O_RDONLY | O_DIRECTORY);
    while ((got = syscall(SYS_GETDENTS64, fd, buf, sizeof buf)) > 0) {
        for (long pos = 0; pos < got && n < 16;) {
            struct record *r = (struct record *)(buf + pos);
            names[n++] = strdup(r->name);
            if (strcmp(r->name, "sub") == 0 || strcmp(r->name, ".") == 0)
                types_ok &= r->type == DT_DIR;
            if (strcmp(r->name, "alpha") == 0)
                types_ok &= r->type == DT_REG;
            if (strcmp(r->name, "link") == 0)
                types_ok &= r->type == DT_LNK;
            pos += r->reclen;
        }
    }
    close(fd);
    qsort(names, n, sizeof names[0], by_name);
    for (int i = 0; i < n; i++) {
        strcat(joined, i ? " " : "");
        strcat(joined, names[i]);
        free(names[i]);
    }
    expect_str("getdents64 lists every entry once", joined, ". .. alpha link mid sub zeta");
    expect("getdents64 gives the entries' types", types_ok);
    fd = open("b", O_RDONLY);
    expect_err("getdents64 on a file is ENOTDIR", syscall(SYS_GETDENTS64, fd, buf, sizeof buf), ENOTDIR);
    close(fd);
}

static void sizes(void)
{
    char buf[16];
    int fd = open("t", O_RDWR | O_CREAT | O_TRUNC, 0644);

    write(fd, "0123456789", 10);
    expect_ok("ftruncate shorter", ftruncate(fd, 4));
    expect_eq("the size follows", size_of("t"), 4);
    expect_eq("SEEK_END is at the new end", lseek(fd, 0, SEEK_END), 4);
    expect_eq("SEEK_END -1", lseek(fd, -1, SEEK_END), 3);
    expect_ok("truncate longer", truncate("t", 8192));
    expect_eq("the size follows", size_of("t"), 8192);
    memset(buf, 'x', sizeof buf);
    expect_eq("reading across the old end", pread(fd, buf, 8, 0), 8);
    expect("the bytes past the old end read as zeros", memcmp(buf, "0123\0\0\0\0", 8) == 0);
    expect_eq("lseek past the end", lseek(fd, 100000, SEEK_SET), 100000);
    expect_eq("and write there", write(fd, "z", 1), 1);
    expect_eq("the file grew to the write", size_of("t"), 100001);
    expect_eq("the hole reads as zeros", pread(fd, buf, 4, 50000) == 4 && memcmp(buf, "\0\0\0\0", 4) == 0, 1);
    expect_eq("SEEK_CUR after the write", lseek(fd, 0, SEEK_CUR), 100001);
    expect_err("lseek before the start is EINVAL", lseek(fd, -1, SEEK_SET), EINVAL);
    expect_err("truncate to a negative size is EINVAL", truncate("t", -1), EINVAL);
    expect_err("truncate of a directory is EISDIR", truncate("d3", 0), EISDIR);
    expect_err("truncate of a missing file is ENOENT", truncate("missing", 0), ENOENT);
    int ro = open("t", O_RDONLY);
    expect_err("ftruncate of a read-only descriptor is EINVAL", ftruncate(ro, 0), EINVAL);
    close(ro);
    expect_ok("fsync", fsync(fd));
    expect_ok("fdatasync", fdatasync(fd));
    sync();
    pass("sync returns");
    expect_err("fsync of a closed descriptor is EBADF", fsync(99), EBADF);
    int p[2];
    pipe(p);
    expect_err("lseek on a pipe is ESPIPE", lseek(p[0], 0, SEEK_SET), ESPIPE);
    expect_err("fsync of a pipe is EINVAL", fsync(p[0]), EINVAL);
    close(p[0]);
    close(p[1]);
    close(fd);
}

static void modes(void)
{
    struct stat st;

    umask(022);
    expect_eq("umask returns the old mask", umask(077), 022);
    put("m1", "", 0666);
    expect_eq("umask 077 clears group and other bits", mode_of("m1") & 07777, 0600);
    mkdir("m2", 0777);
    expect_eq("and so for mkdir", mode_of("m2") & 07777, 0700);
    umask(022);
    put("m3", "", 0777);
    expect_eq("umask 022 on 0777", mode_of("m3") & 07777, 0755);
    expect_ok("fchmodat", fchmodat(AT_FDCWD, "m1", 04751, 0));
    expect_eq("the mode reads back, setuid bit too", mode_of("m1"), S_IFREG | 04751);
    expect_ok("chmod a directory", chmod("m2", 0750));
    expect_eq("keeps the directory type", mode_of("m2"), S_IFDIR | 0750);
    int fd = open("m3", O_RDONLY);
    expect_ok("fchmod", fchmod(fd, 0640));
    expect_eq("fstat sees it", fstat(fd, &st) == 0 ? (long)(st.st_mode & 07777) : -1, 0640);
    close(fd);
    expect_ok("chmod through a link changes the target", chmod("ld3", 0711));
    expect_eq("the target's mode", mode_of("d3") & 07777, 0711);
    expect_eq("the link's own stays 0777", mode_of("ld3") & 07777, 0777);
    expect_err("chmod of a missing file is ENOENT", chmod("missing", 0644), ENOENT);

    expect_ok("faccessat F_OK", faccessat(AT_FDCWD, "m3", F_OK, 0));
    expect_ok("access R_OK|W_OK on 0640", access("m3", R_OK | W_OK));
    expect_err("access X_OK with no x bit is EACCES", access("m3", X_OK), EACCES);
    expect_ok("access X_OK on 0751", access("m1", X_OK));
    expect_err("access of a missing file is ENOENT", access("missing", F_OK), ENOENT);
    expect_err("access through a dangling link is ENOENT", access("dangling", F_OK), ENOENT);
    expect_err("access below a file is ENOTDIR", access("m3/x", F_OK), ENOTDIR);
    expect_err("access with a bad mode is EINVAL", access("m3", 8), EINVAL);
}

static void times(void)
{
    struct timespec t[2] = { { 1000000000, 123456789 }, { 1200000000, 987654321 } };
    struct timespec before, after;
    struct stat st;

    put("tm", "", 0644);
    expect_ok("utimensat with explicit times", utimensat(AT_FDCWD, "tm", t, 0));
    stat("tm", &st);
    expect_eq("atime seconds read back", st.st_atim.tv_sec, 1000000000);
    expect_eq("atime nanoseconds read back", st.st_atim.tv_nsec, 123456789);
    expect_eq("mtime seconds read back", st.st_mtim.tv_sec, 1200000000);
    expect_eq("mtime nanoseconds read back", st.st_mtim.tv_nsec, 987654321);
    t[0].tv_nsec = UTIME_OMIT;
    t[1].tv_sec = 1300000000;
    t[1].tv_nsec = 5;
    expect_ok("UTIME_OMIT for atime", utimensat(AT_FDCWD, "tm", t, 0));
    stat("tm", &st);
    expect_eq("atime is kept", st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789, 1);
    expect_eq("mtime is the new one", st.st_mtim.tv_sec == 1300000000 && st.st_mtim.tv_nsec == 5, 1);
    clock_gettime(CLOCK_REALTIME, &before);
    t[0].tv_nsec = UTIME_NOW;
    t[1].tv_nsec = UTIME_NOW;
    int fd = open("tm", O_RDONLY);
    expect_ok("futimens with UTIME_NOW", futimens(fd, t));
    close(fd);
    clock_gettime(CLOCK_REALTIME, &after);
    stat("tm", &st);
    // File times may come from a coarser clock than clock_gettime's: a second of slack.
    expect("mtime is now", st.st_mtim.tv_sec >= before.tv_sec - 1 && st.st_mtim.tv_sec <= after.tv_sec + 1);
    expect("atime is now", st.st_atim.tv_sec >= before.tv_sec - 1 && st.st_atim.tv_sec <= after.tv_sec + 1);
    expect("ctime is now", st.st_ctim.tv_sec >= before.tv_sec - 1 && st.st_ctim.tv_sec <= after.tv_sec + 1);
    expect_ok("utimensat with null times", utimensat(AT_FDCWD, "tm", 0, 0));
    t[0].tv_nsec = 1000000000;
    expect_err("a nanosecond count of 10^9 is EINVAL", utimensat(AT_FDCWD, "tm", t, 0), EINVAL);
    expect_err("utimensat of a missing file is ENOENT", utimensat(AT_FDCWD, "missing", 0, 0), ENOENT);
    struct timespec old[2] = { { 5, 0 }, { 6, 0 } };
    expect_ok("utimensat on a link with AT_SYMLINK_NOFOLLOW", utimensat(AT_FDCWD, "dangling", old, AT_SYMLINK_NOFOLLOW));
    lstat("dangling", &st);
    expect_eq("sets the link's own mtime", st.st_mtim.tv_sec, 6);
}

static void statx_fields(void)
{
    struct statx sx;
    struct stat st;

    link("b", "b.hard");
    stat("b", &st);
    expect_ok("statx", statx(AT_FDCWD, "b", 0, STATX_BASIC_STATS, &sx));
    expect("statx fills the basic fields", (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
    expect_eq("statx mode is stat's", sx.stx_mode, st.st_mode);
    expect_eq("statx inode is stat's", sx.stx_ino == st.st_ino, 1);
    expect_eq("statx size", sx.stx_size, 1);
    expect_eq("statx link count (a hard link made it 2)", sx.stx_nlink, 2);
    expect_eq("statx uid and gid are stat's", sx.stx_uid == st.st_uid && sx.stx_gid == st.st_gid, 1);
    expect_eq("statx mtime is stat's",
              sx.stx_mtime.tv_sec == st.st_mtim.tv_sec && sx.stx_mtime.tv_nsec == st.st_mtim.tv_nsec, 1);
    expect_ok("statx of a link, not followed", statx(AT_FDCWD, "dangling", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx));
    expect_eq("is a link", S_ISLNK(sx.stx_mode), 1);
    int fd = open("d3", O_RDONLY | O_DIRECTORY);
    expect_ok("statx with AT_EMPTY_PATH", statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx));
    expect_eq("is the directory", S_ISDIR(sx.stx_mode), 1);
    close(fd);
    expect_err("statx of a missing file is ENOENT", statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx), ENOENT);
}

static void polling(void)
{
    struct pollfd pf[2];
    struct timeval tv = { 0, 0 };
    fd_set rd;
    int p[2];

    pipe(p);
    pf[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
    pf[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
    expect_eq("poll: an empty pipe's read end is not ready", poll(pf, 1, 0), 0);
    expect_eq("poll: its write end is", poll(pf + 1, 1, 0) == 1 && pf[1].revents == POLLOUT, 1);
    write(p[1], "x", 1);
    expect_eq("poll: with data the read end is ready", poll(pf, 2, 0), 2);
    expect_eq("with POLLIN", pf[0].revents, POLLIN);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    expect_eq("select: the read end with data is ready", select(p[0] + 1, &rd, 0, 0, &tv), 1);
    expect_eq("select leaves its bit set", FD_ISSET(p[0], &rd) != 0, 1);
    char c;
    read(p[0], &c, 1);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv.tv_usec = 1000;
    expect_eq("select: empty again, it times out", select(p[0] + 1, &rd, 0, 0, &tv), 0);
    expect_eq("and clears the bit", FD_ISSET(p[0], &rd) != 0, 0);
    close(p[1]);
    expect_eq("poll: the writer gone, POLLHUP", poll(pf, 1, 0) == 1 && pf[0].revents == POLLHUP, 1);
    close(p[0]);
    expect_eq("poll: a closed descriptor is POLLNVAL", poll(pf, 1, 0) == 1 && pf[0].revents == POLLNVAL, 1);
    int fd = open("b", O_RDWR);
    pf[0] = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
    expect_eq("poll: a regular file is always ready", poll(pf, 1, 0) == 1 && pf[0].revents == (POLLIN | POLLOUT), 1);
    FD_ZERO(&rd);
    FD_SET(fd, &rd);
    expect_eq("select: so says select", select(fd + 1, &rd, 0, 0, 0), 1);
    close(fd);
    FD_ZERO(&rd);
    FD_SET(fd, &rd);
    tv.tv_usec = 0;
    expect_err("select of a closed descriptor is EBADF", select(fd + 1, &rd, 0, 0, &tv), EBADF);
}

// Removes the tree under path (links are removed, not followed).
static void remove_tree(const char *path)
{
    char sub[1024];
    struct dirent *e;
    DIR *d;

    if (!S_ISDIR(mode_of(path))) {
        unlink(path);
        return;
    }
    chmod(path, 0755);
    d = opendir(path);
    while (d && (e = readdir(d)) != 0) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        remove_tree(sub);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

int main(void)
{
    char dir[64];

    snprintf(dir, sizeof dir, "t_files.%d", (int)getpid());
    if (mkdir(dir, 0755) < 0 || chdir(dir) < 0) {
        printf("t_files: cannot make %s (errno %d)\n", dir, errno);
        return 1;
    }
    renames();
    symlinks();
    directories();
    listing();
    sizes();
    modes();
    times();
    statx_fields();
    polling();
    chdir("..");
    remove_tree(dir);
    expect_err("the test directory is gone", access(dir, F_OK), ENOENT);
    printf("t_files: done, %d failures\n", failures);
    return failures;
}
