// Returning an errno through a pointer: the top 4095 addresses are never
// valid objects, so they can carry -errno.
#pragma once
#include <stdint.h>

#define ERR_PTR(err) ((void *)(long)(err))
#define PTR_ERR(p) ((long)(p))
#define IS_ERR(p) ((uint64_t)(p) >= (uint64_t)-4095)
