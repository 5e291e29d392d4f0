// Checked copies between the kernel and user memory.  The page table is
// walked in software (no SUM bit, no kernel fault on a bad pointer), so a bad
// user address is reported as -EFAULT and nothing else happens.
#include "mm/mm.h"
#include "proc/task.h"
#include "lib/string.h"
#include "errno.h"

// Copy n bytes between kernel buffer kbuf and user address uva of mm,
// one page at a time; to_user says which way.
static int copy_user(struct mm *mm, uint64_t uva, void *kbuf, size_t n, int to_user)
{
  if (!mm)
    return -EFAULT;
  while (n > 0) {
    uint64_t off = uva & (PGSIZE - 1);
    size_t chunk = PGSIZE - off < n ? PGSIZE - off : n;
    spin_lock(&mm->lock);
    char *page = mm_page_locked(mm, uva, to_user);
    if (page) {
      if (to_user)
        memcpy(page + off, kbuf, chunk);
      else
        memcpy(kbuf, page + off, chunk);
    }
    spin_unlock(&mm->lock);
    if (!page)
      return -EFAULT;
    uva += chunk;
    kbuf = (char *)kbuf + chunk;
    n -= chunk;
  }
  return 0;
}

int copy_to_user(uint64_t dst, const void *src, size_t n)
{
  return copy_user(current->mm, dst, (void *)src, n, 1);
}

int copy_from_user(void *dst, uint64_t src, size_t n)
{
  return copy_user(current->mm, src, dst, n, 0);
}

int copy_to_mm(struct mm *mm, uint64_t dst, const void *src, size_t n)
{
  return copy_user(mm, dst, (void *)src, n, 1);
}

// A page at a time up to its end: a string that ends before an unmapped
// page is copied, as Linux does; one page-table walk per page, not per byte.
long strncpy_from_user(char *dst, uint64_t src, size_t max)
{
  size_t done = 0;
  while (done < max) {
    size_t chunk = PGSIZE - ((src + done) & (PGSIZE - 1));
    if (chunk > max - done)
      chunk = max - done;
    if (copy_from_user(dst + done, src + done, chunk) < 0)
      return -EFAULT;
    for (size_t end = done + chunk; done < end; done++)
      if (dst[done] == 0)
        return done;
  }
  return -ENAMETOOLONG;
}
