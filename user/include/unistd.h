#pragma once
#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#include <linux/fs.h>          // SEEK_*, F_OK...

extern char **environ;

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
ssize_t pread(int fd, void *buf, size_t n, off_t off);        // at off; the file offset stays
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int isatty(int fd);

// access() modes: F_OK (existence), or R_OK, W_OK, X_OK permission.
int access(const char *path, int mode);
int faccessat(int dirfd, const char *path, int mode, int flags);
int chown(const char *path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);
int lchown(const char *path, uid_t uid, gid_t gid);
int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags);
int truncate(const char *path, off_t length);
int ftruncate(int fd, off_t length);

int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int link(const char *oldpath, const char *newpath);
int unlink(const char *path);
int rmdir(const char *path);
int fchdir(int fd);
int chroot(const char *path);
int symlink(const char *target, const char *linkpath);
int symlinkat(const char *target, int newdirfd, const char *linkpath);
// The link's target, not NUL-terminated; its length (at most size).
ssize_t readlink(const char *path, char *buf, size_t size);
ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size);
int fsync(int fd);                // the file's data and metadata are on disk on return
int fdatasync(int fd);
void sync(void);                  // everything written so far is on disk on return
int syncfs(int fd);

pid_t fork(void);
// The child shares the caller's memory and stack until it calls execve or
// _exit; the caller sleeps until then.
__attribute__((returns_twice)) pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);

// Option parsing (POSIX getopt): the next option letter, '?' for an unknown
// one or a missing argument (':' instead when optstring starts with ':'),
// -1 after the last; optarg is the option's argument, optind the next word.
int getopt(int argc, char *const argv[], const char *optstring);
int getentropy(void *buf, size_t len);   // at most 256 bytes (EIO beyond)
extern char *optarg;
extern int optind, opterr, optopt;
int execl(const char *path, const char *arg0, ... /* (char *)0 */);
int execlp(const char *file, const char *arg0, ... /* (char *)0 */);
int execle(const char *path, const char *arg0, ... /* (char *)0, char *const envp[] */);
__attribute__((noreturn)) void _exit(int status);
__attribute__((noreturn)) void exit_group(int status);   // = _exit: every thread
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
// User and group ids.  Every process starts as root (0); a program may
// change its ids by Linux's rules, but the kernel checks no file permissions.
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t id);
int setgid(gid_t id);
int seteuid(uid_t id);
int setegid(gid_t id);
int setreuid(uid_t r, uid_t e);
int setregid(gid_t r, gid_t e);
int setresuid(uid_t r, uid_t e, uid_t s);
int setresgid(gid_t r, gid_t e, gid_t s);
int getresuid(uid_t *r, uid_t *e, uid_t *s);
int getresgid(gid_t *r, gid_t *e, gid_t *s);
int getgroups(int size, gid_t list[]);          // setgroups: <grp.h>

// Process groups and sessions.  pid or pgid 0 means the caller.
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
pid_t setsid(void);                // a new session and group, led by the caller
pid_t getsid(pid_t pid);
// The terminal's foreground process group, which gets the signals of ^C.
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

unsigned int alarm(unsigned int seconds);   // SIGALRM then; returns what was left (0: none)
int pause(void);                   // sleeps until a handler has run: -1, EINTR

unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);

// Adds inc to the caller's nice value; returns the new one, or -1 with
// errno (EPERM for a lower value: see <sys/resource.h>).
int nice(int inc);

int brk(void *addr);
void *sbrk(long increment);
int getpagesize(void);

// sysconf() names, with glibc's numbers.  An unknown one: -1, errno EINVAL.
#define _SC_CLK_TCK 2
#define _SC_OPEN_MAX 4
#define _SC_PAGESIZE 30
#define _SC_PAGE_SIZE _SC_PAGESIZE
#define _SC_THREAD_STACK_MIN 75
#define _SC_NPROCESSORS_CONF 83
#define _SC_NPROCESSORS_ONLN 84
long sysconf(int name);

long syscall(long number, ...);
