// Console line discipline (canonical mode).  Typed bytes are echoed and
// edited on the current line (backspace, ^U kills the line); a line becomes
// readable at newline, and ^D makes what was typed so far readable (on an
// empty line, read returns 0: end of input).  ^C, ^\ and ^Z drop the line
// and signal the foreground job (SIGINT, SIGQUIT, SIGTSTP).  ^P lists the
// tasks.
#include <stdint.h>
#include "fs/console.h"
#include "fs/file.h"
#include "drivers/uart.h"
#include "lib/spinlock.h"
#include "sched/wait.h"
#include "proc/task.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "mm/mm.h"
#include "errno.h"

#define CTRL(x) ((x) - '@')
#define INPUT_BUF 256

// The ring holds committed bytes [r, w) that readers may take, and the line
// being edited [w, e).  All under lock.
static struct {
  struct spinlock lock;
  char buf[INPUT_BUF];
  uint64_t r, w, e;
  struct wait_queue readers;
} cons;

static void echo(int c)
{
  if (c == '\b') {                  // erase the previous character on screen
    uart_putc_sync('\b');
    uart_putc_sync(' ');
    uart_putc_sync('\b');
  } else if (c == '\n') {
    uart_putc_sync('\r');
    uart_putc_sync('\n');
  } else {
    uart_putc_sync(c);
  }
}

static void commit(void)
{
  cons.w = cons.e;
  wq_wake_all(&cons.readers);
}

// The signal a job-control character sends, 0 for other characters.
static int job_control_signal(int c)
{
  return c == CTRL('C') ? SIGINT : c == CTRL('\\') ? SIGQUIT : c == CTRL('Z') ? SIGTSTP : 0;
}

void console_intr(int c)
{
  int sig = job_control_signal(c);
  spin_lock(&cons.lock);
  switch (c) {
  case CTRL('C'):
  case CTRL('\\'):
  case CTRL('Z'):
    cons.e = cons.w;                // what was typed on this line is gone
    echo('^');
    echo(c + '@');
    echo('\n');
    break;
  case CTRL('P'):
    task_dump();                    // what every task and CPU is doing (debugging aid)
    break;
  case CTRL('U'):
    while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF] != '\n') {
      cons.e--;
      echo('\b');
    }
    break;
  case CTRL('H'):
  case 0x7f:
    if (cons.e != cons.w) {
      cons.e--;
      echo('\b');
    }
    break;
  case CTRL('D'):
    // On a partly typed line, ^D just makes it readable.  On an empty line
    // it stores a marker that a read consumes and returns 0 for.
    if (cons.e == cons.w && cons.e - cons.r < INPUT_BUF)
      cons.buf[cons.e++ % INPUT_BUF] = CTRL('D');
    commit();
    break;
  default:
    if (c == '\r')
      c = '\n';
    if (c == 0 || cons.e - cons.r >= INPUT_BUF - 1)
      break;                        // keep one slot so a newline always fits
    cons.buf[cons.e++ % INPUT_BUF] = c;
    echo(c);
    if (c == '\n' || cons.e - cons.r == INPUT_BUF - 1)
      commit();
    break;
  }
  spin_unlock(&cons.lock);
  // After cons.lock is dropped: sending takes tasklist_lock.
  if (sig)
    console_signal(sig);
}

// Read up to n bytes, at most one line.  Sleeps interruptibly until a line
// is committed (nonblocking: -EAGAIN instead).
static long console_read(int minor, uint64_t udst, size_t n, int nonblock)
{
  (void)minor;
  size_t got = 0;
  spin_lock(&cons.lock);
  while (cons.r == cons.w) {
    if (nonblock || wq_sleep(&cons.readers, &cons.lock, TASK_INTERRUPTIBLE) < 0) {
      spin_unlock(&cons.lock);
      return nonblock ? -EAGAIN : -EINTR;
    }
  }
  while (got < n && cons.r != cons.w) {
    char c = cons.buf[cons.r % INPUT_BUF];
    if (c == CTRL('D')) {
      if (got == 0)
        cons.r++;                   // end of input: consume it, return 0
      break;
    }
    // copy_to_user may fault in a page; do it without the spinlock.
    cons.r++;
    spin_unlock(&cons.lock);
    if (copy_to_user(udst + got, &c, 1) < 0)
      return got ? (long)got : -EFAULT;
    got++;
    spin_lock(&cons.lock);
    if (c == '\n')
      break;
  }
  spin_unlock(&cons.lock);
  return got;
}

static long console_write(int minor, uint64_t usrc, size_t n)
{
  (void)minor;
  char buf[128];
  size_t done = 0;
  while (done < n) {
    size_t m = n - done < sizeof buf ? n - done : sizeof buf;
    if (copy_from_user(buf, usrc + done, m) < 0)
      return done ? (long)done : -EFAULT;
    for (size_t i = 0; i < m; i++) {
      if (buf[i] == '\n')
        uart_putc('\r');
      uart_putc(buf[i]);
    }
    done += m;
  }
  return done;
}

void console_init(void)
{
  spin_init(&cons.lock, "console");
  wq_init(&cons.readers, "console");
  devsw[CONSOLE_MAJOR].read = console_read;
  devsw[CONSOLE_MAJOR].write = console_write;
}
