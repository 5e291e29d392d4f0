# gdb helpers for rvos, loaded by .gdbinit (`source scripts/gdb/rvos.py`).
#
#   tasks              every task: tid, tgid, state, CPU, vruntime, name
#   runq [cpu]         each CPU's run queue: the running task, then the timeline in vruntime order
#   current            the task each hart is running, from its registers
#   pagewalk va [tid|satp]   the Sv39 walk of va: each level's PTE, its flags, the physical address
#   $current()         the selected hart's struct task * (for breakpoint conditions)
#
# They only read memory and registers, so they work with the kernel stopped
# anywhere; a structure caught half-updated shows up as odd values or an
# "unreadable" line, never as an error that stops the listing.  docs/gdb.md
# has a guide with example output.

import contextlib

import gdb

# Facts the kernel's headers hold as macros (not in the debug info).
PHYS_OFFSET = 0xffffffc000000000        # mm/memlayout.h: the direct map, va = pa + PHYS_OFFSET
SATP_MODE_SV39 = 8                      # satp bits 63..60
PRIV_NAMES = {0: "U", 1: "S", 3: "M"}   # QEMU's $priv register
PTE_BITS = "VRWXUGAD"                   # Sv39 PTE bits 0..7
PTE_COW = 1 << 8                        # arch/riscv.h software bits
PTE_SHARED = 1 << 9
PTE_LEAF = 0xe                          # R | W | X
PF_IDLE = 0x1                           # proc/task.h
MAX_WALK = 100000                       # list or tree nodes before we call it a cycle


def state_letter(state):
    """Like task_state_letter() in proc/task.c."""
    return {0x00: "R", 0x01: "S", 0x02: "D", 0x04: "T"}.get(state, "Z")


# ---- symbols and memory ----

def symbol(name):
    """A global or file-static kernel variable as a gdb.Value."""
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if sym is None:
        raise gdb.GdbError("no symbol '%s': load the kernel with `file build/kernel.elf`" % name)
    return sym.value()


def field_offset(type_name, path):
    """Byte offset of a (dotted) member path such as 'se.node' in a struct."""
    t = gdb.lookup_type(type_name)
    off = 0
    for name in path.split("."):
        f = next((f for f in t.fields() if f.name == name), None)
        if f is None:
            raise gdb.GdbError("struct has no member '%s' (kernel changed?)" % path)
        off += f.bitpos // 8
        t = f.type.strip_typedefs()
    return off


def container(ptr, type_name, path):
    """container_of: the struct type_name whose member path is at ptr."""
    addr = int(ptr) - field_offset(type_name, path)
    return gdb.Value(addr).cast(gdb.lookup_type(type_name).pointer())


def read_u64(addr):
    data = gdb.selected_inferior().read_memory(addr, 8)
    return int.from_bytes(bytes(data), "little")


def readable(value):
    """Fetch a value now, so that a bad pointer fails here and not later."""
    try:
        value.fetch_lazy()
        return True
    except gdb.MemoryError:
        return False


def list_nodes(head):
    """The list_head pointers of a kernel list, stopping at a NULL link (a
    list not initialised yet) or after MAX_WALK nodes (a broken list)."""
    start = int(head.address)
    p = head["next"]
    for _ in range(MAX_WALK):
        if int(p) == 0 or int(p) == start:
            return
        yield p
        p = p["next"]


def rb_inorder(root):
    """Nodes of an rb_root in key order (without rb_next, so that a tree in
    the middle of a rebalance cannot loop us forever)."""
    stack, node, seen = [], root["node"], 0
    while (stack or int(node)) and seen < MAX_WALK:
        if int(node):
            stack.append(node)
            node = node["left"]
            continue
        node = stack.pop()
        seen += 1
        yield node
        node = node["right"]


# ---- harts (gdb threads) ----

