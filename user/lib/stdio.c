// Buffered streams over file descriptors.  A stream's buffer holds either
// bytes read ahead (buf[rpos..rlen)) or bytes waiting to be written
// (buf[0..wlen)), never both: switching direction flushes or drops it.
// Threads: each stream has a lock its holder may take again (so printf can
// call fwrite), and list_lock guards the list of streams.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "format.h"
#include "thread.h"

enum { S_EOF = 1, S_ERR = 2, S_MALLOCED = 4 };

struct file {
  int fd;
  int mode;             // _IOFBF, _IOLBF or _IONBF
  int flags;
  char *buf;
  size_t size;
  size_t rpos, rlen;
  size_t wlen;
  char ch;              // the one-byte buffer of an unbuffered stream
  struct file *next;    // every open stream, for fflush(NULL) and exit
  struct rlock lock;
};

static char inbuf[BUFSIZ], outbuf[BUFSIZ];
static struct file std_err = { .fd = 2, .mode = _IONBF, .buf = &std_err.ch, .size = 1 };
// stdout is line buffered even when it is not a terminal, so that output
// reaches a pipe or the console in the order programs print it.
static struct file std_out = { .fd = 1, .mode = _IOLBF, .buf = outbuf, .size = BUFSIZ,
                               .next = &std_err };
static struct file std_in = { .fd = 0, .mode = _IOFBF, .buf = inbuf, .size = BUFSIZ,
                              .next = &std_out };
FILE *stdin = &std_in, *stdout = &std_out, *stderr = &std_err;
static struct file *streams = &std_in;
static int list_lock;

static int
write_all(FILE *f, const char *p, size_t n)
{
  while (n > 0) {
    ssize_t w = write(f->fd, p, n);
    if (w <= 0) {
      f->flags |= S_ERR;
      return -1;
    }
    p += w;
    n -= w;
  }
  return 0;
}

// Pending output goes out; read-ahead is given back to the file position.
static int
sync_stream(FILE *f)
{
  int r = 0;

  if (f->wlen > 0)
    r = write_all(f, f->buf, f->wlen);
  f->wlen = 0;
  if (f->rpos < f->rlen)
    lseek(f->fd, (off_t)f->rpos - (off_t)f->rlen, SEEK_CUR);
  f->rpos = f->rlen = 0;
  return r;
}

void
flockfile(FILE *f)
{
  __rlock(&f->lock);
}

void
funlockfile(FILE *f)
{
  __runlock(&f->lock);
}

int
fflush(FILE *f)
{
  int r = 0;

  if (f) {
    flockfile(f);
    r = sync_stream(f) < 0 ? EOF : 0;
    funlockfile(f);
    return r;
  }
  // A stream without output is skipped unlocked: its holder may be a
  // thread asleep in read(), and exit() must not wait for it.
  __lock(&list_lock);
  for (f = streams; f; f = f->next) {
    if (__atomic_load_n(&f->wlen, __ATOMIC_RELAXED) == 0)
      continue;
    flockfile(f);
    if (f->wlen > 0 && sync_stream(f) < 0)
      r = EOF;
    funlockfile(f);
  }
  __unlock(&list_lock);
  return r;
}

// fork (see thread.h).  Stream locks are not taken (a thread may hold one
// while it sleeps in read()); the child, where their holders do not exist,
// just frees them.
void
__stdio_atfork(int phase)
{
  FILE *f;

  if (phase == 0) {
    __lock(&list_lock);
  } else if (phase == 1) {
    __unlock(&list_lock);
  } else {
    for (f = streams; f; f = f->next)
      f->lock = (struct rlock){ 0 };
    list_lock = 0;
  }
}

void
__stdio_exit(void)
{
  fflush(0);
}

