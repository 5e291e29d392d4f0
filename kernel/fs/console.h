// The console: the terminal line discipline between the UART and /dev/console.
#pragma once
void console_init(void);        // register the console device (major 1)
void console_intr(int c);       // a byte arrived from the UART (interrupt context)
