// Anonymous files: descriptors with no name anywhere, made by eventfd2,
// signalfd4 and timerfd_create.  Each is one file on an inode of its own
// in an unmounted file system (fs/anonfd.c); what it is lives in the
// file's priv and its operations.  Their flags and records are in uapi/.
#pragma once
#include "uapi/linux/eventfd.h"
#include "uapi/linux/signalfd.h"
#include "uapi/linux/timerfd.h"
#include "uapi/linux/time.h"

struct file;
struct file_ops;
// A new anonymous file with operations fop and state priv, readable and
// writable, O_NONBLOCK from flags.  NULL when out of inodes or memory (priv
// is still the caller's); otherwise fop->release frees priv at the last close.
struct file *anon_file(const struct file_ops *fop, void *priv, int flags);
// A descriptor of current for f (O_CLOEXEC from flags), or -EMFILE after
// closing f.
int anon_install(struct file *f, int flags);

// fs/signalfd.c: a signal was queued for some task: wake signalfd readers
// and pollers.
void signalfd_notify(void);
