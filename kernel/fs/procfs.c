// procfs: the kernel's view of tasks, CPUs and memory as a file system,
// mounted at /proc: /proc/<pid>/{stat,status,sched,exe,task/<tid>/...},
// /proc/self (a link to the caller's pid), /proc/mounts, /proc/schedstat,
// /proc/timeline, /proc/cpuinfo, /proc/meminfo, /proc/uptime.  Nothing is
// stored: a lookup makes a fresh inode for the node the name means (the
// VFS compares inodes by number, so two of one node are the same file).
//
// A file's text is made when it is read at offset 0 (so lseek to 0 and read
// again gives fresh numbers) into one page, under tasklist_lock: tasks are
// found through the id hash and cannot be freed while it is held.  Numbers
// that their owners change without that lock (times, the CPU) are read as
// single words and may be a moment old.  Formats follow Linux's where Linux
// has the file (proc(5)); /proc/schedstat and /proc/timeline are this
// kernel's own.
#include "errno.h"
#include "lib/string.h"
#include "lib/printf.h"
#include "sched/sleeplock.h"
#include "proc/proc.h"
#include "sched/sched.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"
#include "clock.h"
#include "uapi/linux/times.h"

#define PROC_MAGIC 0x9fa0            // statfs f_type, as Linux's
#define PID_LIMIT 32768
#define DIR_FIRST_ID 100             // directory offsets from here on are 100 + an id
#define NAME_LEN 16                  // longest name procfs has, and then some

enum kind { P_NONE, P_ROOT, P_CPUINFO, P_MEMINFO, P_SCHEDSTAT, P_TIMELINE, P_UPTIME, P_MOUNTS, P_SELF,
            P_PID, P_TASKDIR, P_TID, P_STAT, P_STATUS, P_SCHED, P_EXE };

// What an inode is (its priv): kind, and for task files the process and the
// thread (tid 0: the process as a whole).
struct node {
  enum kind kind;
  int pid, tid;
};

// An open procfs file's text (file priv).
struct proc_text {
  struct sleeplock lock;             // protects text and len (a read may fault)
  char *text;                        // one page, made at offset 0
  int len;
};

static const struct { const char *name; enum kind kind; } top_files[] = {
  { "self", P_SELF }, { "cpuinfo", P_CPUINFO }, { "meminfo", P_MEMINFO }, { "mounts", P_MOUNTS },
  { "schedstat", P_SCHEDSTAT }, { "timeline", P_TIMELINE }, { "uptime", P_UPTIME },
};
// In /proc/<pid>; /proc/<pid>/task/<tid> has those before "exe".
static const struct { const char *name; enum kind kind; } task_files[] = {
  { "stat", P_STAT }, { "status", P_STATUS }, { "sched", P_SCHED }, { "exe", P_EXE }, { "task", P_TASKDIR },
};
#define NTID_FILES 3
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct inode_ops proc_iops;
static const struct file_ops proc_fops;

static int parse_id(const char *s)
{
  int v = 0;
  if (!*s)
    return -1;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > PID_LIMIT)
      return -1;
    v = v * 10 + (*s - '0');
  }
  return v;
}

// The live (or zombie) task with this id, in thread group pid if pid > 0.
// tasklist_lock held.
static struct task *lookup(int id, int pid)
{
  struct task *t = find_task(id);
  if (!t || t->state == EXIT_DEAD || (pid > 0 ? t->tgid != pid : t->tgid != id))
    return 0;
  return t;
}

static int is_dir(enum kind k)
{
  return k == P_ROOT || k == P_PID || k == P_TASKDIR || k == P_TID;
}

static int is_link(enum kind k)
{
  return k == P_SELF || k == P_EXE;
}

// A stable number per node (the walk compares inodes by number).
static uint32_t node_ino(const struct node *n)
{
  return (uint32_t)n->kind << 27 ^ (uint32_t)n->pid << 12 ^ (uint32_t)n->tid ^ 1;
}

static struct node *node_of(struct inode *ip)
{
  return ip->priv;
}

// ---- inodes ----

static int node_inode(struct super *sb, const struct node *n, struct inode **ipp)
{
  struct node *copy = kmalloc(sizeof *copy);
  struct inode *ip = copy ? inode_new(sb, is_dir(n->kind) ? T_DIR : is_link(n->kind) ? T_SYMLINK : T_FILE) : 0;
  if (!ip) {
    kfree(copy);
    return -ENFILE;
  }
  *copy = *n;
  ip->priv = copy;
  ip->inum = node_ino(n);
  ip->nlink = 0;             // no directory holds it: the last iput evicts it
  ip->op = &proc_iops;
  ip->fop = &proc_fops;
  *ipp = ip;
  return 0;
}

