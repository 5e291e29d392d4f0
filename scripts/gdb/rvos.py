# gdb helpers for rvos, loaded by .gdbinit (`source scripts/gdb/rvos.py`).
#
#   tasks                    every task: tid, tgid, state, CPU, vruntime, name
#   runq [CPU]               each CPU's run queue: the running task, then its timeline
#   current                  what each hart runs, from its registers
#   pagewalk VA [TID|SATP]   the Sv39 walk of VA: each level's PTE and flags, the physical address
#   $current()               the struct task the selected hart runs (for breakpoint conditions)
#
# gdb reads memory through the selected hart's MMU and privilege mode, so a
# hart in user mode or in OpenSBI cannot see the kernel.  The helpers read
# physical memory instead (QEMU's gdb stub has a mode for it) and translate
# kernel addresses through the page table themselves: they work with every
# hart stopped anywhere once paging is on.  They only read, and a structure
# caught half-updated shows up as odd values, never as an error that stops
# the listing.  docs/gdb.md has a guide with example output.

import contextlib

import gdb

# Facts the kernel's headers hold as macros (not in the debug info).
PHYS_OFFSET = 0xffffffc000000000        # mm/memlayout.h: the direct map, va = pa + PHYS_OFFSET
SATP_MODE_SV39 = 8                      # satp bits 63..60
PRIV_NAMES = {0: "U", 1: "S", 3: "M"}   # QEMU's $priv register
PTE_BITS = "VRWXUGAD"                   # Sv39 PTE bits 0..7
PTE_V, PTE_LEAF = 0x1, 0xe              # valid; R | W | X
PTE_COW, PTE_SHARED = 1 << 8, 1 << 9    # arch/riscv.h software bits
PF_IDLE = 0x1                           # proc/task.h
PAGE = 4096
MAX_WALK = 100000                       # list or tree nodes before we call it a cycle
U64 = (1 << 64) - 1


def state_letter(state):
    """Like task_state_letter() in proc/task.c."""
    return {0x00: "R", 0x01: "S", 0x02: "D", 0x04: "T"}.get(state, "Z")


def satp_root(satp):
    """Physical address of the root table of an Sv39 satp value."""
    return (satp & ((1 << 44) - 1)) * PAGE


# ---- harts (gdb threads) ----

class Hart:
    """The registers of the selected gdb thread: one hart on QEMU."""

    def __init__(self, thread):
        frame = gdb.newest_frame()
        reg = lambda name: int(frame.read_register(name)) & U64
        self.thread = thread
        self.id = reg("mhartid")
        self.priv = reg("priv")
        self.pc, self.satp = reg("pc"), reg("satp")
        self.tp, self.sscratch = reg("tp"), reg("sscratch")

    def paging(self):
        return self.satp >> 60 == SATP_MODE_SV39

    def task_pointer(self):
        """The task the trap code keeps for this hart (arch/trap.S): tp in the
        kernel, sscratch in user mode.  Trap entry and exit swap the two, so
        in the kernel it is whichever holds a kernel address."""
        if self.priv == 1 and self.tp >= PHYS_OFFSET:
            return self.tp
        return self.sscratch


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
    """(every hart's registers, the selected hart's)."""
    inferior = gdb.selected_inferior()
    if inferior.pid == 0:
        raise gdb.GdbError("not attached: run `make qemu-gdb`, then `make gdb` (or `target remote ...`)")
    selected = gdb.selected_thread()
    harts = []
    with keep_selection():
        for thread in sorted(inferior.threads(), key=lambda t: t.num):
            thread.switch()
            harts.append(Hart(thread))
    return harts, next(h for h in harts if h.thread == selected)


# ---- kernel memory, read physically ----

