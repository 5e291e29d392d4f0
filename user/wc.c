// wc [-lwc] [file...]: count lines, words and bytes (all three unless
// options pick some), with a total line for several files.
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
  long lines, words, bytes;
};

static int show_lines = 1, show_words = 1, show_bytes = 1;

static int
count(int fd, struct counts *c)
{
  static char buf[4096];
  int in_word = 0;
  ssize_t n;

  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    c->bytes += n;
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] == '\n')
        c->lines++;
      if (isspace((unsigned char)buf[i]))
        in_word = 0;
      else if (!in_word) {
        in_word = 1;
        c->words++;
      }
    }
  }
  return n < 0 ? -1 : 0;
}

static void
report(struct counts *c, const char *name)
{
  const char *sep = "";

  if (show_lines) {
    printf("%7ld", c->lines);
    sep = " ";
  }
  if (show_words) {
    printf("%s%7ld", sep, c->words);
    sep = " ";
  }
  if (show_bytes)
    printf("%s%7ld", sep, c->bytes);
  if (name)
    printf(" %s", name);
  printf("\n");
}

int
main(int argc, char **argv)
{
  struct counts total = { 0 }, c;
  int status = 0, first = 1;

  if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
    show_lines = strchr(argv[1], 'l') != 0;
    show_words = strchr(argv[1], 'w') != 0;
    show_bytes = strchr(argv[1], 'c') != 0;
    if (strspn(argv[1] + 1, "lwc") != strlen(argv[1] + 1)) {
      fprintf(stderr, "usage: wc [-lwc] [file...]\n");
      return 1;
    }
    first = 2;
  }
  if (argc <= first) {
    memset(&c, 0, sizeof(c));
    if (count(0, &c) < 0) {
      fprintf(stderr, "wc: read error: %s\n", strerror(errno));
      return 1;
    }
    report(&c, 0);
    return 0;
  }
  for (int i = first; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    memset(&c, 0, sizeof(c));
    if (fd < 0 || count(fd, &c) < 0) {
      fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      if (fd >= 0)
        close(fd);
      continue;
    }
    close(fd);
    report(&c, argv[i]);
    total.lines += c.lines;
    total.words += c.words;
    total.bytes += c.bytes;
  }
  if (argc - first > 1)
    report(&total, "total");
  return status;
}
