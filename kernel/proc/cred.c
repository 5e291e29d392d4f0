// The id system calls.  A task changes only its own credentials, so they
// need no lock: other tasks never write them.
#include "proc/cred.h"
#include "proc/task.h"
#include "syscall.h"
#include "mm/mm.h"
#include "errno.h"

#define NO_CHANGE ((uint32_t)-1)       // "leave this id as it is" (setres*id, setre*id)

static int privileged(void)
{
  return current->cred.euid == 0;
}

// May the caller switch one of its ids to id?  Root may take any; others
// only one of their own real, effective or saved ids.
static int allowed(uint32_t id, uint32_t real, uint32_t eff, uint32_t saved)
{
  return id == NO_CHANGE || privileged() || id == real || id == eff || id == saved;
}

long sys_getuid(void) { return current->cred.uid; }
long sys_geteuid(void) { return current->cred.euid; }
long sys_getgid(void) { return current->cred.gid; }
long sys_getegid(void) { return current->cred.egid; }

// setresuid and setresgid: the core of every other setter.  -1 keeps an id.
static long set_ids(uint32_t *ids, uint32_t *fs, uint32_t r, uint32_t e, uint32_t s)
{
  if (!allowed(r, ids[0], ids[1], ids[2]) || !allowed(e, ids[0], ids[1], ids[2]) ||
      !allowed(s, ids[0], ids[1], ids[2]))
    return -EPERM;
  if (r != NO_CHANGE)
    ids[0] = r;
  if (e != NO_CHANGE)
    ids[1] = e;
  if (s != NO_CHANGE)
    ids[2] = s;
  *fs = ids[1];                        // the filesystem id follows the effective one
  return 0;
}

long sys_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
  struct cred *c = &current->cred;
  uint32_t ids[3] = { c->uid, c->euid, c->suid };
  long err = set_ids(ids, &c->fsuid, r, e, s);
  if (err == 0) {
    c->uid = ids[0];
    c->euid = ids[1];
    c->suid = ids[2];
  }
  return err;
}

long sys_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
  struct cred *c = &current->cred;
  uint32_t ids[3] = { c->gid, c->egid, c->sgid };
  long err = set_ids(ids, &c->fsgid, r, e, s);
  if (err == 0) {
    c->gid = ids[0];
    c->egid = ids[1];
    c->sgid = ids[2];
  }
  return err;
}

static long put_ids(uint64_t ur, uint64_t ue, uint64_t us, uint32_t r, uint32_t e, uint32_t s)
{
  if (copy_to_user(ur, &r, sizeof r) < 0 || copy_to_user(ue, &e, sizeof e) < 0 ||
      copy_to_user(us, &s, sizeof s) < 0)
    return -EFAULT;
  return 0;
}

long sys_getresuid(uint64_t ur, uint64_t ue, uint64_t us)
{
  struct cred *c = &current->cred;
  return put_ids(ur, ue, us, c->uid, c->euid, c->suid);
}

long sys_getresgid(uint64_t ur, uint64_t ue, uint64_t us)
{
  struct cred *c = &current->cred;
  return put_ids(ur, ue, us, c->gid, c->egid, c->sgid);
}

// setuid: root sets all three; others only the effective id.
long sys_setuid(uint32_t id)
{
  if (id == NO_CHANGE)
    return -EINVAL;                    // -1 is no id: only the set*id calls that take several read it as "keep"
  if (privileged())
    return sys_setresuid(id, id, id);
  return sys_setresuid(NO_CHANGE, id, NO_CHANGE);
}

long sys_setgid(uint32_t id)
{
  if (id == NO_CHANGE)
    return -EINVAL;
  if (privileged())
    return sys_setresgid(id, id, id);
  return sys_setresgid(NO_CHANGE, id, NO_CHANGE);
}

// setreuid: as POSIX, the saved id becomes the new effective one when the
// real id is set or the effective one moves away from the real one.
long sys_setreuid(uint32_t r, uint32_t e)
{
  struct cred *c = &current->cred;
  uint32_t s = NO_CHANGE;
  if (r != NO_CHANGE || (e != NO_CHANGE && e != c->uid))
    s = e != NO_CHANGE ? e : c->euid;
  if (!privileged() && r != NO_CHANGE && r != c->uid && r != c->euid)
    return -EPERM;
  return sys_setresuid(r, e, s);
}

long sys_setregid(uint32_t r, uint32_t e)
{
  struct cred *c = &current->cred;
  uint32_t s = NO_CHANGE;
  if (r != NO_CHANGE || (e != NO_CHANGE && e != c->gid))
    s = e != NO_CHANGE ? e : c->egid;
  if (!privileged() && r != NO_CHANGE && r != c->gid && r != c->egid)
    return -EPERM;
  return sys_setresgid(r, e, s);
}

// setfsuid/setfsgid answer the old id whether or not they change it.
long sys_setfsuid(uint32_t id)
{
  struct cred *c = &current->cred;
  uint32_t old = c->fsuid;
  if (privileged() || id == c->uid || id == c->euid || id == c->suid)
    c->fsuid = id;
  return old;
}

long sys_setfsgid(uint32_t id)
{
  struct cred *c = &current->cred;
  uint32_t old = c->fsgid;
  if (privileged() || id == c->gid || id == c->egid || id == c->sgid)
    c->fsgid = id;
  return old;
}

long sys_getgroups(int size, uint64_t ulist)
{
  struct cred *c = &current->cred;
  if (size < 0)
    return -EINVAL;
  if (size == 0)
    return c->ngroups;
  if (size < c->ngroups)
    return -EINVAL;
  if (copy_to_user(ulist, c->groups, c->ngroups * sizeof c->groups[0]) < 0)
    return -EFAULT;
  return c->ngroups;
}

long sys_setgroups(int size, uint64_t ulist)
{
  struct cred *c = &current->cred;
  uint32_t groups[NGROUPS_MAX];
  if (!privileged())
    return -EPERM;
  if (size < 0 || size > NGROUPS_MAX)
    return -EINVAL;
  if (copy_from_user(groups, ulist, size * sizeof groups[0]) < 0)
    return -EFAULT;
  for (int i = 0; i < size; i++)
    c->groups[i] = groups[i];
  c->ngroups = size;
  return 0;
}
