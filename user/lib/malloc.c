// malloc on top of sbrk.  Every block starts with a header giving its size
// (header included, a multiple of 16, so payloads are 16-byte aligned).
// Free blocks sit on one list in address order, so free() can merge a block
// with the free neighbours on both sides; malloc takes the first block that
// fits and splits off the rest.  A large free block at the top of the heap
// is given back to the kernel with a negative sbrk.  One lock (heap_lock)
// guards the free list and the break, for threads.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "thread.h"

struct header {
  size_t size;
  struct header *next;  // next free block; unused while allocated
};

#define ALIGN 16
#define MIN_BLOCK 32                   // header plus the smallest payload
#define GROW_MIN (64 * 1024)           // ask the kernel for at least this
#define TRIM_MIN (128 * 1024)          // give back a top block this large

static struct header *free_list;
static int heap_lock;

// The block size for an n-byte request, or 0 when n is absurd.
static size_t
block_size(size_t n)
{
  if (n > SIZE_MAX / 2)
    return 0;
  n = (n + sizeof(struct header) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  return n < MIN_BLOCK ? MIN_BLOCK : n;
}

static char *
end_of(struct header *b)
{
  return (char *)b + b->size;
}

// Puts b on the free list, merged with adjacent free blocks, and returns
// the link that now points at the (merged) block.
static struct header **
insert_free(struct header *b)
{
  struct header **pp = &free_list, **prev = 0;

  while (*pp && *pp < b) {
    prev = pp;
    pp = &(*pp)->next;
  }
  b->next = *pp;
  *pp = b;
  if (b->next && end_of(b) == (char *)b->next) {
    b->size += b->next->size;
    b->next = b->next->next;
  }
  if (prev && end_of(*prev) == (char *)b) {
    (*prev)->size += b->size;
    (*prev)->next = b->next;
    return prev;
  }
  return pp;
}

// Adds at least size bytes of fresh heap to the free list.
static int
grow(size_t size)
{
  char *top = sbrk(0), *p;
  size_t pad = -(uintptr_t)top & (ALIGN - 1);
  struct header *b;

  if (size < GROW_MIN)
    size = GROW_MIN;
  p = sbrk(pad + size);
  if (p == (char *)-1)
    return -1;
  b = (struct header *)(p + pad);
  b->size = size;
  insert_free(b);
  return 0;
}

// Called with heap_lock held.
static void *
alloc(size_t size)
{
  struct header **pp, *b;

  for (;;) {
    for (pp = &free_list; *pp; pp = &(*pp)->next) {
      b = *pp;
      if (b->size < size)
        continue;
      if (b->size - size >= MIN_BLOCK) {
        struct header *rest = (struct header *)((char *)b + size);
        rest->size = b->size - size;
        rest->next = b->next;
        *pp = rest;
        b->size = size;
      } else {
        *pp = b->next;
      }
      return b + 1;
    }
    if (grow(size) < 0)
      return 0;
  }
}

void *
malloc(size_t n)
{
  size_t size = block_size(n);
  void *p = 0;

  if (size > 0) {
    __lock(&heap_lock);
    p = alloc(size);
    __unlock(&heap_lock);
  }
  if (!p)
    errno = ENOMEM;
  return p;
}

void
free(void *p)
{
  struct header **pp, *b;

  if (!p)
    return;
  __lock(&heap_lock);
  pp = insert_free((struct header *)p - 1);
  b = *pp;
  if (!b->next && b->size >= TRIM_MIN && end_of(b) == (char *)sbrk(0) &&
      sbrk(-(long)b->size) != (void *)-1)
    *pp = 0;
  __unlock(&heap_lock);
}

// fork (see thread.h): the child's copy of the lock was taken by this thread.
void
__malloc_atfork(int phase)
{
  if (phase == 0)
    __lock(&heap_lock);
  else if (phase == 1)
    __unlock(&heap_lock);
  else
    heap_lock = 0;
}

void *
calloc(size_t n, size_t size)
{
  void *p;

  if (size != 0 && n > SIZE_MAX / size) {
    errno = ENOMEM;
    return 0;
  }
  p = malloc(n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

// Shrinks in place (freeing the tail when it is worth a block), otherwise
// moves the data to a new block.
void *
realloc(void *p, size_t n)
{
  struct header *b;
  size_t size = block_size(n);
  void *q;

  if (!p)
    return malloc(n);
  if (n == 0) {
    free(p);
    return 0;
  }
  if (size == 0) {
    errno = ENOMEM;
    return 0;
  }
  b = (struct header *)p - 1;
  if (b->size >= size) {
    if (b->size - size >= MIN_BLOCK) {
      struct header *tail = (struct header *)((char *)b + size);
      tail->size = b->size - size;
      b->size = size;
      __lock(&heap_lock);
      insert_free(tail);
      __unlock(&heap_lock);
    }
    return p;
  }
  q = malloc(n);
  if (q) {
    memcpy(q, p, b->size - sizeof(struct header));
    free(p);
  }
  return q;
}