static void proc_evict(struct inode *ip)
{
  kfree(ip->priv);
  ip->priv = 0;
}

static enum kind file_kind(const char *name, int ntask_files)
{
  for (int i = 0; i < ntask_files; i++)
    if (strcmp(name, task_files[i].name) == 0)
      return task_files[i].kind;
  return P_NONE;
}

// The node name names in directory d; tasklist_lock held.  -ENOENT if none.
static int child(const struct node *d, const char *name, struct node *n)
{
  *n = *d;
  if (strcmp(name, ".") == 0)
    return 0;
  if (strcmp(name, "..") == 0) {
    // /proc's own ".." is the VFS's business (it crosses the mount).
    n->kind = d->kind == P_TID ? P_TASKDIR : d->kind == P_TASKDIR ? P_PID : P_ROOT;
    n->tid = 0;
    n->pid = n->kind == P_ROOT ? 0 : d->pid;
    return 0;
  }
  if (d->kind == P_ROOT) {
    for (unsigned i = 0; i < NELEM(top_files); i++) {
      if (strcmp(name, top_files[i].name) == 0) {
        n->kind = top_files[i].kind;
        return 0;
      }
    }
    n->kind = P_PID;
    n->pid = parse_id(name);
    return n->pid > 0 && lookup(n->pid, 0) ? 0 : -ENOENT;
  }
  if (d->kind == P_TASKDIR) {
    n->kind = P_TID;
    n->tid = parse_id(name);
    return n->tid > 0 && lookup(n->tid, d->pid) ? 0 : -ENOENT;
  }
  n->kind = file_kind(name, d->kind == P_PID ? NELEM(task_files) : NTID_FILES);
  return n->kind == P_NONE ? -ENOENT : 0;
}

static int proc_lookup(struct inode *dir, const char *name, struct inode **ipp)
{
  struct node n;
  if (strlen(name) >= NAME_LEN)
    return -ENOENT;
  spin_lock(&tasklist_lock);
  int err = child(node_of(dir), name, &n);
  spin_unlock(&tasklist_lock);
  return err ? err : node_inode(dir->sb, &n, ipp);
}

// /proc/self: the caller's pid; /proc/<pid>/exe: the program it runs.
static int proc_readlink(struct inode *ip, char *buf, int size)
{
  struct node *n = node_of(ip);
  char text[TASK_EXE_LEN];
  if (n->kind == P_SELF) {
    snprintf(text, sizeof text, "%d", current->tgid);
  } else {
    spin_lock(&tasklist_lock);
    struct task *t = lookup(n->pid, 0);
    strlcpy(text, t ? t->exe : "", sizeof text);
    spin_unlock(&tasklist_lock);
    if (!text[0])
      return -ENOENT;
  }
  int len = strlen(text);
  if (len > size)
    len = size;
  memcpy(buf, text, len);
  return len;
}

static void proc_getattr(struct inode *ip, struct stat *st)
{
  struct node *n = node_of(ip);
  memset(st, 0, sizeof *st);
  st->st_dev = ip->sb->dev;
  st->st_ino = ((uint64_t)n->kind << 32) | (uint32_t)(n->pid << 16 | n->tid);
  st->st_mode = is_dir(n->kind) ? S_IFDIR | 0555 : is_link(n->kind) ? S_IFLNK | 0777 : S_IFREG | 0444;
  st->st_nlink = is_dir(n->kind) ? 2 : 1;
  st->st_blksize = PGSIZE;
}

// ---- file text ----

struct out {
  char *buf;
  int len;
};

static void pf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pf(struct out *o, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(o->buf + o->len, PGSIZE - o->len, fmt, ap);
  va_end(ap);
  o->len += n;
  if (o->len > PGSIZE - 1)
    o->len = PGSIZE - 1;
}

// Racy peek (see the top of the file): the mm may be going away with an exiting task.
static uint64_t rss_pages(struct task *t)
{
  struct mm *mm = t->mm;
  return mm && !(t->flags & PF_EXITING) ? mm->rss : 0;
}

static uint64_t ticks(uint64_t ns)
{
  return ns / (NSEC_PER_SEC / USER_HZ);
}

