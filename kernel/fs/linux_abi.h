// The file-system calls' part of the Linux ABI: values and layouts are
// written once, in uapi/linux/, for the kernel and the user library alike.
#pragma once
#include "uapi/linux/dirent.h"
#include "uapi/linux/fcntl.h"
#include "uapi/linux/fs.h"
#include "uapi/linux/kdev_t.h"
#include "uapi/linux/limits.h"
#include "uapi/linux/poll.h"
#include "uapi/linux/stat.h"
#include "uapi/linux/statfs.h"
#include "uapi/linux/termios.h"
#include "uapi/linux/time.h"
