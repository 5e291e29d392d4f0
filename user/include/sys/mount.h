// Mounting file systems: mount(2)'s flags and umount2(2)'s, Linux's values.
#pragma once

#include <linux/fs.h>

int mount(const char *source, const char *target, const char *fstype,
          unsigned long flags, const void *data);
int umount(const char *target);
int umount2(const char *target, int flags);
