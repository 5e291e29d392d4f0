// libtest: checks the user library (strings, printf, strto*, qsort, malloc,
// stdio, errno) and prints one PASS/FAIL line per group, then "ALL PASS"
// or the number of failures.  Runs both on this OS and on Linux.
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures, group_failed;

static void
check(int ok, const char *what, int line)
{
  if (!ok) {
    printf("  failed: %s (line %d)\n", what, line);
    group_failed = 1;
  }
}
#define CHECK(e) check((e), #e, __LINE__)

// Formats with snprintf and compares with the expected text.
static void
check_fmt(const char *want, int line, const char *fmt, ...)
{
  char buf[256];
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (strcmp(buf, want) != 0 || n != (int)strlen(want)) {
    printf("  failed: \"%s\" gave \"%s\" (%d), want \"%s\" (line %d)\n",
           fmt, buf, n, want, line);
    group_failed = 1;
  }
}
#define FMT(want, ...) check_fmt(want, __LINE__, __VA_ARGS__)

static void
run(const char *name, void (*fn)(void))
{
  group_failed = 0;
  fn();
  printf("%s: %s\n", name, group_failed ? "FAIL" : "PASS");
  failures += group_failed;
}

static void
test_string(void)
{
  char buf[32];
  char tok[] = " a,b,,c ";

  CHECK(strlen("") == 0 && strlen("abc") == 3);
  CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
  CHECK(strcmp("\xff", "a") > 0);
  CHECK(strncmp("abcx", "abcy", 3) == 0);
  CHECK(strcpy(buf, "hello") == buf && strcmp(buf, "hello") == 0);
  CHECK(strcmp(strcat(buf, " world"), "hello world") == 0);
  CHECK(strchr(buf, 'o') == buf + 4 && strrchr(buf, 'o') == buf + 7);
  CHECK(strchr(buf, 0) == buf + 11 && strchr(buf, 'z') == 0);
  CHECK(strstr(buf, "wor") == buf + 6 && strstr(buf, "xyz") == 0);
  CHECK(memcmp("abc", "abd", 3) < 0);
  memset(buf, 'x', sizeof(buf));
  CHECK(buf[0] == 'x' && buf[31] == 'x');
  strcpy(buf, "0123456789");
  memmove(buf + 2, buf, 5);
  CHECK(memcmp(buf, "0101234789", 10) == 0);
  memmove(buf, buf + 2, 5);
  CHECK(memcmp(buf, "0123434789", 10) == 0);
  CHECK(strspn("aab", "a") == 2 && strcspn("abc", "c") == 2);
  CHECK(strcmp(strtok(tok, ", "), "a") == 0 && strcmp(strtok(0, ", "), "b") == 0 &&
        strcmp(strtok(0, ", "), "c") == 0 && strtok(0, ", ") == 0);
  CHECK(isdigit('7') && !isdigit('a') && isspace('\n') && toupper('q') == 'Q');
}

