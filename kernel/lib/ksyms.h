// Kernel symbol table for backtraces.  The build links the kernel twice: the
// second link adds a table of the first one's text symbols (scripts/ksyms.sh),
// placed after all code so that no code address moves.
#pragma once
#include <stdint.h>

// Name of the function containing addr and addr's offset in it, or NULL.
const char *ksym_lookup(uint64_t addr, uint64_t *offset);
