/*
 * big_alloc.c: large arrays in huge-page-friendly mappings (big_alloc.h).
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, madvise, mremap */
#include "big_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
#define HAVE_HUGE_MAPPINGS 1
#else
#define HAVE_HUGE_MAPPINGS 0
#endif

/* Blocks from this size on get mappings of their own. */
#define HUGE_PAGE ((size_t)2 << 20)

static int is_mapped(size_t bytes)
{
    return HAVE_HUGE_MAPPINGS && bytes >= HUGE_PAGE;
}

#if HAVE_HUGE_MAPPINGS
/* Whole huge pages: the last one may be touched in full as well. */
static size_t mapped_length(size_t bytes)
{
    return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static void *map_aligned(size_t bytes)
{
    if (bytes > SIZE_MAX - 2 * HUGE_PAGE)
        tasim_out_of_memory(bytes);
    size_t len = mapped_length(bytes), span = len + HUGE_PAGE;
    char *p = mmap(NULL, span, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        tasim_out_of_memory(bytes);
    /* Keep the aligned middle of an over-long mapping. */
    char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
    if (a > p)
        munmap(p, (size_t)(a - p));
    size_t tail = (size_t)((p + span) - (a + len));
    if (tail > 0)
        munmap(a + len, tail);
    /* Only advice: where huge pages are off, pages come 4 KB at a time. */
    (void)madvise(a, len, MADV_HUGEPAGE);
    return a;
}
#endif

#if HAVE_HUGE_MAPPINGS && defined(MREMAP_MAYMOVE) && defined(MREMAP_FIXED)
/* Grow or shrink a mapped block by moving its pages, not its bytes. The
 * pages already touched keep serving; only the new tail is fresh. A copy
 * into a new mapping would touch as many fresh pages as the old block
 * holds, on top of the tail: growing by doubling would touch every byte
 * of the final block twice over, and fresh pages are what costs. The
 * destination is reserved on a 2 MB boundary first, so the block stays
 * aligned. NULL when mremap refuses (the caller then copies). */
static void *move_pages(void *p, size_t old_bytes, size_t new_bytes)
{
    size_t old_len = mapped_length(old_bytes);
    size_t new_len = mapped_length(new_bytes);
    if (new_len == old_len)
        return p;
    if (new_len < old_len) {
        munmap((char *)p + new_len, old_len - new_len);
        return p;
    }
    void *dest = map_aligned(new_bytes);
    void *q = mremap(p, old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED,
                     dest);
    if (q == MAP_FAILED) {
        munmap(dest, new_len);
        return NULL;
    }
    return q;
}
#else
static void *move_pages(void *p, size_t old_bytes, size_t new_bytes)
{
    (void)p;
    (void)old_bytes;
    (void)new_bytes;
    return NULL;
}
#endif

void *tasim_big_resize(void *p, size_t old_bytes, size_t new_bytes)
{
    if (!is_mapped(old_bytes) && !is_mapped(new_bytes))
        return tasim_xrealloc(p, new_bytes);
#if HAVE_HUGE_MAPPINGS
    if (p != NULL && is_mapped(old_bytes) && is_mapped(new_bytes)) {
        void *moved = move_pages(p, old_bytes, new_bytes);
        if (moved != NULL)
            return moved;
    }
    /* Into or out of a mapping of its own (or the move was refused): a
     * copy. */
    void *q = is_mapped(new_bytes) ? map_aligned(new_bytes)
                                   : tasim_xmalloc(new_bytes);
    if (p != NULL)
        memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
    tasim_big_free(p, old_bytes);
    return q;
#else
    return p; /* not reached: is_mapped() is always false */
#endif
}

void *tasim_big_zeroed(size_t bytes)
{
#if HAVE_HUGE_MAPPINGS
    if (is_mapped(bytes))
        return map_aligned(bytes); /* fresh anonymous pages are zero */
#endif
    return tasim_xcalloc(1, bytes);
}

void tasim_big_free(void *p, size_t bytes)
{
    if (p == NULL)
        return;
#if HAVE_HUGE_MAPPINGS
    if (is_mapped(bytes)) {
        munmap(p, mapped_length(bytes));
        return;
    }
#endif
    free(p);
}