static void
test_printf(void)
{
  FMT("42", "%d", 42);
  FMT("-42", "%i", -42);
  FMT("   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
  FMT("+42 42", "%+d% d", 42, 42);
  FMT("-2147483648", "%d", INT_MIN);
  FMT("4294967295", "%u", UINT_MAX);
  FMT("ff FF 377 0xff", "%x %X %o %#x", 255, 255, 255, 255);
  FMT("-9223372036854775808", "%lld", LLONG_MIN);
  FMT("18446744073709551615", "%lu", ULONG_MAX);
  FMT("123 -5", "%zu %zd", (size_t)123, (ssize_t)-5);
  FMT("00123", "%.5d", 123);
  FMT("", "%.0d", 0);
  FMT("0x1000", "%p", (void *)0x1000);
  FMT("hi|   hi|hi   |h", "%s|%5s|%-5s|%.1s", "hi", "hi", "hi", "hi");
  FMT("(null)", "%s", (char *)0);
  FMT("x|  y", "%c|%3c", 'x', 'y');
  FMT("100%", "%d%%", 100);
  FMT("  7", "%*d", 3, 7);
  FMT("3.141593", "%f", 3.14159265);
  FMT("3.14", "%.2f", 3.14159);
  FMT("-0.50", "%.2f", -0.5);
  FMT("0", "%.0f", 0.4);
  FMT("2", "%.0f", 2.5);
  FMT("1.0", "%.1f", 0.96);
  FMT("0.000", "%.3f", 0.0);
  FMT("  1.50", "%6.2f", 1.5);
  FMT("001.50", "%06.2f", 1.5);
  FMT("1234567.125000", "%f", 1234567.125);
  FMT("100000000000000000000.000000", "%f", 1e20);
  FMT("1.000000e+00", "%e", 1.0);
  FMT("1.234560e+05", "%e", 123456.0);
  FMT("1.23E-05", "%.2E", 0.0000123);
  FMT("1e+100", "%g", 1e100);
  FMT("0.0001", "%g", 0.0001);
  FMT("1e-05", "%g", 0.00001);
  FMT("123457", "%g", 123456.7);
  FMT("1.23457e+06", "%g", 1234567.0);
  FMT("0.1", "%g", 0.1);
  FMT("100", "%g", 100.0);
  FMT("0", "%g", 0.0);
  FMT("inf -inf nan", "%f %f %f", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0);

  char small[5];
  CHECK(snprintf(small, sizeof(small), "%s", "abcdefgh") == 8 && strcmp(small, "abcd") == 0);
  CHECK(snprintf(0, 0, "%d", 12345) == 5);
}

static int
cmp_int(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static void
test_stdlib(void)
{
  char *end;
  int a[100], i, sorted = 1;

  CHECK(atoi("  -123x") == -123 && atol("77") == 77);
  CHECK(strtol("0x1f", &end, 0) == 31 && *end == 0);
  CHECK(strtol("0755", 0, 0) == 0755 && strtol("z", 0, 36) == 35);
  CHECK(strtol("abc", &end, 10) == 0 && strcmp(end, "abc") == 0);
  errno = 0;
  CHECK(strtol("99999999999999999999", 0, 10) == LONG_MAX && errno == ERANGE);
  CHECK(strtoul("18446744073709551615", 0, 10) == ULONG_MAX);
  CHECK(strtoll("-9223372036854775808", 0, 10) == LLONG_MIN);
  CHECK(abs(-5) == 5);
  for (i = 0; i < 100; i++)
    a[i] = (i * 37) % 101;
  qsort(a, 100, sizeof(int), cmp_int);
  for (i = 1; i < 100; i++)
    sorted &= a[i - 1] <= a[i];
  CHECK(sorted);
}

static void
test_malloc(void)
{
  enum { N = 500 };
  static char *p[N];
  static size_t len[N];
  int i, round, ok = 1;
  char *q;

  q = malloc(1);
  CHECK(q && ((unsigned long)q & 15) == 0);
  free(q);
  srand(1);
  for (round = 0; round < 20; round++) {
    for (i = 0; i < N; i++) {
      if (p[i]) {
        for (size_t k = 0; k < len[i]; k++)
          ok &= p[i][k] == (char)(i + k);
        free(p[i]);
        p[i] = 0;
      }
      if (rand() % 3) {
        len[i] = rand() % (round == 10 ? 70000 : 300);
        p[i] = malloc(len[i]);
        if (!p[i]) {
          ok = 0;
          continue;
        }
        for (size_t k = 0; k < len[i]; k++)
          p[i][k] = i + k;
      }
    }
  }
  for (i = 0; i < N; i++)
    free(p[i]);
  CHECK(ok);

  q = calloc(100, 10);
  ok = q != 0;
  for (i = 0; ok && i < 1000; i++)
    ok &= q[i] == 0;
  CHECK(ok);
  strcpy(q, "keep");
  q = realloc(q, 100000);
  CHECK(q && strcmp(q, "keep") == 0);
  q = realloc(q, 10);
  CHECK(q && strcmp(q, "keep") == 0);
  free(q);

  // A big block freed at the top of the heap goes back to the kernel.
  char *before = sbrk(0);
  q = malloc(1 << 20);
  CHECK(q && (char *)sbrk(0) >= before + (1 << 20));
  free(q);
  CHECK((char *)sbrk(0) < before + (1 << 20));
  CHECK(malloc((size_t)-1 / 2 + 1) == 0 && errno == ENOMEM);
}

static void
test_stdio(void)
{
  const char *name = "libtest.tmp";
  char line[64];
  FILE *f;
  int i;

  f = fopen(name, "w");
  CHECK(f != 0);
  if (!f)
    return;
  for (i = 0; i < 1000; i++)
    fprintf(f, "line %d\n", i);
  CHECK(fclose(f) == 0);

  f = fopen(name, "r");
  CHECK(f != 0);
  if (!f)
    return;
  for (i = 0; fgets(line, sizeof(line), f); i++) {
    char want[32];
    snprintf(want, sizeof(want), "line %d\n", i);
    if (strcmp(line, want) != 0)
      break;
  }
  CHECK(i == 1000 && feof(f));
  rewind(f);
  CHECK(fgetc(f) == 'l' && fread(line, 1, 5, f) == 5 && memcmp(line, "ine 0", 5) == 0);
  CHECK(ftell(f) == 6);
  fclose(f);

  f = fopen(name, "a");
  fputs("tail\n", f);
  fclose(f);
  struct stat st;
  CHECK(stat(name, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 8890 + 5);
  CHECK(unlink(name) == 0);
  CHECK(fopen(name, "r") == 0 && errno == ENOENT);
}

static void
test_errno(void)
{
  char buf[8];

  errno = 0;
  CHECK(open("/no/such/file", O_RDONLY) == -1 && errno == ENOENT);
  CHECK(read(-1, buf, 1) == -1 && errno == EBADF);
  CHECK(close(1000) == -1 && errno == EBADF);
  CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0);
  CHECK(getpid() > 0 && getppid() >= 0);
}

int
main(void)
{
  run("string", test_string);
  run("printf", test_printf);
  run("stdlib", test_stdlib);
  run("malloc", test_malloc);
  run("stdio", test_stdio);
  run("errno", test_errno);
  if (failures)
    printf("%d FAILED\n", failures);
  else
    printf("ALL PASS\n");
  return failures != 0;
}