static int
open_flags(const char *mode)
{
  int flags;

  if (mode[0] == 'r')
    flags = O_RDONLY;
  else if (mode[0] == 'w')
    flags = O_WRONLY | O_CREAT | O_TRUNC;
  else if (mode[0] == 'a')
    flags = O_WRONLY | O_CREAT | O_APPEND;
  else
    return -1;
  if (strchr(mode, '+'))
    flags = (flags & ~O_ACCMODE) | O_RDWR;
  if (strchr(mode, 'x'))
    flags |= O_EXCL;
  if (strchr(mode, 'e'))
    flags |= O_CLOEXEC;
  return flags;
}

// The stream and its buffer are one allocation.
FILE *
fdopen(int fd, const char *mode)
{
  FILE *f;

  if (open_flags(mode) < 0) {
    errno = EINVAL;
    return 0;
  }
  f = calloc(1, sizeof(*f) + BUFSIZ);
  if (!f)
    return 0;
  f->fd = fd;
  f->mode = _IOFBF;
  f->flags = S_MALLOCED;
  f->buf = (char *)(f + 1);
  f->size = BUFSIZ;
  __lock(&list_lock);
  f->next = streams;
  streams = f;
  __unlock(&list_lock);
  return f;
}

FILE *
fopen(const char *path, const char *mode)
{
  int flags = open_flags(mode), fd;
  FILE *f;

  if (flags < 0) {
    errno = EINVAL;
    return 0;
  }
  fd = open(path, flags, 0666);
  if (fd < 0)
    return 0;
  f = fdopen(fd, mode);
  if (!f)
    close(fd);
  return f;
}

int
fclose(FILE *f)
{
  int r = fflush(f);
  FILE **pp;

  if (close(f->fd) < 0)
    r = EOF;
  __lock(&list_lock);
  for (pp = &streams; *pp; pp = &(*pp)->next)
    if (*pp == f) {
      *pp = f->next;
      break;
    }
  __unlock(&list_lock);
  if (f->flags & S_MALLOCED)
    free(f);
  return r;
}

// Must come before any I/O on the stream.  Without buf the current
// buffer is kept.
int
setvbuf(FILE *f, char *buf, int mode, size_t size)
{
  if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
    return -1;
  flockfile(f);
  sync_stream(f);
  f->mode = mode;
  if (mode == _IONBF) {
    f->buf = &f->ch;
    f->size = 1;
  } else if (buf && size > 0) {
    f->buf = buf;
    f->size = size;
  }
  funlockfile(f);
  return 0;
}

