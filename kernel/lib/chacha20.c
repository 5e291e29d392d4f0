// ChaCha20's block function, from the algorithm's description in RFC 8439:
// twenty rounds of quarter-rounds over a 4x4 matrix of 32-bit words.
#include "lib/chacha20.h"

static uint32_t rotl(uint32_t x, int n)
{
  return x << n | x >> (32 - n);
}

static void quarter_round(uint32_t *s, int a, int b, int c, int d)
{
  s[a] += s[b]; s[d] = rotl(s[d] ^ s[a], 16);
  s[c] += s[d]; s[b] = rotl(s[b] ^ s[c], 12);
  s[a] += s[b]; s[d] = rotl(s[d] ^ s[a], 8);
  s[c] += s[d]; s[b] = rotl(s[b] ^ s[c], 7);
}

void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3], uint8_t out[CHACHA20_BLOCK])
{
  // "expand 32-byte k", then the key, the counter and the nonce.
  uint32_t init[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
  for (int i = 0; i < 8; i++)
    init[4 + i] = key[i];
  init[12] = counter;
  for (int i = 0; i < 3; i++)
    init[13 + i] = nonce[i];
  uint32_t s[16];
  for (int i = 0; i < 16; i++)
    s[i] = init[i];
  for (int round = 0; round < 20; round += 2) {
    quarter_round(s, 0, 4, 8, 12);     // columns
    quarter_round(s, 1, 5, 9, 13);
    quarter_round(s, 2, 6, 10, 14);
    quarter_round(s, 3, 7, 11, 15);
    quarter_round(s, 0, 5, 10, 15);    // diagonals
    quarter_round(s, 1, 6, 11, 12);
    quarter_round(s, 2, 7, 8, 13);
    quarter_round(s, 3, 4, 9, 14);
  }
  for (int i = 0; i < 16; i++) {
    uint32_t w = s[i] + init[i];       // little-endian words
    out[4 * i] = w;
    out[4 * i + 1] = w >> 8;
    out[4 * i + 2] = w >> 16;
    out[4 * i + 3] = w >> 24;
  }
}
