// virtio block device protocol (virtio 1.x specification, section 5.2).
// The driver's interface to the file system is fs/blockdev.h.
#pragma once
#include <stdint.h>

#define VIRTIO_ID_BLOCK 2
#define VIRTIO_BLK_SECTOR 512           // capacity and request sectors are in these units

#define VIRTIO_BLK_F_SEG_MAX 2         // seg_max below is valid

// Configuration space.
#define VIRTIO_BLK_CFG_CAPACITY 0x00    // uint64_t, in sectors
#define VIRTIO_BLK_CFG_SEG_MAX  0x0c    // uint32_t, data buffers one request may have

#define VIRTIO_BLK_T_IN  0              // read
#define VIRTIO_BLK_T_OUT 1              // write
#define VIRTIO_BLK_S_OK  0

// Every request is a chain: this header, the data (one buffer or several,
// read or written in turn), then one status byte.
struct virtio_blk_req_hdr {
  uint32_t type;
  uint32_t reserved;
  uint64_t sector;
};
