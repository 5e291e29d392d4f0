// Error numbers: Linux's values, as the kernel returns them (negated).
#pragma once

// One accessor so that errno can later become per-thread without
// touching any caller.
int *__errno_location(void);
#define errno (*__errno_location())

#include <linux/errno.h>
#define EWOULDBLOCK EAGAIN
#define ENOTSUP     EOPNOTSUPP
