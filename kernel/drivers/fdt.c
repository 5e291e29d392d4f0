// Flattened device tree reader (devicetree specification v0.4, chapter 5).
//
// The tree comes from firmware and is treated as untrusted input: every read
// is checked against the block sizes in its header (all within totalsize),
// and every loop steps forward through a bounded block, so a damaged tree
// ends in -1 or a partial description, never in a wild read or a hang.
//
// The reader makes one pass over the nodes, recording what it can decide on
// the spot (memory, harts, virtio slots, /chosen) and remembering the nodes
// it must come back to once the whole tree is known: the PLIC, whose contexts
// name cpu interrupt controllers by phandle, and the console UART, which
// /chosen names through /aliases.
#include "drivers/fdt.h"
#include "lib/string.h"

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

#define HDR_V16_SIZE    36    // version 17 adds size_dt_struct
#define HDR_V17_SIZE    40

#define IRQ_S_EXT       9     // cpu-intc line of the supervisor external interrupt
#define MAX_DEPTH       16    // deeper nodes are skipped (real trees use about 6)

// A validated tree: offsets of its blocks, all within size.
struct fdt {
  const uint8_t *p;
  uint32_t size;
  uint32_t struct_off, struct_end;
  uint32_t strings_off, strings_end;
  uint32_t rsvmap_off;
};

// One token of the structure block.  name is set for nodes and properties.
struct token {
  uint32_t type;
  const char *name;
  const uint8_t *val;
  uint32_t len;
};

// A node on the path from the root to the node being visited.
struct level {
  const char *name;
  uint32_t props;           // offset of the node's first property
  uint32_t ac, sc;          // its #address-cells/#size-cells, used by its children
};

// Depth-first walk over the nodes.  depth counts every open node, lv[] only
// the first MAX_DEPTH of them.
struct walk {
  const struct fdt *f;
  uint32_t off;
  int depth;
  struct level lv[MAX_DEPTH];
};

// A node to read reg from later: its properties and its parent's cell counts.
struct noderef {
  uint32_t props;           // 0 = none (the header sits at offset 0)
  uint32_t ac, sc;
};

struct phandle_hart {
  uint32_t phandle, hart;
};

// What the walk remembers for the steps after it.
struct scan {
  uint32_t chosen, aliases;               // property offsets, 0 if absent
  struct noderef uart;                    // first enabled 8250-family UART
  struct noderef plic;                    // first enabled PLIC
  struct phandle_hart intc[FDT_MAX_HARTID]; // cpu interrupt controllers
  int nintc;
  int all_sstc;
};

