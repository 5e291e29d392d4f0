// mkfs: build a file-system image for the kernel (format in kernel/fs/fs_format.h).
//
//   mkfs [-s BLOCKS] [-i INODES] OUT.img FILE...
//
// The image holds "/" with "." and "..", /bin with every FILE under its base
// name, empty /dev and /proc (where the kernel mounts devfs and procfs at
// boot) and /README.  The image is built in memory and written only when complete, so
// an error leaves no half-made image behind.
//
// Files keep their permission bits from the host; directories are 0755 and
// README 0644; everything belongs to root (uid and gid 0).  Every time stamp
// is the build time, or SOURCE_DATE_EPOCH when set (reproducible builds).
//
// Built with -Ikernel, where <errno.h> would be the kernel's: so no errno
// here, perror reports system errors.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fs/fs_format.h"

static const char readme[] =
  "This is the root file system of the teaching OS.\n"
  "Programs live in /bin; /dev/console is the terminal.\n";

static uint8_t *img;           // the whole image
static struct superblock sb;
static uint32_t next_inum = 1; // inode 0 is never used
static uint32_t next_block;    // first free data block
static int64_t build_time;     // every inode's atime, mtime and ctime (seconds)

#define DIR_MODE     0755
#define README_MODE  0644

static void die(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "mkfs: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

// Report the failed system call on path (from errno) and exit.
static void die_sys(const char *path)
{
  fprintf(stderr, "mkfs: ");
  perror(path);
  exit(1);
}

static uint8_t *block(uint32_t b)
{
  return img + (size_t)b * BSIZE;
}

static struct dinode *dinode(uint32_t inum)
{
  return (struct dinode *)block(IBLOCK(inum, sb)) + inum % IPB;
}

static uint32_t balloc(void)
{
  if (next_block >= sb.size)
    die("image too small: %u blocks are not enough (use -s)", sb.size);
  return next_block++;         // blocks start zeroed
}

static uint32_t ialloc(int16_t type, uint16_t mode)
{
  if (next_inum >= sb.ninodes)
    die("too many files: %u inodes are not enough (use -i)", sb.ninodes);
  struct dinode *d = dinode(next_inum);
  d->type = type;
  d->mode = mode & MODE_PERM;
  d->nlink = 1;
  d->atime = d->mtime = d->ctime = build_time;
  return next_inum++;
}

// *slot, allocated for d (and counted in d->blocks) if still 0.
static uint32_t ensure(struct dinode *d, uint32_t *slot)
{
  if (!*slot) {
    *slot = balloc();
    d->blocks++;
  }
  return *slot;
}

// Disk block of file block bn, allocated along with any indirect blocks.
static uint32_t bmap(struct dinode *d, uint32_t bn)
{
  if (bn < NDIRECT)
    return ensure(d, &d->addrs[bn]);
  bn -= NDIRECT;
  if (bn < NINDIRECT)
    return ensure(d, (uint32_t *)block(ensure(d, &d->addrs[NDIRECT])) + bn);
  bn -= NINDIRECT;
  if (bn >= NINDIRECT * NINDIRECT)
    die("file too large for the file system");
  uint32_t *top = (uint32_t *)block(ensure(d, &d->addrs[NDIRECT + 1]));
  uint32_t *mid = (uint32_t *)block(ensure(d, &top[bn / NINDIRECT]));
  return ensure(d, &mid[bn % NINDIRECT]);
}

static void iappend(uint32_t inum, const void *data, size_t n)
{
  struct dinode *d = dinode(inum);
  const uint8_t *p = data;
  if (d->size + (uint64_t)n > 0xffffffffu)
    die("file too large for the file system");
  while (n > 0) {
    uint32_t off = d->size % BSIZE;
    size_t m = n < BSIZE - off ? n : BSIZE - off;
    memcpy(block(bmap(d, d->size / BSIZE)) + off, p, m);
    d->size += m;
    p += m;
    n -= m;
  }
}

static void dirlink(uint32_t dir, const char *name, uint32_t inum)
{
  struct dirent de;
  if (strlen(name) > DIRSIZ)
    die("name too long (more than %d bytes): %s", DIRSIZ, name);
  memset(&de, 0, sizeof(de));
  de.inum = inum;
  memcpy(de.name, name, strlen(name));
  iappend(dir, &de, sizeof(de));
}

static uint32_t mkdir_in(uint32_t parent, const char *name)
{
  uint32_t inum = ialloc(T_DIR, DIR_MODE);
  dinode(inum)->nlink = 2;     // its name and its "."
  dirlink(inum, ".", inum);
  dirlink(inum, "..", parent);
  if (name) {
    dirlink(parent, name, inum);
    dinode(parent)->nlink++;   // the new ".."
  }
  return inum;
}

// Whether directory dir already has an entry called name.
static int dir_has(uint32_t dir, const char *name)
{
  struct dinode *d = dinode(dir);
  for (uint32_t off = 0; off < d->size; off += sizeof(struct dirent)) {
    struct dirent *de = (struct dirent *)(block(bmap(d, off / BSIZE)) + off % BSIZE);
    if (de->inum && strncmp(de->name, name, DIRSIZ) == 0)
      return 1;
  }
  return 0;
}

static void add_file(uint32_t dir, const char *path)
{
  const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  if (!*name)
    die("%s: no file name", path);
  if (dir_has(dir, name))
    die("%s: two files named %s", path, name);
  FILE *f = fopen(path, "rb");
  struct stat st;
  if (!f || fstat(fileno(f), &st) < 0)
    die_sys(path);
  uint32_t inum = ialloc(T_FILE, st.st_mode);
  dirlink(dir, name, inum);
  char buf[BSIZE];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
    iappend(inum, buf, n);
  if (ferror(f))
    die("%s: read error", path);
  fclose(f);
}

// Set up the layout in sb for size blocks and ninodes inodes.
static void layout(uint32_t size, uint32_t ninodes)
{
  uint32_t ninodeblocks = (ninodes + IPB - 1) / IPB;
  uint32_t nbitmap = (size + BPB - 1) / BPB;
  sb.magic = FSMAGIC;
  sb.version = FS_VERSION;
  sb.size = size;
  sb.ninodes = ninodes;
  sb.nlog = LOGSIZE + 1;
  sb.logstart = SUPERBLOCK_NO + 1;
  sb.inodestart = sb.logstart + sb.nlog;
  sb.bmapstart = sb.inodestart + ninodeblocks;
  next_block = sb.bmapstart + nbitmap;
  if (next_block >= size)
    die("image too small: %u blocks hold only the metadata (%u blocks)", size, next_block);
  sb.nblocks = size - next_block;
}

// Mark blocks [0, next_block) used: the metadata and everything allocated.
static void write_bitmap(void)
{
  for (uint32_t b = 0; b < next_block; b++)
    block(BBLOCK(b, sb))[(b % BPB) / 8] |= 1 << (b % 8);
}

static void write_image(const char *out)
{
  FILE *f = fopen(out, "wb");
  if (!f)
    die_sys(out);
  if (fwrite(img, BSIZE, sb.size, f) != sb.size || fclose(f) != 0) {
    unlink(out);
    die("%s: write error", out);
  }
}

static uint32_t number(const char *s, const char *what)
{
  char *end;
  unsigned long v = strtoul(s, &end, 0);   // saturates on overflow
  if (*end || !*s || v == 0 || v > 0x7fffffffu)
    die("bad %s: %s", what, s);
  return v;
}

// The time stamp of every inode: SOURCE_DATE_EPOCH if set, else now.
static int64_t epoch(void)
{
  const char *s = getenv("SOURCE_DATE_EPOCH");
  if (!s)
    return time(0);
  char *end;
  long long v = strtoll(s, &end, 10);
  if (!*s || *end)
    die("bad SOURCE_DATE_EPOCH: %s", s);
  return v;
}

static void usage(void)
{
  fprintf(stderr, "usage: mkfs [-s BLOCKS] [-i INODES] OUT.img FILE...\n"
                  "  blocks are %d bytes; default %d blocks, %d inodes\n",
          BSIZE, FS_DEFAULT_BLOCKS, FS_DEFAULT_INODES);
  exit(2);
}

int main(int argc, char *argv[])
{
  uint32_t size = FS_DEFAULT_BLOCKS, ninodes = FS_DEFAULT_INODES;
  int opt;
  const uint16_t one = 1;
  if (*(const uint8_t *)&one != 1)
    die("the image is little-endian; this host is not");
  while ((opt = getopt(argc, argv, "s:i:")) != -1) {
    if (opt == 's')
      size = number(optarg, "block count");
    else if (opt == 'i')
      ninodes = number(optarg, "inode count");
    else
      usage();
  }
  if (optind >= argc)
    usage();
  const char *out = argv[optind++];
  build_time = epoch();
  layout(size, ninodes);
  if (!(img = calloc(size, BSIZE)))
    die("out of memory for a %u-block image", size);
  memcpy(block(SUPERBLOCK_NO), &sb, sizeof(sb));

  uint32_t root = mkdir_in(ROOTINO, 0);
  if (root != ROOTINO)
    die("root is inode %u, not %d", root, ROOTINO);
  uint32_t bin = mkdir_in(root, "bin");
  mkdir_in(root, "dev");
  mkdir_in(root, "proc");
  uint32_t rd = ialloc(T_FILE, README_MODE);
  dirlink(root, "README", rd);
  iappend(rd, readme, strlen(readme));
  for (int i = optind; i < argc; i++)
    add_file(bin, argv[i]);

  write_bitmap();
  write_image(out);
  printf("mkfs: %s: %u blocks (%u used), %u inodes (%u used), %d files in /bin\n",
         out, sb.size, next_block, sb.ninodes, next_inum - 1, argc - optind);
  return 0;
}
