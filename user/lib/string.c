// Memory and string functions (memset, memcpy and memmove: mem.c).  Byte
// loops: simple and small; the compiler must not recognise these loops as
// calls to memset/memcpy, which would make them call themselves.
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
memcmp(const void *a, const void *b, size_t n)
{
  const unsigned char *p = a, *q = b;

  for (; n > 0; n--, p++, q++)
    if (*p != *q)
      return *p - *q;
  return 0;
}

void *
memchr(const void *s, int c, size_t n)
{
  const unsigned char *p = s;

  for (; n > 0; n--, p++)
    if (*p == (unsigned char)c)
      return (void *)p;
  return 0;
}

size_t
strlen(const char *s)
{
  const char *p = s;

  while (*p)
    p++;
  return p - s;
}

size_t
strnlen(const char *s, size_t max)
{
  size_t n = 0;

  while (n < max && s[n])
    n++;
  return n;
}

char *
strcpy(char *dst, const char *src)
{
  char *d = dst;

  while ((*d++ = *src++) != 0)
    ;
  return dst;
}

// Pads with NULs and leaves dst unterminated when src is too long, as
// the standard says.
char *
strncpy(char *dst, const char *src, size_t n)
{
  size_t i = 0;

  for (; i < n && src[i]; i++)
    dst[i] = src[i];
  for (; i < n; i++)
    dst[i] = 0;
  return dst;
}

char *
strcat(char *dst, const char *src)
{
  strcpy(dst + strlen(dst), src);
  return dst;
}

char *
strncat(char *dst, const char *src, size_t n)
{
  char *d = dst + strlen(dst);

  while (n-- > 0 && *src)
    *d++ = *src++;
  *d = 0;
  return dst;
}

int
strcmp(const char *a, const char *b)
{
  while (*a && *a == *b)
    a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
  for (; n > 0; n--, a++, b++)
    if (*a != *b || *a == 0)
      return (unsigned char)*a - (unsigned char)*b;
  return 0;
}

char *
strchr(const char *s, int c)
{
  for (;; s++) {
    if (*s == (char)c)
      return (char *)s;
    if (*s == 0)
      return 0;
  }
}

char *
strrchr(const char *s, int c)
{
  const char *last = 0;

  for (;; s++) {
    if (*s == (char)c)
      last = s;
    if (*s == 0)
      return (char *)last;
  }
}

char *
strstr(const char *hay, const char *needle)
{
  size_t n = strlen(needle);

  for (; *hay; hay++)
    if (strncmp(hay, needle, n) == 0)
      return (char *)hay;
  return n == 0 ? (char *)hay : 0;
}

size_t
strspn(const char *s, const char *accept)
{
  size_t n = 0;

  while (s[n] && strchr(accept, s[n]))
    n++;
  return n;
}

size_t
strcspn(const char *s, const char *reject)
{
  size_t n = 0;

  while (s[n] && !strchr(reject, s[n]))
    n++;
  return n;
}

char *
strpbrk(const char *s, const char *accept)
{
  s += strcspn(s, accept);
  return *s ? (char *)s : 0;
}

char *
strtok_r(char *s, const char *delim, char **save)
{
  char *tok;

  if (!s)
    s = *save;
  s += strspn(s, delim);
  if (*s == 0) {
    *save = s;
    return 0;
  }
  tok = s;
  s += strcspn(s, delim);
  if (*s)
    *s++ = 0;
  *save = s;
  return tok;
}

char *
strtok(char *s, const char *delim)
{
  static char *save;

  return strtok_r(s, delim, &save);
}

char *
strndup(const char *s, size_t n)
{
  size_t len = strnlen(s, n);
  char *d = malloc(len + 1);

  if (d) {
    memcpy(d, s, len);
    d[len] = 0;
  }
  return d;
}

char *
strdup(const char *s)
{
  return strndup(s, strlen(s));
}

// One permission triplet: r, w, then x, or s/S (set-id) or t/T (sticky) in
// x's place, lower case when x is set too.
static void
triplet(unsigned int bits, int special, char special_letter, char *out)
{
  out[0] = bits & 4 ? 'r' : '-';
  out[1] = bits & 2 ? 'w' : '-';
  if (special)
    out[2] = bits & 1 ? special_letter : special_letter - 'a' + 'A';
  else
    out[2] = bits & 1 ? 'x' : '-';
}

static char
type_letter(unsigned int mode)
{
  switch (mode & S_IFMT) {
  case S_IFREG: return '-';
  case S_IFDIR: return 'd';
  case S_IFLNK: return 'l';
  case S_IFCHR: return 'c';
  case S_IFBLK: return 'b';
  case S_IFIFO: return 'p';
  case S_IFSOCK: return 's';
  default: return '?';
  }
}

void
strmode(unsigned int mode, char *buf)
{
  buf[0] = type_letter(mode);
  triplet(mode >> 6, mode & S_ISUID, 's', buf + 1);
  triplet(mode >> 3, mode & S_ISGID, 's', buf + 4);
  triplet(mode, mode & S_ISVTX, 't', buf + 7);
  buf[10] = ' ';
  buf[11] = 0;
}
