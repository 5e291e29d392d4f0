// Copying and removing whole files and trees (cp, mv across file systems,
// rm -r).  Links are copied and removed as links, never followed, except
// that a link named as a file to copy without TREE_RECURSIVE is followed,
// as cp does.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <filetree.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK 8192

static int
report(const char *prog, const char *path)
{
  fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
  return -1;
}

static int
copy_data(const char *prog, int in, int out, const char *src, const char *dst)
{
  static char buf[COPY_CHUNK];
  ssize_t n;

  while ((n = read(in, buf, sizeof(buf))) > 0) {
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(out, buf + done, n - done);
      if (w < 0)
        return report(prog, dst);
      done += w;
    }
  }
  return n < 0 ? report(prog, src) : 0;
}

static int
preserve(const char *prog, const char *dst, const struct stat *st)
{
  struct timespec times[2] = { st->st_atim, st->st_mtim };

  if (fchmodat(AT_FDCWD, dst, st->st_mode & 07777, 0) < 0 ||
      utimensat(AT_FDCWD, dst, times, 0) < 0)
    return report(prog, dst);
  return 0;
}

static int
copy_file(const char *prog, const char *src, const char *dst, const struct stat *st, int flags)
{
  int in, out, r;

  in = open(src, O_RDONLY);
  if (in < 0)
    return report(prog, src);
  out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 07777);
  if (out < 0) {
    close(in);
    return report(prog, dst);
  }
  r = copy_data(prog, in, out, src, dst);
  close(in);
  if (close(out) < 0 && r == 0)
    r = report(prog, dst);
  if (r == 0 && (flags & TREE_PRESERVE))
    r = preserve(prog, dst, st);
  return r;
}

static int
copy_link(const char *prog, const char *src, const char *dst)
{
  char target[PATH_MAX];
  ssize_t n = readlink(src, target, sizeof(target) - 1);

  if (n < 0)
    return report(prog, src);
  target[n] = 0;
  if (symlink(target, dst) < 0)
    return report(prog, dst);
  return 0;
}

// The process's umask: the call that reads it also sets it.
static mode_t
current_umask(void)
{
  mode_t mask = umask(0);

  umask(mask);
  return mask;
}

static int
copy_dir(const char *prog, const char *src, const char *dst, const struct stat *st, int flags)
{
  char from[PATH_MAX], to[PATH_MAX];
  struct dirent *e;
  int status = 0;
  DIR *d;

  // Writable while it fills, whatever its final mode.
  if (mkdir(dst, (st->st_mode & 07777) | S_IRWXU) < 0 && errno != EEXIST)
    return report(prog, dst);
  d = opendir(src);
  if (!d)
    return report(prog, src);
  while ((e = readdir(d)) != 0) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    snprintf(from, sizeof(from), "%s/%s", src, e->d_name);
    snprintf(to, sizeof(to), "%s/%s", dst, e->d_name);
    if (copy_tree(prog, from, to, flags) < 0)
      status = -1;
  }
  closedir(d);
  if (flags & TREE_PRESERVE) {
    if (preserve(prog, dst, st) < 0)
      status = -1;
  } else if (chmod(dst, st->st_mode & 07777 & ~current_umask()) < 0) {
    status = report(prog, dst);
  }
  return status;
}

int
copy_tree(const char *prog, const char *src, const char *dst, int flags)
{
  struct stat st;
  int r = flags & TREE_RECURSIVE ? lstat(src, &st) : stat(src, &st);

  if (r < 0)
    return report(prog, src);
  if (S_ISDIR(st.st_mode)) {
    if (!(flags & TREE_RECURSIVE)) {
      fprintf(stderr, "%s: %s: is a directory (not copied without -r)\n", prog, src);
      return -1;
    }
    return copy_dir(prog, src, dst, &st, flags);
  }
  if (S_ISLNK(st.st_mode))
    return copy_link(prog, src, dst);
  if (!S_ISREG(st.st_mode)) {
    fprintf(stderr, "%s: %s: not a regular file\n", prog, src);
    return -1;
  }
  return copy_file(prog, src, dst, &st, flags);
}

int
remove_tree(const char *prog, const char *path)
{
  char sub[PATH_MAX];
  struct dirent *e;
  struct stat st;
  int status = 0;
  DIR *d;

  if (lstat(path, &st) < 0)
    return report(prog, path);
  if (!S_ISDIR(st.st_mode))
    return unlink(path) < 0 ? report(prog, path) : 0;
  d = opendir(path);
  if (!d)
    return report(prog, path);
  while ((e = readdir(d)) != 0) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
    if (remove_tree(prog, sub) < 0)
      status = -1;
  }
  closedir(d);
  if (rmdir(path) < 0)
    status = report(prog, path);
  return status;
}
