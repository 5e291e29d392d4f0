// Credentials: user and group ids as Linux keeps them (real, effective,
// saved, filesystem) and the supplementary groups.  Every process starts as
// root and the kernel checks no file permissions, but a program may change
// its ids by Linux's rules (only an effective uid 0 may take any id) and
// reads back what it set.  Per task, copied by clone, kept by execve.
#pragma once
#include <stdint.h>

#define NGROUPS_MAX 32                 // supplementary groups a task may hold (Linux: 65536)

struct cred {
  uint32_t uid, euid, suid, fsuid;
  uint32_t gid, egid, sgid, fsgid;
  int ngroups;
  uint32_t groups[NGROUPS_MAX];
};
