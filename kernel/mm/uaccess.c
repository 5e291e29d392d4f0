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

long strncpy_from_user(char *dst, uint64_t src, size_t max)
{
  for (size_t i = 0; i < max; i++) {
    // Byte by byte is simple; strings (paths, argv) are short.
    if (copy_from_user(&dst[i], src + i, 1) < 0)
      return -EFAULT;
    if (dst[i] == 0)
      return i;
  }
  return -ENAMETOOLONG;
}
