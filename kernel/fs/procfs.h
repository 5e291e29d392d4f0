// procfs: the kernel's view of tasks, CPUs and memory as read-only text
// files under /proc, built when read (nothing is stored on disk).
//
// The file layer routes a path to procfs when, made absolute and with "."
// and ".." resolved, it is /proc or below; procfs then gets the part after
// "/proc/" ("" for /proc itself).  /proc needs no directory on the disk.
#pragma once
#include <stdint.h>
#include <stddef.h>

#define PROC_CWD_MAX 48              // "/proc/<pid>/task/<tid>" and then some

struct file;
struct linux_stat;

// Join base (an absolute directory, or NULL for "/") and path, resolve "."
// and "..", and put the result back into path (PATH_MAX bytes): the part
// after "/proc/" and 1 when it lies in /proc, else the absolute path and 0;
// or -ENAMETOOLONG.
int procfs_route(char *path, const char *base);

// The calls behind the file system calls for a procfs path.
int procfs_open(const char *ppath, int flags, struct file **fp);   // 0 or -errno; f refs 1
int procfs_stat(const char *ppath, struct linux_stat *st);
int procfs_isdir(const char *ppath);                  // 1 directory, 0 file, -ENOENT
// On an open procfs file (type FD_PROC):
long procfs_read(struct file *f, uint64_t udst, size_t n);
long procfs_getdents(struct file *f, uint64_t ubuf, size_t len);
void procfs_fstat(struct file *f, struct linux_stat *st);
const char *procfs_path(struct file *f);              // "/proc/..." of a directory for *at calls; NULL: a file
void procfs_close(struct file *f);
