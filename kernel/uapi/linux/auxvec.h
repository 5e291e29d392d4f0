// The auxiliary vector execve puts above envp: (key, value) pairs ending
// with AT_NULL.
#pragma once

#define AT_NULL    0
#define AT_PHDR    3                    // the program headers, in memory
#define AT_PHENT   4
#define AT_PHNUM   5
#define AT_PAGESZ  6
#define AT_ENTRY   9
#define AT_UID    11
#define AT_EUID   12
#define AT_GID    13
#define AT_EGID   14
#define AT_HWCAP  16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25                    // 16 random bytes
#define AT_EXECFN 31