// /proc/<pid>/stat (the whole group) or /proc/<pid>/task/<tid>/stat, proc(5) fields 1-44.
static void gen_stat(struct out *o, struct task *t, int group)
{
  struct task_times tt, ch = t->group_leader->se.children;
  if (group)
    group_times(t, &tt);
  else
    task_times(t, &tt);
  pf(o, "%d (%s) %c %d %d 0 0 -1 0 0 0 0 0 %lu %lu %lu %lu %d %d %d 0 %lu %lu %lu "
        "0 0 0 0 0 0 0 0 0 0 0 0 0 %d %d 0 0 0 0 0\n",
     group ? t->tgid : t->tid, t->name, task_state_letter(t), t->parent ? t->parent->tgid : 0, t->tgid,
     ticks(tt.utime), ticks(tt.stime), ticks(ch.utime), ticks(ch.stime), 20 + t->se.nice, t->se.nice,
     t->signal ? t->signal->live : 1, ticks(t->se.start_ns), rss_pages(t) * PGSIZE, rss_pages(t),
     t->exit_signal, t->cpu);
}

// "0-3" or "1,3" style list of the CPUs in mask.
static void cpu_list(struct out *o, uint64_t mask)
{
  const char *sep = "";
  for (int i = 0; i < ncpu; i++) {
    if (!(mask & cpu_bit(i)))
      continue;
    int j = i;
    while (j + 1 < ncpu && (mask & cpu_bit(j + 1)))
      j++;
    pf(o, j > i ? "%s%d-%d" : "%s%d", sep, i, j);
    sep = ",";
    i = j;
  }
}

static const char *state_name(struct task *t)
{
  static const char *const names[] = { "running", "sleeping", "disk sleep", "?", "stopped" };
  return t->state <= TASK_STOPPED ? names[t->state] : "zombie";
}

// LAB syscall BEGIN
// System calls made by t, or by the live threads of its group (this
// kernel's own line; the counts are read without their owners' care).
static uint64_t syscalls(struct task *t, int group)
{
  struct list_head *p;
  uint64_t n = 0;
  if (!group || !t->signal)
    return t->syscalls;
  list_for_each(p, &t->signal->threads)
    n += list_entry(p, struct task, thread_node)->syscalls;
  return n;
}
// LAB syscall END

static void gen_status(struct out *o, struct task *t, int group)
{
  struct task_times tt;
  if (group)
    group_times(t, &tt);
  else
    task_times(t, &tt);
  pf(o, "Name:\t%s\nState:\t%c (%s)\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\nThreads:\t%d\nVmRSS:\t%lu kB\n",
     t->name, task_state_letter(t), state_name(t), t->tgid, group ? t->tgid : t->tid,
     t->parent ? t->parent->tgid : 0, t->signal ? t->signal->live : 1, rss_pages(t) * (PGSIZE / 1024));
  pf(o, "Cpus_allowed:\t%lx\nCpus_allowed_list:\t", t->se.allowed & cpus_online_mask());
  cpu_list(o, t->se.allowed);
  pf(o, "\nvoluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n", tt.nvcsw, tt.nivcsw);
  // LAB syscall BEGIN
  pf(o, "Syscalls:\t%lu\n", syscalls(t, group));
  // LAB syscall END
}

static void ms_line(struct out *o, const char *name, uint64_t ns)
{
  pf(o, "%-45s:%14lu.%06lu\n", name, ns / NSEC_PER_MSEC, ns % NSEC_PER_MSEC);
}

static void num_line(struct out *o, const char *name, uint64_t v)
{
  pf(o, "%-45s:%21lu\n", name, v);
}

// Like Linux's /proc/<pid>/sched (times in ms), plus the CPUs it ran on
// since its affinity was last set.
static void gen_sched(struct out *o, struct task *t)
{
  struct sched_entity *se = &t->se;
  pf(o, "%s (%d, #threads: %d)\n", t->name, t->tid, t->signal ? t->signal->live : 1);
  pf(o, "-------------------------------------------------------------------\n");
  ms_line(o, "se.exec_start", se->exec_start);
  ms_line(o, "se.vruntime", se->vruntime);
  ms_line(o, "se.sum_exec_runtime", task_runtime(t));
  ms_line(o, "se.wait_sum", se->wait_sum);
  num_line(o, "se.nr_migrations", se->migrations);
  num_line(o, "nr_switches", se->nvcsw + se->nivcsw);
  num_line(o, "nr_voluntary_switches", se->nvcsw);
  num_line(o, "nr_involuntary_switches", se->nivcsw);
  num_line(o, "se.load.weight", se->weight);
  num_line(o, "prio", 120 + se->nice);
  pf(o, "%-45s:%21d\n", "nice", se->nice);
  num_line(o, "cpu", t->cpu);
  pf(o, "%-45s:%21lx\n", "cpus_allowed", se->allowed & cpus_online_mask());
  pf(o, "%-45s:%21lx\n", "cpus_ran", se->ran_mask);
}

