// Thread-local storage and the main thread's descriptor.  tp points at a
// thread's TLS block (RISC-V uses TLS variant I: the linker's tp-relative
// offsets start at the block), and struct pthread sits just below it, so
// both __thread variables and the library's per-thread data (errno) are
// one tp-relative access away.  Every program sets this up before main.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "syscall.h"
#include "thread.h"
#include <linux/auxvec.h>

#define PT_TLS 7

// An ELF64 program header, as the ELF specification lays it out.
struct phdr {
  uint32_t type, flags;
  uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

// The program's PT_TLS segment: the initial bytes (.tdata) and the size
// including the zeroed part (.tbss).
static const char *tls_image;
static size_t tls_filesz, tls_memsz, tls_align = 16;

// The main thread's descriptor while there is no TLS block yet, and for
// good in programs without __thread variables.
static struct pthread main_thread;

static void
set_tp(struct pthread *t)
{
  asm volatile("mv tp, %0" : : "r"(t + 1));
}

unsigned long
__thread_area_size(void)
{
  return sizeof(struct pthread) + tls_align + tls_memsz;
}

// Lays out a zeroed descriptor and a fresh copy of the TLS image in an
// area of __thread_area_size() bytes; the thread's tp is the result + 1.
struct pthread *
__thread_area_init(void *area)
{
  uintptr_t tls = ((uintptr_t)area + sizeof(struct pthread) + tls_align - 1) &
                  ~(uintptr_t)(tls_align - 1);
  struct pthread *t = (struct pthread *)tls - 1;

  memset(t, 0, sizeof(*t));
  memcpy((char *)tls, tls_image, tls_filesz);
  memset((char *)tls + tls_filesz, 0, tls_memsz - tls_filesz);
  return t;
}

// The kernel tells us where the program headers are (auxv AT_PHDR).
static void
find_tls(long *auxv)
{
  struct phdr *ph = 0;
  long n = 0;

  for (; auxv[0] != AT_NULL; auxv += 2) {
    if (auxv[0] == AT_PHDR)
      ph = (struct phdr *)auxv[1];
    else if (auxv[0] == AT_PHNUM)
      n = auxv[1];
  }
  for (long i = 0; ph && i < n; i++) {
    if (ph[i].type != PT_TLS)
      continue;
    tls_image = (const char *)ph[i].vaddr;
    tls_filesz = ph[i].filesz;
    tls_memsz = ph[i].memsz;
    if (ph[i].align > tls_align)
      tls_align = ph[i].align;
  }
}

// errno must work from the first system call on, so tp is valid before
// anything else runs; malloc (which may set errno) comes after.  The kernel
// zeroes the tid word when the main thread ends, so it can be joined too.
void
__init_tls(long *auxv)
{
  struct pthread *t = &main_thread;

  set_tp(t);
  find_tls(auxv);
  if (tls_memsz > 0) {
    void *area = malloc(__thread_area_size());
    if (!area)
      _exit(127);
    t = __thread_area_init(area);
    set_tp(t);
  }
  t->tid = syscall1(SYS_set_tid_address, &t->tid);
}

// The child of fork is a new thread (the only one) with a tid of its own.
void
__tls_atfork_child(void)
{
  struct pthread *t = __self();

  t->tid = syscall1(SYS_set_tid_address, &t->tid);
}
