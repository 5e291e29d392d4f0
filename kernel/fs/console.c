// Console line discipline (canonical mode).  Typed bytes are echoed and
// edited on the current line (backspace, ^U kills the line); a line becomes
// readable at newline, and ^D makes what was typed so far readable (on an
// empty line, read returns 0: end of input).  ^C, ^\ and ^Z drop the line
// and signal the foreground job (SIGINT, SIGQUIT, SIGTSTP).  ^P lists the
// tasks.  /dev/console and /dev/tty open it through console_fops, where
// its terminal ioctls live too.
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
#include "lib/string.h"
#include "fs/linux_abi.h"
#include "fs/fs_format.h"
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
  poll_wake();
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
static long console_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  int nonblock = (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK) != 0;
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

static long console_write(struct file *f, uint64_t usrc, size_t n, uint64_t *off)
{
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

// Readable when a line (or end of input) is committed; always writable.
static int console_poll(struct file *f)
{
  spin_lock(&cons.lock);
  int ev = POLLOUT | (cons.r != cons.w ? POLLIN : 0);
  spin_unlock(&cons.lock);
  return ev;
}

// ---- terminal ioctls ----

// isatty() asks for the terminal settings: report a cooked 8-bit line.
static long console_tcgets(uint64_t arg)
{
  struct termios t;
  memset(&t, 0, sizeof(t));
  t.c_iflag = ICRNL;
  t.c_oflag = OPOST | ONLCR;
  t.c_cflag = B38400 | CS8 | CREAD;
  t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK;
  t.c_cc[VINTR] = CTRL('C');
  t.c_cc[VQUIT] = CTRL('\\');
  t.c_cc[VERASE] = 0x7f;                    // DEL, as console_intr takes it
  t.c_cc[VKILL] = CTRL('U');
  t.c_cc[VEOF] = CTRL('D');
  return copy_to_user(arg, &t, sizeof(t)) < 0 ? -EFAULT : 0;
}

// The line discipline has one mode: settings are read (so a bad pointer
// fails as on Linux) and kept as they are.
static long console_tcsets(uint64_t arg)
{
  struct termios t;
  return copy_from_user(&t, arg, sizeof(t)) < 0 ? -EFAULT : 0;
}

// tcsetpgrp(): the job the shell runs in the foreground gets ^C.
static long console_tiocspgrp(uint64_t arg)
{
  int pgid;
  return copy_from_user(&pgid, arg, sizeof pgid) < 0 ? -EFAULT : console_set_pgrp(pgid);
}

static long console_tiocgpgrp(uint64_t arg)
{
  int pgid = console_get_pgrp();
  return copy_to_user(arg, &pgid, sizeof pgid) < 0 ? -EFAULT : 0;
}

// A serial line has no size of its own: report the classic 80x24.
static long console_tiocgwinsz(uint64_t arg)
{
  struct winsize ws = { .ws_row = 24, .ws_col = 80 };
  return copy_to_user(arg, &ws, sizeof ws) < 0 ? -EFAULT : 0;
}

static long console_ioctl(struct file *f, unsigned long req, uint64_t arg)
{
  switch (req) {
  case TCGETS:
    return console_tcgets(arg);
  case TCSETS:
  case TCSETSW:
  case TCSETSF:
    return console_tcsets(arg);
  case TIOCGPGRP:
    return console_tiocgpgrp(arg);
  case TIOCSPGRP:
    return console_tiocspgrp(arg);
  case TIOCGWINSZ:
    return console_tiocgwinsz(arg);
  default:
    return -ENOTTY;
  }
}

const struct file_ops console_fops = {
  .read = console_read, .write = console_write, .ioctl = console_ioctl, .poll = console_poll,
};

void console_init(void)
{
  spin_init(&cons.lock, "console");
  wq_init(&cons.readers, "console");
  devsw[CONSOLE_MAJOR] = &console_fops;
}
