// The first page table, built before paging is on.  This code runs at the
// physical load address: only PC-relative accesses (no switch tables, no
// pointers stored in data), hence -fno-jump-tables via the attribute below.
//
// It maps: the gigabyte holding the image at its own address (so the
// instruction after `csrw satp` still runs), the image at KERNEL_VIRT with
// 2 MiB pages, and the gigabytes holding the image and the device tree into
// the direct map.  kmain then direct-maps the rest of RAM and builds the
// final kernel page table.
#include <stdint.h>
#include "arch/riscv.h"
#include "mm/memlayout.h"
#include "boot/boot.h"

#define GIGA (1UL << 30)
#define MEGA2 (1UL << 21)
#define TEXT_OFFSET 0x200000UL
#define LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G)

pte_t early_pagetable[PTES_PER_TABLE] __attribute__((aligned(PGSIZE)));
static pte_t early_image_l1[PTES_PER_TABLE] __attribute__((aligned(PGSIZE)));
uint64_t early_satp;
extern char _start[], _end[];

__attribute__((optimize("no-jump-tables")))
uint64_t early_map(uint64_t load_pa, uint64_t dtb_pa)
{
  uint64_t base = load_pa - TEXT_OFFSET;
  uint64_t n2m = ((uint64_t)(_end - _start) + TEXT_OFFSET + MEGA2 - 1) / MEGA2;

  early_pagetable[VPN(load_pa, 2)] = PA2PTE(load_pa & ~(GIGA - 1)) | LEAF_RWX;
  early_pagetable[VPN(PHYS_OFFSET + load_pa, 2)] = PA2PTE(load_pa & ~(GIGA - 1)) | LEAF_RWX;
  early_pagetable[VPN(PHYS_OFFSET + dtb_pa, 2)] = PA2PTE(dtb_pa & ~(GIGA - 1)) | LEAF_RWX;
  early_pagetable[VPN(KERNEL_VIRT, 2)] = PA2PTE((uint64_t)early_image_l1) | PTE_V;
  for (uint64_t i = 0; i < n2m; i++)
    early_image_l1[VPN(KERNEL_VIRT, 1) + i] = PA2PTE(base + i * MEGA2) | LEAF_RWX;
  early_satp = MAKE_SATP((uint64_t)early_pagetable);
  return early_satp;
}

// Once running high: direct-map every gigabyte of RAM, so the page
// allocator can reach all of it before the final page table exists.
void early_map_ram(uint64_t base, uint64_t size)
{
  for (uint64_t pa = base & ~(GIGA - 1); pa < base + size; pa += GIGA)
    early_pagetable[VPN(PHYS_OFFSET + pa, 2)] = PA2PTE(pa) | LEAF_RWX;
  sfence_vma();
}