class Hart:
    """Registers of one hart, read while its gdb thread was selected."""

    def __init__(self, thread):
        frame = gdb.newest_frame()
        reg = lambda name: int(frame.read_register(name)) & ((1 << 64) - 1)
        self.thread = thread
        self.id = reg("mhartid")
        self.priv = reg("priv")
        self.pc, self.satp = reg("pc"), reg("satp")
        self.tp, self.sscratch = reg("tp"), reg("sscratch")

    def kernel_mapped(self):
        """Can gdb read kernel addresses through this hart? (S or U mode, Sv39 on)"""
        return self.priv in (0, 1) and self.satp >> 60 == SATP_MODE_SV39

    def task_pointer(self):
        """The task the trap code keeps for this hart: tp in the kernel, sscratch
        in user mode (arch/trap.S).  On the way out to user mode, for a few
        instructions, the kernel already has the task in sscratch."""
        if self.priv == 0:
            return self.sscratch
        return self.sscratch if self.sscratch else self.tp


@contextlib.contextmanager
def keep_selection():
    """Put back the thread and frame the user had selected."""
    thread = gdb.selected_thread()
    try:
        frame = gdb.selected_frame()
    except gdb.error:
        frame = None
    try:
        yield
    finally:
        if thread is not None and thread.is_valid():
            thread.switch()
            if frame is not None and frame.is_valid():
                frame.select()


def all_harts():
    inferior = gdb.selected_inferior()
    if inferior.pid == 0:
        raise gdb.GdbError("not attached: run `make qemu-gdb`, then `make gdb` (or `target remote ...`)")
    harts = []
    with keep_selection():
        for thread in sorted(inferior.threads(), key=lambda t: t.num):
            thread.switch()
            harts.append(Hart(thread))
    return harts


@contextlib.contextmanager
def kernel_view():
    """gdb reads memory through the selected hart's MMU: select one that has a
    kernel page table loaded (not one in OpenSBI or in early boot).  Yields
    every hart's registers and the hart the user had selected."""
    harts = all_harts()
    selected = gdb.selected_thread()
    mine = next(h for h in harts if h.thread == selected)
    usable = [h for h in harts if h.kernel_mapped()]
    if not usable:
        raise gdb.GdbError("no hart runs with the kernel's page table yet (stopped in firmware or early "
                           "boot?): continue to kmain's vm_init and try again")
    if mine in usable:
        yield harts, mine
        return
    with keep_selection():
        usable[0].thread.switch()
        yield harts, mine


# ---- tasks and CPUs ----

def online_cpus():
    """(index, struct cpu) of the CPUs brought up so far."""
    cpus, n = symbol("cpus"), int(symbol("ncpu"))
    size = cpus.type.range()[1] + 1
    return [(i, cpus[i]) for i in range(min(n, size))]


def hashed_tasks():
    """Every task in the tid hash (all but the idle tasks), by tid."""
    table = symbol("tid_table")
    tasks = []
    for h in range(table.type.range()[1] + 1):
        for node in list_nodes(table[h]):
            tasks.append(container(node, "struct task", "hash_node"))
    return sorted(tasks, key=task_tid)


def task_tid(t):
    try:
        return int(t["tid"])
    except gdb.MemoryError:
        return 1 << 31


def task_name(t):
    try:
        return t["name"].string(length=16).split("\0")[0]
    except (gdb.MemoryError, UnicodeDecodeError):
        return "?"


def describe(t):
    """'tid 5 (sh)' or 'idle1' for a struct task *."""
    if not int(t):
        return "none"
    try:
        if int(t["flags"]) & PF_IDLE:
            return task_name(t)
        return "tid %d (%s)" % (int(t["tid"]), task_name(t))
    except gdb.MemoryError:
        return "unreadable task at 0x%x" % int(t)


def task_row(t):
    fields = (int(t["tid"]), int(t["tgid"]), state_letter(int(t["state"])), int(t["cpu"]),
              "*" if int(t["on_cpu"]) else " ", int(t["se"]["vruntime"]), task_name(t), int(t))
    return "%5d %5d  %s %3d%s %16d  %-16s 0x%x" % fields


class Command(gdb.Command):
    """A read-only helper: gdb errors (a bad expression, memory that cannot
    be read) become one-line messages instead of Python tracebacks."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        try:
            self.run(arg)
        except gdb.MemoryError as e:
            raise gdb.GdbError("%s (a pointer not set up yet, or being changed?)" % e)
        except gdb.error as e:
            raise gdb.GdbError(str(e))


class Tasks(Command):
    """List every task: tid, tgid, state (R S D T Z), CPU (* = running on it now),
