// fdtest: file descriptors as POSIX programs use them.  `fdtest PART` runs
// one part, `fdtest` all of them:
//   cloexec   close-on-exec set by pipe2/open/dup3/F_DUPFD_CLOEXEC/F_SETFD:
//             exec closes the flagged descriptors (the parent of an exec'd
//             child reads EOF) and keeps the others; dup clears the flag,
//             fork copies it, a failed exec closes nothing
//   fcntl     F_DUPFD, F_GETFL access modes, F_SETFL O_APPEND, the errnos,
//             running out of descriptors (EMFILE)
//   nonblock  O_NONBLOCK pipes: EAGAIN when empty or full, then the data
//             flows; short writes, EOF, EPIPE; the flag is the open file's,
//             shared by dup'ed descriptors and across fork
//   ids       getuid/geteuid/getgid/getegid: root
//   rw        pread/pwrite at an offset (the file's stays), ESPIPE on pipes,
//             readv/writev over several buffers
//   tty       the console as a terminal: tcgetattr reports a cooked line,
//             tcsetattr takes it back; a pipe is no terminal (ENOTTY).  Run
//             with stdin on the console
// Each prints "ok/FAIL <check>" lines and "<PART>: N passed, M failed" with
// no descriptor numbers that could differ, so the output under Linux
// (qemu-riscv64) is the same.  The exec'd program is /bin/cat, which exists
// on both: qemu-riscv64 cannot exec a riscv64 program (this one) itself.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <testlib.h>
#include <unistd.h>
#include <linux/unistd.h>

#define TIMEOUT_MS 20000
#define BIG (256 * 1024)              // more than a pipe holds here or on Linux

static const char *tmpfile_path = "fdtest.tmp";   // relative: the cwd

// The access mode and the status flags this kernel keeps (Linux may add
// others, such as O_LARGEFILE on a native 64-bit kernel).
static int
flags_of(int fd)
{
  return fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK);
}

// The child's wait status; -1 (after killing it) if it hangs.
static int
reap(pid_t pid)
{
  int st = -1;

  if (pid < 0 || wait_timeout(pid, &st, TIMEOUT_MS) != pid) {
    kill(pid, SIGKILL);
    waitpid(pid, 0, 0);
    return -1;
  }
  return st;
}

// Polls fd, the read end of a pipe nobody writes to, until it reports end
// of file (1), or gives up (0).  Leaves fd nonblocking.
static int
await_eof(int fd)
{
  char c;

  fcntl(fd, F_SETFL, O_NONBLOCK);
  for (int ms = 0; ms < TIMEOUT_MS; ms += 5) {
    long n = read(fd, &c, 1);
    if (n == 0)
      return 1;
    if (n > 0 || errno != EAGAIN)
      return 0;
    sleep_ms(5);
  }
  return 0;
}

// ---- cloexec ----------------------------------------------------------------

// A child execs /bin/cat holding the write end wfd of a pipe as fork left
// it, and cat waits on its standard input.  A close-on-exec pipe tells the
// parent the exec is under way; then the read end rfd shows whether the child
// still holds wfd: end of file (0) when exec closed it, EAGAIN (1) when it
// did not.  -1 when anything else happens.  Closes rfd and wfd.  exec closes
// the flagged descriptors one by one, so the signal pipe may close before
// wfd does: when closed is expected, wait for rfd's end of file too.
static int
survives_exec(int rfd, int wfd, int expect_closed)
{
  char *argv[] = { "cat", 0 };
  int go[2], done[2], r = -1;
  long n;
  char c;
  pid_t pid;

  if (pipe(go) < 0 || pipe2(done, O_CLOEXEC) < 0)
    return -1;
  if ((pid = fork()) == 0) {
    dup2(go[0], 0);
    close(go[0]);
    close(go[1]);
    close(done[0]);
    close(rfd);
    execv("/bin/cat", argv);
    _exit(127);
  }
  close(wfd);
  close(go[0]);
  close(done[1]);
  if (pid > 0 && await_eof(done[0])) {
    if (expect_closed) {
      r = await_eof(rfd) ? 0 : 1;
    } else {
      fcntl(rfd, F_SETFL, O_NONBLOCK);
      n = read(rfd, &c, 1);
      r = n == 0 ? 0 : n < 0 && errno == EAGAIN ? 1 : -1;
    }
  }
  close(go[1]);                       // cat reads end of file and exits
  close(done[0]);
  close(rfd);
  return reap(pid) == W_EXITED(0) ? r : -1;
}

