// procfs (see procfs.h): /proc/<pid>/{stat,status,sched,task/<tid>/...},
// /proc/self, /proc/schedstat, /proc/timeline, /proc/cpuinfo, /proc/meminfo,
// /proc/uptime.
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
#include "lib/sleeplock.h"
#include "proc/proc.h"
#include "sched/sched.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"
#include "fs/procfs.h"

#define PID_LIMIT 32768
#define DIR_FIRST_ID 100             // directory offsets from here on are 100 + an id

enum kind { P_NONE, P_ROOT, P_CPUINFO, P_MEMINFO, P_SCHEDSTAT, P_TIMELINE, P_UPTIME, P_PID, P_TASKDIR,
            P_TID, P_STAT, P_STATUS, P_SCHED };

// What a path names: kind, and for task files the process and the thread
// (tid 0: the process as a whole).
struct node {
  enum kind kind;
  int pid, tid;
};

// An open procfs file.
struct proc_file {
  struct node node;
  char path[PROC_CWD_MAX];           // "/proc/..." as opened
  struct sleeplock lock;             // protects text and len (a read may fault)
  char *text;                        // one page, made at offset 0
  int len;
};

static const struct { const char *name; enum kind kind; } top_files[] = {
  { "self", P_PID }, { "cpuinfo", P_CPUINFO }, { "meminfo", P_MEMINFO },
  { "schedstat", P_SCHEDSTAT }, { "timeline", P_TIMELINE }, { "uptime", P_UPTIME },
};
static const struct { const char *name; enum kind kind; } task_files[] = {
  { "stat", P_STAT }, { "status", P_STATUS }, { "sched", P_SCHED }, { "task", P_TASKDIR },
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

// ---- paths ----

// Append the element [s, s+n) to the canonical path out (length *len), or
// step back for "..".
static int push_elem(char *out, int *len, const char *s, int n)
{
  if (n == 0 || (n == 1 && s[0] == '.'))
    return 0;
  if (n == 2 && s[0] == '.' && s[1] == '.') {
    while (*len > 0 && out[--*len] != '/')
      ;
    out[*len] = 0;
    return 0;
  }
  if (*len + 1 + n >= PATH_MAX)
    return -ENAMETOOLONG;
  out[(*len)++] = '/';
  memcpy(out + *len, s, n);
  *len += n;
  out[*len] = 0;
  return 0;
}

static int push_path(char *out, int *len, const char *p)
{
  while (*p) {
    const char *e = p;
    while (*e && *e != '/')
      e++;
    int err = push_elem(out, len, p, e - p);
    if (err)
      return err;
    p = *e ? e + 1 : e;
  }
  return 0;
}

int procfs_route(char *path, const char *base)
{
  char *out = kmalloc(PATH_MAX);
  int len = 0, err;
  if (!out)
    return -ENOMEM;
  out[0] = 0;
  if ((err = (path[0] == '/' || !base) ? 0 : push_path(out, &len, base)) == 0 &&
      (err = push_path(out, &len, path)) == 0) {
    int in_proc = strncmp(out, "/proc", 5) == 0 && (out[5] == 0 || out[5] == '/');
    strlcpy(path, in_proc ? out + 5 + (out[5] == '/') : len ? out : "/", PATH_MAX);
    err = in_proc;
  }
  kfree(out);
  return err;
}

// Next element of *pp into name (NAME_LEN bytes): 1, 0 at the end, or
// -ENOENT for a name longer than any procfs has.
#define NAME_LEN 16
static int next_name(const char **pp, char *name)
{
  const char *p = *pp, *s;
  while (*p == '/')
    p++;
  for (s = p; *p && *p != '/'; p++)
    ;
  if (p == s || p - s >= NAME_LEN)
    return p == s ? 0 : -ENOENT;
  memcpy(name, s, p - s);
  name[p - s] = 0;
  *pp = p;
  return 1;
}

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

static enum kind file_kind(const char *name, int dirs_too)
{
  for (unsigned i = 0; i < NELEM(task_files); i++)
    if (strcmp(name, task_files[i].name) == 0 && (dirs_too || task_files[i].kind != P_TASKDIR))
      return task_files[i].kind;
  return P_NONE;
}

// The element after /proc: a fixed file, "self" or a pid.
static int parse_top(const char *name, struct node *n)
{
  for (unsigned i = 0; i < NELEM(top_files); i++) {
    if (strcmp(name, top_files[i].name) == 0) {
      n->kind = top_files[i].kind;
      n->pid = n->kind == P_PID ? current->tgid : 0;
      return 0;
    }
  }
  n->pid = parse_id(name);
  n->kind = P_PID;
  return n->pid > 0 && lookup(n->pid, 0) ? 0 : -ENOENT;
}

// Below /proc/<pid>: files, task, task/<tid>, task/<tid>/<file>.
static int parse_task(const char **pp, char *name, struct node *n)
{
  int r;
  if ((r = next_name(pp, name)) <= 0)
    return r;
  if ((n->kind = file_kind(name, 1)) == P_NONE)
    return -ENOENT;
  if (n->kind != P_TASKDIR || (r = next_name(pp, name)) == 0)
    return next_name(pp, name) ? -ENOTDIR : 0;
  n->tid = r < 0 ? r : parse_id(name);
  if (n->tid <= 0 || !lookup(n->tid, n->pid))
    return -ENOENT;
  n->kind = P_TID;
  if ((r = next_name(pp, name)) <= 0)
    return r;
  if ((n->kind = file_kind(name, 0)) == P_NONE)
    return -ENOENT;
  return next_name(pp, name) ? -ENOTDIR : 0;
}

// tasklist_lock held (pids are checked to exist).
static int parse(const char *p, struct node *n)
{
  char name[NAME_LEN];
  int r;
  memset(n, 0, sizeof *n);
  n->kind = P_ROOT;
  if ((r = next_name(&p, name)) <= 0)
    return r < 0 ? -ENOENT : 0;
  if ((r = parse_top(name, n)) < 0)
    return r;
  if (n->kind != P_PID)
    return next_name(&p, name) ? -ENOTDIR : 0;
  r = parse_task(&p, name, n);
  return r < 0 ? r : 0;
}

static int parse_locked(const char *p, struct node *n)
{
  spin_lock(&tasklist_lock);
  int r = parse(p, n);
  spin_unlock(&tasklist_lock);
  return r;
}

static int is_dir(enum kind k)
{
  return k == P_ROOT || k == P_PID || k == P_TASKDIR || k == P_TID;
}

int procfs_isdir(const char *ppath)
{
  struct node n;
  int r = parse_locked(ppath, &n);
  return r < 0 ? r : is_dir(n.kind);
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
  return ns / (1000000000UL / 100);       // USER_HZ
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
  pf(o, "%-45s:%14lu.%06lu\n", name, ns / 1000000, ns % 1000000);
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
  pf(o, "%lu.%02lu %lu.%02lu\n", now / 1000000000, now / 10000000 % 100, idle / 1000000000,
     idle / 10000000 % 100);
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
  default:
    return -EISDIR;
  }
  return 0;
}

