// chmod mode file...: set the permission bits.  mode is octal (755) or
// symbolic: clauses like u+x, go-w, a=rX, +t separated by commas, where
// who is any of u, g, o, a (none: all, less the umask), the operator +, -
// or =, and the bits any of r, w, x, X (x if a directory or executable by
// someone), s (set-id) and t (sticky).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WHO_U (S_ISUID | S_IRWXU)
#define WHO_G (S_ISGID | S_IRWXG)
#define WHO_O (S_ISVTX | S_IRWXO)
#define ALL_BITS 07777

static mode_t
who_bits(char c)
{
  switch (c) {
  case 'u': return WHO_U;
  case 'g': return WHO_G;
  case 'o': return WHO_O;
  case 'a': return WHO_U | WHO_G | WHO_O;
  default: return 0;
  }
}

// The bits one letter names, before they are limited to who.
static mode_t
perm_bits(char c, mode_t old)
{
  switch (c) {
  case 'r': return 0444;
  case 'w': return 0222;
  case 'x': return 0111;
  case 'X': return S_ISDIR(old) || (old & 0111) ? 0111 : 0;
  case 's': return S_ISUID | S_ISGID;
  case 't': return S_ISVTX;
  default: return 0;
  }
}

// Applies the symbolic mode s to old; returns the new mode, or -1 if s is
// not one.
static long
apply_symbolic(const char *s, mode_t old, mode_t mask)
{
  mode_t mode = old & ALL_BITS;

  for (;;) {
    mode_t who = 0, limit;
    while (who_bits(*s))
      who |= who_bits(*s++);
    // With no who, the umask's bits stay as they are (s and t are never in it).
    limit = who ? who : ALL_BITS & ~mask;
    if (*s != '+' && *s != '-' && *s != '=')
      return -1;
    while (*s == '+' || *s == '-' || *s == '=') {
      char op = *s++;
      mode_t bits = 0;
      while (*s && strchr("rwxXst", *s))
        bits |= perm_bits(*s++, old);
      bits &= limit;
      if (op == '+')
        mode |= bits;
      else if (op == '-')
        mode &= ~bits;
      else
        mode = (mode & ~(who ? who : ALL_BITS)) | bits;
    }
    if (*s == 0)
      return mode;
    if (*s++ != ',')
      return -1;
  }
}

// The new mode of a file now in old, or -1 if spec is no mode.
static long
new_mode(const char *spec, mode_t old, mode_t mask)
{
  char *end;
  long m;

  if (*spec >= '0' && *spec <= '7') {
    m = strtol(spec, &end, 8);
    return *end || m > ALL_BITS ? -1 : m;
  }
  return apply_symbolic(spec, old, mask);
}

int
main(int argc, char **argv)
{
  struct stat st;
  mode_t mask;
  int status = 0;
  long m;

  if (argc < 3) {
    fprintf(stderr, "usage: chmod mode file...\n");
    return 1;
  }
  mask = umask(0);
  umask(mask);
  if (new_mode(argv[1], 0, mask) < 0) {
    fprintf(stderr, "chmod: %s: invalid mode\n", argv[1]);
    return 1;
  }
  for (int i = 2; i < argc; i++) {
    if (stat(argv[i], &st) < 0) {
      fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    m = new_mode(argv[1], st.st_mode, mask);
    if (chmod(argv[i], m) < 0) {
      fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
      status = 1;
    }
  }
  return status;
}
