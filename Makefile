# Build, run and test the teaching OS.  `make help` lists the targets.

CPUS    ?= 4
MEM     ?= 256M
CROSS   ?= riscv64-unknown-elf-
PYTHON  ?= /usr/bin/python3
B       := build

CC      := $(CROSS)gcc
LD      := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
OBJDUMP := $(CROSS)objdump
HOSTCC  ?= cc
QEMU    ?= qemu-system-riscv64
GDBPORT := $(shell expr 26000 + $$(id -u) % 5000)

# ---- kernel ---------------------------------------------------------------
# The kernel has no FP state of its own (lp64); only the FP save/restore code
# enables the D extension locally.
KCFLAGS := -Wall -Werror -O2 -g -std=gnu11 -march=rv64imac_zicsr_zifencei -mabi=lp64 \
           -mcmodel=medany -ffreestanding -fno-common -nostdlib -fno-builtin \
           -fno-omit-frame-pointer -fno-stack-protector -fno-pie -fno-asynchronous-unwind-tables \
           -Ikernel -MMD -MP
# make DEBUG=1: the checking kernel (lock order checked at every acquisition,
# freed memory poisoned and checked), built apart in build/debug/ so both
# kernels can be kept; `make qemu DEBUG=1`, `make grade DEBUG=1` use it.
DEBUG   ?= 0
K       := $(B)
ifeq ($(DEBUG),1)
KCFLAGS += -DDEBUG
K       := $(B)/debug
endif
KSRCS   := $(shell find kernel -name '*.c' -o -name '*.S' | sort)
KOBJS   := $(patsubst %,$(K)/%.o,$(KSRCS))

$(K)/kernel/%.c.o: kernel/%.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

$(K)/kernel/%.S.o: kernel/%.S
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -D__ASSEMBLY__ -c $< -o $@

# Linked twice: the second link adds the symbol table of the first (for
# panic backtraces).  The table lives in .rodata, after all code, so no code
# address moves; the cmp below proves it.
KLINK = $(LD) -z max-page-size=4096 -T kernel.ld -o $@ $(KOBJS)

$(K)/ksyms0.S: scripts/ksyms.sh
	@mkdir -p $(K); scripts/ksyms.sh > $@

$(K)/ksyms.S: $(K)/kernel0.elf scripts/ksyms.sh
	scripts/ksyms.sh $(CROSS)nm $< > $@

$(K)/ksyms0.o $(K)/ksyms.o: $(K)/%.o: $(K)/%.S
	$(CC) $(KCFLAGS) -c $< -o $@

$(K)/kernel0.elf: $(KOBJS) $(K)/ksyms0.o kernel.ld
	$(KLINK) $(K)/ksyms0.o

$(K)/kernel.elf: $(KOBJS) $(K)/ksyms.o $(K)/kernel0.elf
	$(KLINK) $(K)/ksyms.o
	@$(CROSS)nm -n $(K)/kernel0.elf | grep ' [tT] ' > $(K)/ksyms0.txt
	@$(CROSS)nm -n $@ | grep ' [tT] ' | cmp -s - $(K)/ksyms0.txt || { echo "ksyms: code moved between links"; rm -f $@; exit 1; }

# The raw image (with the Linux Image header at its start) that firmware loads.
$(K)/Image: $(K)/kernel.elf
	$(OBJCOPY) -O binary $< $@

$(K)/kernel.asm: $(K)/kernel.elf
	$(OBJDUMP) -S $< > $@

# ---- user programs ---------------------------------------------------------
UCFLAGS := -Wall -Werror -O2 -g -std=gnu11 -march=rv64gc -mabi=lp64d -mcmodel=medany \
           -ffreestanding -fno-builtin -nostdlib -fno-stack-protector -fno-pie \
           -fno-asynchronous-unwind-tables -Iuser/include -Ikernel/uapi -MMD -MP
