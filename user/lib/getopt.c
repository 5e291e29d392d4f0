// getopt: POSIX option parsing.  Options are letters after '-', clustered
// ("-ab") or not; a letter followed by ':' in optstring takes an argument,
// attached ("-ofile") or as the next word.  "--" ends the options, and so
// does the first word that is not an option.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int next_char = 1;              // position in argv[optind] within a cluster

// A complaint in the words glibc uses, unless opterr is 0 or optstring
// starts with ':' (which also turns a missing argument into ':').
static int
complain(char *const argv[], const char *optstring, int missing_arg, int c)
{
  optopt = c;
  if (opterr && optstring[0] != ':')
    fprintf(stderr, "%s: %s -- '%c'\n", argv[0], missing_arg ? "option requires an argument" : "invalid option", c);
  return optstring[0] == ':' && missing_arg ? ':' : '?';
}

int
getopt(int argc, char *const argv[], const char *optstring)
{
  optarg = 0;
  if (optind >= argc || !argv[optind] || argv[optind][0] != '-' || argv[optind][1] == 0)
    return -1;
  if (strcmp(argv[optind], "--") == 0) {
    optind++;
    return -1;
  }
  const char *word = argv[optind];
  int c = (unsigned char)word[next_char++];
  const char *spec = c == ':' ? 0 : strchr(optstring, c);
  int last = word[next_char] == 0;
  if (!spec) {
    if (last) {
      optind++;
      next_char = 1;
    }
    return complain(argv, optstring, 0, c);
  }
  if (spec[1] != ':') {
    if (last) {
      optind++;
      next_char = 1;
    }
    return c;
  }
  // Its argument: the rest of this word, or the next word.
  optind++;
  if (!last) {
    optarg = (char *)word + next_char;
  } else if (optind < argc) {
    optarg = argv[optind++];
  } else {
    next_char = 1;
    return complain(argv, optstring, 1, c);
  }
  next_char = 1;
  return c;
}