// ---- open files ----

int procfs_open(const char *ppath, int flags, struct file **fp)
{
  struct node n;
  int r = parse_locked(ppath, &n);
  if (r < 0)
    return r;
  if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT))
    return is_dir(n.kind) ? -EISDIR : -EACCES;
  if ((flags & O_DIRECTORY) && !is_dir(n.kind))
    return -ENOTDIR;
  struct proc_file *pf = kmalloc(sizeof *pf);
  struct file *f = pf ? filealloc() : 0;
  if (!f) {
    kfree(pf);
    return -ENFILE;
  }
  pf->node = n;
  snprintf(pf->path, sizeof pf->path, ppath[0] ? "/proc/%s" : "/proc", ppath);
  sleeplock_init(&pf->lock, "procfs");
  f->type = FD_PROC;
  f->proc = pf;
  f->readable = 1;
  *fp = f;
  return 0;
}

void procfs_close(struct file *f)
{
  if (f->proc->text)
    kfree(f->proc->text);
  kfree(f->proc);
}

const char *procfs_path(struct file *f)
{
  return is_dir(f->proc->node.kind) ? f->proc->path : 0;
}

// Make the text afresh (at offset 0); pf->lock held.
static int refill(struct proc_file *pf)
{
  if (!pf->text && !(pf->text = kmalloc(PGSIZE)))
    return -ENOMEM;
  struct out o = { pf->text, 0 };
  spin_lock(&tasklist_lock);
  int r = generate(&pf->node, &o);
  spin_unlock(&tasklist_lock);
  pf->len = o.len;
  return r;
}

