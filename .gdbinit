# Debug the kernel running under `make qemu-gdb`.  `make gdb` loads this file
# explicitly; plain `gdb-multiarch` in this directory loads it too once you
# allow it: add "add-auto-load-safe-path <this repo>/.gdbinit" to ~/.gdbinit.
set confirm off
set pagination off
set architecture riscv:rv64
file build/kernel.elf
# tasks, runq, current, pagewalk, $current() (docs/gdb.md)
source scripts/gdb/rvos.py
# The port is per user (26000 + uid % 5000), as in the Makefile.
python
import os
gdb.execute("target remote 127.0.0.1:%d" % (26000 + os.getuid() % 5000))
end
