// 8250/16550-family UART (QEMU's ns16550a, the VisionFive 2's DesignWare APB
// UART): register spacing, access width and quirks come from the device tree.
#pragma once
#include <stdint.h>

struct machine;
void uart_init(struct machine *m);   // map registers, enable receive interrupts
void uart_putc(char c);              // buffered, interrupt-driven; may sleep
void uart_putc_sync(char c);         // polled: kernel printf, echo, panic (falls back to SBI before init)
