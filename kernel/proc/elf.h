// ELF64 file format: the parts exec needs (values from the ELF specification).
#pragma once
#include <stdint.h>
#include "uapi/linux/auxvec.h"    // AT_*: the auxiliary vector

#define ELF_MAGIC 0x464C457FU   // "\x7FELF" little endian
#define ELFCLASS64 2
#define ET_EXEC 2
#define EM_RISCV 243
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf_header {
  uint32_t magic;
  uint8_t class, data, version, osabi, abiversion, pad[7];
  uint16_t type, machine;
  uint32_t version2;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
  uint32_t type, flags;
  uint64_t off, vaddr, paddr, filesz, memsz, align;
};

