// The buffer cache: in-memory copies of disk blocks (fs/bio.c).
#pragma once
#include <stdint.h>
#include "sched/sleeplock.h"
#include "lib/list.h"

struct buf {
  struct sleeplock lock;     // held by the one task using data; protects valid and data
  int valid;                 // data holds the block's contents
  uint32_t blockno;          // under bcache.lock
  int refcnt;                // users plus log pins: under bcache.lock
  int logged;                // in the log's group: under the log's lock (fs/log.c)
  struct list_head lru;      // position in the LRU list: under bcache.lock
  struct list_head hash;     // in the hash bucket of blockno: under bcache.lock
  uint8_t *data;             // BSIZE bytes in the direct map, so devices can DMA to it
};

void binit(void);
struct buf *bread(uint32_t blockno);   // locked buffer with the block's data
// Copy blockno's data to dst if the cache holds it: 1, else 0.
int bcopy_cached(uint32_t blockno, void *dst);
// A locked buffer for blockno whose caller overwrites all of it: its data
// is not read from the disk (a newly allocated block).
struct buf *bread_none(uint32_t blockno);
void bwrite(struct buf *b);            // write through to disk; caller holds b->lock
void brelse(struct buf *b);            // unlock and drop the reference
void bpin(struct buf *b);              // keep b cached until the log installs it
void bunpin(struct buf *b);
