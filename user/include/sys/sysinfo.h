// struct sysinfo as Linux's sysinfo(2) fills it on a 64-bit machine.
#pragma once

#include <linux/sysinfo.h>

int sysinfo(struct sysinfo *info);