static uint32_t be32(const uint8_t *b)
{
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t be64(const uint8_t *b)
{
  return (uint64_t)be32(b) << 32 | be32(b + 4);
}

// A number of n (1 or 2) cells.
static uint64_t cells(const uint8_t *b, uint32_t n)
{
  return n == 2 ? be64(b) : be32(b);
}

// Does [off, off+len) lie within a block of size bytes?
static int within(uint64_t off, uint64_t len, uint64_t size)
{
  return off <= size && len <= size - off;
}

static int fdt_open(struct fdt *f, const void *dtb)
{
  const uint8_t *h = dtb;
  if (be32(h) != FDT_MAGIC)
    return -1;
  uint32_t size = be32(h + 4), version = be32(h + 20), last_comp = be32(h + 24);
  if (version < 16 || last_comp > 17 || size < (version >= 17 ? HDR_V17_SIZE : HDR_V16_SIZE))
    return -1;
  f->p = h;
  f->size = size;
  f->struct_off = be32(h + 8);
  f->strings_off = be32(h + 12);
  f->rsvmap_off = be32(h + 16);
  uint32_t strings_size = be32(h + 32);
  // Version 16 does not record the structure block's size; the tree's size bounds it.
  uint32_t struct_size = version >= 17 ? be32(h + 36) : f->struct_off < size ? size - f->struct_off : 0;
  if (!within(f->struct_off, struct_size, size) || !within(f->strings_off, strings_size, size) ||
      f->rsvmap_off > size || f->struct_off % 4 != 0)
    return -1;
  f->struct_end = f->struct_off + struct_size;
  f->strings_end = f->strings_off + strings_size;
  return 0;
}

// The NUL-terminated property name at nameoff in the strings block, or NULL.
static const char *string_at(const struct fdt *f, uint32_t nameoff)
{
  if (nameoff >= f->strings_end - f->strings_off)
    return NULL;
  const char *s = (const char *)f->p + f->strings_off + nameoff;
  size_t room = f->strings_end - f->strings_off - nameoff;
  return strnlen(s, room) < room ? s : NULL;
}

// Tokens are 4-byte aligned.  Clamped so that a huge length cannot wrap the
// offset back to the start; the next read then fails the bounds check.
static uint32_t next_aligned(const struct fdt *f, uint64_t off)
{
  off = (off + 3) & ~(uint64_t)3;
  return off < f->struct_end ? (uint32_t)off : f->struct_end;
}

// Reads the token at *off and moves *off past it (by at least 4 bytes, which
// is what makes every loop over tokens finish).  -1 if it is malformed.
static int next_token(const struct fdt *f, uint32_t *off, struct token *t)
{
  uint32_t o = *off;
  if (!within(o, 4, f->struct_end))
    return -1;
  t->type = be32(f->p + o);
  o += 4;
  size_t room = f->struct_end - o;
  if (t->type == FDT_BEGIN_NODE) {
    t->name = (const char *)f->p + o;
    size_t n = strnlen(t->name, room);
    if (n == room)
      return -1;
    o = next_aligned(f, (uint64_t)o + n + 1);
  } else if (t->type == FDT_PROP) {
    if (room < 8)
      return -1;
    t->len = be32(f->p + o);
    t->name = string_at(f, be32(f->p + o + 4));
    t->val = f->p + o + 8;
    if (!t->name || t->len > room - 8)
      return -1;
    o = next_aligned(f, (uint64_t)o + 8 + t->len);
  } else if (t->type != FDT_END_NODE && t->type != FDT_NOP && t->type != FDT_END) {
    return -1;
  }
  *off = o;
  return 0;
}

// Finds the property whose name is the n bytes at name, among the properties
// starting at off (a node's properties come before its children).
static int getprop_n(const struct fdt *f, uint32_t off, const char *name, size_t n, struct token *t)
{
  while (next_token(f, &off, t) == 0) {
    if (t->type == FDT_PROP) {
      if (strncmp(t->name, name, n) == 0 && t->name[n] == '\0')
        return 0;
    } else if (t->type != FDT_NOP) {
      break;
    }
  }
  return -1;
}

static int getprop(const struct fdt *f, uint32_t off, const char *name, struct token *t)
{
  return getprop_n(f, off, name, strlen(name), t);
}

// A one-cell property, or dflt when it is absent or not one cell.
static uint32_t prop_u32(const struct fdt *f, uint32_t off, const char *name, uint32_t dflt)
{
  struct token t;
  return getprop(f, off, name, &t) == 0 && t.len == 4 ? be32(t.val) : dflt;
}

// A number that may be one or two cells (frequencies, initrd addresses); 0 if absent.
static uint64_t prop_num(const struct fdt *f, uint32_t off, const char *name)
{
  struct token t;
  if (getprop(f, off, name, &t) < 0 || (t.len != 4 && t.len != 8))
    return 0;
  return cells(t.val, t.len / 4);
}

// The value of a property as a string, or NULL if it is not NUL-terminated.
static const char *token_str(const struct token *t)
{
  return strnlen((const char *)t->val, t->len) < t->len ? (const char *)t->val : NULL;
}

static const char *prop_str(const struct fdt *f, uint32_t off, const char *name)
{
  struct token t;
  return getprop(f, off, name, &t) == 0 ? token_str(&t) : NULL;
}

// Steps through a string-list property (such as compatible): the next
// string, or NULL at the end or at an unterminated string.
static const char *list_next(const struct token *t, uint32_t *pos)
{
  if (*pos >= t->len)
    return NULL;
  const char *s = (const char *)t->val + *pos;
  size_t n = strnlen(s, t->len - *pos);
  if (n == t->len - *pos)
    return NULL;
  *pos += n + 1;
  return s;
}

static int list_has(const struct fdt *f, uint32_t off, const char *prop, const char *s)
{
  struct token t;
  uint32_t pos = 0;
  if (getprop(f, off, prop, &t) < 0)
    return 0;
  for (const char *e; (e = list_next(&t, &pos)) != NULL;)
    if (strcmp(e, s) == 0)
      return 1;
  return 0;
}

static int has_compat(const struct fdt *f, uint32_t off, const char *s)
{
  return list_has(f, off, "compatible", s);
}

// A node without status is enabled; "ok" is the old spelling of "okay".
static int status_ok(const struct fdt *f, uint32_t off)
{
  struct token t;
  if (getprop(f, off, "status", &t) < 0)
    return 1;
  const char *s = token_str(&t);
  return s && (strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0);
}

static int has_char(const char *s, size_t n, char c)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] == c)
      return 1;
  return 0;
}

