// Platform-level interrupt controller: routes device interrupts to the
// S-mode context of each hart (contexts come from the device tree).
#pragma once
#include <stdint.h>

struct machine;
void plic_init(struct machine *m);
void plic_hart_init(void);      // enable this hart's S-mode context
// Call handler(arg) whenever source irq interrupts.  Enabled on every hart.
void irq_register(uint32_t irq, void (*handler)(void *), void *arg);
