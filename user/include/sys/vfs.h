// The older name of <sys/statfs.h>.
#pragma once
#include <sys/statfs.h>
