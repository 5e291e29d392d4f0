// Host driver for the FDT unit tests: runs the kernel's device-tree reader
// (kernel/drivers/fdt.c) on a .dtb file and prints the machine description as
// key=value lines, one fact per line, so tests can compare exact values.
//
// The tree is copied into a buffer of exactly its header's totalsize, so a
// build with -fsanitize=address catches any read the reader makes outside it.
//
// Exit status: 0 parsed, 1 rejected (message on stderr), 2 usage.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "drivers/fdt.h"

#define HEADER_SIZE 40

static unsigned char *read_file(const char *path, size_t *len)
{
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  unsigned char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
    n += got;
    if (n == cap)
      buf = realloc(buf, cap *= 2);
  }
  fclose(fp);
  *len = n;
  return buf;
}

// The tree in a buffer of exactly its totalsize, or NULL (with a message).
static void *load_tree(const char *path)
{
  size_t len;
  unsigned char *file = read_file(path, &len);
  if (!file) {
    fprintf(stderr, "fdt_dump: %s: cannot read\n", path);
    return NULL;
  }
  uint32_t size = len >= HEADER_SIZE ? fdt_size(file) : 0;
  void *tree = NULL;
  if (size == 0)
    fprintf(stderr, "fdt_dump: %s: not a device tree (bad header)\n", path);
  else if (size > len)
    fprintf(stderr, "fdt_dump: %s: truncated: header says %u bytes, file has %zu\n", path, size, len);
  else if ((tree = malloc(size)) != NULL)
    memcpy(tree, file, size);
  free(file);
  return tree;
}

static void print_range(const char *key, const struct fdt_range *r)
{
  printf("%s=0x%llx+0x%llx\n", key, (unsigned long long)r->base, (unsigned long long)r->size);
}

static void print_indexed(const char *prefix, const struct fdt_range *r, int n)
{
  char key[32];
  printf("n%s=%d\n", prefix, n);
  for (int i = 0; i < n; i++) {
    snprintf(key, sizeof key, "%s%d", prefix, i);
    print_range(key, &r[i]);
  }
}

static void print_cpus(const struct machine *m)
{
  printf("harts=");
  for (int i = 0; i < m->nharts; i++)
    printf("%s%u", i ? "," : "", m->harts[i]);
  printf("\ntimebase=%llu\nsstc=%d\n", (unsigned long long)m->timebase, m->has_sstc);
}

static void print_uart(const struct fdt_uart *u)
{
  struct fdt_range r = { u->base, u->size };
  print_range("uart", &r);
  printf("uart_shift=%u\nuart_width=%u\nuart_irq=%u\nuart_clock=%u\nuart_dw_apb=%d\n",
         u->reg_shift, u->reg_io_width, u->irq, u->clock, u->dw_apb);
}

static void print_plic(const struct fdt_plic *p)
{
  struct fdt_range r = { p->base, p->size };
  print_range("plic", &r);
  printf("plic_ndev=%u\n", p->ndev);
  for (int h = 0; h < FDT_MAX_HARTID; h++)
    if (p->sctx[h] >= 0)
      printf("plic_sctx.%d=%d\n", h, p->sctx[h]);
}

static void print_machine(const struct machine *m)
{
  print_indexed("mem", m->mem, m->nmem);
  print_indexed("reserved", m->reserved, m->nreserved);
  print_cpus(m);
  print_uart(&m->uart);
  print_plic(&m->plic);
  print_indexed("virtio", m->virtio, m->nvirtio);
  for (int i = 0; i < m->nvirtio; i++)
    printf("virtio%d_irq=%u\n", i, m->virtio_irq[i]);
  print_range("rtc", &m->rtc);
  printf("rng_seed_len=%u\n", m->rng_seed_len);
  printf("bootargs=%s\n", m->bootargs);
  printf("initrd_start=0x%llx\ninitrd_end=0x%llx\n",
         (unsigned long long)m->initrd_start, (unsigned long long)m->initrd_end);
}

int main(int argc, char **argv)
{
  static struct machine m;
  if (argc != 2) {
    fprintf(stderr, "usage: fdt_dump FILE.dtb\n");
    return 2;
  }
  void *tree = load_tree(argv[1]);
  if (!tree)
    return 1;
  int r = fdt_parse(tree, &m);
  free(tree);
  if (r < 0) {
    fprintf(stderr, "fdt_dump: %s: damaged device tree\n", argv[1]);
    return 1;
  }
  print_machine(&m);
  return 0;
}
