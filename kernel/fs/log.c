// The write-ahead log: file-system operations are atomic across crashes.
//
// An operation runs between begin_op and end_op; the blocks it changes stay
// pinned in the buffer cache (log_write) instead of going to disk.  When the
// last open operation ends, the whole group is committed: the changed blocks
// are copied to the log area, the header naming them is written (the commit
// point), they are installed at their home locations, and the header is
// cleared.  After a crash, mount re-installs a committed log, so either all
// of a group's changes reach their homes or none do.
//
// begin_op admits an operation only while the log surely has room for it
// (MAXOPBLOCKS each, counting what is already logged), so an operation never
// finds the log full midway.
#include "lib/printf.h"
#include "lib/string.h"
#include "proc/task.h"
#include "fs/fs.h"
#include "fs/buf.h"

static struct {
  struct spinlock lock;      // protects outstanding, committing and lh while an op is open
  uint32_t start;            // block of the header; the log blocks follow it
  uint32_t size;             // log blocks usable (after the header)
  int outstanding;           // operations between begin_op and end_op
  int committing;            // a commit is in progress: no operation may start
  struct logheader lh;       // home blocks changed by this group (lh.block[i] goes to start+1+i)
  struct wait_queue wq;      // begin_op waiting for room or for a commit to end
} log;

// Copy each logged block between the log area and its home.
static void copy_blocks(int to_log)
{
  for (uint32_t i = 0; i < log.lh.n; i++) {
    struct buf *lb = bread(log.start + 1 + i);
    struct buf *hb = bread(log.lh.block[i]);
    if (to_log) {
      memcpy(lb->data, hb->data, BSIZE);
      bwrite(lb);
    } else {
      memcpy(hb->data, lb->data, BSIZE);
      bwrite(hb);
    }
    brelse(hb);
    brelse(lb);
  }
}

static void read_head(void)
{
  struct buf *b = bread(log.start);
  memcpy(&log.lh, b->data, sizeof(log.lh));
  brelse(b);
  if (log.lh.n > log.size)
    panic("log: corrupt header (%u blocks)", log.lh.n);
}

// Writing the header with n > 0 is the commit point; with n = 0 it retires the log.
static void write_head(void)
{
  struct buf *b = bread(log.start);
  memcpy(b->data, &log.lh, sizeof(log.lh));
  bwrite(b);
  brelse(b);
}

// Install the home blocks of the transaction in the cache (pinned there by log_write).
static void install(void)
{
  for (uint32_t i = 0; i < log.lh.n; i++) {
    struct buf *b = bread(log.lh.block[i]);
    bwrite(b);
    bunpin(b);
    brelse(b);
  }
}

void log_init(const struct superblock *sb)
{
  spin_init(&log.lock, "log");
  wq_init(&log.wq, "log");
  log.start = sb->logstart;
  log.size = sb->nlog - 1 < LOGSIZE ? sb->nlog - 1 : LOGSIZE;
  if (log.size < MAXOPBLOCKS)
    panic("log: only %u blocks, need %d", log.size, MAXOPBLOCKS);
  read_head();
  if (log.lh.n > 0) {
    printf("fs: recovering %u logged blocks\n", log.lh.n);
    copy_blocks(0);
    log.lh.n = 0;
    write_head();
  }
}

void begin_op(void)
{
  spin_lock(&log.lock);
  while (log.committing || log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > log.size)
    wq_sleep(&log.wq, &log.lock, TASK_UNINTERRUPTIBLE);
  log.outstanding++;
  spin_unlock(&log.lock);
}

static void commit(void)
{
  if (log.lh.n == 0)
    return;
  copy_blocks(1);
  write_head();
  install();
  log.lh.n = 0;
  write_head();
}

void end_op(void)
{
  spin_lock(&log.lock);
  assert(log.outstanding > 0 && !log.committing);
  int do_commit = --log.outstanding == 0;
  if (do_commit)
    log.committing = 1;
  else
    wq_wake_all(&log.wq);    // this op's reserved room is free again
  spin_unlock(&log.lock);
  if (!do_commit)
    return;
  // No operation is open and none can start: lh is ours without the lock.
  commit();
  spin_lock(&log.lock);
  log.committing = 0;
  wq_wake_all(&log.wq);
  spin_unlock(&log.lock);
}

void log_write(struct buf *b)
{
  spin_lock(&log.lock);
  assert(log.outstanding > 0);
  uint32_t i = 0;
  while (i < log.lh.n && log.lh.block[i] != b->blockno)
    i++;                      // a block changed twice is logged once
  if (i == log.lh.n) {
    if (log.lh.n >= log.size)
      panic("log_write: transaction too big");
    log.lh.block[log.lh.n++] = b->blockno;
    bpin(b);
  }
  spin_unlock(&log.lock);
}