// Does a node name ("cpu@1") match the n bytes at want ("cpu" or "cpu@1")?
// A want without a unit address matches any unit address.
static int name_matches(const char *name, const char *want, size_t n)
{
  if (strncmp(name, want, n) != 0)
    return 0;
  return name[n] == '\0' || (name[n] == '@' && !has_char(want, n, '@'));
}

static int name_is(const char *name, const char *want)
{
  return name_matches(name, want, strlen(want));
}

static void walk_start(struct walk *w, const struct fdt *f)
{
  w->f = f;
  w->off = f->struct_off;
  w->depth = -1;
}

// Advances to the next node (at w->lv[w->depth]): 1, or 0 at the end of the
// tree, or -1 if the tree is malformed.
static int walk_next(struct walk *w)
{
  struct token t;
  while (next_token(w->f, &w->off, &t) == 0) {
    if (t.type == FDT_END)
      return 0;
    if (t.type == FDT_END_NODE && --w->depth < -1)
      return -1;
    if (t.type != FDT_BEGIN_NODE || ++w->depth >= MAX_DEPTH)
      continue;
    struct level *l = &w->lv[w->depth];
    l->name = t.name;
    l->props = w->off;
    l->ac = prop_u32(w->f, w->off, "#address-cells", 2);
    l->sc = prop_u32(w->f, w->off, "#size-cells", 1);
    return 1;
  }
  return -1;
}

// The node at depth d of the walk's path; its reg is read with its parent's cells.
static struct noderef ref(const struct walk *w, int d)
{
  struct noderef n = { w->lv[d].props, 2, 1 };
  if (d > 0) {
    n.ac = w->lv[d - 1].ac;
    n.sc = w->lv[d - 1].sc;
  }
  return n;
}

// Entry i of a node's reg.  -1 if there is none or the cell counts are ones we cannot hold.
static int reg_entry(const struct fdt *f, const struct noderef *n, uint32_t i, struct fdt_range *r)
{
  struct token t;
  uint32_t stride = 4 * (n->ac + n->sc);
  if (n->ac < 1 || n->ac > 2 || n->sc > 2 || getprop(f, n->props, "reg", &t) < 0)
    return -1;
  if ((uint64_t)(i + 1) * stride > t.len)
    return -1;
  r->base = cells(t.val + i * stride, n->ac);
  r->size = n->sc ? cells(t.val + i * stride + 4 * n->ac, n->sc) : 0;
  return 0;
}

// Appends every non-empty range of a node's reg to out[], as room allows.
static void add_ranges(const struct fdt *f, const struct noderef *n,
                       struct fdt_range *out, int *count, int max)
{
  struct fdt_range r;
  for (uint32_t i = 0; *count < max && reg_entry(f, n, i, &r) == 0; i++)
    if (r.size)
      out[(*count)++] = r;
}

// The header's memory reservation block: (address, size) pairs ending with (0, 0).
static void read_memreserve(const struct fdt *f, struct machine *m)
{
  for (uint64_t o = f->rsvmap_off; within(o, 16, f->size) && m->nreserved < FDT_MAX_RESERVED; o += 16) {
    struct fdt_range r = { be64(f->p + o), be64(f->p + o + 8) };
    if (!r.base && !r.size)
      break;
    if (r.size)
      m->reserved[m->nreserved++] = r;
  }
}

