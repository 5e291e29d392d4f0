// The write-ahead log: file-system operations are atomic across crashes,
// and many of them share one commit (group commit).
//
// An operation runs between begin_op and end_op; the blocks it changes stay
// pinned in the buffer cache (log_write) instead of going to disk.  Ending an
// operation commits nothing: the group of changes keeps growing, a block
// changed again is logged once (absorption), and the group is committed
//   - when the log is nearly full, by the task ending the last operation;
//   - when a task asks for it (fsync, sync, power-off: log_force);
//   - COMMIT_INTERVAL_NS after the group's first change, by the committer
//     task, so a crash loses at most that much of what nobody forced.
// A commit writes the changed blocks to the log area, then the header naming
// them (the commit point), then the blocks to their homes, then clears the
// header.  After a crash, mount re-installs a committed log, so either all
// of a group's changes reach their homes or none do; an operation is never
// split between groups.
//
// begin_op admits an operation only while the log surely has room for it
// (MAXOPBLOCKS each, counting what is already logged), so an operation never
// finds the log full midway.  Each step of a commit is one batch of disk
// requests with one wait, written straight from the pinned buffers.
#include "lib/printf.h"
#include "lib/string.h"
#include "arch/arch.h"
#include "proc/proc.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/buf.h"
#include "fs/blockdev.h"
#include "clock.h"

#define COMMIT_INTERVAL_NS (5 * NSEC_PER_SEC)   // like ext4's default journal commit interval

static struct {
  struct spinlock lock;      // protects the fields below; lh and bufs only while no commit runs
  uint32_t start;            // block of the header; the log blocks follow it
  uint32_t size;             // log blocks usable (after the header)
  int outstanding;           // operations between begin_op and end_op
  int committing;            // a commit is in progress: no operation may start
  uint64_t seq;              // number of the group being built (or committed)
  uint64_t forced;           // log_force waits for this group: admit no more into it
  uint64_t first_change_ns;  // time_ns() when the group logged its first block
  struct logheader *lh;      // home blocks of the group (lh->block[i] goes to start+1+i), in a page
  struct buf *bufs[LOGSIZE]; // the pinned buffer of lh->block[i]
  struct wait_queue wq;      // begin_op waiting for room or a commit; log_force waiting
  struct wait_queue idle;    // the committer task waiting for a group to start
} log;

// The requests of a commit step: used only by the one task committing.
static struct blk_req reqs[LOGSIZE];

static void write_batch(int n)
{
  if (blk_rw_batch(reqs, n) < 0)
    panic("log: disk error writing the log");
}

// The group's blocks, from their pinned buffers, to the log area or their homes.
static void write_blocks(int to_log)
{
  for (uint32_t i = 0; i < log.lh->n; i++)
    reqs[i] = (struct blk_req){ .blockno = to_log ? log.start + 1 + i : log.lh->block[i],
                                .write = 1, .data = log.bufs[i]->data };
  write_batch(log.lh->n);
}

// Writing the header with n > 0 is the commit point; with n = 0 it retires the log.
static void write_head(void)
{
  reqs[0] = (struct blk_req){ .blockno = log.start, .write = 1, .data = log.lh };
  write_batch(1);
}

// A committed group found at mount: copy each logged block home.
static void recover(void)
{
  printf("fs: recovering %u logged blocks\n", log.lh->n);
  for (uint32_t i = 0; i < log.lh->n; i++) {
    struct buf *lb = bread(log.start + 1 + i);
    struct buf *hb = bread(log.lh->block[i]);
    memcpy(hb->data, lb->data, BSIZE);
    bwrite(hb);
    brelse(hb);
    brelse(lb);
  }
  log.lh->n = 0;
  write_head();
}

// No operation is open and none can start (committing is set), so nobody
// changes the pinned buffers and lh is ours without the lock.
static void commit(void)
{
  if (log.lh->n == 0)
    return;
  write_blocks(1);
  write_head();
  write_blocks(0);
  for (uint32_t i = 0; i < log.lh->n; i++) {
    log.bufs[i]->logged = 0;
    bunpin(log.bufs[i]);
  }
  log.lh->n = 0;
  write_head();
}

