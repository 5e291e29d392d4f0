// Red-black tree balancing (the textbook algorithms, with NULL for the
// missing leaves).  Pure pointer work: no locks, no allocation, so the host
// unit test (grade/host/test_rbtree.py) compiles this file unchanged.
#include "lib/rbtree.h"

static int is_red(const struct rb_node *n)
{
  return n && n->red;
}

// Make parent's link to old point to new instead (or the root's).
static void replace_child(struct rb_root *root, struct rb_node *parent, struct rb_node *old, struct rb_node *new)
{
  if (!parent)
    root->node = new;
  else if (parent->left == old)
    parent->left = new;
  else
    parent->right = new;
}

// x's right child y takes x's place; x becomes y's left child.
static void rotate_left(struct rb_root *root, struct rb_node *x)
{
  struct rb_node *y = x->right;
  x->right = y->left;
  if (y->left)
    y->left->parent = x;
  y->parent = x->parent;
  replace_child(root, x->parent, x, y);
  y->left = x;
  x->parent = y;
}

static void rotate_right(struct rb_root *root, struct rb_node *x)
{
  struct rb_node *y = x->left;
  x->left = y->right;
  if (y->right)
    y->right->parent = x;
  y->parent = x->parent;
  replace_child(root, x->parent, x, y);
  y->right = x;
  x->parent = y;
}

// The new red node n may have a red parent: recolour upwards while the uncle
// is red, else one or two rotations end it.
void rb_insert_color(struct rb_node *n, struct rb_root *root)
{
  struct rb_node *p, *g, *u;
  while ((p = n->parent) && p->red) {
    g = p->parent;                   // exists: a red node is never the root
    if (p == g->left) {
      u = g->right;
      if (is_red(u)) {
        p->red = u->red = 0;
        g->red = 1;
        n = g;
        continue;
      }
      if (n == p->right) {
        rotate_left(root, p);
        n = p;
        p = n->parent;
      }
      p->red = 0;
      g->red = 1;
      rotate_right(root, g);
    } else {
      u = g->left;
      if (is_red(u)) {
        p->red = u->red = 0;
        g->red = 1;
        n = g;
        continue;
      }
      if (n == p->left) {
        rotate_right(root, p);
        n = p;
        p = n->parent;
      }
      p->red = 0;
      g->red = 1;
      rotate_left(root, g);
    }
  }
  root->node->red = 0;
}

// A black node was removed above x (possibly NULL) whose parent is p: the
// path through x is one black short.  Borrow from the sibling's side.
static void erase_fixup(struct rb_root *root, struct rb_node *x, struct rb_node *p)
{
  struct rb_node *w;
  while (x != root->node && !is_red(x)) {
    if (x == p->left) {
      w = p->right;                  // exists: its side has the extra black
      if (w->red) {
        w->red = 0;
        p->red = 1;
        rotate_left(root, p);
        w = p->right;
      }
      if (!is_red(w->left) && !is_red(w->right)) {
        w->red = 1;
        x = p;
        p = x->parent;
        continue;
      }
      if (!is_red(w->right)) {
        w->left->red = 0;
        w->red = 1;
        rotate_right(root, w);
        w = p->right;
      }
      w->red = p->red;
      p->red = 0;
      w->right->red = 0;
      rotate_left(root, p);
    } else {
      w = p->left;
      if (w->red) {
        w->red = 0;
        p->red = 1;
        rotate_right(root, p);
        w = p->left;
      }
      if (!is_red(w->left) && !is_red(w->right)) {
        w->red = 1;
        x = p;
        p = x->parent;
        continue;
      }
      if (!is_red(w->left)) {
        w->right->red = 0;
        w->red = 1;
        rotate_left(root, w);
        w = p->left;
      }
      w->red = p->red;
      p->red = 0;
      w->left->red = 0;
      rotate_right(root, p);
    }
    x = root->node;
  }
  if (x)
    x->red = 0;
}

// Put v (possibly NULL) where u is.
static void transplant(struct rb_root *root, struct rb_node *u, struct rb_node *v)
{
  replace_child(root, u->parent, u, v);
  if (v)
    v->parent = u->parent;
}

void rb_erase(struct rb_node *z, struct rb_root *root)
{
  struct rb_node *x, *xp;
  int removed_red;
  if (!z->left || !z->right) {
    x = z->left ? z->left : z->right;
    xp = z->parent;
    removed_red = z->red;
    transplant(root, z, x);
  } else {
    // Two children: z's successor y (leftmost of the right subtree) takes
    // z's place and colour; the colour lost is y's own.
    struct rb_node *y = z->right;
    while (y->left)
      y = y->left;
    removed_red = y->red;
    x = y->right;
    if (y->parent == z) {
      xp = y;
    } else {
      xp = y->parent;
      transplant(root, y, x);
      y->right = z->right;
      y->right->parent = y;
    }
    transplant(root, z, y);
    y->left = z->left;
    y->left->parent = y;
    y->red = z->red;
  }
  if (!removed_red)
    erase_fixup(root, x, xp);
}

struct rb_node *rb_first(const struct rb_root *root)
{
  struct rb_node *n = root->node;
  while (n && n->left)
    n = n->left;
  return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
  struct rb_node *n = root->node;
  while (n && n->right)
    n = n->right;
  return n;
}

struct rb_node *rb_next(const struct rb_node *n)
{
  if (n->right) {
    n = n->right;
    while (n->left)
      n = n->left;
    return (struct rb_node *)n;
  }
  while (n->parent && n == n->parent->right)
    n = n->parent;
  return n->parent;
}

struct rb_node *rb_prev(const struct rb_node *n)
{
  if (n->left) {
    n = n->left;
    while (n->right)
      n = n->right;
    return (struct rb_node *)n;
  }
  while (n->parent && n == n->parent->left)
    n = n->parent;
  return n->parent;
}
