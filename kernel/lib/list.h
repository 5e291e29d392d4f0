// Intrusive circular doubly-linked lists: a struct list_head is embedded in
// each element, so putting a task on a queue never allocates.
#pragma once
#include <stddef.h>

struct list_head {
  struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_safe(pos, n, head) \
  for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)

static inline void list_init(struct list_head *h) { h->next = h->prev = h; }
static inline int list_empty(const struct list_head *h) { return h->next == h; }

static inline void list_insert(struct list_head *n, struct list_head *prev, struct list_head *next)
{
  next->prev = n;
  n->next = next;
  n->prev = prev;
  prev->next = n;
}
static inline void list_add(struct list_head *n, struct list_head *head) { list_insert(n, head, head->next); }
static inline void list_add_tail(struct list_head *n, struct list_head *head) { list_insert(n, head->prev, head); }

// Unlinks n and leaves it pointing at itself, so list_empty(n) tells whether it is queued.
static inline void list_del(struct list_head *n)
{
  n->prev->next = n->next;
  n->next->prev = n->prev;
  list_init(n);
}
