#pragma once

#include <linux/utsname.h>

int uname(struct utsname *u);
