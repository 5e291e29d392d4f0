// Host check of kernel/lib/mem.c (the word-moving memset, memcpy, memmove
// of the kernel and the user library) against byte loops: every alignment
// of source and destination within a word pair, lengths 0..300 and then up
// to three pages, and overlapping moves in both directions.  Prints the
// first difference and exits 1, or prints the number of cases and exits 0.
#define memset mem_memset
#define memcpy mem_memcpy
#define memmove mem_memmove
#include "lib/mem.c"
#undef memset
#undef memcpy
#undef memmove
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096
#define ROOM (3 * PAGE + 64)

static unsigned char a[ROOM], b[ROOM], ref[ROOM];
static long cases;

static void fill(unsigned char *p, unsigned seed)
{
  for (size_t i = 0; i < ROOM; i++)
    p[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 8));
}

static void ref_move(unsigned char *base, size_t d, size_t s, size_t n)
{
  unsigned char tmp[ROOM];
  for (size_t i = 0; i < n; i++)
    tmp[i] = base[s + i];
  for (size_t i = 0; i < n; i++)
    base[d + i] = tmp[i];
}

static int same(const char *what, size_t d, size_t s, size_t n)
{
  cases++;
  if (memcmp(a, ref, ROOM) == 0)
    return 1;
  printf("%s(dst+%zu, src+%zu, %zu) differs from the byte loop\n", what, d, s, n);
  return 0;
}

static int lengths(size_t *out)
{
  int k = 0;
  for (size_t n = 0; n <= 300; n++)
    out[k++] = n;
  for (size_t n = 301; n <= 3 * PAGE; n += 509)
    out[k++] = n;
  out[k++] = PAGE;
  out[k++] = 3 * PAGE;
  return k;
}

int main(void)
{
  static size_t len[400];
  int nlen = lengths(len);
  for (size_t d = 0; d < 16; d++) {
    for (int li = 0; li < nlen; li++) {
      size_t n = len[li];
      fill(a, d + n);
      memcpy(ref, a, ROOM);
      for (size_t i = 0; i < n; i++)
        ref[d + i] = 0xa5;
      if (mem_memset(a + d, 0xa5, n) != a + d || !same("memset", d, 0, n))
        return 1;
      for (size_t s = 0; s < 16; s++) {
        fill(a, n);
        fill(b, n + 1);
        memcpy(ref, a, ROOM);
        for (size_t i = 0; i < n; i++)
          ref[d + i] = b[s + i];
        if (mem_memcpy(a + d, b + s, n) != a + d || !same("memcpy", d, s, n))
          return 1;
        if (n + 48 > ROOM)
          continue;
        // Overlapping moves, the destination below and above the source.
        size_t pairs[2][2] = { { d, s + 32 }, { s + 32, d } };
        for (int p = 0; p < 2; p++) {
          fill(a, n + p);
          memcpy(ref, a, ROOM);
          ref_move(ref, pairs[p][0], pairs[p][1], n);
          if (mem_memmove(a + pairs[p][0], a + pairs[p][1], n) != a + pairs[p][0] ||
              !same("memmove", pairs[p][0], pairs[p][1], n))
            return 1;
        }
      }
    }
  }
  printf("mem_check: %ld cases agree with the byte loops\n", cases);
  return 0;
}
