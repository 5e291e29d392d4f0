// Flattened device tree (DTB) reader: turns the tree the firmware hands us into
// a plain description of the machine.  Pure logic, no kernel services: it is
// also compiled on the host and unit-tested against real device trees.
#pragma once
#include <stdint.h>
#include <stddef.h>

#define FDT_MAX_MEM       8
#define FDT_MAX_RESERVED  32
#define FDT_MAX_HARTS     16     // usable harts we record
#define FDT_MAX_HARTID    64     // hart ids index plic_sctx[]
#define FDT_MAX_VIRTIO    16

struct fdt_range {
  uint64_t base, size;
};

struct fdt_uart {
  uint64_t base, size;
  uint32_t reg_shift;       // registers are (1 << reg_shift) bytes apart
  uint32_t reg_io_width;    // access width in bytes (1 or 4)
  uint32_t irq;             // PLIC source
  uint32_t clock;           // clock-frequency, 0 if absent
  int dw_apb;               // snps,dw-apb-uart: has the busy-detect quirk
};

struct fdt_plic {
  uint64_t base, size;
  uint32_t ndev;                          // riscv,ndev
  int32_t sctx[FDT_MAX_HARTID];           // hart id -> S-mode context, -1 if none
};

struct machine {
  struct fdt_range mem[FDT_MAX_MEM];      // /memory reg ranges
  int nmem;
  struct fdt_range reserved[FDT_MAX_RESERVED]; // /reserved-memory children with reg, and memreserve entries
  int nreserved;
  uint32_t harts[FDT_MAX_HARTS];          // ids of harts usable in S-mode, ascending
  int nharts;
  uint64_t timebase;                      // /cpus timebase-frequency (Hz)
  int has_sstc;                           // every usable hart lists the sstc extension
  struct fdt_uart uart;                   // console UART (chosen stdout-path, else first one found); base 0 if none
  struct fdt_plic plic;                   // base 0 if none
  struct fdt_range virtio[FDT_MAX_VIRTIO];// virtio,mmio slots in tree order
  uint32_t virtio_irq[FDT_MAX_VIRTIO];
  int nvirtio;
  struct fdt_range rtc;                   // google,goldfish-rtc registers; base 0 if none
  uint8_t rng_seed[64];                   // /chosen rng-seed (firmware randomness), first 64 bytes
  uint32_t rng_seed_len;                  // 0 if absent
  char bootargs[256];                     // /chosen bootargs, "" if absent
  uint64_t initrd_start, initrd_end;      // /chosen linux,initrd-*, 0 if absent
};

// Size in bytes of the tree at dtb (from its header), or 0 if it is not a valid FDT.
uint32_t fdt_size(const void *dtb);

// Parse the tree at dtb into *m.  Returns 0, or -1 if dtb is not a valid FDT (version >= 16)
// or is damaged; *m then holds what was read before the damage.  Reads stay within the
// tree's totalsize, which the caller must have checked is really there (fdt_size).
int fdt_parse(const void *dtb, struct machine *m);
