// pstree [pid]: the processes as a tree, read from /proc.  One line per
// process, indented two spaces deeper than its parent, children in pid
// order:
//   NAME(PID) STATE [N threads]
// STATE is the letter ps shows (R S D T Z); the thread count appears when
// there is more than one.  Without an argument the tree starts at every
// process whose parent is not listed (init); with one, at that process.
#include <procstat.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_PROCS 1024

// LAB unix BEGIN
static struct proc_stat procs[MAX_PROCS];
static int nprocs;

// Reads /proc/<pid>/stat of every process; a process that exits while we
// look is left out.
static int
load(void)
{
  static int pids[MAX_PROCS];
  char path[64];
  int n = proc_list_ids("/proc", pids, MAX_PROCS);

  if (n < 0)
    return -1;
  for (int i = 0; i < n; i++) {
    snprintf(path, sizeof path, "/proc/%d/stat", pids[i]);
    if (proc_read_stat(path, &procs[nprocs]) == 0)
      nprocs++;
  }
  return 0;
}

static int
find(int pid)
{
  for (int i = 0; i < nprocs; i++)
    if (procs[i].pid == pid)
      return i;
  return -1;
}

// Prints procs[i] and, below it, its children (procs is in pid order, so
// they come out in pid order too).
static void
show(int i, int depth)
{
  struct proc_stat *p = &procs[i];
  printf("%*s%s(%d) %c", 2 * depth, "", p->name, p->pid, p->state);
  if (p->threads > 1)
    printf(" [%d threads]", p->threads);
  printf("\n");
  for (int j = 0; j < nprocs; j++)
    if (procs[j].ppid == p->pid && j != i)
      show(j, depth + 1);
}
// LAB unix END

// Prints the tree below root (0: all of it); returns the exit status.
static int
pstree(int root)
{
  // LAB unix BEGIN
  if (load() < 0) {
    fprintf(stderr, "pstree: cannot read /proc\n");
    return 1;
  }
  if (root != 0) {
    int i = find(root);
    if (i < 0) {
      fprintf(stderr, "pstree: no process %d\n", root);
      return 1;
    }
    show(i, 0);
    return 0;
  }
  for (int i = 0; i < nprocs; i++)
    if (find(procs[i].ppid) < 0)
      show(i, 0);
  return 0;
  // LAB unix STUB
  // (void)root;
  // fprintf(stderr, "pstree: not implemented\n");
  // return 1;
  // LAB unix END
}

int
main(int argc, char **argv)
{
  int root = argc > 1 ? atoi(argv[1]) : 0;

  if (argc > 2 || root < 0 || (argc == 2 && root == 0)) {
    fprintf(stderr, "usage: pstree [pid]\n");
    return 2;
  }
  return pstree(root);
}
