// The Sv39 virtual address space.
//
//   0x0000000000000000 .. 0x0000003fffffffff  user (lower half), per address space
//   0xffffffc000000000 ..                     direct map: va = pa + PHYS_OFFSET (RAM and device registers)
//   0xffffffe000000000 .. +1 GiB              kernel stacks, each below an unmapped guard page
//   0xffffffff80000000 ..                     the kernel image (linked here, loaded anywhere)
//
// The upper half is identical (the same second-level tables) in every address
// space, so a trap never switches page tables.
#pragma once

#ifdef __ASSEMBLY__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif

#define PHYS_OFFSET   _UL(0xffffffc000000000)
#define KSTACK_BASE   _UL(0xffffffe000000000)
#define KSTACK_REGION (_UL(1) << 30)
#define KERNEL_VIRT   _UL(0xffffffff80000000)   // image base minus text_offset (0x200000)

#define KSTACK_PAGES  4                      // 16 KiB of stack per task
#define KSTACK_SIZE   (KSTACK_PAGES * PGSIZE)
#define KSTACK_SLOT   (8 * PGSIZE)           // each slot: guard pages, then the stack at its top

#define USER_TOP      _UL(0x4000000000)         // end of the user half (Linux TASK_SIZE for Sv39)
#define SIGRETURN_VA  (USER_TOP - PGSIZE)    // the signal return trampoline (read, execute)
#define USER_STACK_TOP (USER_TOP - 2 * PGSIZE) // the stack grows down from here; the page above is unmapped
#define USER_STACK_MAX (_UL(8) << 20)           // the stack region may grow to 8 MiB

#ifndef __ASSEMBLY__
#define PA2KVA(pa) ((void *)((uint64_t)(pa) + PHYS_OFFSET))
#define KVA2PA(va) ((uint64_t)(va) - PHYS_OFFSET)
#endif
