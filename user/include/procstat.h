// Reading tasks from /proc (for ps and top): the fields of a
// /proc/<pid>/stat line that they show, and the numeric entries of a
// directory such as /proc or /proc/<pid>/task.
#pragma once
#include <sys/types.h>

struct proc_stat {
  int pid;
  char name[32];
  char state;            // R S D T Z
  int ppid;
  long utime, stime;     // clock ticks (100 per second)
  int nice;
  int threads;
  int cpu;               // the CPU it runs or last ran on
  long rss_pages;
};

// Parse the stat file at path (proc(5) format); 0, or -1 if unreadable.
int proc_read_stat(const char *path, struct proc_stat *st);
// The numeric names in directory dir, ascending, at most max; the count or -1.
int proc_list_ids(const char *dir, int *ids, int max);
