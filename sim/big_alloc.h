/*
 * big_alloc.h (private): memory for the arrays that grow to tens of
 * megabytes at world scale (a replication's observations, the summary's
 * positions and values).
 *
 * Such arrays are touched once, page after page, and on some systems
 * (virtual machines above all) the first touch of a page costs far more
 * than filling it: about 11 microseconds per 4 KB page on the machines
 * tasim's figures come from, a quarter of a world-scale run. Blocks of
 * 2 MB or more are therefore mapped on their own, aligned on 2 MB and
 * advised for transparent huge pages where the system offers them on
 * request, so that a first touch brings in 2 MB at once. Such a block
 * grows by moving its pages to a larger mapping (mremap), not by copying
 * its bytes, so that only the new part is fresh memory. Elsewhere, and
 * for smaller blocks, these are malloc, realloc and free.
 *
 * The caller keeps each block's size: the functions need it back.
 */
#ifndef TASIM_BIG_ALLOC_H
#define TASIM_BIG_ALLOC_H

#include <stddef.h>

/* Resize the block `p` of `old_bytes` (NULL and 0 for a new block) to
 * `new_bytes`, keeping its first min(old, new) bytes; aborts when memory
 * runs out, like tasim_xmalloc. The contents past old_bytes are
 * unspecified. Returns the block, which may have moved. */
void *tasim_big_resize(void *p, size_t old_bytes, size_t new_bytes);

/* A new block of `bytes`, all zero (as calloc). */
void *tasim_big_zeroed(size_t bytes);

/* Release a block of `bytes` (NULL is fine). */
void tasim_big_free(void *p, size_t bytes);

#endif
