// Boot: from the first C code on the boot hart to the first user program,
// and the bring-up of the other harts.
#include "clock.h"
#include "random.h"
#include "syscall.h"
#include "boot/boot.h"
#include "arch/arch.h"
#include "arch/riscv.h"
#include "arch/sbi.h"
#include "drivers/fdt.h"
#include "clock.h"
#include "syscall.h"
#include "drivers/plic.h"
#include "drivers/uart.h"
#include "fs/console.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/blockdev.h"
#include "sched/sched.h"
#include "proc/proc.h"
#include "mm/mm.h"
#include "lib/printf.h"
#include "lib/string.h"

static struct machine machine;          // written by the boot hart before the others start
static struct task idle_tasks[NCPU];
struct secondary_boot secondary_boot[NCPU];
_Static_assert(sizeof(struct secondary_boot) == 24, "arch/entry.S: SB_SIZE");
static volatile int cpus_online;
static volatile int cpu_up[NCPU];       // set by each CPU once it runs in the kernel
static uint64_t kernel_load_pa;         // where firmware put the image

// Logical CPU 0's idle task runs on the boot stack; it is what `current`
// (tp) points to from the first line of kmain.
static void setup_idle(int cpu, uint32_t hartid, void *stack_top)
{
  struct task *t = &idle_tasks[cpu];
  struct cpu *c = &cpus[cpu];
  c->id = cpu;
  c->hartid = hartid;
  c->idle = t;
  sched_init_cpu(c);
  spin_init(&t->lock, "task");
  t->kstack_top = stack_top;
  t->flags = PF_IDLE;
  t->cpu = cpu;
  t->on_rq = 1;
  t->on_cpu = 1;
  t->state = TASK_RUNNING;
  list_init(&t->children);
  list_init(&t->sibling);
  snprintf(t->name, sizeof t->name, "idle%d", cpu);
}

// Is word (e.g. "pte_check") one of the space-separated boot arguments?
static int bootarg(struct machine *m, const char *word)
{
  size_t n = strlen(word);
  for (const char *p = m->bootargs; *p; p++)
    if ((p == m->bootargs || p[-1] == ' ') && strncmp(p, word, n) == 0 && (p[n] == 0 || p[n] == ' '))
      return 1;
  return 0;
}

static void print_machine(struct machine *m)
{
  printf("machine: %d hart(s), timebase %ld Hz%s, uart %p, plic %p\n", m->nharts, (long)m->timebase,
         m->has_sstc ? ", sstc" : "", (void *)m->uart.base, (void *)m->plic.base);
  for (int i = 0; i < m->nmem; i++)
    printf("memory: %p - %p (%ld MiB)\n", (void *)m->mem[i].base, (void *)(m->mem[i].base + m->mem[i].size),
           (long)(m->mem[i].size >> 20));
  if (m->bootargs[0])
    printf("bootargs: %s\n", m->bootargs);
}

// Wait (up to a second) for the started harts to come up, then list the harts
// that run the kernel, in CPU order: the tests check that every usable hart
// came up and that no other did (hart 0 of the VisionFive 2 and the icicle kit).
static void report_harts(void)
{
  uint64_t end = time_ns() + NSEC_PER_SEC;
  while (__atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE) < ncpu - 1 && time_ns() < end)
    ;
  printf("harts online:");
  for (int i = 0; i < ncpu; i++)
    printf(cpu_up[i] ? " %d" : " (%d did not start)", (int)cpus[i].hartid);
  printf("\n");
}

static void start_other_harts(void)
{
  for (int i = 0; i < machine.nharts && ncpu < NCPU; i++) {
    uint32_t h = machine.harts[i];
    if (h == cpus[0].hartid)
      continue;
    int cpu = ncpu;
    void *stack = kstack_alloc();
    if (!stack)
      panic("no memory for cpu %d's stack", cpu);
    setup_idle(cpu, h, stack);
    secondary_boot[cpu].sp = (uint64_t)stack;
    secondary_boot[cpu].tp = (uint64_t)&idle_tasks[cpu];
    secondary_boot[cpu].hartid = h;
    ncpu++;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    long err = sbi_hart_start(h, kernel_load_pa + ((uint64_t)secondary_entry - (uint64_t)_start), cpu);
    if (err)
      printf("hart %d did not start (SBI error %ld)\n", (int)h, err);
  }
}

// panic's hooks (lib/printf.h).  Name where it happened: the hart and the task.
static void panic_where(void)
{
  struct task *t = current;
  printf("  on hart %d (cpu %d), task %d (%s)\n", (int)(t ? cpus[t->cpu].hartid : 0), t ? t->cpu : 0,
         t ? t->tid : 0, t ? t->name : "?");
}

// Stop every other hart (an IPI makes each one spin in wfi, see trap.c) and
// power off.  Not after a recursive panic, which may have come from here.
static void panic_halt(int recursive)
{
  if (!recursive)
    for (int i = 0; i < ncpu; i++)
      if (&cpus[i] != mycpu())
        sbi_send_ipi(cpus[i].hartid);
  sbi_shutdown(1);
}

void kmain(uint64_t hartid, uint64_t dtb_pa, uint64_t load_pa)
{
  asm volatile("mv tp, %0" :: "r"(&idle_tasks[0]));
  printf_set_console(uart_putc_sync);     // SBI's console until uart_init
  panic_set_hooks(panic_where, panic_halt);
  setup_idle(0, hartid, boot_stack_top);
  ncpu = 1;
  kernel_load_pa = load_pa;
  sbi_init();
  if (fdt_parse(PA2KVA(dtb_pa), &machine) < 0)
    panic("no valid device tree at %p", (void *)dtb_pa);
  pte_selfcheck = bootarg(&machine, "pte_check");
  enosys_report = !bootarg(&machine, "quiet_enosys");
  for (int i = 0; i < machine.nmem; i++)
    early_map_ram(machine.mem[i].base, machine.mem[i].size);
  page_init(&machine, load_pa, load_pa + (_end - _start), dtb_pa, fdt_size(PA2KVA(dtb_pa)));
  vm_init(&machine, load_pa);
  task_init();
  futex_init();
  trap_hart_init();
  plic_init(&machine);
  uart_init(&machine);
  printf("\nrvos: booting on hart %d\n", (int)hartid);
  print_machine(&machine);
  if (pte_selfcheck)
    printf("pte_check: every leaf PTE is checked for A/D bits\n");
  console_init();
  timer_init(machine.timebase, machine.has_sstc);
  clock_init(&machine);
  random_init(&machine);
  if (blk_init(&machine) < 0)
    panic("no root disk: neither a virtio block device nor an initrd");
  cpu_up[0] = 1;
  start_other_harts();
  report_harts();
  start_init();
  plic_hart_init();
  timer_hart_init();
  __atomic_add_fetch(&cpus_online, 1, __ATOMIC_SEQ_CST);
  idle_loop();
}

void secondary_main(uint64_t hartid, uint64_t cpu)
{
  (void)hartid;
  trap_hart_init();
  plic_hart_init();
  timer_hart_init();
  cpu_up[cpu] = 1;
  __atomic_add_fetch(&cpus_online, 1, __ATOMIC_SEQ_CST);
  idle_loop();
}

