// Red-black trees: a binary search tree kept balanced by colouring nodes, so
// insert, erase and finding the smallest key stay O(log n).  The node is
// embedded in the element (like list_head); the user walks down from the
// root to find where a new node goes (the tree does not know the keys), links
// it with rb_link_node and then calls rb_insert_color to rebalance.
//
// Invariants: the root is black; a red node has no red child; every path from
// a node down to a missing child passes the same number of black nodes.
#pragma once
#include <stddef.h>

struct rb_node {
  struct rb_node *parent, *left, *right;
  int red;
};

struct rb_root {
  struct rb_node *node;          // NULL when empty
};

#define RB_ROOT { 0 }
#define rb_entry(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

// Attach n as the child *link of parent (NULL for the root).
static inline void rb_link_node(struct rb_node *n, struct rb_node *parent, struct rb_node **link)
{
  n->parent = parent;
  n->left = n->right = 0;
  n->red = 1;
  *link = n;
}

void rb_insert_color(struct rb_node *n, struct rb_root *root);   // after rb_link_node
void rb_erase(struct rb_node *n, struct rb_root *root);
struct rb_node *rb_first(const struct rb_root *root);            // smallest, or NULL
struct rb_node *rb_last(const struct rb_root *root);             // largest, or NULL
struct rb_node *rb_next(const struct rb_node *n);                // in key order, or NULL
struct rb_node *rb_prev(const struct rb_node *n);