// A child whose exec fails still has its close-on-exec descriptor.
static int
failed_exec_keeps(int fd)
{
  char *argv[] = { "nonexistent", 0 };
  pid_t pid = fork();

  if (pid == 0) {
    execv("/nonexistent/program", argv);
    _exit(errno == ENOENT && fcntl(fd, F_GETFD) == FD_CLOEXEC ? 0 : 1);
  }
  return reap(pid) == W_EXITED(0);
}

static void
test_cloexec_exec(void)
{
  int p[2], d;

  check(pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC &&
        fcntl(p[1], F_GETFD) == FD_CLOEXEC, "pipe2(O_CLOEXEC) flags both ends FD_CLOEXEC");
  check(survives_exec(p[0], p[1], 1) == 0, "exec closes an O_CLOEXEC write end: the parent reads EOF");
  pipe(p);
  check(fcntl(p[0], F_GETFD) == 0 && fcntl(p[1], F_GETFD) == 0, "pipe() ends have no FD_CLOEXEC");
  check(survives_exec(p[0], p[1], 0) == 1, "without the flag the write end stays open across exec");
  pipe(p);
  check(fcntl(p[1], F_SETFD, FD_CLOEXEC) == 0 && fcntl(p[1], F_GETFD) == FD_CLOEXEC,
        "F_SETFD FD_CLOEXEC, and F_GETFD reads it back");
  check(fcntl(p[0], F_GETFD) == 0, "F_SETFD on one end leaves the other");
  check(survives_exec(p[0], p[1], 1) == 0, "exec closes a descriptor flagged by F_SETFD");
  pipe2(p, O_CLOEXEC);
  check(fcntl(p[1], F_SETFD, 0) == 0 && fcntl(p[1], F_GETFD) == 0, "F_SETFD 0 clears the flag");
  check(survives_exec(p[0], p[1], 0) == 1, "a cleared descriptor stays open across exec");
  pipe2(p, O_CLOEXEC);
  d = dup(p[1]);
  check(d >= 0 && fcntl(d, F_GETFD) == 0, "dup of a flagged descriptor: the copy has no flag");
  check(fcntl(p[1], F_GETFD) == FD_CLOEXEC, "dup leaves the original's flag");
  close(p[1]);
  check(survives_exec(p[0], d, 0) == 1, "the unflagged copy stays open across exec");
  pipe(p);
  check(dup3(p[1], 50, O_CLOEXEC) == 50 && fcntl(50, F_GETFD) == FD_CLOEXEC, "dup3(O_CLOEXEC) sets the flag");
  close(p[1]);
  check(survives_exec(p[0], 50, 1) == 0, "exec closes the dup3(O_CLOEXEC) copy");
  pipe2(p, O_CLOEXEC);
  check(failed_exec_keeps(p[1]), "a failed exec closes nothing");
  close(p[0]);
  close(p[1]);
}

static int
child_flags_ok(int flagged, int plain)
{
  pid_t pid = fork();

  if (pid == 0)
    _exit(fcntl(flagged, F_GETFD) == FD_CLOEXEC && fcntl(plain, F_GETFD) == 0 ? 0 : 1);
  return reap(pid) == W_EXITED(0);
}

