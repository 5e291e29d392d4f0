// Small-object allocator.  Objects of up to 1 KiB come from slabs: pages cut
// into equal power-of-two objects, with a header at the start of the page.
// A size class keeps a list of its slabs that have free objects; a slab whose
// objects are all free goes straight back to the page allocator, so memory
// returns after a burst (leak checks count free pages).  Bigger requests get
// whole pages.
#include "mm/mm.h"
#include "mm/page.h"
#include "lib/poison.h"
#include "lib/list.h"
#include "lib/string.h"

#define MIN_SHIFT 4                  // 16 bytes
#define MAX_SHIFT 10                 // 1 KiB
#define NCLASS (MAX_SHIFT - MIN_SHIFT + 1)

struct slab {
  struct list_head node;             // in its class's partial list while it has free objects
  void *free;                        // free objects, linked through their first word
  int inuse;
  int cls;
};

struct size_class {
  struct spinlock lock;              // protects partial and every slab of this class
  struct list_head partial;
  int size;
};

static struct size_class classes[NCLASS];

static void kmalloc_init(void)
{
  for (int i = 0; i < NCLASS; i++) {
    spin_init(&classes[i].lock, "kmalloc");
    list_init(&classes[i].partial);
    classes[i].size = 1 << (MIN_SHIFT + i);
  }
}

static int class_of(size_t size)
{
  int c = 0;
  while ((1UL << (MIN_SHIFT + c)) < size)
    c++;
  return c;
}

// A new slab for class c, all objects free.  The header takes the first
// object slot(s).
static struct slab *slab_new(int c)
{
  char *page = page_alloc();
  if (!page)
    return 0;
  struct slab *s = (struct slab *)page;
  int size = classes[c].size;
  int first = (sizeof(struct slab) + size - 1) / size;
  list_init(&s->node);
  s->free = 0;
  s->inuse = 0;
  s->cls = c;
  for (int i = PGSIZE / size - 1; i >= first; i--) {
    void *obj = page + i * size;
    poison_fill(obj, size);
    *(void **)obj = s->free;
    s->free = obj;
  }
  kva_to_page(page)->slab = c + 1;
  return s;
}

void *kmalloc(size_t size)
{
  static int ready;
  if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
    kmalloc_init();                  // first call is on the boot hart, before the others start
    __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  }
  if (size > (1UL << MAX_SHIFT))
    return size <= PGSIZE ? page_alloc() : 0;
  int c = class_of(size ? size : 1);
  struct size_class *sc = &classes[c];
  spin_lock(&sc->lock);
  if (list_empty(&sc->partial)) {
    spin_unlock(&sc->lock);
    struct slab *s = slab_new(c);    // page_alloc outside our lock
    if (!s)
      return 0;
    spin_lock(&sc->lock);
    list_add(&s->node, &sc->partial);
  }
  struct slab *s = list_first_entry(&sc->partial, struct slab, node);
  void *obj = s->free;
  s->free = *(void **)obj;
  s->inuse++;
  if (!s->free)
    list_del(&s->node);
  spin_unlock(&sc->lock);
  poison_check(obj, sc->size, "free kmalloc object");
  memset(obj, 0, sc->size);
  return obj;
}

void kfree(void *p)
{
  if (!p)
    return;
  void *page = (void *)PGROUNDDOWN((uint64_t)p);
  int slab = kva_to_page(page)->slab;
  if (slab == 0) {
    page_free(p);
    return;
  }
  struct slab *s = page;
  struct size_class *sc = &classes[slab - 1];
  poison_fill(p, sc->size);
  spin_lock(&sc->lock);
  int was_full = s->free == 0;
  *(void **)p = s->free;
  s->free = p;
  s->inuse--;
  if (s->inuse == 0) {
    if (!was_full)
      list_del(&s->node);
    spin_unlock(&sc->lock);
    kva_to_page(page)->slab = 0;
    page_free(page);
    return;
  }
  if (was_full)
    list_add(&s->node, &sc->partial);
  spin_unlock(&sc->lock);
}
