/*
 * tasim/strpool.h: a pool of interned strings. Equal strings get one
 * pointer that lives as long as the pool.
 *
 * Results decoded from another process (an MPI rank, a shard file) name
 * countries, topics and series by text; the writers keep those names for
 * the whole run and compare them, so each decoded name is interned here
 * once and every later replication reuses the same pointer.
 */
#ifndef TASIM_STRPOOL_H
#define TASIM_STRPOOL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tasim_strpool tasim_strpool_t;

tasim_strpool_t *tasim_strpool_create(void);
void tasim_strpool_destroy(tasim_strpool_t *p);

/* The pool's copy of the `len` bytes at `s` (not NUL-terminated, and
 * containing no NUL), added on first use. The result is NUL-terminated
 * and never moves. */
const char *tasim_strpool_intern(tasim_strpool_t *p, const char *s,
                                 size_t len);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_STRPOOL_H */
