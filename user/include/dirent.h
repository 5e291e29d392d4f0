// Directory reading on top of getdents64().
#pragma once
#include <sys/types.h>

// The record getdents64() fills: Linux's struct linux_dirent64.
struct dirent {
  ino_t d_ino;
  off_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[256];
};

#include <linux/dirent.h>      // DT_*

typedef struct dir DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
ssize_t getdents64(int fd, void *buf, size_t len);
