/*
 * tasim/sha256.h: SHA-256 (FIPS 180-4) of byte buffers, for recording
 * exactly which scenario text produced a result.
 *
 * Design choice: a small self-contained implementation rather than a
 * dependency on OpenSSL or similar: tasim hashes a few kilobytes per run,
 * so speed does not matter, and one more library to find at build time
 * would cost more than the hundred lines here. The incremental API
 * (init/update/final) lets callers hash data that arrives in pieces; the
 * context is caller-embedded and holds no heap memory.
 */
#ifndef TASIM_SHA256_H
#define TASIM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes in a digest, and chars in its hex form including the NUL. */
#define TASIM_SHA256_DIGEST_SIZE 32
#define TASIM_SHA256_HEX_SIZE 65

/* State of one hash computation. Treat as opaque. */
typedef struct tasim_sha256 {
    uint32_t state[8];
    uint64_t length;         /* bytes hashed so far */
    unsigned char block[64]; /* bytes waiting for a full block */
    size_t used;             /* how many of `block` are filled */
} tasim_sha256_t;

/* Start a new hash in `h`. */
void tasim_sha256_init(tasim_sha256_t *h);

/* Add `len` bytes at `data` (which may be NULL when `len` is 0). Pieces
 * may have any size; the result depends only on their concatenation. */
void tasim_sha256_update(tasim_sha256_t *h, const void *data, size_t len);

/* Finish the hash and write its 32 bytes to `digest`. `h` must be
 * initialised again before further use. */
void tasim_sha256_final(tasim_sha256_t *h,
                        unsigned char digest[TASIM_SHA256_DIGEST_SIZE]);

/* Write `digest` as 64 lowercase hex digits and a NUL into `hex`. */
void tasim_sha256_to_hex(const unsigned char digest[TASIM_SHA256_DIGEST_SIZE],
                         char hex[TASIM_SHA256_HEX_SIZE]);

/* One call: the hash of `len` bytes at `data` as 64 lowercase hex digits
 * and a NUL, written into `hex`. */
void tasim_sha256_hex(const void *data, size_t len,
                      char hex[TASIM_SHA256_HEX_SIZE]);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_SHA256_H */