long procfs_read(struct file *f, uint64_t udst, size_t n)
{
  struct proc_file *pf = f->proc;
  if (is_dir(pf->node.kind))
    return -EISDIR;
  sleeplock_acquire(&pf->lock);
  long r = f->off == 0 || !pf->text ? refill(pf) : 0;
  if (r == 0 && f->off < (uint64_t)pf->len) {
    r = n < pf->len - f->off ? n : pf->len - f->off;
    if (copy_to_user(udst, pf->text + f->off, r) < 0)
      r = -EFAULT;
    else
      f->off += r;
  }
  sleeplock_release(&pf->lock);
  return r;
}

static void fill_stat(struct linux_stat *st, struct node *n)
{
  memset(st, 0, sizeof *st);
  st->st_dev = MKDEV(0, 0x10);
  st->st_ino = ((uint64_t)n->kind << 32) | (uint32_t)(n->pid << 16 | n->tid);
  st->st_mode = is_dir(n->kind) ? S_IFDIR | 0555 : S_IFREG | 0444;
  st->st_nlink = is_dir(n->kind) ? 2 : 1;
  st->st_blksize = PGSIZE;
}

int procfs_stat(const char *ppath, struct linux_stat *st)
{
  struct node n;
  int r = parse_locked(ppath, &n);
  if (r == 0)
    fill_stat(st, &n);
  return r;
}

void procfs_fstat(struct file *f, struct linux_stat *st)
{
  fill_stat(st, &f->proc->node);
}

// ---- directories ----

// A directory entry at position off: its name (into name) and type, and the
// position after it; 0 at the end.  tasklist_lock held.
static int dir_entry(struct node *n, uint64_t off, char *name, uint8_t *type, uint64_t *next)
{
  static const char *const dots[] = { ".", ".." };
  *type = DT_DIR;
  *next = off + 1;
  if (off < 2) {
    strlcpy(name, dots[off], NAME_LEN);
    return 1;
  }
  if (off < DIR_FIRST_ID) {
    unsigned i = off - 2, nfiles = n->kind == P_ROOT ? NELEM(top_files) : n->kind == P_PID ? NELEM(task_files)
                                 : n->kind == P_TID ? NELEM(task_files) - 1 : 0;
    if (i < nfiles) {
      strlcpy(name, n->kind == P_ROOT ? top_files[i].name : task_files[i].name, NAME_LEN);
      *type = is_dir(n->kind == P_ROOT ? top_files[i].kind : task_files[i].kind) ? DT_DIR : DT_REG;
      return 1;
    }
    if (n->kind != P_ROOT && n->kind != P_TASKDIR)
      return 0;
    off = DIR_FIRST_ID + 1;
  }
  // Processes (in /proc) or threads (in task/), by probing ids in order.
  for (int id = off - DIR_FIRST_ID; id < PID_LIMIT; id++) {
    if (lookup(id, n->kind == P_TASKDIR ? n->pid : 0)) {
      snprintf(name, NAME_LEN, "%d", id);
      *next = DIR_FIRST_ID + id + 1;
      return 1;
    }
  }
  return 0;
}

long procfs_getdents(struct file *f, uint64_t ubuf, size_t len)
{
  struct proc_file *pf = f->proc;
  union {
    struct linux_dirent64 d;
    char bytes[sizeof(struct linux_dirent64) + NAME_LEN + 8];
  } rec;
  char name[NAME_LEN];
  uint8_t type;
  uint64_t next;
  size_t pos = 0;
  if (!is_dir(pf->node.kind))
    return -ENOTDIR;
  sleeplock_acquire(&pf->lock);
  for (;;) {
    spin_lock(&tasklist_lock);
    int more = dir_entry(&pf->node, f->off, name, &type, &next);
    spin_unlock(&tasklist_lock);
    if (!more)
      break;
    size_t namelen = strlen(name), reclen = (sizeof(rec.d) + namelen + 1 + 7) & ~7UL;
    if (pos + reclen > len) {
      if (!pos)
        pos = -EINVAL;
      break;
    }
    memset(&rec, 0, sizeof rec);
    rec.d.d_ino = f->off + 1;
    rec.d.d_off = next;
    rec.d.d_reclen = reclen;
    rec.d.d_type = type;
    memcpy(rec.d.d_name, name, namelen);
    if (copy_to_user(ubuf + pos, &rec, reclen) < 0) {
      pos = -EFAULT;
      break;
    }
    pos += reclen;
    f->off = next;
  }
  sleeplock_release(&pf->lock);
  return pos;
}
