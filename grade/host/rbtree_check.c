// Host test driver for kernel/lib/rbtree.c: random inserts and erases
// against a sorted reference array, checking every red-black invariant and
// the parent links after each step.  Prints "ok N" or the first failure.
#include <stdio.h>
#include <stdlib.h>
#include "lib/rbtree.h"

struct item {
  struct rb_node node;
  long key;
  int in_tree;
};

static void fail(const char *what, long step)
{
  printf("FAIL step %ld: %s\n", step, what);
  exit(1);
}

// Black height of the subtree at n; checks order, colours and parents.
static int check(struct rb_node *n, struct rb_node *parent, long lo, long hi, long step)
{
  if (!n)
    return 1;
  long k = rb_entry(n, struct item, node)->key;
  if (n->parent != parent)
    fail("parent link", step);
  if (k < lo || k > hi)
    fail("order", step);
  if (n->red && ((n->left && n->left->red) || (n->right && n->right->red)))
    fail("red node with a red child", step);
  int l = check(n->left, n, lo, k, step), r = check(n->right, n, k, hi, step);
  if (l != r)
    fail("black heights differ", step);
  return l + !n->red;
}

static void insert(struct rb_root *root, struct item *it)
{
  struct rb_node **link = &root->node, *parent = 0;
  while (*link) {
    parent = *link;
    link = it->key < rb_entry(parent, struct item, node)->key ? &parent->left : &parent->right;
  }
  rb_link_node(&it->node, parent, link);
  rb_insert_color(&it->node, root);
  it->in_tree = 1;
}

static int cmp(const void *a, const void *b)
{
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

// In-order walk (forwards and backwards) equals the sorted keys in the tree.
static void check_order(struct rb_root *root, struct item *items, int n, long step)
{
  static long want[100000];
  int m = 0, i = 0;
  for (int j = 0; j < n; j++)
    if (items[j].in_tree)
      want[m++] = items[j].key;
  qsort(want, m, sizeof want[0], cmp);
  for (struct rb_node *p = rb_first(root); p; p = rb_next(p), i++)
    if (i >= m || rb_entry(p, struct item, node)->key != want[i])
      fail("in-order walk", step);
  if (i != m)
    fail("walk length", step);
  for (struct rb_node *p = rb_last(root); p; p = rb_prev(p))
    if (rb_entry(p, struct item, node)->key != want[--i])
      fail("reverse walk", step);
  if (root->node && root->node->red)
    fail("red root", step);
}

int main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  long steps = argc > 2 ? atol(argv[2]) : 20000;
  unsigned seed = argc > 3 ? atoi(argv[3]) : 1;
  struct item *items = calloc(n, sizeof *items);
  struct rb_root root = RB_ROOT;
  srand(seed);
  for (long s = 0; s < steps; s++) {
    struct item *it = &items[rand() % n];
    if (it->in_tree) {
      rb_erase(&it->node, &root);
      it->in_tree = 0;
    } else {
      it->key = rand() % (n * 2);        // duplicates on purpose: equal vruntimes happen
      insert(&root, it);
    }
    check(root.node, 0, -1, 1L << 40, s);
    if (s % 97 == 0 || s == steps - 1)
      check_order(&root, items, n, s);
  }
  // Drain through the smallest element, as the scheduler does.
  while (root.node) {
    struct rb_node *f = rb_first(&root);
    rb_erase(f, &root);
    rb_entry(f, struct item, node)->in_tree = 0;
    check(root.node, 0, -1, 1L << 40, steps);
  }
  free(items);
  printf("ok %ld\n", steps);
  return 0;
}
