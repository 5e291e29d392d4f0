// The ChaCha20 block function (RFC 8439): 64 bytes of keystream from a
// 256-bit key, a 32-bit block counter and a 96-bit nonce.
#pragma once
#include <stdint.h>

#define CHACHA20_BLOCK 64

void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3], uint8_t out[CHACHA20_BLOCK]);
