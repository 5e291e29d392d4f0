// PLIC driver.  Each hart claims and completes interrupts through its own
// S-mode context, whose number the device tree gives (it differs between
// QEMU `virt`, 2h+1, and the VisionFive 2, 2h).
#include "drivers/plic.h"
#include "arch/arch.h"
#include "drivers/fdt.h"
#include "lib/printf.h"
#include "sched/sched.h"
#include "mm/mm.h"

#define PRIORITY(irq)     (4 * (irq))
#define ENABLE(ctx)       (0x2000 + 0x80 * (ctx))
#define THRESHOLD(ctx)    (0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx)        (0x200004 + 0x1000 * (ctx))
#define MAX_IRQ 1024

static volatile uint8_t *plic;
static int32_t hart_ctx[FDT_MAX_HARTID];   // written at boot, read-only after
static int32_t max_ctx;

// Written at boot before other harts start; read-only after.
static struct {
  void (*fn)(void *);
  void *arg;
} handlers[MAX_IRQ];

static volatile uint32_t *reg(uint64_t off)
{
  return (volatile uint32_t *)(plic + off);
}

void plic_init(struct machine *m)
{
  if (!m->plic.base)
    panic("plic_init: no PLIC in the device tree");
  max_ctx = 0;
  for (int h = 0; h < FDT_MAX_HARTID; h++) {
    hart_ctx[h] = m->plic.sctx[h];
    if (hart_ctx[h] > max_ctx)
      max_ctx = hart_ctx[h];
  }
  // Map only up to the last context we use, not the whole 64 MiB window.
  plic = ioremap(m->plic.base, THRESHOLD(max_ctx) + PGSIZE);
}

static int my_ctx(void)
{
  uint32_t h = mycpu()->hartid;
  if (h >= FDT_MAX_HARTID || hart_ctx[h] < 0)
    panic("plic: hart %d has no S-mode context", (int)h);
  return hart_ctx[h];
}

void irq_register(uint32_t irq, void (*handler)(void *), void *arg)
{
  if (irq == 0 || irq >= MAX_IRQ)
    panic("irq_register: bad irq %d", (int)irq);
  handlers[irq].fn = handler;
  handlers[irq].arg = arg;
  *reg(PRIORITY(irq)) = 1;
  // Enable it in every hart's S context: whichever hart is awake takes it.
  for (int h = 0; h < FDT_MAX_HARTID; h++)
    if (hart_ctx[h] >= 0)
      reg(ENABLE(hart_ctx[h]))[irq / 32] |= 1U << (irq % 32);
}

void plic_hart_init(void)
{
  *reg(THRESHOLD(my_ctx())) = 0;
}

void plic_handle(void)
{
  int ctx = my_ctx();
  uint32_t irq;
  while ((irq = *reg(CLAIM(ctx))) != 0) {
    if (irq < MAX_IRQ && handlers[irq].fn)
      handlers[irq].fn(handlers[irq].arg);
    *reg(CLAIM(ctx)) = irq;
  }
}
