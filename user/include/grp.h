// Groups: the supplementary group list (getgroups is in <unistd.h>).
#pragma once
#include <stddef.h>
#include <sys/types.h>

int setgroups(size_t size, const gid_t *list);
