// Anonymous files: descriptors with no name anywhere, made by eventfd2,
// signalfd4 and timerfd_create.  Each is one file on an inode of its own
// in an unmounted file system (fs/anonfd.c); what it is lives in the
// file's priv and its operations.  Flags and structures are Linux's.
#pragma once
#include <stdint.h>
#include "clock.h"
#include "fs/linux_abi.h"

// eventfd2 flags
#define EFD_SEMAPHORE 1              // a read takes 1, not the whole count
#define EFD_CLOEXEC   O_CLOEXEC
#define EFD_NONBLOCK  O_NONBLOCK

// signalfd4 flags
#define SFD_CLOEXEC   O_CLOEXEC
#define SFD_NONBLOCK  O_NONBLOCK

// timerfd_create and timerfd_settime flags
#define TFD_CLOEXEC   O_CLOEXEC
#define TFD_NONBLOCK  O_NONBLOCK
#define TFD_TIMER_ABSTIME       1    // it_value is a time on the timer's clock
#define TFD_TIMER_CANCEL_ON_SET 2    // accepted; setting the clock never cancels here
#define CLOCK_REALTIME_ALARM    8    // the same as REALTIME here (nothing suspends)
#define CLOCK_BOOTTIME_ALARM    9

// What a signalfd read returns per signal (128 bytes).
struct signalfd_siginfo {
  uint32_t ssi_signo;
  int32_t ssi_errno;
  int32_t ssi_code;
  uint32_t ssi_pid;
  uint32_t ssi_uid;
  int32_t ssi_fd;
  uint32_t ssi_tid;
  uint32_t ssi_band;
  uint32_t ssi_overrun;
  uint32_t ssi_trapno;
  int32_t ssi_status;
  int32_t ssi_int;
  uint64_t ssi_ptr;
  uint64_t ssi_utime;
  uint64_t ssi_stime;
  uint64_t ssi_addr;
  uint16_t ssi_addr_lsb;
  uint16_t pad2;
  int32_t ssi_syscall;
  uint64_t ssi_call_addr;
  uint32_t ssi_arch;
  uint8_t pad[28];
};

struct itimerspec64 {                // Linux's struct itimerspec on 64-bit
  struct timespec64 it_interval;
  struct timespec64 it_value;
};

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
