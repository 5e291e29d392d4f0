// virtio over MMIO, modern interface (version 2), and the split virtqueue.
// Numbers from the virtio 1.x specification (sections 2.7 and 4.2.2).
#pragma once
#include <stdint.h>

// MMIO register offsets.
#define VIRTIO_MMIO_MAGIC_VALUE        0x000   // "virt"
#define VIRTIO_MMIO_VERSION            0x004   // 2 = modern
#define VIRTIO_MMIO_DEVICE_ID          0x008   // 0 = empty slot
#define VIRTIO_MMIO_DEVICE_FEATURES    0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES    0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL          0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX      0x034
#define VIRTIO_MMIO_QUEUE_NUM          0x038
#define VIRTIO_MMIO_QUEUE_READY        0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY       0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS   0x060
#define VIRTIO_MMIO_INTERRUPT_ACK      0x064
#define VIRTIO_MMIO_STATUS             0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW     0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH    0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW   0x090   // the available ring
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH  0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW   0x0a0   // the used ring
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH  0x0a4
#define VIRTIO_MMIO_CONFIG             0x100   // device-specific configuration

#define VIRTIO_MAGIC 0x74726976

// Device status bits.
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED      128

// Feature bits common to all devices.
#define VIRTIO_F_INDIRECT_DESC 28   // a descriptor may point to a table of descriptors
#define VIRTIO_F_VERSION_1 32

// Interrupt status bits.
#define VIRTIO_INT_USED_RING 1

// Split virtqueue.  Descriptors chain through next while VIRTQ_DESC_F_NEXT is set.
#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2    // the device writes this buffer
#define VIRTQ_DESC_F_INDIRECT 4 // the buffer is a table of descriptors, one chain

struct virtq_desc {
  uint64_t addr;                // physical
  uint32_t len;
  uint16_t flags;
  uint16_t next;
};

struct virtq_avail {            // driver -> device: heads of chains to process
  uint16_t flags;
  uint16_t idx;                 // where the driver puts the next entry (mod queue size)
  uint16_t ring[];
};

struct virtq_used_elem {
  uint32_t id;                  // head of the finished chain
  uint32_t len;                 // bytes the device wrote
};

struct virtq_used {             // device -> driver: finished chains
  uint16_t flags;
  uint16_t idx;
  struct virtq_used_elem ring[];
};