class Memory:
    """Kernel memory seen through one page table (the kernel half is the same
    in all of them), read from physical memory."""

    def __init__(self, satp):
        self.root = satp_root(satp)
        self.pages = {}                  # va page -> pa page, for this command only

    @staticmethod
    def read_phys(pa, size):
        return bytes(gdb.selected_inferior().read_memory(pa, size))

    def pte(self, table, index):
        return int.from_bytes(self.read_phys(table + 8 * index, 8), "little")

    def translate(self, va):
        page = va & ~(PAGE - 1)
        if page not in self.pages:
            self.pages[page] = self.walk(page)[-1][3]
        if self.pages[page] is None:
            raise gdb.MemoryError("kernel address 0x%x is not mapped" % va)
        return self.pages[page] + (va & (PAGE - 1))

    def walk(self, va):
        """The levels of the walk of va: (level, table, index, pte), the last
        one with the physical address of va instead of a PTE when mapped."""
        table, levels = self.root, []
        for level in (2, 1, 0):
            index = va >> (12 + 9 * level) & 0x1ff
            pte = self.pte(table, index)
            levels.append((level, table, index, pte))
            if not pte & PTE_V:
                break
            if pte & PTE_LEAF:               # a level-1 or -2 leaf maps a 2 MiB / 1 GiB page
                offset = va & ((1 << (12 + 9 * level)) - 1)
                return levels + [(level, table, index, (pte >> 10 << 12) + offset)]
            table = pte >> 10 << 12
        return levels + [(None, None, None, None)]

    def read(self, va, size):
        out = b""
        while size > 0:
            n = min(size, PAGE - (va & (PAGE - 1)))
            out += self.read_phys(self.translate(va), n)
            va, size = va + n, size - n
        return out

    def load(self, type_, va):
        """The object of type_ at kernel address va, as a gdb.Value."""
        return gdb.Value(self.read(va, type_.sizeof), type_)

    def deref(self, ptr):
        return self.load(ptr.type.target(), int(ptr))

    def array(self, name):
        """The elements' addresses and type of a kernel array variable."""
        base, t = symbol_address(name)
        elem = t.target()
        return [base + i * elem.sizeof for i in range(t.range()[1] + 1)], elem


def symbol_address(name):
    """Address and type of a global or file-static kernel variable."""
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if sym is None:
        raise gdb.GdbError("no symbol '%s': load the kernel with `file build/kernel.elf`" % name)
    return int(sym.value().address), sym.type.strip_typedefs()


@contextlib.contextmanager
def physical_mode():
    """gdb's memory reads go to physical addresses meanwhile."""
    if '"OK"' not in gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True):
        raise gdb.GdbError("the gdb stub cannot read physical memory (QEMU 4.1 or later needed)")
    try:
        yield
    finally:
        gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)


@contextlib.contextmanager
def kernel_memory():
    """Yields (harts, selected hart, Memory).  gdb's frames are thrown away
    afterwards, in case something unwound meanwhile through physical memory."""
    harts, mine = all_harts()
    with_paging = [h for h in [mine] + harts if h.paging()]
    if not with_paging:
        raise gdb.GdbError("paging is not on yet on any hart (stopped in firmware or early boot?): "
                           "continue to kmain and try again")
    with physical_mode():
        try:
            yield harts, mine, kernel_view(Memory(with_paging[0].satp))
        finally:
            gdb.invalidate_cached_frames()


