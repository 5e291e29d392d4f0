// The machine layer: entry, traps, context switch and the tick.  It depends
// on nothing above it; the trap handler and the tick call up only through
// the hooks declared at the end, which the layers above implement.
#pragma once
#include <stdint.h>

struct task;

// Callee-saved registers of a task switched out in switch_to.
struct context {
  uint64_t ra, sp;
  uint64_t s[12];
};

// User (or interrupted kernel) registers saved by trap entry.  Field order is
// the layout trap.S uses: x1..x31 then the CSRs.
struct trapframe {
  uint64_t ra, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, a6, a7,
           s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6;
  uint64_t sepc, sstatus, scause, stval;
  uint64_t pad;                   // keeps the stack 16-byte aligned (288 bytes)
};

void switch_to(struct context *prev, struct context *next, struct task *next_task);
void task_start(void);             // first code a new task runs (switch.S)
void trap_return(void);            // return through the trapframe at sp (trap.S)
void trap_entry(void);
void fp_save(uint64_t regs[33]);
void fp_restore(const uint64_t regs[33]);
void trap_hart_init(void);

// timer.c: the tick and the clock
#define HZ 100
void timer_init(uint64_t timebase, int has_sstc);   // from the device tree
void timer_hart_init(void);        // enable and arm this hart's tick
void tick_stop(uint64_t deadline_ns);  // idle: no tick until deadline_ns (0: none); interrupts off
void tick_restart(void);           // leaving idle: the periodic tick again (interrupts off)
void timer_interrupt(int from_user);
uint64_t time_ns(void);            // nanoseconds since boot
uint64_t timebase_hz(void);

// ---- Hooks: what a trap or a tick means is decided above; trap.c and
// timer.c call these, the layers named implement them.  Interrupts are off
// when they are called, except where said.
void syscall_dispatch(struct trapframe *tf);   // syscall.c: ecall from user mode (interrupts on)
// proc/usertrap.c: any other exception from user mode (interrupts on); and
// the work before every return to user mode, after any trap from it
// (signals, rescheduling; interrupts on or off).
void user_exception(struct trapframe *tf, uint64_t cause);
void return_to_user_work(void);
int kernel_va_mapped(uint64_t va);  // mm/vm.c: a kernel page fault at va hit a valid mapping
void plic_handle(void);            // drivers/plic.c: a device (external) interrupt
void ipi_interrupt(void);          // sched/core.c: another CPU wants this one to look at its queue
void kernel_preempt(void);         // sched/core.c: after an interrupt of kernel code that had interrupts on
void timer_tick(int from_user);    // sched/timer.c: on every tick, on every CPU
