// Whole files and trees, as cp, mv and rm need them.  Errors are reported
// on stderr as "prog: path: reason"; the calls return 0 or -1.
#pragma once

#define TREE_RECURSIVE 1   // directories too, with everything in them
#define TREE_PRESERVE  2   // the source's exact mode and times (else mode & ~umask)

int copy_tree(const char *prog, const char *src, const char *dst, int flags);
int remove_tree(const char *prog, const char *path);
