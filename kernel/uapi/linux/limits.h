// Limits of the file-system calls.
#pragma once

#define PATH_MAX 4096              // a path, with its NUL
