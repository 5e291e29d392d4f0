#!/bin/sh
# Stand-in for the OS while developing the grader: the real user shell of this
# OS under Linux user-mode emulation (qemu-riscv64) behind a pty, in a private
# directory.  /bin/x resolves to build/user/bin/x through qemu's -L prefix.
# Only for tests that need no fresh boot: run pytest with -m "not qemu_only"
# (under qemu-user, `poweroff` would run the HOST program).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
stty echo icrnl onlcr 2>/dev/null
echo "OpenSBI stand-in: user shell under qemu-riscv64"
exec qemu-riscv64 -L "$ROOT/build/user" "$ROOT/build/user/bin/sh"