def kernel_view(mem):
    """The kernel's own page table once vm_init has mapped the kernel in it: a
    hart may still have a user page table loaded that is being freed (mm/mm.c
    lets go of it lazily)."""
    addr = symbol_address("kernel_pagetable")[0]
    kpt = int(mem.load(gdb.lookup_type("pagetable_t"), addr))
    if not kpt:
        return mem
    kernel = Memory((SATP_MODE_SV39 << 60) | (kpt - PHYS_OFFSET) // PAGE)
    return kernel if kernel.walk(addr)[-1][3] is not None else mem


# ---- walking kernel structures ----

def field_offset(type_, path):
    """Byte offset of a (dotted) member path such as 'se.node' in a struct."""
    off = 0
    for name in path.split("."):
        f = next((f for f in type_.fields() if f.name == name), None)
        if f is None:
            raise gdb.GdbError("no member '%s' (the kernel changed?)" % path)
        off += f.bitpos // 8
        type_ = f.type.strip_typedefs()
    return off


def task_type():
    return gdb.lookup_type("struct task")


def container(addr, path):
    """container_of: the address of the struct task whose member path is at addr."""
    return addr - field_offset(task_type(), path)


def list_nodes(mem, head):
    """Addresses of the list_heads on the list at head, stopping at a NULL
    link (a list not initialised yet) or after MAX_WALK (a broken list)."""
    node_type = gdb.lookup_type("struct list_head")
    p = int(mem.load(node_type, head)["next"])
    for _ in range(MAX_WALK):
        if p in (0, head):
            return
        yield p
        p = int(mem.load(node_type, p)["next"])


def rb_inorder(mem, root):
    """Addresses of an rb tree's nodes in key order (an explicit stack, not
    rb_next, so that a tree caught mid-rebalance cannot loop us forever)."""
    node_type = gdb.lookup_type("struct rb_node")
    stack, node, seen = [], root, 0
    while (stack or node) and seen < MAX_WALK:
        if node:
            stack.append(node)
            node = int(mem.load(node_type, node)["left"])
            continue
        node = stack.pop()
        seen += 1
        yield node
        node = int(mem.load(node_type, node)["right"])


def online_cpus(mem):
    """(index, struct cpu) of the CPUs brought up so far."""
    addrs, cpu_type = mem.array("cpus")
    n = int(mem.load(gdb.lookup_type("int"), symbol_address("ncpu")[0]))
    return [(i, mem.load(cpu_type, a)) for i, a in enumerate(addrs[:max(0, n)])]


def hashed_tasks(mem):
    """(address, struct task) of every task in the tid hash (all but the idle
    tasks), by tid."""
    heads, _ = mem.array("tid_table")
    tasks = []
    for head in heads:
        for node in list_nodes(mem, head):
            addr = container(node, "hash_node")
            tasks.append((addr, mem.load(task_type(), addr)))
    return sorted(tasks, key=lambda at: int(at[1]["tid"]))


def task_name(t):
    return t["name"].string(errors="replace", length=t["name"].type.sizeof).split("\0")[0]


def describe(mem, addr):
    """'tid 5 (sh)' or 'idle1' for the task at addr."""
    if not addr:
        return "none"
    try:
        t = mem.load(task_type(), addr)
    except gdb.MemoryError:
        return "unreadable task at 0x%x" % addr
    if int(t["flags"]) & PF_IDLE:
        return task_name(t)
    return "tid %d (%s)" % (int(t["tid"]), task_name(t))


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
        with kernel_memory() as (_, _, mem):
            tasks = hashed_tasks(mem)
            print("  TID  TGID ST CPU          VRUNTIME  NAME             TASK")
            for addr, t in tasks:
                print("%5d %5d  %s %3d%s %16d  %-16s 0x%x" %
                      (int(t["tid"]), int(t["tgid"]), state_letter(int(t["state"])), int(t["cpu"]),
                       "*" if int(t["on_cpu"]) else " ", int(t["se"]["vruntime"]), task_name(t), addr))
            if not tasks:
                print("(no tasks yet)")


def print_runq(mem, i, cpu):
    rq = cpu["rq"]
    print("cpu %d (hart %d): nr_running %d, load %d, min_vruntime %d" %
          (i, int(cpu["hartid"]), int(rq["nr_running"]), int(rq["load"]), int(rq["min_vruntime"])))
    curr = int(rq["curr"])
    vruntime = ""
    if curr:
        t = mem.load(task_type(), curr)
        vruntime = "" if int(t["flags"]) & PF_IDLE else "  vruntime %d" % int(t["se"]["vruntime"])
    print("  running  %s%s" % (describe(mem, curr), vruntime))
    for node in rb_inorder(mem, int(rq["timeline"]["node"])):
        addr = container(node, "se.node")
        t = mem.load(task_type(), addr)
        print("  waiting  %s  vruntime %d" % (describe(mem, addr), int(t["se"]["vruntime"])))


class RunQueue(Command):
    """Show each CPU's run queue (or only CPU N's: runq N): the task running
there, then the tasks waiting on its timeline in tree order, the next to run
first.  nr_running counts the running task, not the idle task."""

    def __init__(self):
        super().__init__("runq")

    def run(self, arg):
        want = int(gdb.parse_and_eval(arg)) if arg.strip() else None
        with kernel_memory() as (_, _, mem):
            cpus = online_cpus(mem)
            if want is not None and not any(i == want for i, _ in cpus):
                raise gdb.GdbError("no CPU %d (%d online)" % (want, len(cpus)))
            for i, cpu in cpus:
                if want is None or want == i:
                    print_runq(mem, i, cpu)
            if not cpus:
                print("(no CPU is up yet)")


def code_address(pc):
    """'0x... <function+off>' when pc is in the kernel's symbols."""
    return str(gdb.Value(pc).cast(gdb.lookup_type("void").pointer()))


def print_current(mem, hart, cpus, tasks):
    cpu = next((c for _, c in cpus if int(c["hartid"]) == hart.id), None)
    where = "cpu %d" % int(cpu["id"]) if cpu is not None else "no cpu"
    print("hart %d  %-6s %s  pc %s" % (hart.id, where, PRIV_NAMES.get(hart.priv, "?"), code_address(hart.pc)))
    if cpu is None:
        print("    not started by the kernel (yet)")
        return
    curr = int(cpu["rq"]["curr"])
    if hart.priv == 3:
        # In OpenSBI tp is the firmware's: the scheduler's word is all we have.
        print("    in the firmware; rq->curr is %s" % describe(mem, curr))
        return
    t = hart.task_pointer()
    if t not in tasks:
        print("    current ? (tp 0x%x, sscratch 0x%x: no task there yet)" % (hart.tp, hart.sscratch))
        return
    note = "" if curr == t else "  (rq->curr is %s: in the middle of a switch)" % describe(mem, curr)
    print("    current %s%s" % (describe(mem, t), note))


class Current(Command):
    """Show what each hart is doing: its hart id and CPU number, privilege mode
(U user, S kernel, M firmware), pc, and the task it runs (from tp in the
kernel, sscratch in user mode).  gdb's thread N is hart N-1 on QEMU virt."""

    def __init__(self):
        super().__init__("current")

    def run(self, arg):
        with kernel_memory() as (harts, _, mem):
            cpus = online_cpus(mem)
            tasks = {addr for addr, _ in hashed_tasks(mem)} | {int(c["idle"]) for _, c in cpus}
            for hart in harts:
                print_current(mem, hart, cpus, tasks)


class CurrentFunction(gdb.Function):
    """$current(): a copy of the struct task the selected hart runs, read even
when the hart is in user mode (where gdb cannot see kernel memory), e.g.
`p $current().tid` or `break main if $_streq($current().name, "t_getpid")`."""

    def __init__(self):
        super().__init__("current")

    def invoke(self):
        hart = Hart(gdb.selected_thread())
        if hart.priv == 3 or not hart.paging() or not hart.task_pointer():
            raise gdb.GdbError("hart %d runs no task now (firmware or early boot)" % hart.id)
        with physical_mode():
            try:
                return Memory(hart.satp).load(task_type(), hart.task_pointer())
            except gdb.MemoryError as e:
                raise gdb.GdbError(str(e))


# ---- page tables ----

def pte_flags(pte):
    s = "".join(c if pte >> i & 1 else "-" for i, c in enumerate(PTE_BITS))
    if pte & PTE_COW:
        s += " COW"
    if pte & PTE_SHARED:
        s += " SHARED"
    return s


def satp_of(mem, v, hart):
    """The satp to walk and whose it is: v a satp value, a tid, or None for
    the selected hart's."""
    if v is None:
        return hart.satp, "hart %d's satp" % hart.id
    if v >> 60:
        return v, "satp 0x%x" % v
    task = next((t for _, t in hashed_tasks(mem) if int(t["tid"]) == v), None)
    if task is None:
        raise gdb.GdbError("no task with tid %d" % v)
    whose = "tid %d (%s)'s page table" % (v, task_name(task))
    if not int(task["mm"]):
        return (SATP_MODE_SV39 << 60) | mem.root // PAGE, whose + " (no mm: the kernel's)"
    pagetable = int(mem.deref(task["mm"])["pagetable"])
    return (SATP_MODE_SV39 << 60) | ((pagetable - PHYS_OFFSET) // PAGE), whose


def address_of(expr):
    """pagewalk main, pagewalk cpus, pagewalk 0x10000: the address it means."""
    v = gdb.parse_and_eval(expr)
    if v.type.strip_typedefs().code in (gdb.TYPE_CODE_FUNC, gdb.TYPE_CODE_ARRAY):
        v = v.address
    return int(v) & U64


def print_walk(levels):
    """Print each level of a Memory.walk; return the physical address or None."""
    *ptes, (_, _, _, pa) = levels
    for level, table, index, pte in ptes:
        line = "  L%d  table 0x%-9x [%3d]  pte 0x%016x  %s" % (level, table, index, pte, pte_flags(pte))
        if not pte & PTE_V:
            print(line + "  not mapped")
        elif pte & PTE_LEAF:
            print(line + "  page 0x%x" % (pte >> 10 << 12))
        else:
            print(line + "  next 0x%x" % (pte >> 10 << 12))
    if pa is None and ptes[-1][3] & PTE_V:
        print("  the level-0 PTE is not a leaf: a broken table")
    return pa


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
        which = int(gdb.parse_and_eval(argv[1])) & U64 if len(argv) > 1 else None
        if va >> 38 not in (0, (1 << 26) - 1):
            raise gdb.GdbError("0x%x is not an Sv39 address (bits 63..39 must copy bit 38)" % va)
        with kernel_memory() as (_, hart, mem):
            satp, whose = satp_of(mem, which, hart)
            if satp >> 60 != SATP_MODE_SV39:
                raise gdb.GdbError("%s is 0x%x: paging is off, va = pa" % (whose, satp))
            print("va 0x%x in %s (root 0x%x)" % (va, whose, satp_root(satp)))
            pa = print_walk(Memory(satp).walk(va & U64))
            if pa is not None:
                print("  pa 0x%x" % pa)


Tasks()
RunQueue()
Current()
CurrentFunction()
PageWalk()
