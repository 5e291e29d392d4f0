// SBI calls: ecall with the extension id in a7 and the function id in a6.
#include "arch/sbi.h"
#include "arch/riscv.h"

#define EXT_BASE   0x10
#define EXT_TIME   0x54494D45      // "TIME"
#define EXT_IPI    0x735049        // "sPI"
#define EXT_RFENCE 0x52464E43      // "RFNC"
#define EXT_HSM    0x48534D        // "HSM"
#define EXT_SRST   0x53525354      // "SRST"
#define EXT_DBCN   0x4442434E      // "DBCN"
#define LEGACY_CONSOLE_PUTCHAR 0x01
#define LEGACY_SHUTDOWN        0x08

static int have_srst, have_dbcn;

static struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2, long a3)
{
  register long r0 asm("a0") = a0;
  register long r1 asm("a1") = a1;
  register long r2 asm("a2") = a2;
  register long r3 asm("a3") = a3;
  register long r6 asm("a6") = fid;
  register long r7 asm("a7") = ext;
  asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r6), "r"(r7) : "memory");
  return (struct sbiret){ r0, r1 };
}

static int probe(long ext)
{
  return sbi_call(EXT_BASE, 3, ext, 0, 0, 0).value != 0;
}

void sbi_init(void)
{
  have_srst = probe(EXT_SRST);
  have_dbcn = probe(EXT_DBCN);
}

void sbi_set_timer(uint64_t stime)
{
  sbi_call(EXT_TIME, 0, stime, 0, 0, 0);
}

void sbi_send_ipi(uint32_t hartid)
{
  // hart_mask is relative to hart_mask_base: bit 0 = hartid.
  sbi_call(EXT_IPI, 0, 1, hartid, 0, 0);
}

void sbi_remote_sfence_vma(uint64_t hart_mask, uint64_t hart_mask_base, uint64_t start, uint64_t size)
{
  sbi_call(EXT_RFENCE, 1, hart_mask, hart_mask_base, start, size);
}

long sbi_hart_start(uint32_t hartid, uint64_t start_pa, uint64_t opaque)
{
  return sbi_call(EXT_HSM, 0, hartid, start_pa, opaque, 0).error;
}

void sbi_console_putchar(int c)
{
  if (have_dbcn) {
    sbi_call(EXT_DBCN, 2, c, 0, 0, 0);      // console_write_byte
    return;
  }
  sbi_call(LEGACY_CONSOLE_PUTCHAR, 0, c, 0, 0, 0);
}

void sbi_shutdown(int failure)
{
  // SRST: type 0 = shutdown; reason 0 = none, 1 = system failure.  QEMU's
  // exit status follows the reason, which is how tests notice a panic.
  if (have_srst)
    sbi_call(EXT_SRST, 0, 0, failure ? 1 : 0, 0, 0);
  sbi_call(LEGACY_SHUTDOWN, 0, 0, 0, 0, 0);
  for (;;)
    wfi();
}
