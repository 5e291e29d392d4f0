// The Goldfish RTC (QEMU virt, "google,goldfish-rtc"): a 64-bit count of
// nanoseconds since 1970.  Reading TIME_LOW latches TIME_HIGH, so the two
// halves belong to the same instant.
#include "drivers/rtc.h"
#include "drivers/fdt.h"
#include "mm/mm.h"

#define GOLDFISH_TIME_LOW  0       // register offsets in 32-bit words
#define GOLDFISH_TIME_HIGH 1

uint64_t rtc_read_ns(struct machine *m)
{
  if (!m->rtc.base)
    return 0;
  volatile uint32_t *regs = ioremap(m->rtc.base, m->rtc.size);
  uint64_t low = regs[GOLDFISH_TIME_LOW];
  uint64_t high = regs[GOLDFISH_TIME_HIGH];
  return high << 32 | low;
}
