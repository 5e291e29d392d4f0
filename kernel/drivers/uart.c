// UART driver.  Receive is interrupt driven (each byte goes to the console
// line discipline); transmit goes through a ring that the transmit-empty
// interrupt drains, so writers do not spin.
#include "drivers/uart.h"
#include "drivers/fdt.h"
#include "drivers/plic.h"
#include "fs/console.h"
#include "lib/spinlock.h"
#include "lib/printf.h"
#include "sched/wait.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "arch/sbi.h"

// Register indexes (scaled by reg_shift).
#define RHR 0     // receive holding (read)
#define THR 0     // transmit holding (write)
#define IER 1
#define IER_RX 0x01
#define IER_TX 0x02
#define FCR 2     // FIFO control (write)
#define FCR_ENABLE 0x01
#define FCR_CLEAR  0x06
#define IIR 2     // interrupt identification (read)
#define IIR_BUSY 0x07   // DesignWare: busy detect, cleared by reading USR
#define LSR 5
#define LSR_RX_READY 0x01
#define LSR_TX_IDLE  0x20
#define DW_USR 31       // DesignWare UART status register (byte offset 0x7c with reg-shift 2)

static volatile uint8_t *base;       // NULL until uart_init
static uint32_t shift, width;

#define TX_BUF 1024
static struct spinlock tx_lock = SPINLOCK_INIT("uart_tx");
static char tx_buf[TX_BUF];          // under tx_lock
static uint64_t tx_w, tx_r;          // under tx_lock; write and read counts
static struct wait_queue tx_space;

static uint32_t reg_read(int r)
{
  volatile uint8_t *p = base + (r << shift);
  return width == 4 ? *(volatile uint32_t *)p : *p;
}

static void reg_write(int r, uint32_t v)
{
  volatile uint8_t *p = base + (r << shift);
  if (width == 4)
    *(volatile uint32_t *)p = v;
  else
    *p = v;
}

// Move bytes from the ring to the UART while it can take them.  tx_lock held.
static void tx_start(void)
{
  while (tx_w != tx_r && (reg_read(LSR) & LSR_TX_IDLE)) {
    reg_write(THR, tx_buf[tx_r % TX_BUF]);
    tx_r++;
    wq_wake_all(&tx_space);
  }
}

static void uart_intr(void *arg)
{
  (void)arg;
  if ((reg_read(IIR) & 0x0f) == IIR_BUSY)
    (void)reg_read(DW_USR);
  while (reg_read(LSR) & LSR_RX_READY)
    console_intr(reg_read(RHR) & 0xff);
  spin_lock(&tx_lock);
  tx_start();
  spin_unlock(&tx_lock);
}

void uart_init(struct machine *m)
{
  if (!m->uart.base)
    return;                          // no UART in the tree: output stays on SBI
  shift = m->uart.reg_shift;
  width = m->uart.reg_io_width == 4 ? 4 : 1;
  wq_init(&tx_space, "uart_tx");
  uint64_t size = m->uart.size ? m->uart.size : PGSIZE;
  volatile uint8_t *b = ioremap(m->uart.base, size);
  // Line settings and speed stay as the firmware set them.
  base = b;
  reg_write(FCR, FCR_ENABLE | FCR_CLEAR);
  irq_register(m->uart.irq, uart_intr, 0);
  reg_write(IER, IER_RX | IER_TX);
}

void uart_putc(char c)
{
  if (!base) {
    uart_putc_sync(c);
    return;
  }
  spin_lock(&tx_lock);
  while (tx_w - tx_r == TX_BUF)
    wq_sleep(&tx_space, &tx_lock, TASK_UNINTERRUPTIBLE);
  tx_buf[tx_w % TX_BUF] = c;
  tx_w++;
  tx_start();
  spin_unlock(&tx_lock);
}

void uart_putc_sync(char c)
{
  if (!base) {
    sbi_console_putchar(c);
    return;
  }
  push_off();
  while (!(reg_read(LSR) & LSR_TX_IDLE))
    ;
  reg_write(THR, c);
  pop_off();
}