// Idle time of a CPU: its idle task's runtime, plus the current stretch.
static uint64_t cpu_idle_ns(struct cpu *c, uint64_t now)
{
  struct task *idle = c->idle;
  uint64_t ns = idle->se.sum_exec;
  if (c->rq.curr == idle && now > idle->se.exec_start)
    ns += now - idle->se.exec_start;
  return ns;
}

// One line per CPU: runnable tasks, load (sum of weights), the queue's
// min_vruntime, switches, wakeups queued here, tasks migrated here,
// sched_yield calls, idle and busy time since boot, and the part of the
// busy time that the hart did not run at all (steal; ns).
static void gen_schedstat(struct out *o)
{
  uint64_t now = time_ns();
  pf(o, "version rvos-1\ntimestamp %lu\n", now);
  for (int i = 0; i < ncpu; i++) {
    struct run_queue *rq = &cpus[i].rq;
    uint64_t idle = cpu_idle_ns(&cpus[i], now);
    pf(o, "cpu%d running %d load %lu min_vruntime %lu switches %lu wakeups %lu migrations %lu yields %lu "
          "idle_ns %lu busy_ns %lu steal_ns %lu\n",
       i, rq->nr_running, rq->load, rq->min_vruntime, rq->switches, rq->wakeups, rq->migrations_in,
       rq->yields, idle, now > idle ? now - idle : 0, rq->steal);
  }
}

// One line per CPU: the running task, then the waiting ones in timeline
// order (leftmost first), each as tid:vruntime.  Under the run-queue lock,
// so each line is one moment of its queue.
static void gen_timeline(struct out *o)
{
  for (int i = 0; i < ncpu; i++) {
    struct run_queue *rq = &cpus[i].rq;
    spin_lock(&rq->lock);
    pf(o, "cpu%d curr %d:%lu timeline", i, rq->curr->tid, rq->curr->se.vruntime);
    for (struct task *t = timeline_first(rq); t; t = timeline_next(t))
      pf(o, " %d:%lu", t->tid, t->se.vruntime);
    pf(o, "\n");
    spin_unlock(&rq->lock);
  }
}

static void gen_cpuinfo(struct out *o)
{
  for (int i = 0; i < ncpu; i++)
    pf(o, "processor\t: %d\nhart\t\t: %d\nmmu\t\t: sv39\n\n", i, (int)cpus[i].hartid);
}

static void gen_meminfo(struct out *o)
{
  pf(o, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\nMemAvailable:   %8lu kB\n",
     pages_total() * (PGSIZE / 1024), pages_free() * (PGSIZE / 1024), pages_free() * (PGSIZE / 1024));
}

static void gen_uptime(struct out *o)
{
  uint64_t now = time_ns(), idle = 0;
  for (int i = 0; i < ncpu; i++)
    idle += cpu_idle_ns(&cpus[i], now);
  pf(o, "%lu.%02lu %lu.%02lu\n", now / NSEC_PER_SEC, now / (NSEC_PER_SEC / 100) % 100, idle / NSEC_PER_SEC,
     idle / (NSEC_PER_SEC / 100) % 100);
}

// The text of node n; tasklist_lock held.  -ENOENT when its task is gone.
static int generate(struct node *n, struct out *o)
{
  struct task *t = 0;
  if (n->kind >= P_STAT && !(t = n->tid ? lookup(n->tid, n->pid) : lookup(n->pid, 0)))
    return -ENOENT;
  switch (n->kind) {
  case P_STAT:
    gen_stat(o, t, !n->tid);
    break;
  case P_STATUS:
    gen_status(o, t, !n->tid);
    break;
  case P_SCHED:
    gen_sched(o, t);
    break;
  case P_SCHEDSTAT:
    gen_schedstat(o);
    break;
  case P_TIMELINE:
    gen_timeline(o);
    break;
  case P_CPUINFO:
    gen_cpuinfo(o);
    break;
  case P_MEMINFO:
    gen_meminfo(o);
    break;
  case P_UPTIME:
    gen_uptime(o);
    break;
  case P_MOUNTS:
    o->len = mounts_text(o->buf, PGSIZE);
    break;
  default:
    return -EISDIR;
  }
  return 0;
}

// ---- open files ----

