// Host check of kernel/lib/chacha20.c: the block function against the test
// vector of RFC 8439 section 2.3.2 (key 00..1f, nonce 000000090000004a00000000,
// counter 1).  Prints the block in hex.
#include <stdio.h>
#include "lib/chacha20.h"

int main(void)
{
  uint32_t key[8];
  for (int i = 0; i < 8; i++)
    key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 | (uint32_t)(4 * i + 2) << 16 | (uint32_t)(4 * i + 3) << 24;
  const uint32_t nonce[3] = { 0x09000000, 0x4a000000, 0 };
  uint8_t out[CHACHA20_BLOCK];
  chacha20_block(key, 1, nonce, out);
  for (int i = 0; i < CHACHA20_BLOCK; i++)
    printf("%02x", out[i]);
  printf("\n");
  return 0;
}
