// grep [-v] [-n] [-c] PATTERN [file...]: print the lines that match.
// A pattern is plain text where '.' matches any character, a leading '^'
// anchors it at the start of the line and a trailing '$' at the end.
// Exit status: 0 if a line was selected, 1 if none, 2 on an error.
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int invert, numbers, count_only;

// Does re match at the start of s?
static int
match_here(const char *re, const char *s)
{
  for (; *re; re++, s++) {
    if (re[0] == '$' && re[1] == 0)
      return *s == 0;
    if (*s == 0 || (*re != '.' && *re != *s))
      return 0;
  }
  return 1;
}

static int
match(const char *re, const char *s)
{
  if (re[0] == '^')
    return match_here(re + 1, s);
  do {
    if (match_here(re, s))
      return 1;
  } while (*s++);
  return 0;
}

// Returns how many lines of f were selected.
static long
grep(const char *re, FILE *f, const char *name)
{
  char line[1024];
  long lineno = 0, selected = 0;

  while (fgets(line, sizeof(line), f)) {
    size_t len = strlen(line);
    if (len > 0 && line[len - 1] == '\n')
      line[--len] = 0;
    lineno++;
    if (match(re, line) == invert)
      continue;
    selected++;
    if (count_only)
      continue;
    if (name)
      printf("%s:", name);
    if (numbers)
      printf("%ld:", lineno);
    printf("%s\n", line);
  }
  if (count_only) {
    if (name)
      printf("%s:", name);
    printf("%ld\n", selected);
  }
  return selected;
}

int
main(int argc, char **argv)
{
  int i = 1, error = 0;
  long selected = 0;

  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    for (char *o = argv[i] + 1; *o; o++) {
      if (*o == 'v') invert = 1;
      else if (*o == 'n') numbers = 1;
      else if (*o == 'c') count_only = 1;
      else {
        fprintf(stderr, "grep: unknown option -%c\n", *o);
        return 2;
      }
    }
  }
  if (i >= argc) {
    fprintf(stderr, "usage: grep [-v] [-n] [-c] pattern [file...]\n");
    return 2;
  }
  const char *re = argv[i++];
  if (i == argc)
    selected = grep(re, stdin, 0);
  for (int first = i; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
      error = 1;
      continue;
    }
    selected += grep(re, f, argc - first > 1 ? argv[i] : 0);
    fclose(f);
  }
  return error ? 2 : selected == 0;
}
