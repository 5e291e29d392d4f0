// Supervisor Binary Interface calls to OpenSBI (M-mode firmware).
// Extension and function ids from the RISC-V SBI specification.
#pragma once
#include <stdint.h>

struct sbiret {
  long error;
  long value;
};

void sbi_init(void);                 // probe which extensions the firmware has
void sbi_set_timer(uint64_t stime);
void sbi_send_ipi(uint32_t hartid);
void sbi_remote_sfence_vma(uint64_t hart_mask, uint64_t hart_mask_base, uint64_t start, uint64_t size);
long sbi_hart_start(uint32_t hartid, uint64_t start_pa, uint64_t opaque);
void sbi_console_putchar(int c);     // early output, before the UART driver is up
void sbi_shutdown(int failure) __attribute__((noreturn));