static void
test_cloexec_flags(void)
{
  int p[2], fd;

  pipe2(p, O_CLOEXEC);
  check(dup3(p[0], 50, 0) == 50 && fcntl(50, F_GETFD) == 0, "dup3 without O_CLOEXEC: no flag");
  check(dup3(p[0], 50, O_CLOEXEC) == 50 && fcntl(50, F_GETFD) == FD_CLOEXEC,
        "dup3(O_CLOEXEC) onto an open descriptor replaces it, flagged");
  check(dup2(p[0], 50) == 50 && fcntl(50, F_GETFD) == 0, "dup2 clears the flag");
  fcntl(50, F_SETFD, FD_CLOEXEC);
  check(dup2(50, 50) == 50 && fcntl(50, F_GETFD) == FD_CLOEXEC, "dup2(fd, fd) leaves the flag alone");
  check_errno(dup3(50, 50, O_CLOEXEC), EINVAL, "dup3(fd, fd, O_CLOEXEC): EINVAL");
  check_errno(dup3(p[0], 51, O_APPEND), EINVAL, "dup3 with a flag other than O_CLOEXEC: EINVAL");
  close(50);
  check((fd = fcntl(p[0], F_DUPFD_CLOEXEC, 0)) >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
        "F_DUPFD_CLOEXEC sets the flag");
  close(fd);
  check((fd = fcntl(p[0], F_DUPFD, 0)) >= 0 && fcntl(fd, F_GETFD) == 0, "F_DUPFD clears it");
  close(fd);
  fcntl(p[0], F_SETFD, 0);
  check(child_flags_ok(p[1], p[0]), "fork copies each descriptor's flag");
  close(p[0]);
  close(p[1]);
  fd = open(tmpfile_path, O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0644);
  check(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "open(O_CLOEXEC) sets the flag");
  close(fd);
  fd = open(tmpfile_path, O_RDWR);
  check(fd >= 0 && fcntl(fd, F_GETFD) == 0, "open without it: no flag");
  close(fd);
  unlink(tmpfile_path);
}

static void
test_cloexec(void)
{
  test_cloexec_exec();
  test_cloexec_flags();
}

// ---- fcntl ------------------------------------------------------------------

static int
file_is(const char *want)
{
  char buf[64];
  int fd = open(tmpfile_path, O_RDONLY);
  long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

  close(fd);
  if (n < 0)
    return 0;
  buf[n] = 0;
  return strcmp(buf, want) == 0;
}

static void
test_dupfd(void)
{
  int p[2], d;
  char c = 0;

  pipe(p);
  d = dup(p[0]);
  close(d);
  check(fcntl(p[0], F_DUPFD, 0) == d, "F_DUPFD 0: the lowest free descriptor, as dup gives");
  close(d);
  check(fcntl(p[0], F_DUPFD, 40) == 40, "F_DUPFD 40: descriptor 40 when it is free");
  check(fcntl(p[0], F_DUPFD, 40) == 41, "F_DUPFD 40 again: 41, the lowest free at or above 40");
  check(fcntl(p[0], F_DUPFD, 39) == 39, "F_DUPFD 39: 39, below the taken ones");
  close(40);
  check(fcntl(p[0], F_DUPFD, 40) == 40, "F_DUPFD 40 after close(40): 40 again");
  write(p[1], "x", 1);
  check(read(41, &c, 1) == 1 && c == 'x', "the new descriptor reads the same pipe");
  close(39);
  close(40);
  close(41);
  check(flags_of(p[0]) == O_RDONLY && flags_of(p[1]) == O_WRONLY,
        "F_GETFL: a pipe's ends are O_RDONLY and O_WRONLY");
  close(p[0]);
  close(p[1]);
}

static void
check_getfl(int oflags, int want, const char *what)
{
  int fd = open(tmpfile_path, oflags | O_CREAT, 0644);

  check(fd >= 0 && flags_of(fd) == want, what);
  close(fd);
}

static void
test_getfl_setfl(void)
{
  int fd, d;

  check_getfl(O_RDONLY, O_RDONLY, "F_GETFL: O_RDONLY");
  check_getfl(O_WRONLY | O_TRUNC, O_WRONLY, "F_GETFL: O_WRONLY (O_TRUNC is not kept)");
  check_getfl(O_RDWR, O_RDWR, "F_GETFL: O_RDWR");
  check_getfl(O_RDWR | O_APPEND, O_RDWR | O_APPEND, "F_GETFL: O_RDWR|O_APPEND");
  check_getfl(O_RDONLY | O_NONBLOCK, O_RDONLY | O_NONBLOCK, "F_GETFL: O_RDONLY|O_NONBLOCK");
  fd = open(tmpfile_path, O_WRONLY | O_TRUNC);
  write(fd, "abc", 3);
  lseek(fd, 0, SEEK_SET);
  check(fcntl(fd, F_SETFL, O_APPEND) == 0 && flags_of(fd) == (O_WRONLY | O_APPEND), "F_SETFL O_APPEND");
  write(fd, "d", 1);
  check(file_is("abcd"), "then a write at offset 0 goes to the end");
  check(fcntl(fd, F_SETFL, 0) == 0 && flags_of(fd) == O_WRONLY, "F_SETFL 0 clears O_APPEND");
  lseek(fd, 0, SEEK_SET);
  write(fd, "X", 1);
  check(file_is("Xbcd"), "then a write goes to the offset again");
  d = dup(fd);
  fcntl(fd, F_SETFL, O_APPEND);
  check(flags_of(d) == (O_WRONLY | O_APPEND), "the status flags are the open file's: the dup sees O_APPEND");
  check(fcntl(d, F_SETFL, O_RDWR | O_APPEND) == 0 && flags_of(fd) == (O_WRONLY | O_APPEND),
        "F_SETFL leaves the access mode alone");
  close(d);
  close(fd);
  unlink(tmpfile_path);
}

