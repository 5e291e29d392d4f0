// Error numbers: Linux's, written once for the kernel and the user library
// (uapi/linux/errno.h).  System calls return them negated.
#pragma once
#include "uapi/linux/errno.h"
