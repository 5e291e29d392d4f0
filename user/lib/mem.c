// memset, memcpy and memmove: the kernel's word-moving versions, one source
// for both (kernel/lib/mem.c).
#include "../../kernel/lib/mem.c"
