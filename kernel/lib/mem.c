// memset, memcpy and memmove that move 8-byte words: page zeroing and page
// copies (faults, fork, exec) and every user copy go through them.  One
// source for the kernel and the user library (user/lib/mem.c includes it),
// tested on the host against byte loops (grade/host/test_mem.py).
//
// Words need both pointers at the same offset within a word: the head is
// copied byte by byte up to a word boundary, then eight words per loop turn,
// then single words, then the tail.  Pointers at different offsets are
// copied byte by byte (rare in practice; shifting words is not worth it here).
//
// The compiler must not turn these loops back into calls to memset/memcpy.
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#include <stddef.h>
#include <stdint.h>

#define WORD sizeof(uint64_t)
#define UNROLL 8                       // words per turn of the main loops

static int word_aligned(uintptr_t a)
{
  return (a & (WORD - 1)) == 0;
}

void *memset(void *dst, int c, size_t n)
{
  unsigned char *d = dst;
  for (; n > 0 && !word_aligned((uintptr_t)d); n--)
    *d++ = (unsigned char)c;
  uint64_t w = (unsigned char)c * 0x0101010101010101ULL;
  uint64_t *dw = (uint64_t *)d;
  for (; n >= UNROLL * WORD; n -= UNROLL * WORD, dw += UNROLL) {
    dw[0] = w; dw[1] = w; dw[2] = w; dw[3] = w;
    dw[4] = w; dw[5] = w; dw[6] = w; dw[7] = w;
  }
  for (; n >= WORD; n -= WORD)
    *dw++ = w;
  for (d = (unsigned char *)dw; n > 0; n--)
    *d++ = (unsigned char)c;
  return dst;
}

// Forward copy (also right for overlaps where dst is below src).
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
  if (((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) {
    while (n--)
      *d++ = *s++;
    return;
  }
  for (; n > 0 && !word_aligned((uintptr_t)d); n--)
    *d++ = *s++;
  uint64_t *dw = (uint64_t *)d;
  const uint64_t *sw = (const uint64_t *)s;
  for (; n >= UNROLL * WORD; n -= UNROLL * WORD, dw += UNROLL, sw += UNROLL) {
    uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
    uint64_t f = sw[4], g = sw[5], h = sw[6], i = sw[7];
    dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
    dw[4] = f; dw[5] = g; dw[6] = h; dw[7] = i;
  }
  for (; n >= WORD; n -= WORD)
    *dw++ = *sw++;
  d = (unsigned char *)dw;
  s = (const unsigned char *)sw;
  while (n--)
    *d++ = *s++;
}

// Backward copy, from the end: for overlaps where dst is above src.
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
  d += n;
  s += n;
  if (((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) {
    while (n--)
      *--d = *--s;
    return;
  }
  for (; n > 0 && !word_aligned((uintptr_t)d); n--)
    *--d = *--s;
  uint64_t *dw = (uint64_t *)d;
  const uint64_t *sw = (const uint64_t *)s;
  for (; n >= WORD; n -= WORD)
    *--dw = *--sw;
  d = (unsigned char *)dw;
  s = (const unsigned char *)sw;
  while (n--)
    *--d = *--s;
}

void *memmove(void *dst, const void *src, size_t n)
{
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d == s || n == 0)
    return dst;
  if (d < s || d >= s + n)
    copy_forward(d, s, n);
  else
    copy_backward(d, s, n);
  return dst;
}

// C leaves overlapping memcpy undefined; here it is memmove, so no caller
// can depend on a copy order by accident.
void *memcpy(void *dst, const void *src, size_t n)
{
  return memmove(dst, src, n);
}
