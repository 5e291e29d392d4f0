// Terminal ioctls and the kernel's struct termios (asm-generic/termbits.h,
// 36 bytes; a C library's struct termios may be larger and is converted by
// its tcgetattr).  Flag values are octal, as Linux writes them.
#pragma once
#include <stdint.h>

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403          // after output drains
#define TCSETSF    0x5404          // after output drains, input flushed
#define TIOCGPGRP  0x540f          // the foreground process group
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413

struct winsize {
  uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define NCCS 19
struct termios {
  uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
  uint8_t c_line;
  uint8_t c_cc[NCCS];
};
_Static_assert(sizeof(struct termios) == 36, "the kernel's struct termios");

// c_cc indices.
#define VINTR  0
#define VQUIT  1
#define VERASE 2
#define VKILL  3
#define VEOF   4
#define VTIME  5
#define VMIN   6

// c_iflag
#define ICRNL  0000400             // CR to NL on input
// c_oflag
#define OPOST  0000001             // process output
#define ONLCR  0000004             // NL to CR NL on output
// c_cflag
#define B38400 0000017
#define CS8    0000060
#define CREAD  0000200
// c_lflag
#define ISIG   0000001             // ^C, ^\, ^Z send signals
#define ICANON 0000002             // line editing
#define ECHO   0000010
#define ECHOE  0000020
#define ECHOK  0000040
