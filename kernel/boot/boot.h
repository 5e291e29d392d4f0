// Early boot: the first page table and the hand-off to the other harts.
#pragma once
#include <stdint.h>
#include "arch/riscv.h"

extern pte_t early_pagetable[PTES_PER_TABLE];
extern uint64_t early_satp;
void early_map_ram(uint64_t base, uint64_t size);

// What a starting hart loads into sp and tp (entry.S reads it: 16 bytes each).
// What the boot hart prepares for each other cpu before hart_start.  Its
// layout is also in arch/entry.S (SB_*).
struct secondary_boot {
  uint64_t sp;
  uint64_t tp;
  uint64_t hartid;
};
extern struct secondary_boot secondary_boot[];
extern char secondary_entry[];
extern char boot_stack[], boot_stack_top[];
extern char _start[], _etext[], _erodata[], _end[];