// The first interrupt of a device, 0 if it has none.
static uint32_t first_irq(const struct fdt *f, uint32_t off)
{
  struct token t;
  if (getprop(f, off, "interrupts", &t) == 0 && t.len >= 4)
    return be32(t.val);
  if (getprop(f, off, "interrupts-extended", &t) == 0 && t.len >= 8)
    return be32(t.val + 4);
  return 0;
}

// Is ext one of the multi-letter extensions of an ISA string ("rv64imac_zicsr_sstc")?
static int isa_has(const char *isa, const char *ext)
{
  size_t n = strlen(ext);
  for (const char *p = strchr(isa, '_'); p; p = strchr(p + 1, '_'))
    if (strncmp(p + 1, ext, n) == 0 && (p[1 + n] == '_' || p[1 + n] == '\0'))
      return 1;
  return 0;
}

static int cpu_has_sstc(const struct fdt *f, uint32_t off)
{
  const char *isa = prop_str(f, off, "riscv,isa");
  return (isa && isa_has(isa, "sstc")) || list_has(f, off, "riscv,isa-extensions", "sstc");
}

// A hart can run the kernel only if it has an MMU mode the kernel uses.
static int cpu_has_mmu(const struct fdt *f, uint32_t off)
{
  const char *mmu = prop_str(f, off, "mmu-type");
  return mmu && (strcmp(mmu, "riscv,sv39") == 0 || strcmp(mmu, "riscv,sv48") == 0 ||
                 strcmp(mmu, "riscv,sv57") == 0);
}

// Inserts a hart id in ascending order, keeping the lowest FDT_MAX_HARTS ids.
static void add_hart(struct machine *m, uint32_t id)
{
  int i = m->nharts;
  while (i > 0 && m->harts[i - 1] > id)
    i--;
  if ((i > 0 && m->harts[i - 1] == id) || i == FDT_MAX_HARTS)
    return;
  int keep = m->nharts < FDT_MAX_HARTS ? m->nharts : FDT_MAX_HARTS - 1;
  memmove(&m->harts[i + 1], &m->harts[i], (keep - i) * sizeof m->harts[0]);
  m->harts[i] = id;
  if (m->nharts < FDT_MAX_HARTS)
    m->nharts++;
}

// The hart id of the cpu node at depth d of the walk, -1 if it has no usable reg.
static int64_t hart_id(const struct walk *w, int d)
{
  struct noderef n = ref(w, d);
  struct fdt_range r;
  if (reg_entry(w->f, &n, 0, &r) < 0 || r.base > UINT32_MAX)
    return -1;
  return (int64_t)r.base;
}

// /cpus/cpu@N
static void visit_cpu(const struct walk *w, struct machine *m, struct scan *s)
{
  uint32_t off = w->lv[w->depth].props;
  int64_t id = hart_id(w, w->depth);
  if (!m->timebase)
    m->timebase = prop_num(w->f, off, "timebase-frequency");
  if (id < 0 || !cpu_has_mmu(w->f, off))
    return;
  if (!cpu_has_sstc(w->f, off))
    s->all_sstc = 0;
  add_hart(m, (uint32_t)id);
}

// /cpus/cpu@N/interrupt-controller: remember which hart its phandle stands for.
static void visit_intc(const struct walk *w, struct scan *s)
{
  uint32_t off = w->lv[w->depth].props;
  int64_t id = hart_id(w, w->depth - 1);
  uint32_t ph = prop_u32(w->f, off, "phandle", 0);
  if (!ph)
    ph = prop_u32(w->f, off, "linux,phandle", 0);
  if (!has_compat(w->f, off, "riscv,cpu-intc") || id < 0 || id >= FDT_MAX_HARTID ||
      ph == 0 || ph == 0xffffffff || s->nintc == FDT_MAX_HARTID)
    return;
  s->intc[s->nintc].phandle = ph;
  s->intc[s->nintc].hart = (uint32_t)id;
  s->nintc++;
}

