// Mounting file systems: "proc" and "devtmpfs" are the types this kernel has.
#pragma once

#define MNT_FORCE       1
#define MNT_DETACH      2
#define UMOUNT_NOFOLLOW 8

int mount(const char *source, const char *target, const char *type, unsigned long flags, const void *data);
int umount(const char *target);
int umount2(const char *target, int flags);
