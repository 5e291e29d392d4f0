// Random numbers.  The state is one ChaCha20 key.  Each request replaces
// it, under the lock, with the first 32 bytes of a block made from it, and
// makes its output from the old key outside the lock ("fast key erasure"):
// what was handed out cannot be recomputed from the state afterwards.  getrandom() serves user
// programs in chunks, so a signal can cut a long request short.
#include "random.h"
#include "syscall.h"
#include "arch/arch.h"
#include "drivers/fdt.h"
#include "lib/chacha20.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "proc/task.h"
#include "errno.h"
#include "uapi/linux/random.h"

#define KEY_WORDS 8
#define CHUNK 256                      // bytes per lock hold (and per signal check)
#define GETRANDOM_MAX 33554431         // Linux's most per call (2^25 - 1)

static struct spinlock random_lock = SPINLOCK_INIT("random");
static uint32_t key[KEY_WORDS];        // under random_lock

// Boot: mix the firmware's seed and the time into the key, then whiten it
// through one block so that no input word shows in the state.
void random_init(struct machine *m)
{
  uint8_t seed[sizeof m->rng_seed] = { 0 };
  memcpy(seed, m->rng_seed, m->rng_seed_len);
  for (int i = 0; i < KEY_WORDS; i++) {
    uint32_t w, v;
    memcpy(&w, seed + 4 * i, 4);
    memcpy(&v, seed + 32 + 4 * i, 4);
    key[i] = w ^ v;
  }
  uint64_t t = rdtime();
  uint32_t nonce[3] = { (uint32_t)t, (uint32_t)(t >> 32), m->rng_seed_len };
  uint8_t block[CHACHA20_BLOCK];
  chacha20_block(key, 0, nonce, block);
  memcpy(key, block, sizeof key);
  memset(block, 0, sizeof block);
}

void random_bytes(void *buf, size_t n)
{
  static const uint32_t nonce[3];
  uint32_t k[KEY_WORDS];
  uint8_t block[CHACHA20_BLOCK], *out = buf;
  spin_lock(&random_lock);
  memcpy(k, key, sizeof k);
  chacha20_block(k, 0, nonce, block);
  memcpy(key, block, sizeof key);      // the next key; the rest of block 0 is output
  spin_unlock(&random_lock);
  size_t done = n < CHACHA20_BLOCK - sizeof key ? n : CHACHA20_BLOCK - sizeof key;
  memcpy(out, block + sizeof key, done);
  for (uint32_t ctr = 1; done < n; ctr++) {
    chacha20_block(k, ctr, nonce, block);
    size_t m = n - done < CHACHA20_BLOCK ? n - done : CHACHA20_BLOCK;
    memcpy(out + done, block, m);
    done += m;
  }
  memset(k, 0, sizeof k);
  memset(block, 0, sizeof block);
}

// Never blocks: the generator is ready from boot, so GRND_NONBLOCK and
// GRND_RANDOM change nothing.  A signal ends a long request with what was
// done (-EINTR if nothing), as on Linux.
long sys_getrandom(uint64_t ubuf, size_t len, unsigned int flags)
{
  uint8_t chunk[CHUNK];
  if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) ||
      (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
    return -EINVAL;
  if (len > GETRANDOM_MAX)
    len = GETRANDOM_MAX;
  size_t done = 0;
  while (done < len) {
    if (done && signal_pending(current))
      break;
    size_t m = len - done < CHUNK ? len - done : CHUNK;
    random_bytes(chunk, m);
    if (copy_to_user(ubuf + done, chunk, m) < 0) {
      memset(chunk, 0, sizeof chunk);
      return done ? (long)done : -EFAULT;
    }
    done += m;
  }
  memset(chunk, 0, sizeof chunk);
  return done;
}