static void read_chosen(const struct fdt *f, uint32_t off, struct machine *m)
{
  const char *args = prop_str(f, off, "bootargs");
  if (args) {
    size_t n = strnlen(args, sizeof m->bootargs - 1);
    memcpy(m->bootargs, args, n);
    m->bootargs[n] = '\0';
  }
  m->initrd_start = prop_num(f, off, "linux,initrd-start");
  m->initrd_end = prop_num(f, off, "linux,initrd-end");
  struct token t;
  if (getprop(f, off, "rng-seed", &t) == 0) {
    m->rng_seed_len = t.len < sizeof m->rng_seed ? t.len : sizeof m->rng_seed;
    memcpy(m->rng_seed, t.val, m->rng_seed_len);
  }
}

// Children of the root.
static void visit_top(const struct walk *w, struct machine *m, struct scan *s)
{
  const struct level *l = &w->lv[1];
  const char *type = prop_str(w->f, l->props, "device_type");
  if (type && strcmp(type, "memory") == 0) {
    struct noderef n = ref(w, 1);
    add_ranges(w->f, &n, m->mem, &m->nmem, FDT_MAX_MEM);
  } else if (name_is(l->name, "cpus")) {
    m->timebase = prop_num(w->f, l->props, "timebase-frequency");
  } else if (name_is(l->name, "chosen")) {
    s->chosen = l->props;
    read_chosen(w->f, l->props, m);
  } else if (name_is(l->name, "aliases")) {
    s->aliases = l->props;
  }
}

static int is_uart(const struct fdt *f, uint32_t off)
{
  return has_compat(f, off, "ns16550a") || has_compat(f, off, "ns16550") ||
         has_compat(f, off, "snps,dw-apb-uart");
}

// "riscv,plic0" is the generic binding; newer trees (QEMU, JH7110) list "sifive,plic-1.0.0".
static int is_plic(const struct fdt *f, uint32_t off)
{
  return has_compat(f, off, "riscv,plic0") || has_compat(f, off, "sifive,plic-1.0.0");
}

// Devices are recognised by compatible wherever they sit in the tree.
static void visit_device(const struct walk *w, struct machine *m, struct scan *s)
{
  struct noderef n = ref(w, w->depth);
  struct fdt_range r;
  if (!s->uart.props && is_uart(w->f, n.props))
    s->uart = n;
  if (!s->plic.props && is_plic(w->f, n.props))
    s->plic = n;
  if (m->nvirtio < FDT_MAX_VIRTIO && has_compat(w->f, n.props, "virtio,mmio") &&
      reg_entry(w->f, &n, 0, &r) == 0) {
    m->virtio_irq[m->nvirtio] = first_irq(w->f, n.props);
    m->virtio[m->nvirtio++] = r;
  }
  if (!m->rtc.base && has_compat(w->f, n.props, "google,goldfish-rtc"))
    reg_entry(w->f, &n, 0, &m->rtc);
}

static void visit(const struct walk *w, struct machine *m, struct scan *s)
{
  int d = w->depth;
  const struct level *lv = w->lv;
  if (d == 0 || !status_ok(w->f, lv[d].props))
    return;
  int in_cpu = d >= 2 && name_is(lv[1].name, "cpus") && name_is(lv[2].name, "cpu");
  if (d == 1) {
    visit_top(w, m, s);
  } else if (d == 2 && name_is(lv[1].name, "reserved-memory")) {
    struct noderef n = ref(w, 2);
    add_ranges(w->f, &n, m->reserved, &m->nreserved, FDT_MAX_RESERVED);
  } else if (d == 2 && in_cpu) {
    visit_cpu(w, m, s);
  } else if (d == 3 && in_cpu) {
    visit_intc(w, s);
  }
  visit_device(w, m, s);
}

// Is the node just reached by w the one at path ("/soc/serial@10000000")?
static int path_is(const struct walk *w, const char *path, size_t len)
{
  size_t i = 0;
  for (int d = 1; d <= w->depth; d++) {
    if (i >= len || path[i] != '/')
      return 0;
    size_t start = ++i;
    while (i < len && path[i] != '/')
      i++;
    if (!name_matches(w->lv[d].name, path + start, i - start))
      return 0;
  }
  return i == len;
}