void
setbuf(FILE *f, char *buf)
{
  setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

int fileno(FILE *f) { return f->fd; }
int feof(FILE *f) { return (f->flags & S_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & S_ERR) != 0; }

void
clearerr(FILE *f)
{
  flockfile(f);
  f->flags &= ~(S_EOF | S_ERR);
  funlockfile(f);
}

int
fseek(FILE *f, long off, int whence)
{
  int r = -1;

  flockfile(f);
  if (sync_stream(f) == 0 && lseek(f->fd, off, whence) >= 0) {
    f->flags &= ~S_EOF;
    r = 0;
  }
  funlockfile(f);
  return r;
}

long
ftell(FILE *f)
{
  off_t pos;

  flockfile(f);
  pos = lseek(f->fd, 0, SEEK_CUR);
  if (pos >= 0)
    pos += (off_t)f->wlen - (off_t)(f->rlen - f->rpos);
  funlockfile(f);
  return pos < 0 ? -1 : pos;
}

void
rewind(FILE *f)
{
  fseek(f, 0, SEEK_SET);
  clearerr(f);
}

// ---- reading ---------------------------------------------------------------

// Refills the read buffer; returns 0 at end of file or on error.  A program
// that prompts and then reads expects the prompt to be visible first.
static int
fill(FILE *f)
{
  ssize_t n;

  if (f->wlen > 0 && sync_stream(f) < 0)
    return 0;
  flockfile(&std_out);
  if (std_out.wlen > 0)
    sync_stream(&std_out);
  funlockfile(&std_out);
  n = read(f->fd, f->buf, f->size);
  if (n <= 0) {
    f->flags |= (n == 0) ? S_EOF : S_ERR;
    return 0;
  }
  f->rpos = 0;
  f->rlen = n;
  return 1;
}

int
fgetc(FILE *f)
{
  int c = EOF;

  flockfile(f);
  if (f->rpos < f->rlen || fill(f))
    c = (unsigned char)f->buf[f->rpos++];
  funlockfile(f);
  return c;
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

char *
fgets(char *s, int size, FILE *f)
{
  int i = 0, c;

  flockfile(f);
  while (i < size - 1 && (c = fgetc(f)) != EOF) {
    s[i++] = c;
    if (c == '\n')
      break;
  }
  funlockfile(f);
  if (i == 0 || size <= 0)
    return 0;
  s[i] = 0;
  return s;
}

size_t
fread(void *buf, size_t size, size_t n, FILE *f)
{
  char *p = buf;
  size_t want = size * n, got = 0;

  if (want == 0)
    return 0;
  flockfile(f);
  while (got < want) {
    size_t k = f->rlen - f->rpos;
    if (k == 0 && !fill(f))
      break;
    k = f->rlen - f->rpos;
    if (k > want - got)
      k = want - got;
    memcpy(p + got, f->buf + f->rpos, k);
    f->rpos += k;
    got += k;
  }
  funlockfile(f);
  return got / size;
}

// ---- writing ---------------------------------------------------------------

// Called with f locked.
static size_t
write_locked(const char *p, size_t size, size_t n, FILE *f)
{
  size_t want = size * n, done = 0;

  if (f->rlen > 0)
    sync_stream(f);
  if (f->mode == _IONBF)
    return write_all(f, p, want) < 0 ? 0 : n;
  while (done < want) {
    size_t k = f->size - f->wlen;
    if (k > want - done)
      k = want - done;
    memcpy(f->buf + f->wlen, p + done, k);
    f->wlen += k;
    done += k;
    if (f->wlen == f->size && sync_stream(f) < 0)
      return 0;
  }
  if (f->mode == _IOLBF && memchr(p, '\n', want) && sync_stream(f) < 0)
    return 0;
  return n;
}

size_t
fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
  size_t r;

  if (size * n == 0)
    return 0;
  flockfile(f);
  r = write_locked(buf, size, n, f);
  funlockfile(f);
  return r;
}

int
fputc(int c, FILE *f)
{
  unsigned char ch = c;

  return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int
fputs(const char *s, FILE *f)
{
  size_t n = strlen(s);

  return fwrite(s, 1, n, f) == n || n == 0 ? 0 : EOF;
}

// One lock around both parts, so the line is not split by another thread's.
int
puts(const char *s)
{
  int r;

  flockfile(stdout);
  r = fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ? EOF : 0;
  funlockfile(stdout);
  return r;
}

// ---- formatted output ------------------------------------------------------

static void
put_stream(struct sink *s, const char *text, size_t n)
{
  fwrite(text, 1, n, s->arg);
}

// An unbuffered stream borrows a buffer for the call, so a message leaves
// in one write instead of one per piece.
int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
  struct sink s = { .put = put_stream, .arg = f };
  char tmp[256];
  int n;

  flockfile(f);
  if (f->mode != _IONBF) {
    n = format(&s, fmt, ap);
  } else {
    setvbuf(f, tmp, _IOFBF, sizeof(tmp));
    n = format(&s, fmt, ap);
    setvbuf(f, 0, _IONBF, 0);
  }
  funlockfile(f);
  return n;
}

int
vprintf(const char *fmt, va_list ap)
{
  return vfprintf(stdout, fmt, ap);
}

int
fprintf(FILE *f, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int
printf(const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

void
perror(const char *msg)
{
  const char *err = strerror(errno);

  if (msg && *msg)
    fprintf(stderr, "%s: %s\n", msg, err);
  else
    fprintf(stderr, "%s\n", err);
}
