// timerfd_create's and timerfd_settime's flags.
#pragma once
#include "fcntl.h"

#define TFD_CLOEXEC  O_CLOEXEC
#define TFD_NONBLOCK O_NONBLOCK
#define TFD_TIMER_ABSTIME       1      // it_value is a time on the clock, not a length
#define TFD_TIMER_CANCEL_ON_SET 2      // (accepted; setting the clock never cancels here)