static void
test_fcntl_errors(void)
{
  int p[2];

  pipe(p);
  close(p[1]);
  check_errno(fcntl(p[1], F_GETFD), EBADF, "F_GETFD on a closed descriptor: EBADF");
  check_errno(fcntl(p[1], F_SETFD, FD_CLOEXEC), EBADF, "F_SETFD on a closed descriptor: EBADF");
  check_errno(fcntl(p[1], F_GETFL), EBADF, "F_GETFL on a closed descriptor: EBADF");
  check_errno(fcntl(p[1], F_DUPFD, 0), EBADF, "F_DUPFD of a closed descriptor: EBADF");
  check_errno(fcntl(-1, F_SETFL, 0), EBADF, "F_SETFL on -1: EBADF");
  check_errno(fcntl(p[0], F_DUPFD, -1), EINVAL, "F_DUPFD with a negative minimum: EINVAL");
  check_errno(fcntl(p[0], F_DUPFD, INT_MAX), EINVAL, "F_DUPFD beyond the descriptor limit: EINVAL");
  check_errno(fcntl(p[0], 12345, 0), EINVAL, "an unknown command: EINVAL");
  close(p[0]);
}

// Linux's limit on descriptors is RLIMIT_NOFILE, this kernel's is its table
// size (128).  The child lowers Linux's to 128 with prlimit64 (this kernel
// has no such call and needs none), fills its table and reports in bits
// what went wrong.
#define NOFILE 128

static int
fill_table(void)
{
  unsigned long lim[2] = { NOFILE, NOFILE };
  int p[2], bad = 0, fd;

  syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, lim, 0);
  pipe(p);
  while ((fd = dup(p[0])) >= 0 && fd < 4 * NOFILE)
    ;
  if (!(fd == -1 && errno == EMFILE))
    bad |= 1;
  if (!(fcntl(p[0], F_DUPFD, 0) == -1 && errno == EMFILE))
    bad |= 2;
  if (!(pipe(p) == -1 && errno == EMFILE))
    bad |= 4;
  close(100);
  if (fcntl(p[0], F_DUPFD, 0) != 100 || fcntl(p[0], F_DUPFD, NOFILE - 1) != -1 || errno != EMFILE)
    bad |= 8;
  if (!(fcntl(p[0], F_DUPFD, NOFILE) == -1 && errno == EINVAL))
    bad |= 16;
  return bad;
}

static void
test_emfile(void)
{
  int st, bad;
  pid_t pid = fork();

  if (pid == 0)
    _exit(fill_table());
  st = reap(pid);
  bad = WIFEXITED(st) ? WEXITSTATUS(st) : 0xff;
  check(!(bad & 1), "dup until the table is full: EMFILE");
  check(!(bad & 2), "F_DUPFD with a full table: EMFILE");
  check(!(bad & 4), "pipe with a full table: EMFILE");
  check(!(bad & 8), "F_DUPFD takes the one free slot, then EMFILE");
  check(!(bad & 16), "F_DUPFD at the limit: EINVAL");
}

static void
test_fcntl(void)
{
  test_dupfd();
  test_getfl_setfl();
  test_fcntl_errors();
  test_emfile();
}

// ---- nonblock ---------------------------------------------------------------

// The bytes of a pipe's stream: byte i is i % 251, so order shows.
static void
pattern(char *buf, long from, long n)
{
  for (long i = 0; i < n; i++)
    buf[i] = (from + i) % 251;
}