static int find_path(const struct fdt *f, const char *path, size_t len, struct noderef *out)
{
  struct walk w;
  walk_start(&w, f);
  while (walk_next(&w) > 0)
    if (w.depth > 0 && path_is(&w, path, len)) {
      *out = ref(&w, w.depth);
      return 0;
    }
  return -1;
}

// Length of a stdout-path up to its options ("serial0:115200n8").
static size_t path_len(const char *p)
{
  const char *colon = strchr(p, ':');
  return colon ? (size_t)(colon - p) : strlen(p);
}

// The node /chosen names as the console: a full path, or an alias to look up in /aliases.
static int find_stdout(const struct fdt *f, const struct scan *s, struct noderef *out)
{
  struct token t;
  const char *p = s->chosen ? prop_str(f, s->chosen, "stdout-path") : NULL;
  if (!p && s->chosen)
    p = prop_str(f, s->chosen, "linux,stdout-path");
  if (!p)
    return -1;
  if (p[0] != '/') {
    if (!s->aliases || getprop_n(f, s->aliases, p, path_len(p), &t) < 0 || !(p = token_str(&t)))
      return -1;
  }
  return find_path(f, p, path_len(p), out);
}

// The console: the stdout-path node if it is a UART we drive, else the first one found.
static void read_uart(const struct fdt *f, const struct scan *s, struct machine *m)
{
  struct noderef n;
  struct fdt_range r;
  if (find_stdout(f, s, &n) < 0 || !status_ok(f, n.props) || !is_uart(f, n.props))
    n = s->uart;
  if (!n.props || reg_entry(f, &n, 0, &r) < 0)
    return;
  m->uart.base = r.base;
  m->uart.size = r.size;
  m->uart.reg_shift = prop_u32(f, n.props, "reg-shift", 0);
  m->uart.reg_io_width = prop_u32(f, n.props, "reg-io-width", 1);
  m->uart.irq = first_irq(f, n.props);
  m->uart.clock = (uint32_t)prop_num(f, n.props, "clock-frequency");
  m->uart.dw_apb = has_compat(f, n.props, "snps,dw-apb-uart");
}

static int intc_hart(const struct scan *s, uint32_t phandle)
{
  for (int i = 0; i < s->nintc; i++)
    if (s->intc[i].phandle == phandle)
      return (int)s->intc[i].hart;
  return -1;
}

// The PLIC's context i is wired to the interrupt named by entry i of its
// interrupts-extended, <cpu-intc phandle, irq>; irq 9 makes it that hart's S-mode context.
static void read_plic(const struct fdt *f, const struct scan *s, struct machine *m)
{
  struct token t;
  struct fdt_range r;
  if (!s->plic.props || reg_entry(f, &s->plic, 0, &r) < 0)
    return;
  m->plic.base = r.base;
  m->plic.size = r.size;
  m->plic.ndev = prop_u32(f, s->plic.props, "riscv,ndev", 0);
  if (getprop(f, s->plic.props, "interrupts-extended", &t) < 0)
    return;
  for (uint32_t ctx = 0; ctx < t.len / 8; ctx++) {
    int hart = intc_hart(s, be32(t.val + 8 * ctx));
    if (be32(t.val + 8 * ctx + 4) == IRQ_S_EXT && hart >= 0 && m->plic.sctx[hart] < 0)
      m->plic.sctx[hart] = (int32_t)ctx;
  }
}

uint32_t fdt_size(const void *dtb)
{
  struct fdt f;
  return fdt_open(&f, dtb) == 0 ? f.size : 0;
}

int fdt_parse(const void *dtb, struct machine *m)
{
  struct fdt f;
  struct scan s;
  struct walk w;
  int r;

  memset(m, 0, sizeof *m);
  for (int i = 0; i < FDT_MAX_HARTID; i++)
    m->plic.sctx[i] = -1;
  if (fdt_open(&f, dtb) < 0)
    return -1;
  memset(&s, 0, sizeof s);
  s.all_sstc = 1;
  read_memreserve(&f, m);
  walk_start(&w, &f);
  while ((r = walk_next(&w)) > 0)
    visit(&w, m, &s);
  m->has_sstc = m->nharts > 0 && s.all_sstc;
  read_plic(&f, &s, m);
  read_uart(&f, &s, m);
  return r;
}
