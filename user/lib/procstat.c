// /proc readers for ps and top (see <procstat.h>).
#include <dirent.h>
#include <fcntl.h>
#include <procstat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Field n (n >= 3) of a stat line: fields are counted after the ")" that
// ends the name, which may itself hold spaces and parentheses.
static const char *
field(const char *line, int n)
{
  const char *p = strrchr(line, ')');
  for (int f = 2; p && f < n; f++)
    p = strchr(p + 1, ' ');
  return p ? p + 1 : "";
}

int
proc_read_stat(const char *path, struct proc_stat *st)
{
  char buf[512];
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0)
    return -1;
  buf[n] = 0;
  const char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
  if (!open_paren || !close_paren || close_paren < open_paren)
    return -1;
  size_t len = close_paren - open_paren - 1;
  if (len >= sizeof st->name)
    len = sizeof st->name - 1;
  memcpy(st->name, open_paren + 1, len);
  st->name[len] = 0;
  st->pid = atoi(buf);
  st->state = *field(buf, 3);
  st->ppid = atoi(field(buf, 4));
  st->utime = atol(field(buf, 14));
  st->stime = atol(field(buf, 15));
  st->nice = atoi(field(buf, 19));
  st->threads = atoi(field(buf, 20));
  st->rss_pages = atol(field(buf, 24));
  st->cpu = atoi(field(buf, 39));
  return 0;
}

static int
cmp_int(const void *a, const void *b)
{
  return *(const int *)a - *(const int *)b;
}

int
proc_list_ids(const char *dir, int *ids, int max)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (!d)
    return -1;
  while ((e = readdir(d)) != 0 && n < max)
    if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
      ids[n++] = atoi(e->d_name);
  closedir(d);
  qsort(ids, n, sizeof ids[0], cmp_int);
  return n;
}
