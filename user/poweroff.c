// poweroff: turn the machine off.
#include <stdio.h>
#include <sys/reboot.h>

int
main(void)
{
  reboot(RB_POWER_OFF);
  perror("poweroff");
  return 1;
}