static int
is_pattern(const char *buf, long from, long n)
{
  for (long i = 0; i < n; i++)
    if (buf[i] != (char)((from + i) % 251))
      return 0;
  return 1;
}

// Reads what the nonblocking fd holds, checking it is stream bytes
// [from, ...); the number of bytes, or -1 on a wrong byte or error.
static long
drain(int fd, long from)
{
  static char buf[4096];
  long got = 0, n;

  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    if (!is_pattern(buf, from + got, n))
      return -1;
    got += n;
  }
  return n == -1 && errno == EAGAIN ? got : -1;
}

static void
test_full_pipe(void)
{
  static char buf[4096];
  int p[2];
  long total = 0, n;
  char c;

  check(pipe2(p, O_NONBLOCK) == 0 && flags_of(p[0]) == (O_RDONLY | O_NONBLOCK) &&
        flags_of(p[1]) == (O_WRONLY | O_NONBLOCK), "pipe2(O_NONBLOCK): both ends are nonblocking");
  check_errno(read(p[0], &c, 1), EAGAIN, "read of an empty pipe with a writer: EAGAIN");
  for (;; total += n) {
    pattern(buf, total, 1024);
    if ((n = write(p[1], buf, 1024)) <= 0 || total > 4 * BIG)
      break;
  }
  check(n == -1 && errno == EAGAIN && total > 0, "writes fill the pipe, then EAGAIN");
  check_errno(write(p[1], buf, 1), EAGAIN, "a write of one byte to the full pipe: EAGAIN");
  check(read(p[0], buf, 4096) == 4096 && is_pattern(buf, 0, 4096), "a read takes the first bytes");
  pattern(buf, total, 1);
  check(write(p[1], buf, 1) == 1, "then a write fits again");
  check(drain(p[0], 4096) == total + 1 - 4096, "the rest comes out in order, then EAGAIN");
  close(p[1]);
  check(read(p[0], &c, 1) == 0, "with no writer left, a read returns 0 (EOF), not EAGAIN");
  close(p[0]);
}

static void
test_big_write(void)
{
  static char big[BIG];
  int p[2];
  long n;

  pipe2(p, O_NONBLOCK);
  pattern(big, 0, BIG);
  n = write(p[1], big, BIG);
  check(n > 0 && n < BIG, "a nonblocking write bigger than the pipe writes part of it");
  check(drain(p[0], 0) == n, "exactly that part can be read");
  signal(SIGPIPE, SIG_IGN);
  close(p[0]);
  check_errno(write(p[1], big, 1), EPIPE, "with no reader left, a write fails with EPIPE");
  signal(SIGPIPE, SIG_DFL);
  close(p[1]);
}

static int
child_read_errno(int fd)
{
  char c;
  pid_t pid = fork();

  if (pid == 0)
    _exit(read(fd, &c, 1) == -1 && errno == EAGAIN ? 0 : 1);
  return reap(pid) == W_EXITED(0);
}

static void
test_shared_flag(void)
{
  int p[2], d, fd;
  char c = 0, buf[4];
  pid_t pid;

  pipe(p);
  d = dup(p[0]);
  check(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0 && flags_of(d) == (O_RDONLY | O_NONBLOCK),
        "F_SETFL O_NONBLOCK on a descriptor shows on its dup");
  check_errno(read(d, &c, 1), EAGAIN, "a read through the dup: EAGAIN");
  check(child_read_errno(p[0]), "a forked child shares it: EAGAIN there too");
  check(fcntl(d, F_SETFL, 0) == 0 && flags_of(p[0]) == O_RDONLY, "clearing it through the dup clears it for both");
  if ((pid = fork()) == 0) {
    sleep_ms(100);
    write(p[1], "y", 1);
    _exit(0);
  }
  check(read(p[0], &c, 1) == 1 && c == 'y', "a read waits for the writer again");
  check_status(reap(pid), W_EXITED(0), "the writer exits");
  close(d);
  close(p[0]);
  close(p[1]);
  fd = open(tmpfile_path, O_CREAT | O_TRUNC | O_RDWR | O_NONBLOCK, 0644);
  write(fd, "hi", 2);
  lseek(fd, 0, SEEK_SET);
  check(read(fd, buf, 4) == 2 && memcmp(buf, "hi", 2) == 0 && read(fd, buf, 4) == 0,
        "a regular file ignores O_NONBLOCK: data, then 0 at the end");
  close(fd);
  unlink(tmpfile_path);
}

