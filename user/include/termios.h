// Terminal settings.  This library's struct termios is the kernel's
// (<linux/termios.h>), so tcgetattr and tcsetattr pass it straight through.
#pragma once
#include <linux/termios.h>

// tcsetattr's when: TCSETS, TCSETSW and TCSETSF are in this order.
#define TCSANOW   0
#define TCSADRAIN 1                // after output drains
#define TCSAFLUSH 2                // likewise, and pending input dropped

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);
