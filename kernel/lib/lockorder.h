// The kernel's lock order, written once: a CPU (or, for sleep locks, a task)
// may take a lock only when every lock it already holds comes earlier in this
// list.  Classes marked NEST may also be held twice at once; the rule for
// which one comes first is in the comment.  A lock's class is its name
// (spin_init/sleeplock_init).  The checking kernel (make DEBUG=1,
// lib/lockdep.c) checks every acquisition against this list.
//
// Sleep locks come first: a task may sleep holding them, and nothing may
// sleep holding a spinlock.
#pragma once

#define LOCK_NEST 1

#define LOCK_CLASSES(X)                                                          \
  /* ---- sleep locks ---- */                                                   \
  X(RENAME,      "rename",      0)          /* one rename of directories at a time */\
  X(PROCFS,      "procfs",      0)          /* an open /proc file's text */     \
  X(INODE,       "inode",       LOCK_NEST)  /* a directory before its entries */\
  X(BUFFER,      "buffer",      LOCK_NEST)  /* an inode's block before bitmap */\
  /* ---- spinlocks ---- */                                                     \
  X(TIMERS,      "timers",      0)          /* held while callbacks run */      \
  X(TASKLIST,    "tasklist",    0)          /* parent/child/thread links */     \
  X(SIGHAND,     "sighand",     0)                                              \
  X(FILES,       "files",       0)                                              \
  X(FS_INFO,     "fs_info",     0)                                              \
  X(FUTEX,       "futex",       LOCK_NEST)  /* two buckets: lower address first */\
  X(PIPE,        "pipe",        0)                                              \
  X(EVENTFD,     "eventfd",     0)                                              \
  X(TIMERFD,     "timerfd",     0)                                              \
  X(CONSOLE,     "console",     0)                                              \
  X(LOG,         "log",         0)                                              \
  X(MOUNTS,      "mounts",      0)          /* the mount table */               \
  X(PCACHE,      "pcache",      0)          /* the dirty list: before idup */   \
  X(ITABLE,      "itable",      0)                                              \
  X(BCACHE,      "bcache",      0)                                              \
  X(SLEEPLOCK,   "sleeplock",   0)          /* a sleep lock's own flag */       \
  X(COMPLETION,  "completion",  0)                                              \
  X(VIRTIO_BLK,  "virtio_blk",  0)                                              \
  X(UART_TX,     "uart_tx",     0)                                              \
  X(POLL,        "poll",        0)          /* poll_wake under a file's lock */ \
  X(MM,          "mm",          0)          /* user memory, copied under others */\
  /* wq_sleep takes a queue's lock inside the lock of the sleeper's condition,  \
     and waking takes the task's and its run queue's */                         \
  X(WAIT_QUEUE,  "wait_queue",  0)                                              \
  X(TASK,        "task",        0)                                              \
  X(RUN_QUEUE,   "run_queue",   LOCK_NEST)  /* two queues: lower CPU first */   \
  X(KSTACK,      "kstack",      0)                                              \
  X(FRESH_PAGES, "fresh pages", 0)                                              \
  X(FREE_LIST,   "free_list",   0)                                              \
  X(KMALLOC,     "kmalloc",     0)                                              \
  X(RANDOM,      "random",      0)                                              \
  X(PRINTF,      "printf",      0)          /* printing is allowed anywhere */
