// taskinfo(): this OS's task listing (see os/taskinfo.h); ps uses it.
#pragma once
#include <os/taskinfo.h>

int taskinfo(int tid, struct taskinfo *out);
