/*
 * tasim/alloc.h: allocation that never returns NULL, and tasim's assertion.
 *
 * A simulation that runs out of memory cannot recover meaningfully, so the
 * x* allocators report the size that failed and abort rather than thread an
 * error code through every model function. Programming errors (NULL where
 * an object is required, an event scheduled in the past) are assertions
 * that stay on in release builds: a wrong result published is worse than a
 * crash, and the checks are cheap.
 */
#ifndef TASIM_ALLOC_H
#define TASIM_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Like malloc/calloc/realloc/strdup, but abort with the size on failure.
 * The caller owns the result and releases it with free(). */
void *tasim_xmalloc(size_t size);
void *tasim_xcalloc(size_t count, size_t size);
void *tasim_xrealloc(void *ptr, size_t size);
char *tasim_xstrdup(const char *s);

/* Report that `size` bytes could not be had and abort, as the allocators
 * above do (also for memory mapped without them). */
_Noreturn void tasim_out_of_memory(size_t size);

/* Report a failed assertion and abort. Use through tasim_assert(). */
_Noreturn void tasim_assert_fail(const char *expr, const char *file, int line,
                                 const char *func);

#define tasim_assert(expr)                                                    \
    ((expr) ? (void)0                                                         \
            : tasim_assert_fail(#expr, __FILE__, __LINE__, __func__))

#ifdef __cplusplus
}
#endif

#endif /* TASIM_ALLOC_H */
