// Boot entry.  Firmware (OpenSBI directly, or U-Boot booti) jumps here with
// the MMU off: a0 = hart id, a1 = device-tree physical address.  The image may
// sit anywhere in RAM, so until paging is on every address is PC-relative
// (`la` is auipc-based under -mcmodel=medany).
#include "arch/riscv.h"
#include "mm/memlayout.h"

#define BOOT_STACK_SIZE 16384
// struct secondary_boot (boot/boot.h)
#define SB_SP     0
#define SB_TP     8
#define SB_HARTID 16
#define SB_SIZE   24

  .section .head.text, "ax"
  .globl _start
_start:
  // RISC-V Linux Image header (Documentation/riscv/boot-image-header):
  // 64 bytes that U-Boot's booti checks.
  // code0/code1: the jump must be a 4-byte instruction (no RVC), or every
  // field after it moves by 2 bytes and booti rejects the image.
  .option push
  .option norvc
  j     boot_entry                // code0
  .option pop
  .word 0                         // code1
  .dword 0x200000                 // text_offset: load 2 MiB into a 2 MiB aligned region
  .dword _image_size              // image_size, including bss
  .dword 0                        // flags: little endian
  .word 2                         // version 0.2
  .word 0                         // res1
  .dword 0                        // res2
  .ascii "RISCV\0\0\0"            // magic (deprecated)
  .ascii "RSC\x05"                // magic2
  .word 0                         // res3

boot_entry:
  csrw  sie, zero
  csrw  sscratch, zero
  // Only the first hart here boots.  OpenSBI 1.1 (Debian 12's) marks a hart
  // START_PENDING in hart_start before it stores the start address, so a
  // hart that looks in between leaves the firmware for the old address,
  // this one.  Such a late hart must not clear bss or use the boot stack.
  lla   t0, boot_claimed
  li    t1, 1
  amoswap.w.aq t1, t1, (t0)
  bnez  t1, late_hart
  mv    s0, a0                    // hart id
  mv    s1, a1                    // dtb pa
  // Clear bss (its physical address, PC-relative).
  la    t0, _bss_start
  la    t1, _bss_end
1:
  bgeu  t0, t1, 2f
  sd    zero, 0(t0)
  addi  t0, t0, 8
  j     1b
2:
  la    sp, boot_stack_top
  la    a0, _start                // physical load address of the image
  mv    a1, s1
  call  early_map                 // builds early_pagetable; returns satp
  mv    a0, s0
  mv    a1, s1
  la    a2, _start
  la    a3, boot_high
  j     enable_paging

// a3 = physical address of the code to continue at; a0..a2 are passed through.
// The identity map keeps the next fetch valid once satp is written; then jump
// to a3's virtual address (same offset from _start, linked high).
enable_paging:
  la    t0, early_satp
  ld    t0, 0(t0)
  sfence.vma
  csrw  satp, t0
  sfence.vma
  la    t1, _start                // still physical: identity mapped
  ld    t2, kernel_link_base
  sub   t3, t2, t1                // va - pa of the image
  add   a3, a3, t3
  add   sp, sp, t3
  jr    a3

  .balign 8
kernel_link_base:
  .dword _start

// Boot hart, now high: a0 = hart id, a1 = dtb pa, a2 = load pa.
boot_high:
  la    t0, trap_entry
  csrw  stvec, t0
  call  kmain                     // never returns

// A hart that hart_start is starting but that came in at _start (see
// boot_entry): a0 = hart id.  The boot hart prepared its slot before the
// call, so find the logical cpu whose slot names this hart, and go on as
// hart_start meant it to.  The MMU is off: addresses are PC-relative.
late_hart:
  fence rw, rw
1:
  lla   t0, ncpu
  lw    t2, 0(t0)
  lla   t0, secondary_boot
  li    t1, 0
2:
  bge   t1, t2, 1b                // not found (yet): look again
  ld    t3, SB_HARTID(t0)
  ld    t4, SB_SP(t0)
  addi  t0, t0, SB_SIZE
  addi  t1, t1, 1
  bne   t3, a0, 2b
  beqz  t4, 2b                    // the boot hart's own slot is empty
  addi  a1, t1, -1
  j     secondary_entry

// Other harts, started by SBI HSM hart_start: a0 = hart id, a1 = logical cpu.
  .globl secondary_entry
secondary_entry:
  csrw  sie, zero
  csrw  sscratch, zero
  mv    s0, a0
  mv    s1, a1
  la    sp, boot_stack_top        // only until paging is on; not written
  mv    a2, zero
  la    a3, secondary_high
  mv    a0, s0
  mv    a1, s1
  j     enable_paging

secondary_high:
  la    t0, trap_entry
  csrw  stvec, t0
  // The final kernel page table (the early one has no kernel stacks).
  la    t0, kernel_satp
  ld    t0, 0(t0)
  csrw  satp, t0
  sfence.vma
  // sp and tp: this cpu's idle task, prepared by the boot hart.
  la    t0, secondary_boot
  li    t1, SB_SIZE
  mul   t1, t1, a1
  add   t0, t0, t1
  ld    sp, SB_SP(t0)
  ld    tp, SB_TP(t0)
  call  secondary_main            // never returns

  .section .data
  .balign 4
boot_claimed:                     // not in bss: a late hart reads it before bss is cleared
  .word 0

  .section .bss
  .balign 4096
  .globl boot_stack, boot_stack_top
boot_stack:
  .skip BOOT_STACK_SIZE
boot_stack_top:
