// mount: list the mounted file systems (from /proc/mounts);
// mount [-r] -t type source dir: mount one (-r: read-only).
#include <errno.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define MOUNTS "/proc/mounts"

static int
list(void)
{
  struct mntent *m;
  FILE *f = setmntent(MOUNTS, "r");

  if (!f) {
    fprintf(stderr, "mount: %s: %s\n", MOUNTS, strerror(errno));
    return 1;
  }
  while ((m = getmntent(f)) != 0)
    printf("%s on %s type %s (%s)\n", m->mnt_fsname, m->mnt_dir, m->mnt_type, m->mnt_opts);
  endmntent(f);
  return 0;
}

int
main(int argc, char **argv)
{
  const char *type = 0;
  unsigned long flags = 0;
  int c;

  if (argc == 1)
    return list();
  while ((c = getopt(argc, argv, "rt:")) != -1) {
    if (c == 't')
      type = optarg;
    else if (c == 'r')
      flags |= MS_RDONLY;
    else
      goto usage;
  }
  if (!type || argc - optind != 2)
    goto usage;
  if (mount(argv[optind], argv[optind + 1], type, flags, 0) < 0) {
    fprintf(stderr, "mount: %s: %s\n", argv[optind + 1], strerror(errno));
    return 1;
  }
  return 0;

usage:
  fprintf(stderr, "usage: mount\n       mount [-r] -t type source dir\n");
  return 1;
}
