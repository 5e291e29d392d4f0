// reboot(): the command values of Linux's reboot(2).
#pragma once

#include <linux/reboot.h>
#define RB_AUTOBOOT    LINUX_REBOOT_CMD_RESTART
#define RB_HALT_SYSTEM LINUX_REBOOT_CMD_HALT
#define RB_POWER_OFF   LINUX_REBOOT_CMD_POWER_OFF

int reboot(int cmd);