static void
test_nonblock(void)
{
  test_full_pipe();
  test_big_write();
  test_shared_flag();
}

// ---- ids --------------------------------------------------------------------

static void
test_ids(void)
{
  check(getuid() == 0, "getuid() is 0: root");
  check(geteuid() == 0, "geteuid() is 0");
  check(getgid() == 0, "getgid() is 0");
  check(getegid() == 0, "getegid() is 0");
}

// ---- rw ---------------------------------------------------------------------

static void
test_rw(void)
{
  int fd = open(tmpfile_path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  char buf[16] = { 0 };
  int p[2];

  write(fd, "0123456789", 10);
  check(pread(fd, buf, 4, 3) == 4 && memcmp(buf, "3456", 4) == 0, "pread at an offset");
  check(lseek(fd, 0, SEEK_CUR) == 10, "pread leaves the file offset alone");
  check(pwrite(fd, "ab", 2, 1) == 2 && lseek(fd, 0, SEEK_CUR) == 10, "pwrite at an offset, offset unchanged");
  check(pread(fd, buf, 16, 0) == 10 && memcmp(buf, "0ab3456789", 10) == 0, "pwrite's bytes are there");
  check(pread(fd, buf, 4, 10) == 0, "pread at the end reads 0 bytes");
  check_errno(pread(fd, buf, 4, -1), EINVAL, "pread at a negative offset: EINVAL");
  pipe(p);
  check_errno(pread(p[0], buf, 1, 0), ESPIPE, "pread of a pipe: ESPIPE");
  check_errno(pwrite(p[1], "x", 1, 0), ESPIPE, "pwrite to a pipe: ESPIPE");

  struct iovec out[3] = { { "he", 2 }, { "", 0 }, { "llo", 3 } };
  check(writev(p[1], out, 3) == 5, "writev of three buffers (one empty)");
  char a[2], b[8] = { 0 };
  struct iovec in[2] = { { a, 2 }, { b, 8 } };
  check(readv(p[0], in, 2) == 5 && memcmp(a, "he", 2) == 0 && memcmp(b, "llo", 3) == 0,
        "readv scatters into two buffers");
  check_errno(writev(p[1], out, -1), EINVAL, "writev with a negative count: EINVAL");
  check_errno(readv(99, in, 2), EBADF, "readv of a bad descriptor: EBADF");
  close(p[0]);
  close(p[1]);
  close(fd);
  unlink(tmpfile_path);
}

// ---- tty ----------------------------------------------------------------------

static void
test_tty(void)
{
  struct termios t;
  int p[2];

  check(isatty(0), "stdin is a terminal");
  check(tcgetattr(0, &t) == 0, "tcgetattr of the console");
  check((t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG) && (t.c_iflag & ICRNL),
        "the console is a cooked line with echo and signals");
  check(t.c_cc[VINTR] == ('C' - '@') && t.c_cc[VEOF] == ('D' - '@'), "^C interrupts, ^D ends input");
  check(tcsetattr(0, TCSANOW, &t) == 0 && tcsetattr(0, TCSAFLUSH, &t) == 0,
        "tcsetattr takes the settings back");
  check_errno(tcsetattr(0, TCSAFLUSH + 1, &t), EINVAL, "tcsetattr with an unknown when: EINVAL");
  check_errno(tcgetattr(0, (struct termios *)8), EFAULT, "tcgetattr to a bad address: EFAULT");
  pipe(p);
  check(!isatty(p[0]) && errno == ENOTTY, "a pipe is not a terminal");
  check_errno(tcgetattr(p[1], &t), ENOTTY, "tcgetattr of a pipe: ENOTTY");
  close(p[0]);
  close(p[1]);
}

// ---- main -------------------------------------------------------------------

static const struct test_part parts[] = {
  { "cloexec", test_cloexec }, { "fcntl", test_fcntl }, { "nonblock", test_nonblock }, { "ids", test_ids },
  { "rw", test_rw }, { "tty", test_tty },
};

int
main(int argc, char **argv)
{
  return test_parts("fdtest", parts, sizeof(parts) / sizeof(parts[0]), argc, argv);
}
