// opendir/readdir over getdents64, which fills a buffer with records
// shaped like struct dirent (but only d_reclen bytes long each).
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dir {
  int fd;
  size_t pos, len;      // unread records are buf[pos..len)
  struct dirent ent;    // what readdir returns, NUL-terminated
  char buf[2048];
};

DIR *
opendir(const char *path)
{
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d;

  if (fd < 0)
    return 0;
  d = malloc(sizeof(*d));
  if (!d) {
    close(fd);
    return 0;
  }
  d->fd = fd;
  d->pos = d->len = 0;
  return d;
}

// Copies the record out so the caller gets a whole struct dirent.
struct dirent *
readdir(DIR *d)
{
  struct dirent *rec;
  size_t namemax;

  if (d->pos >= d->len) {
    ssize_t n = getdents64(d->fd, d->buf, sizeof(d->buf));
    if (n <= 0)
      return 0;
    d->pos = 0;
    d->len = n;
  }
  rec = (struct dirent *)(d->buf + d->pos);
  d->pos += rec->d_reclen;
  namemax = rec->d_reclen - offsetof(struct dirent, d_name);
  memcpy(&d->ent, rec, offsetof(struct dirent, d_name));
  d->ent.d_name[0] = 0;
  strncat(d->ent.d_name, rec->d_name,
          namemax < sizeof(d->ent.d_name) - 1 ? namemax : sizeof(d->ent.d_name) - 1);
  return &d->ent;
}

int
closedir(DIR *d)
{
  int r = close(d->fd);

  free(d);
  return r;
}
