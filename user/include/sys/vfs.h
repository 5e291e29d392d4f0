// Linux programs include this one for statfs.
#pragma once
#include <sys/statfs.h>
