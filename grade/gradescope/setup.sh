#!/bin/bash
# Gradescope autograder setup (runs once when the autograder image is built).
# `make gradescope LAB=<lab> [HIDDEN=dir]` builds the zip to upload; its top level
# holds setup.sh, run_autograder, LAB (the lab graded) and a copy of this
# repository's grade/ folder (the trusted grader), plus optionally
#   hidden/tests/*.py   instructor tests (EXTRA_TESTS, hidden from students
#                       until grades are published)
#   hidden/progs/*.c    instructor test programs (EXTRA_UPROGS)
# See docs/grading.md.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
    make gcc libc6-dev gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf \
    qemu-system-misc qemu-user opensbi gdb-multiarch \
    python3 python3-pytest python3-pexpect python3-serial python3-pytest-timeout python3-pytest-xdist
