// RISC-V privileged architecture: CSRs, page-table entry bits, and the few
// instructions C cannot express.  Values from the RISC-V privileged spec.
#pragma once

#ifdef __ASSEMBLY__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif

#define PGSIZE   4096
#define PGSHIFT  12
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(uint64_t)(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(uint64_t)(PGSIZE - 1))

// sstatus
#define SSTATUS_SIE   (_UL(1) << 1)
#define SSTATUS_SPIE  (_UL(1) << 5)
#define SSTATUS_SPP   (_UL(1) << 8)      // previous mode: 1 = supervisor
#define SSTATUS_FS    (_UL(3) << 13)     // FPU state: off/initial/clean/dirty
#define SSTATUS_FS_INITIAL (_UL(1) << 13)
#define SSTATUS_FS_CLEAN   (_UL(2) << 13)
#define SSTATUS_FS_DIRTY   (_UL(3) << 13)
#define SSTATUS_SUM   (_UL(1) << 18)     // supervisor may access user pages

// sie / sip
#define SIE_SSIE (_UL(1) << 1)
#define SIE_STIE (_UL(1) << 5)
#define SIP_STIP (_UL(1) << 5)          // a supervisor timer interrupt is pending
#define SIE_SEIE (_UL(1) << 9)

// scause
#define SCAUSE_INTR          (_UL(1) << 63)
#define IRQ_S_SOFT           1
#define IRQ_S_TIMER          5
#define IRQ_S_EXT            9
#define EXC_INST_MISALIGNED  0
#define EXC_INST_ACCESS      1
#define EXC_ILLEGAL_INST     2
#define EXC_BREAKPOINT       3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS      5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U          8
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

// Sv39 page-table entries
#define PTE_V (_UL(1) << 0)
#define PTE_R (_UL(1) << 1)
#define PTE_W (_UL(1) << 2)
#define PTE_X (_UL(1) << 3)
#define PTE_U (_UL(1) << 4)
#define PTE_G (_UL(1) << 5)
#define PTE_A (_UL(1) << 6)
#define PTE_D (_UL(1) << 7)
#define PTE_COW (_UL(1) << 8)            // software bit (RSW): copy-on-write page
#define PTE_SHARED (_UL(1) << 9)         // software bit (RSW): MAP_SHARED page, never made COW
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PA2PTE(pa)  ((((uint64_t)(pa)) >> 12) << 10)
#define PTE_FLAGS(pte) ((pte) & 0x3ff)
#define PTES_PER_TABLE 512               // a page-table page: 4096 bytes of 8-byte PTEs
#define KERNEL_HALF (PTES_PER_TABLE / 2) // first top-level index of the upper (kernel) half
#define VPN(va, level) ((((uint64_t)(va)) >> (12 + 9 * (level))) & (PTES_PER_TABLE - 1))
#define SATP_SV39 (_UL(8) << 60)
#define MAKE_SATP(pa) (SATP_SV39 | (((uint64_t)(pa)) >> 12))

#ifndef __ASSEMBLY__
#include <stdint.h>

#define csr_read(csr) ({ uint64_t __v; asm volatile("csrr %0, " #csr : "=r"(__v)); __v; })
#define csr_write(csr, val) asm volatile("csrw " #csr ", %0" :: "rK"((uint64_t)(val)))
#define csr_set(csr, val) asm volatile("csrs " #csr ", %0" :: "rK"((uint64_t)(val)))
#define csr_clear(csr, val) asm volatile("csrc " #csr ", %0" :: "rK"((uint64_t)(val)))

static inline void intr_on(void)  { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline int intr_get(void)  { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }

static inline void sfence_vma(void) { asm volatile("sfence.vma zero, zero" ::: "memory"); }
static inline void sfence_vma_addr(uint64_t va) { asm volatile("sfence.vma %0, zero" :: "r"(va) : "memory"); }
static inline void fence_i(void) { asm volatile("fence.i" ::: "memory"); }
static inline void wfi(void) { asm volatile("wfi"); }
static inline uint64_t read_fp(void) { uint64_t fp; asm volatile("mv %0, s0" : "=r"(fp)); return fp; }
static inline uint64_t rdtime(void) { uint64_t t; asm volatile("rdtime %0" : "=r"(t)); return t; }

typedef uint64_t pte_t;
typedef pte_t *pagetable_t;   // PTES_PER_TABLE PTEs, one page
#endif
