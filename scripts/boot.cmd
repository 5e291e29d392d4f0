# U-Boot script that boots rvos from the SD-card image (make sdcard).
# `mkimage -T script` wraps it into boot.scr.  U-Boot's automatic boot
# (distro boot / standard boot) finds boot.scr on the boot partition and sets
# devtype, devnum, distro_bootpart and prefix before it runs it; to run it by
# hand, set those four yourself (docs/boards/visionfive2.md).
#
# Loads, at the addresses this U-Boot's environment gives:
#   Image       -> kernel_addr_r   (0x40200000 on the VisionFive 2, 0x84000000 on QEMU virt)
#   fs.img      -> ramdisk_addr_r  (the root file system, as the initrd)
#   rvos.dtb    -> fdt_addr_r      (only if the partition has one; otherwise the
#                                   device tree U-Boot itself runs with is used)
# and boots with bootargs "root=ram" (plus ${rvos_bootargs}, e.g. pte_check, if
# set): the kernel takes its root file system from the initrd even if it also
# sees a virtio disk (QEMU's copy of this image).

setenv rvos_part "${devtype} ${devnum}:${distro_bootpart}"
echo "rvos: boot script on ${rvos_part}"

if load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}Image; then
  if load ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} ${prefix}fs.img; then
    setenv rvos_initrd ${ramdisk_addr_r}:${filesize}
    if test -e ${devtype} ${devnum}:${distro_bootpart} ${prefix}rvos.dtb; then
      load ${devtype} ${devnum}:${distro_bootpart} ${fdt_addr_r} ${prefix}rvos.dtb
      echo "rvos: device tree from ${prefix}rvos.dtb"
    else
      # A copy, with room for the /chosen entries booti adds; U-Boot's own stays untouched.
      fdt move ${fdtcontroladdr} ${fdt_addr_r} 0x80000
      echo "rvos: device tree from U-Boot (${fdtcontroladdr})"
    fi
    setenv bootargs "root=ram ${rvos_bootargs}"
    booti ${kernel_addr_r} ${rvos_initrd} ${fdt_addr_r}
  fi
fi
echo "rvos: boot failed (missing Image or fs.img on ${rvos_part}?)"