vruntime in ns, name and the struct task address (for `p *(struct task *)ADDR`).
The idle tasks are not listed (see `runq` and `current`)."""

    def __init__(self):
        super().__init__("tasks")

    def run(self, arg):
        with kernel_view():
            tasks = hashed_tasks()
            print("  TID  TGID ST CPU          VRUNTIME  NAME             TASK")
            for t in tasks:
                try:
                    print(task_row(t))
                except gdb.MemoryError:
                    print("  unreadable task at 0x%x (being created or freed?)" % int(t))
            if not tasks:
                print("(no tasks yet)")


def print_runq(i, cpu):
    rq = cpu["rq"]
    print("cpu %d (hart %d): nr_running %d, load %d, min_vruntime %d" %
          (i, int(cpu["hartid"]), int(rq["nr_running"]), int(rq["load"]), int(rq["min_vruntime"])))
    curr = rq["curr"]
    vr = "" if not int(curr) or int(curr["flags"]) & PF_IDLE else "  vruntime %d" % int(curr["se"]["vruntime"])
    print("  running  %s%s" % (describe(curr), vr))
    for node in rb_inorder(rq["timeline"]):
        t = container(node, "struct task", "se.node")
        print("  waiting  %s  vruntime %d" % (describe(t), int(t["se"]["vruntime"])))


class RunQueue(Command):
    """Show each CPU's run queue (or only CPU N's: runq N): the task running
there, then the tasks waiting on its timeline, smallest vruntime first
(the next to run).  nr_running counts the running task, not the idle task."""

    def __init__(self):
        super().__init__("runq")

    def run(self, arg):
        want = int(gdb.parse_and_eval(arg)) if arg.strip() else None
        with kernel_view():
            cpus = online_cpus()
            if not cpus:
                print("(no CPU is up yet)")
            for i, cpu in cpus:
                if want is None or want == i:
                    try:
                        print_runq(i, cpu)
                    except gdb.MemoryError as e:
                        print("cpu %d: unreadable (%s)" % (i, e))
            if want is not None and not any(i == want for i, _ in cpus):
                raise gdb.GdbError("no CPU %d (%d online)" % (want, len(cpus)))


def known_tasks(cpus):
    return {int(t) for t in hashed_tasks()} | {int(c["idle"]) for _, c in cpus}


def code_address(pc):
    """'0x... <function+off>' when pc is in the kernel's symbols."""
    return str(gdb.Value(pc).cast(gdb.lookup_type("void").pointer()))


def print_current(hart, cpus, tasks):
    cpu = next((c for i, c in cpus if int(c["hartid"]) == hart.id), None)
    where = "cpu %d" % int(cpu["id"]) if cpu is not None else "no cpu"
    print("hart %d  %-6s %s  pc %s" % (hart.id, where, PRIV_NAMES.get(hart.priv, "?"), code_address(hart.pc)))
    if cpu is None:
        print("    not started by the kernel (yet)")
        return
    curr = cpu["rq"]["curr"]
    if hart.priv == 3:
        # In OpenSBI tp is the firmware's: the scheduler's word is all we have.
        print("    in the firmware; rq->curr is %s" % describe(curr))
        return
    t = hart.task_pointer()
    if t not in tasks:
        print("    current ? (tp 0x%x, sscratch 0x%x: no task there yet)" % (hart.tp, hart.sscratch))
        return
    note = "" if int(curr) == t else "  (rq->curr is %s: in the middle of a switch)" % describe(curr)
    print("    current %s%s" % (describe(gdb.Value(t).cast(gdb.lookup_type("struct task").pointer())), note))


class Current(Command):
    """Show what each hart is doing: its hart id and CPU number, privilege mode
(U user, S kernel, M firmware), pc, and the task it runs (from tp in the
kernel, sscratch in user mode).  gdb's thread N is hart N-1 on QEMU virt."""

    def __init__(self):
        super().__init__("current")

    def run(self, arg):
        with kernel_view() as (harts, _):
            cpus = online_cpus()
            tasks = known_tasks(cpus)
            for hart in harts:
                print_current(hart, cpus, tasks)


