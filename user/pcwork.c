// pcwork: a write-heavy file-system workload for power-cut tests
// (scripts/powercut kills the machine while it runs).
//   pcwork [-s seed] [-n ops]     ops: stop after that many (default: never)
// Under /pc it creates files in a few subdirectories (made on the way),
// appends to them, renames them (link + unlink), deletes some, and makes
// some durable, with fsync or with sync.  Each durable file is never changed
// again; once it is on disk the program prints
//   pcwork: synced PATH LENGTH CHECKSUM
// and before deleting one it prints
//   pcwork: unlink PATH
// so the checker knows what must survive a cut: every synced file not
// unlinked, with that length and checksum (32-bit FNV-1a of the contents).
// Lines go out with write(2) at once, each after the call it reports returned.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NDIRS 6
#define MAXSYNCED 64           // durable files kept; beyond, old ones are deleted
#define MAXCHUNK 6000          // bytes per write at most: not block-aligned on purpose
#define MAXWRITES 8            // writes per file

static uint64_t rng;
static char synced[MAXSYNCED][32];
static int nsynced;
static char chunk[MAXCHUNK];

static uint64_t
next_rand(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static uint32_t
fnv1a(uint32_t h, const char *p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    h = (h ^ (uint8_t)p[i]) * 16777619u;
  return h;
}

static void
die(const char *what, const char *path)
{
  dprintf(2, "pcwork: %s %s: %s\n", what, path, strerror(errno));
  exit(1);
}

static void
report(const char *fmt, const char *path, long len, uint32_t sum)
{
  char line[96];
  int n = snprintf(line, sizeof line, fmt, path, len, sum);
  write(1, line, n);
}

static void
forget(int i)
{
  report("pcwork: unlink %s\n", synced[i], 0, 0);
  if (unlink(synced[i]) < 0)
    die("unlink", synced[i]);
  memcpy(synced[i], synced[--nsynced], sizeof synced[i]);
}

// A new file under a temporary name, written in a few appends; then either
// dropped (deleted or left behind unsynced) or made durable under its final
// name.
static void
one_file(int id)
{
  char tmp[32], final[32], dir[16];
  int d = next_rand() % NDIRS;
  snprintf(dir, sizeof dir, "/pc/d%d", d);
  if (mkdir(dir, 0755) < 0 && errno != EEXIST)
    die("mkdir", dir);
  snprintf(tmp, sizeof tmp, "%s/t%d", dir, id);
  snprintf(final, sizeof final, "%s/f%d", dir, id);
  int fd = open(tmp, O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
  if (fd < 0)
    die("create", tmp);
  long len = 0;
  uint32_t sum = 2166136261u;
  int writes = 1 + next_rand() % MAXWRITES;
  for (int w = 0; w < writes; w++) {
    int n = 1 + next_rand() % MAXCHUNK;
    for (int i = 0; i < n; i++)
      chunk[i] = next_rand();
    if (write(fd, chunk, n) != n)
      die("write", tmp);
    len += n;
    sum = fnv1a(sum, chunk, n);
  }
  int how = next_rand() % 4;   // 0: drop, 1: leave unsynced, 2: fsync, 3: sync
  if (how == 2 && fsync(fd) < 0)
    die("fsync", tmp);
  close(fd);
  if (how == 0 && unlink(tmp) < 0)
    die("unlink", tmp);
  if (how < 2)
    return;
  if (link(tmp, final) < 0)
    die("link", final);
  if (unlink(tmp) < 0)
    die("unlink", tmp);
  if (how == 2) {              // the rename is durable too once the directory is synced
    int dfd = open(dir, O_RDONLY);
    if (dfd < 0 || fsync(dfd) < 0)
      die("fsync", dir);
    close(dfd);
  } else {
    sync();
  }
  report("pcwork: synced %s %ld %u\n", final, len, sum);
  if (nsynced == MAXSYNCED)
    forget(next_rand() % nsynced);
  strcpy(synced[nsynced++], final);
}

int
main(int argc, char *argv[])
{
  uint64_t seed = 1;
  long ops = -1;
  int c;
  while ((c = getopt(argc, argv, "s:n:")) != -1) {
    if (c == 's')
      seed = strtoull(optarg, 0, 10);
    else if (c == 'n')
      ops = strtol(optarg, 0, 10);
    else {
      dprintf(2, "usage: pcwork [-s seed] [-n ops]\n");
      return 2;
    }
  }
  rng = seed * 2654435761u + 1;
  if (mkdir("/pc", 0755) < 0 && errno != EEXIST)
    die("mkdir", "/pc");
  dprintf(1, "pcwork: start, seed %lu\n", (unsigned long)seed);
  for (long id = 0; ops < 0 || id < ops; id++) {
    if (nsynced > 0 && next_rand() % 8 == 0)
      forget(next_rand() % nsynced);
    one_file(id);
  }
  dprintf(1, "pcwork: done\n");
  return 0;
}