ULDFLAGS := -static -nostdlib -no-pie -Wl,-z,max-page-size=4096 -Wl,--gc-sections
ULIBSRCS := $(sort $(wildcard user/lib/*.c user/lib/*.S))
ULIBOBJS := $(patsubst %,$(B)/%.o,$(ULIBSRCS))
UPROGS   := $(sort $(wildcard user/*.c))
# Instructors add programs from anywhere: make EXTRA_UPROGS="dir/a.c dir/b.c".
# The grader's own test programs (grade/progs) are always in /bin.
EXTRA_UPROGS ?=
XPROGS   := $(sort $(abspath $(wildcard grade/progs/*.c) $(EXTRA_UPROGS)))
UBINS    := $(patsubst user/%.c,$(B)/user/bin/%,$(UPROGS)) \
            $(foreach p,$(XPROGS),$(B)/user/bin/$(basename $(notdir $(p))))

$(B)/user/%.c.o: user/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -ffunction-sections -fdata-sections -c $< -o $@

$(B)/user/%.S.o: user/%.S
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c $< -o $@

$(B)/user/libc.a: $(ULIBOBJS)
	rm -f $@ && $(CROSS)ar rcs $@ $^

$(B)/user/bin/%: $(B)/user/%.c.o $(B)/user/libc.a
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) $(ULDFLAGS) -o $@ $< $(B)/user/libc.a -lgcc

# They are ordinary standard C: warnings are shown, never fatal.
XCFLAGS  := $(filter-out -Werror,$(UCFLAGS))
define extra_prog
$(B)/user/extra/$(basename $(notdir $(1))).o: $(1) $(wildcard user/include/*.h)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(XCFLAGS) -ffunction-sections -fdata-sections -c $$< -o $$@
$(B)/user/bin/$(basename $(notdir $(1))): $(B)/user/extra/$(basename $(notdir $(1))).o $(B)/user/libc.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(UCFLAGS) $$(ULDFLAGS) -o $$@ $$< $(B)/user/libc.a -lgcc
endef
$(foreach p,$(XPROGS),$(eval $(call extra_prog,$(p))))

# ---- the same test programs built with glibc ---------------------------------
# Debian's riscv64-linux-gnu-gcc and glibc, -static: what "an ordinary Linux
# program" is.  /bin/<prog>-glibc runs here and under qemu-riscv64 alike, so
# the grader compares this kernel with Linux for real glibc binaries
# (grade/gradelib/linux.py, lab abi).
# grade/glibc/ holds programs only glibc can build (robust mutexes).
GLIBC_CC    ?= riscv64-linux-gnu-gcc
GLIBC_PROGS := t_clock t_random t_rlimit t_ids t_altstack t_libc t_meta t_sigqueue t_errno t_files t_vfs t_mmapfile t_fdevents
GLIBC_BINS  := $(patsubst %,$(B)/user/bin/%-glibc,$(GLIBC_PROGS)) \
               $(patsubst grade/glibc/%.c,$(B)/user/bin/%-glibc,$(wildcard grade/glibc/*.c))
GLIBC_BUILD  = @mkdir -p $(dir $@); echo "GLIBC $@"; \
               $(GLIBC_CC) -static -s -O2 -D_GNU_SOURCE -Wall -pthread -o $@ $< -lm

$(B)/user/bin/%-glibc: grade/progs/%.c $(B)/.deps
	$(GLIBC_BUILD)

$(B)/user/bin/%-glibc: grade/glibc/%.c $(B)/.deps
	$(GLIBC_BUILD)

UBINS += $(GLIBC_BINS)

# ---- file system image -----------------------------------------------------
$(B)/mkfs: mkfs/mkfs.c $(wildcard kernel/fs/fs_format.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) -Wall -Werror -O2 -Ikernel -o $@ mkfs/mkfs.c

# fs.img is rebuilt whenever a program or the set of programs changes.
# /bin in the image holds the programs without their debug sections (a tenth
# of the size); gdb and qemu-riscv64 use the full ones in build/user/bin.
IMGBINS   = $(patsubst $(B)/user/bin/%,$(B)/image/bin/%,$(UBINS))

$(B)/image/bin/%: $(B)/user/bin/%
	@mkdir -p $(dir $@)
	$(CROSS)strip --strip-debug -o $@ $<

$(B)/fs.img: $(B)/mkfs $(IMGBINS) $(B)/.uprogs
	$(B)/mkfs $@ $(IMGBINS)

$(B)/.uprogs: FORCE
	@mkdir -p $(B); echo "$(UBINS)" | cmp -s - $@ || echo "$(UBINS)" > $@

# ---- dependencies ----------------------------------------------------------
$(B)/.deps: scripts/install-deps
	scripts/install-deps
	@mkdir -p $(B); touch $@

# ---- run ---------------------------------------------------------------------
QEMUOPTS = -machine virt -bios default -kernel $(K)/Image -m $(MEM) -smp $(CPUS) -nographic \
           -global virtio-mmio.force-legacy=false \
           -drive file=$(B)/fs.img,if=none,format=raw,id=disk0 \
           -device virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0

# The programs are named here so make keeps them (gdb and qemu-riscv64 use
# them); as mere inputs of the image's stripped copies they would be deleted.
all: $(B)/.deps $(K)/Image $(K)/kernel.asm $(UBINS) $(B)/fs.img

qemu: all
	$(QEMU) $(QEMUOPTS)

qemu-gdb: all
	@echo "*** gdb stub on 127.0.0.1:$(GDBPORT); in another terminal run: make gdb"
	$(QEMU) $(QEMUOPTS) -S -gdb tcp:127.0.0.1:$(GDBPORT)

gdb:
	gdb-multiarch -q -x .gdbinit

# ---- tests -------------------------------------------------------------------
# Host unit tests, the labs and the grader's self-tests, two at a time; then
# every lab handout (scripts/check-labs).
test: all
	$(PYTHON) -m pytest -c grade/pytest.ini -n 2 grade
	$(PYTHON) scripts/check-labs

clean:
	rm -rf $(B)

help:
	@echo "make          build kernel (build/kernel.elf, build/Image), user programs and build/fs.img"
	@echo "make qemu     boot in QEMU (CPUS=$(CPUS) MEM=$(MEM)); quit with Ctrl-A x"
	@echo "make qemu-gdb boot halted with a gdb stub; then 'make gdb' in another terminal"
	@echo "make test     host unit tests and QEMU tests (pytest, grade/)"
	@echo "make EXTRA_UPROGS='a.c b.c'  add programs to /bin"
	@echo "make handout [LAB=l DEST=d]  list the labs / write lab l's handout repository at d"
	@echo "make handin   (in a handout) pack handin-<lab>.tar.gz for submission"
	@echo "make gradescope LAB=l [HIDDEN=d]  the Gradescope autograder zip for lab l"
	@echo "make powercut [CUTS=n] [SEED=s]  cut QEMU's power during file writes; check what survives"
	@echo "make check-labs [LABS='a b'] [CHECK_ALL=1]  check every handout (also in make test)"
	@echo "make DEBUG=1  also build the checking kernel build/debug/Image (make qemu/grade DEBUG=1 use it)"
	@echo "make fuzz [FUZZ_SECONDS=n] / make soak [SOAK_MINUTES=n]  fuzzer / mixed workload on the checking kernel"

.PHONY: all qemu qemu-gdb gdb test clean help FORCE
# Keep the programs' object files, which make would treat as intermediate
# (faster rebuilds, no "rm build/user/*.o" after every build).
.SECONDARY: $(patsubst user/%.c,$(B)/user/%.c.o,$(UPROGS))
.DEFAULT_GOAL := all
-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---- grading (grade/, docs/grading.md) -------------------------------------------
# make grade [LAB=boot] [RESULTS=results.json] [JUNIT=junit.xml] [EXTRA_TESTS=dir]
#            [EXTRA_UPROGS="a.c b.c"] [BOARD_PORT=/dev/ttyUSB0] [CPUS=n] [JOBS=auto|n]
#            [GRADE_TIMEOUT_SCALE=2]
LAB                 ?=
RESULTS             ?=
JUNIT               ?=
EXTRA_TESTS         ?=
BOARD_PORT          ?=
JOBS                ?= auto
GRADE_TIMEOUT_SCALE ?= 1
PROG                ?=
ARGS                ?=

grade: $(if $(filter 1,$(DEBUG)),$(K)/Image)
	GRADE_KERNEL=$(if $(filter 1,$(DEBUG)),$(abspath $(K)/Image)) GRADE_TIMEOUT_SCALE=$(GRADE_TIMEOUT_SCALE) $(PYTHON) grade/grade.py --lab "$(LAB)" \
	    --results "$(RESULTS)" --junit "$(JUNIT)" --extra-tests "$(EXTRA_TESTS)" \
	    --extra-uprogs "$(EXTRA_UPROGS)" --board-port "$(BOARD_PORT)" --cpus "$(CPUS)" --jobs "$(JOBS)"

# Run one user program here and under Linux (qemu-riscv64) and diff the outputs.
linux-compare: all
	@test -n "$(PROG)" || { echo "usage: make linux-compare PROG=name [ARGS='...']"; exit 2; }
	EXTRA_UPROGS="$(EXTRA_UPROGS)" CPUS=$(CPUS) MEM=$(MEM) GRADE_TIMEOUT_SCALE=$(GRADE_TIMEOUT_SCALE) $(PYTHON) grade/linux_compare.py $(PROG) $(ARGS)

.PHONY: grade linux-compare

# ---- labs (docs/labs/README.md) ---------------------------------------------------
# make handout                         the course labs in order
# make handout LAB=cow DEST=../cow     a new git repository: this tree with lab cow's regions stubbed
# make handin                          (in a handout) handin-<lab>.tar.gz with a MANIFEST of the changes
# make gradescope LAB=cow [HIDDEN=d]   build/gradescope-cow.zip, the autograder to upload
# make check-labs [LABS="cow lazy"] [CHECK_ALL=1]
#                                      every handout builds, boots, and scores below full on its lab
DEST      ?=
HIDDEN    ?=
LABS      ?=
CHECK_ALL ?=

handout:
	@if [ -f .handout ]; then echo "make handout: this tree is already a handout ($$(grep lab= .handout))"; exit 2; fi
	@if [ -z "$(LAB)" ]; then $(PYTHON) scripts/handout --list; \
	 elif [ -z "$(DEST)" ]; then echo "usage: make handout LAB=<lab> DEST=<new directory>"; exit 2; \
	 else $(PYTHON) scripts/handout $(LAB) $(DEST); fi

handin:
	$(PYTHON) scripts/handin

gradescope:
	@test -n "$(LAB)" || { echo "usage: make gradescope LAB=<lab> [HIDDEN=dir with tests/ and progs/]"; exit 2; }
	$(PYTHON) scripts/gradescope $(LAB) --hidden "$(HIDDEN)"

check-labs: all
	$(PYTHON) scripts/check-labs $(if $(CHECK_ALL),--all-labs) $(LABS)

.PHONY: handout handin gradescope check-labs

# ---- boards (docs/boards/visionfive2.md) -------------------------------------
# make sdcard [SDCARD_DTB=file.dtb]   build/sdcard.img: boot partition with Image, fs.img, boot.scr
# make qemu-uboot                     QEMU virt -> OpenSBI -> U-Boot -> boot.scr from that image
# make qemu-icicle                    QEMU microchip-icicle-kit (hart 0 without S-mode, random boot hart)
OPENSBI_DIR ?= /usr/lib/riscv64-linux-gnu/opensbi/generic
UBOOT_SMODE ?= /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
SDCARD_DTB  ?=

$(B)/boot.scr: scripts/boot.cmd $(B)/.deps
	mkimage -A riscv -O linux -T script -C none -n "rvos boot script" -d $< $@ >/dev/null

$(B)/.sdcard-dtb: FORCE
	@mkdir -p $(B); echo "$(SDCARD_DTB)" | cmp -s - $@ || echo "$(SDCARD_DTB)" > $@

$(B)/sdcard.img: scripts/mksdimage $(B)/Image $(B)/fs.img $(B)/boot.scr $(B)/.sdcard-dtb $(SDCARD_DTB)
	scripts/mksdimage $@ $(B)/Image $(B)/fs.img $(B)/boot.scr $(SDCARD_DTB)

$(B)/icicle.dtb: scripts/dts/icicle.dts $(B)/.deps
	dtc -q -I dts -O dtb -o $@ $<

sdcard: all $(B)/sdcard.img

# The image is attached read-only: U-Boot only reads it and the kernel runs
# from the initrd copy (bootargs root=ram, set by boot.scr).  U-Boot's load
# addresses for QEMU (ramdisk at 0x8c300000) need MEM of 256M or more.
qemu-uboot: sdcard
	$(QEMU) -machine virt -bios default -kernel $(UBOOT_SMODE) -m $(MEM) -smp $(CPUS) -nographic \
	    -drive file=$(B)/sdcard.img,if=none,format=raw,readonly=on,id=sdcard \
	    -device virtio-blk-device,drive=sdcard

# icicle.dts describes this machine with 2 GiB and 5 harts (E51 + 4 U54).
# With -kernel and -dtb QEMU runs -bios at 0x80000000 with the kernel as the
# next stage, and puts the initrd in the tree's /chosen.
qemu-icicle: all $(B)/icicle.dtb
	$(QEMU) -machine microchip-icicle-kit -m 2G -smp 5 -bios $(OPENSBI_DIR)/fw_dynamic.bin \
	    -kernel $(B)/Image -dtb $(B)/icicle.dtb -initrd $(B)/fs.img -nographic

.PHONY: sdcard qemu-uboot qemu-icicle

# ---- benchmarks ----------------------------------------------------------------
# make bench [CPUS=n]: boot time at 128 MiB and 2 GiB (scripts/bench-boot), the
# host CPU an idle machine costs (scripts/bench-idle), then
# boot QEMU and print the tables of the benchmark programs in /bin
# (bench_sched, and bench_proc, bench_threads, bench_fs when present).
BENCHES ?= bench_sched bench_proc bench_threads bench_fs

bench: all
	$(PYTHON) scripts/bench-boot
	$(PYTHON) scripts/bench-idle
	$(PYTHON) scripts/run-in-qemu --cpus $(CPUS) --mem $(MEM) --if-present $(BENCHES)

.PHONY: bench

# make fuzz [FUZZ_SECONDS=60] [SEED=s] [CPUS=4]: random system calls with
# hostile arguments in QEMU (user/fuzz.c); fails on a panic, a hang or a leak.
FUZZ_SECONDS ?= 60
SEED         ?= $(shell date +%s)

fuzz: all
	$(PYTHON) scripts/fuzz --seconds $(FUZZ_SECONDS) --seed $(SEED) --cpus $(CPUS) --kernel $(K)/Image

.PHONY: fuzz

# make powercut [CUTS=10] [SEED=s] [CPUS=4]: kill QEMU at random moments while
# user/pcwork writes files; after each cut the recovered image must be
# consistent and hold every file synced before it (scripts/powercut).
CUTS ?= 10

powercut: all
	$(PYTHON) scripts/powercut --cuts $(CUTS) --seed $(SEED) --cpus $(CPUS)

.PHONY: powercut

# make soak [SOAK_MINUTES=n] [SEED=s]: the mixed workload (user/soak.c) on the
# checking kernel, always (it builds build/debug/Image whatever DEBUG says);
# fails on a failed program, a leak, a lock-order report, a panic or a hang.
SOAK_MINUTES ?= 1

soak: all
	$(MAKE) DEBUG=1 $(B)/debug/Image
	$(PYTHON) scripts/soak --minutes $(SOAK_MINUTES) --seed $(SEED) --cpus $(CPUS) --kernel $(B)/debug/Image

.PHONY: soak
