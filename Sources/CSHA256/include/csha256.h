#ifndef FLARELOG_CSHA256_H
#define FLARELOG_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the x86 SHA extensions (SHA-NI, with SSSE3 and SSE4.1), else 0.
int flarelog_sha256_hardware_available(void);

/// Runs the SHA-256 compression function over `blocks` 64-byte blocks at `data`, updating `state`
/// (the eight working words H0..H7). Only call it when flarelog_sha256_hardware_available() is 1.
void flarelog_sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
