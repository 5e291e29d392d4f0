#!/bin/sh
# Usage: ksyms.sh NM KERNEL.ELF > ksyms.S
# Emits the kernel's text symbols, sorted by address, as the table that
# kernel/lib/ksyms.c searches.  With no ELF (first link) the table is empty.
nm=$1
elf=$2
echo '  .section .rodata.ksyms, "a"'
echo '  .balign 8'
echo '  .globl ksym_addrs, ksym_count, ksym_names'
if [ -n "$elf" ]; then
  "$nm" -n "$elf" | awk 'BEGIN { n = 0 } $2 ~ /^[tT]$/ && $3 !~ /^\.L/ { a[n] = $1; s[n] = $3; n++ }
    END {
      print "ksym_count: .dword " n
      print "ksym_addrs:"
      for (i = 0; i < n; i++) print "  .dword 0x" a[i]
      print "ksym_names:"
      for (i = 0; i < n; i++) print "  .asciz \"" s[i] "\""
    }'
else
  echo 'ksym_count: .dword 0'
  echo 'ksym_addrs:'
  echo 'ksym_names: .byte 0'
fi
