// eventfd2's flags.
#pragma once
#include "fcntl.h"

#define EFD_SEMAPHORE 1                // a read takes 1, not the whole count
#define EFD_CLOEXEC   O_CLOEXEC
#define EFD_NONBLOCK  O_NONBLOCK
