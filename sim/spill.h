/*
 * spill.h (private): values kept on disk, written replication by
 * replication and read back position by position.
 *
 * Exact quantiles need every value of a position across replications. In
 * memory that is 8 bytes per position per replication: fine for a few
 * replications, but a world-scale run has millions of positions. The
 * spill keeps them in a file instead (written sequentially, replication
 * after replication) and hands them back in chunks of positions, so
 * memory stays at one chunk, whatever the number of replications.
 */
#ifndef TASIM_SPILL_H
#define TASIM_SPILL_H

#include <stddef.h>
#include <stdint.h>

typedef struct tasim_spill tasim_spill_t;

/* A spill for `positions` values per replication, in a new file created
 * at `path` and unlinked at once (the disk it uses is freed when the
 * spill is closed, or the process ends), or an anonymous temporary file
 * when `path` is NULL. NULL if the file cannot be created. */
tasim_spill_t *tasim_spill_open(const char *path, size_t positions);

/* Append the next value (replication-major: all positions of one
 * replication, then the next). Returns 0 or -1 on a write error. */
int tasim_spill_append(tasim_spill_t *s, double v);

/* Make everything appended readable (before the first read). Returns 0
 * or -1 if a write failed. */
int tasim_spill_flush(tasim_spill_t *s);

/* The values of positions [start, start + n) in replications 0 to
 * `replications` - 1, into buf[r * n + i]. Several threads may read at
 * once. Returns 0 or -1. */
int tasim_spill_read(const tasim_spill_t *s, size_t start, size_t n,
                     uint64_t replications, double *buf);

/* Close the file. NULL is allowed. */
void tasim_spill_close(tasim_spill_t *s);

#endif