class CurrentFunction(gdb.Function):
    """$current(): the struct task * the selected hart runs (NULL in firmware),
e.g. `break main if $_streq($current()->name, "t_getpid")`."""

    def __init__(self):
        super().__init__("current")

    def invoke(self):
        hart = Hart(gdb.selected_thread())
        ptr = hart.task_pointer() if hart.priv != 3 else 0
        return gdb.Value(ptr).cast(gdb.lookup_type("struct task").pointer())


# ---- page tables ----

def pte_flags(pte):
    s = "".join(c if pte >> i & 1 else "-" for i, c in enumerate(PTE_BITS))
    if pte & PTE_COW:
        s += " COW"
    if pte & PTE_SHARED:
        s += " SHARED"
    return s


def satp_of(arg, hart):
    """The satp to walk: given, a task's (by tid), or the selected hart's."""
    if arg is None:
        return hart.satp, "hart %d's satp" % hart.id
    v = int(gdb.parse_and_eval(arg)) & ((1 << 64) - 1)
    if v >> 60:
        return v, "satp 0x%x" % v
    task = next((t for t in hashed_tasks() if int(t["tid"]) == v), None)
    if task is None:
        raise gdb.GdbError("no task with tid %d" % v)
    mm = task["mm"]
    pt = int(mm["pagetable"]) if int(mm) else int(symbol("kernel_pagetable"))
    return (SATP_MODE_SV39 << 60) | ((pt - PHYS_OFFSET) >> 12), describe(task) + "'s page table"


def address_of(expr):
    """pagewalk main, pagewalk cpus, pagewalk 0x10000: the address it means."""
    v = gdb.parse_and_eval(expr)
    if v.type.strip_typedefs().code in (gdb.TYPE_CODE_FUNC, gdb.TYPE_CODE_ARRAY):
        v = v.address
    return int(v) & ((1 << 64) - 1)


def walk(va, satp):
    """Print the three levels of the walk; return the physical address or None."""
    table = (satp & ((1 << 44) - 1)) << 12
    for level in (2, 1, 0):
        index = va >> (12 + 9 * level) & 0x1ff
        try:
            pte = read_u64(PHYS_OFFSET + table + 8 * index)
        except gdb.MemoryError:
            print("  L%d  table 0x%x cannot be read: not RAM, not a page table" % (level, table))
            return None
        target = (pte >> 10) << 12
        line = "  L%d  table 0x%-9x [%3d]  pte 0x%016x  %s" % (level, table, index, pte, pte_flags(pte))
        if not pte & 1:
            print(line + "  not mapped")
            return None
        if pte & PTE_LEAF:
            print(line + "  page 0x%x" % target)
            offset = va & ((1 << (12 + 9 * level)) - 1)   # a level-1 or -2 leaf is a 2 MiB / 1 GiB page
            return target + offset
        print(line + "  next 0x%x" % target)
        table = target
    print("  level 0 PTE is not a leaf: broken table")
    return None


class PageWalk(Command):
    """Walk the Sv39 page table for an address: pagewalk VA [TID|SATP].
VA may be an expression (0x10078, &cpus, main).  The table is the selected
hart's satp, or task TID's, or the given satp value.  Each level shows the
table's physical address, the index, the PTE and its flags V R W X U G A D
(a '-' when clear) plus the software bits COW and SHARED."""

    def __init__(self):
        super().__init__("pagewalk")

    def run(self, arg):
        argv = gdb.string_to_argv(arg)
        if len(argv) not in (1, 2):
            raise gdb.GdbError("usage: pagewalk VA [TID|SATP]")
        va = address_of(argv[0])
        if va >> 38 not in (0, (1 << 26) - 1):
            raise gdb.GdbError("0x%x is not an Sv39 address (bits 63..39 must copy bit 38)" % va)
        with kernel_view() as (_, hart):
            satp, whose = satp_of(argv[1] if len(argv) > 1 else None, hart)
            if satp >> 60 != SATP_MODE_SV39:
                raise gdb.GdbError("%s is 0x%x: paging is off, va = pa" % (whose, satp))
            print("va 0x%x in %s (root 0x%x)" % (va, whose, (satp & ((1 << 44) - 1)) << 12))
            pa = walk(va, satp)
            if pa is not None:
                print("  pa 0x%x" % pa)


Tasks()
RunQueue()
Current()
CurrentFunction()
PageWalk()
