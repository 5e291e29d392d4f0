// Page tables.  The kernel page table maps the upper half: the direct map of
// RAM (gigapages), device registers (ioremap), kernel stacks and the image.
// Every user page table shares the kernel's second-level tables, so a trap
// needs no satp switch and a later kernel mapping (a new kernel stack) is
// seen by every address space at once.
#include "mm/mm.h"
#include "boot/boot.h"
#include "drivers/fdt.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/page.h"

#define GIGA (1UL << 30)

pagetable_t kernel_pagetable;
uint64_t kernel_satp;                   // its satp value (entry.S loads it on other harts)
static int user_tables_exist;           // after this, no new top-level kernel entries

// The leaf PTE slot for va (level 0), allocating tables on the way if alloc.
// NULL if a table is missing (and !alloc), allocation fails, or a huge page
// covers va.
pte_t *walk(pagetable_t pt, uint64_t va, int alloc)
{
  for (int level = 2; level > 0; level--) {
    pte_t *pte = &pt[VPN(va, level)];
    if (*pte & PTE_V) {
      if (*pte & PTE_LEAF)
        return 0;
      pt = PA2KVA(PTE2PA(*pte));
      continue;
    }
    if (!alloc)
      return 0;
    if (level == 2 && VPN(va, 2) >= KERNEL_HALF && user_tables_exist)
      panic("walk: new kernel top-level entry for %p after user page tables exist", (void *)va);
    pagetable_t next = page_alloc();
    if (!next)
      return 0;
    *pte = PA2PTE(KVA2PA(next)) | PTE_V;
    pt = next;
  }
  return &pt[VPN(va, 0)];
}

// The trap handler's hook (arch/arch.h): a kernel page fault at va found a
// valid mapping, so the hart's TLB held a stale translation.
int kernel_va_mapped(uint64_t va)
{
  pte_t *pte = walk(kernel_pagetable, va, 0);
  return pte && (*pte & PTE_V);
}

int pte_selfcheck;                      // boot option pte_check

// A and D are set here, never left for hardware: the VisionFive 2's cores
// fault on a clear A (or D on a store) instead of setting them.
pte_t pte_leaf(uint64_t pa, uint64_t perm)
{
  pte_t pte = PA2PTE(pa) | perm | PTE_V | PTE_A;
  if (perm & PTE_W)
    pte |= PTE_D;
  return pte;
}

void pte_set(pte_t *slot, pte_t pte)
{
  if (pte_selfcheck && (pte & PTE_V) && (pte & PTE_LEAF) &&
      (!(pte & PTE_A) || ((pte & PTE_W) && !(pte & PTE_D))))
    panic("pte_check: leaf PTE %p without A%s", (void *)pte, (pte & PTE_W) ? "/D" : "");
  *slot = pte;
}

int map_pages(pagetable_t pt, uint64_t va, uint64_t size, uint64_t pa, uint64_t perm)
{
  for (uint64_t off = 0; off < size; off += PGSIZE) {
    pte_t *pte = walk(pt, va + off, 1);
    if (!pte)
      return -1;
    if (*pte & PTE_V)
      panic("map_pages: %p already mapped", (void *)(va + off));
    pte_set(pte, pte_leaf(pa + off, perm));
  }
  return 0;
}

void *ioremap(uint64_t pa, uint64_t size)
{
  uint64_t start = PGROUNDDOWN(pa), end = PGROUNDUP(pa + size);
  for (uint64_t p = start; p < end; p += PGSIZE) {
    pte_t *pte = walk(kernel_pagetable, PHYS_OFFSET + p, 1);
    if (!pte)
      panic("ioremap: out of memory");
    if (!(*pte & PTE_V))
      pte_set(pte, pte_leaf(p, PTE_R | PTE_W | PTE_G));
  }
  sfence_vma();
  return PA2KVA(pa);
}

static void map_image(uint64_t load_pa)
{
  struct { char *start, *end; uint64_t perm; } parts[] = {
    { _start, _etext, PTE_R | PTE_X },
    { _etext, _erodata, PTE_R },
    { _erodata, _end, PTE_R | PTE_W },
  };
  for (int i = 0; i < 3; i++) {
    uint64_t va = (uint64_t)parts[i].start, size = parts[i].end - parts[i].start;
    if (map_pages(kernel_pagetable, va, size, load_pa + (va - (uint64_t)_start), parts[i].perm | PTE_G) < 0)
      panic("vm_init: out of memory");
  }
}

void vm_init(struct machine *m, uint64_t load_pa)
{
  kernel_pagetable = page_alloc();
  if (!kernel_pagetable)
    panic("vm_init: out of memory");
  for (int i = 0; i < m->nmem; i++) {
    uint64_t end = m->mem[i].base + m->mem[i].size;
    for (uint64_t pa = m->mem[i].base & ~(GIGA - 1); pa < end; pa += GIGA)
      pte_set(&kernel_pagetable[VPN(PHYS_OFFSET + pa, 2)], pte_leaf(pa, PTE_R | PTE_W | PTE_G));
  }
  map_image(load_pa);
  // The kernel-stack region's second-level table exists from the start.
  if (!walk(kernel_pagetable, KSTACK_BASE, 1))
    panic("vm_init: out of memory");
  vm_hart_init();
}

void vm_hart_init(void)
{
  kernel_satp = MAKE_SATP(KVA2PA(kernel_pagetable));
  sfence_vma();
  csr_write(satp, kernel_satp);
  sfence_vma();
}

pagetable_t pagetable_create(void)
{
  pagetable_t pt = page_alloc();
  if (!pt)
    return 0;
  user_tables_exist = 1;
  memcpy(&pt[KERNEL_HALF], &kernel_pagetable[KERNEL_HALF], KERNEL_HALF * sizeof(pte_t));
  return pt;
}

// Drop a leaf table and the pages it maps.
void table_put(pagetable_t t)
{
  // LAB cow BEGIN
  // Leaf tables may be shared between address spaces after fork (mm.c):
  // the last holder drops the pages they map.
  if (page_ref_dec(t) > 0)
    return;
  // LAB cow END
  for (int i = 0; i < PTES_PER_TABLE; i++)
    if (t[i] & PTE_V)
      page_free(PA2KVA(PTE2PA(t[i])));
  // LAB cow BEGIN
  page_release(t);                     // its last reference is gone already
  // LAB cow STUB
  // page_free(t);
  // LAB cow END
}

// Free the user half: tables and (through table_put) the pages.
void pagetable_free(pagetable_t root)
{
  for (int i = 0; i < KERNEL_HALF; i++) {
    if (!(root[i] & PTE_V))
      continue;
    pagetable_t l1 = PA2KVA(PTE2PA(root[i]));
    for (int j = 0; j < PTES_PER_TABLE; j++)
      if (l1[j] & PTE_V)
        table_put(PA2KVA(PTE2PA(l1[j])));
    page_free(l1);
  }
  page_free(root);
}