static int proc_open(struct inode *ip, struct file *f, int flags)
{
  if ((flags & O_ACCMODE) != O_RDONLY)
    return is_dir(node_of(ip)->kind) ? -EISDIR : -EACCES;
  if (is_dir(node_of(ip)->kind))
    return 0;
  struct proc_text *pt = kmalloc(sizeof *pt);
  if (!pt)
    return -ENOMEM;
  sleeplock_init(&pt->lock, "procfs");
  pt->text = 0;
  pt->len = 0;
  f->priv = pt;
  return 0;
}

static void proc_release(struct file *f)
{
  struct proc_text *pt = f->priv;
  if (!pt)
    return;
  kfree(pt->text);
  kfree(pt);
}

// Make the text afresh (at offset 0); pt->lock held.
static int refill(struct proc_text *pt, struct node *n)
{
  if (!pt->text && !(pt->text = kmalloc(PGSIZE)))
    return -ENOMEM;
  struct out o = { pt->text, 0 };
  spin_lock(&tasklist_lock);
  int r = generate(n, &o);
  spin_unlock(&tasklist_lock);
  pt->len = o.len;
  return r;
}

static long proc_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  struct proc_text *pt = f->priv;
  if (!pt)
    return -EISDIR;
  sleeplock_acquire(&pt->lock);
  long r = *off == 0 || !pt->text ? refill(pt, node_of(f->ip)) : 0;
  if (r == 0 && *off < (uint64_t)pt->len) {
    r = n < pt->len - *off ? n : pt->len - *off;
    if (copy_to_user(udst, pt->text + *off, r) < 0)
      r = -EFAULT;
    else
      *off += r;
  }
  sleeplock_release(&pt->lock);
  return r;
}

// The text is made at read time: there is no end to seek from.
static long proc_lseek(struct file *f, long off, int whence)
{
  return whence == SEEK_SET ? seek_to(f, off, whence, 0) : -EINVAL;
}

// ---- directories ----

// The entry at *pos of directory n; tasklist_lock held.
static int dir_entry(struct node *n, uint64_t *pos, char *name, struct node *c)
{
  static const char *const dots[] = { ".", ".." };
  uint64_t off = *pos;
  *pos = off + 1;
  if (off < 2) {
    strlcpy(name, dots[off], NAME_LEN);
    return child(n, name, c) == 0;
  }
  if (off < DIR_FIRST_ID) {
    unsigned i = off - 2, nfiles = n->kind == P_ROOT ? NELEM(top_files) : n->kind == P_PID ? NELEM(task_files)
                                 : n->kind == P_TID ? NTID_FILES : 0;
    if (i < nfiles) {
      strlcpy(name, n->kind == P_ROOT ? top_files[i].name : task_files[i].name, NAME_LEN);
      return child(n, name, c) == 0;
    }
    if (n->kind != P_ROOT && n->kind != P_TASKDIR)
      return 0;
    off = DIR_FIRST_ID + 1;
  }
  // Processes (in /proc) or threads (in task/), by probing ids in order.
  for (int id = off - DIR_FIRST_ID; id < PID_LIMIT; id++) {
    if (lookup(id, n->kind == P_TASKDIR ? n->pid : 0)) {
      snprintf(name, NAME_LEN, "%d", id);
      *pos = DIR_FIRST_ID + id + 1;
      return child(n, name, c) == 0;
    }
  }
  return 0;
}

static int proc_readdir(struct inode *ip, uint64_t *pos, char *name, uint64_t *ino, uint8_t *dtype)
{
  struct node c;
  spin_lock(&tasklist_lock);
  int more = dir_entry(node_of(ip), pos, name, &c);
  spin_unlock(&tasklist_lock);
  if (more) {
    *ino = node_ino(&c);
    *dtype = is_dir(c.kind) ? DT_DIR : is_link(c.kind) ? DT_LNK : DT_REG;
  }
  return more;
}

static const struct inode_ops proc_iops = {
  .lookup = proc_lookup, .readlink = proc_readlink, .getattr = proc_getattr, .readdir = proc_readdir,
  .open = proc_open, .evict = proc_evict,
};

static const struct file_ops proc_fops = {
  .read = proc_read, .getdents = generic_getdents, .lseek = proc_lseek, .release = proc_release,
};

// ---- the file system ----

static int proc_mount(struct super *sb)
{
  struct node root = { P_ROOT, 0, 0 };
  return node_inode(sb, &root, &sb->root);
}

static void proc_kill(struct super *sb)
{
  iput(sb->root);
}

static void proc_statfs(struct super *sb, struct statfs *st)
{
  st->f_bsize = st->f_frsize = PGSIZE;
}

const struct fs_type procfs_type = {
  .name = "proc", .magic = PROC_MAGIC, .mount = proc_mount, .kill = proc_kill, .statfs = proc_statfs,
};