// Commit the group being built and start the next.  Called with log.lock
// held, no operation open and no commit running; returns with it held.
static void commit_group(void)
{
  log.committing = 1;
  spin_unlock(&log.lock);
  commit();
  spin_lock(&log.lock);
  log.committing = 0;
  log.seq++;
  wq_wake_all(&log.wq);
}

// Wait until group s is on disk, committing it if nobody else will.  log.lock held.
static void force(uint64_t s)
{
  while (log.seq == s && (log.lh->n > 0 || log.committing)) {
    if (!log.committing && log.outstanding == 0) {
      commit_group();
      continue;
    }
    if (log.forced < s)
      log.forced = s;        // the last operation out commits it
    wq_sleep(&log.wq, &log.lock, TASK_UNINTERRUPTIBLE);
  }
}

void log_force(void)
{
  spin_lock(&log.lock);
  force(log.seq);
  spin_unlock(&log.lock);
}

// The committer task: commits each group COMMIT_INTERVAL_NS after its first
// change, unless something committed it before.
static void committer(void *arg)
{
  (void)arg;
  intr_on();
  spin_lock(&log.lock);
  for (;;) {
    if (log.lh->n == 0 || log.committing) {
      wq_sleep(&log.idle, &log.lock, TASK_INTERRUPTIBLE);
      continue;
    }
    uint64_t s = log.seq, due = log.first_change_ns + COMMIT_INTERVAL_NS;
    spin_unlock(&log.lock);
    sleep_until(due);
    spin_lock(&log.lock);
    force(s);
  }
}

void log_init(const struct superblock *sb)
{
  spin_init(&log.lock, "log");
  wq_init(&log.wq, "log");
  wq_init(&log.idle, "log committer");
  log.seq = 1;               // forced == seq would close admission
  log.start = sb->logstart;
  log.size = sb->nlog - 1 < LOGSIZE ? sb->nlog - 1 : LOGSIZE;
  if (log.size < MAXOPBLOCKS)
    panic("log: only %u blocks, need %d", log.size, MAXOPBLOCKS);
  log.lh = page_alloc();
  if (!log.lh)
    panic("log: out of memory");
  struct buf *b = bread(log.start);
  memcpy(log.lh, b->data, BSIZE);
  brelse(b);
  if (log.lh->n > log.size)
    panic("log: corrupt header (%u blocks)", log.lh->n);
  if (log.lh->n > 0)
    recover();
  if (!kthread_start("log_commit", committer, 0))
    panic("log: cannot start the committer task");
}

// Room for one more operation besides those open?
static int has_room(void)
{
  return log.lh->n + (log.outstanding + 1) * MAXOPBLOCKS <= log.size;
}

void begin_op(void)
{
  spin_lock(&log.lock);
  while (log.committing || log.forced == log.seq || !has_room())
    wq_sleep(&log.wq, &log.lock, TASK_UNINTERRUPTIBLE);
  log.outstanding++;
  spin_unlock(&log.lock);
}

void end_op(void)
{
  spin_lock(&log.lock);
  assert(log.outstanding > 0 && !log.committing);
  log.outstanding--;
  // Nearly full: no operation could start.  Forced: log_force is waiting.
  if (log.outstanding == 0 && (log.lh->n + MAXOPBLOCKS > log.size || log.forced == log.seq))
    commit_group();
  else
    wq_wake_all(&log.wq);    // this op's reserved room is free again
  spin_unlock(&log.lock);
}

void log_write(struct buf *b)
{
  spin_lock(&log.lock);
  assert(log.outstanding > 0);
  if (!b->logged) {          // a block changed twice is logged once
    if (log.lh->n >= log.size)
      panic("log_write: transaction too big");
    if (log.lh->n == 0) {
      log.first_change_ns = time_ns();
      wq_wake_all(&log.idle);
    }
    log.bufs[log.lh->n] = b;
    log.lh->block[log.lh->n++] = b->blockno;
    b->logged = 1;
    bpin(b);
  }
  spin_unlock(&log.lock);
}
