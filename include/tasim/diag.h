/*
 * tasim/diag.h: a list of located errors, for reporting every mistake in a
 * scenario file at once rather than one per run.
 *
 * The library fills the list; rendering it in compiler style (file:line:
 * col: error: message, then the source line and a caret) is a pure
 * function of the list and the source text, so the front end decides where
 * it goes.
 */
#ifndef TASIM_DIAG_H
#define TASIM_DIAG_H

#include <stddef.h>

#include "tasim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Errors kept before the list stops growing; one more notes the cut. */
#define TASIM_DIAG_DEFAULT_LIMIT 20

typedef struct tasim_diag {
    tasim_error_t *items;
    size_t count;
    size_t capacity;
    size_t limit;     /* 0: TASIM_DIAG_DEFAULT_LIMIT */
    size_t dropped;   /* errors found beyond the limit */
} tasim_diag_t;

/* Initialise an empty list (caller-embedded); release with _fini. */
void tasim_diag_init(tasim_diag_t *d);
void tasim_diag_fini(tasim_diag_t *d);

/* Append an error with a 1-based location (line 0: no location). */
void tasim_diag_add(tasim_diag_t *d, int code, const char *file, int line,
                    int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Whether the list is full (callers may stop looking for more). */
int tasim_diag_full(const tasim_diag_t *d);

/*
 * Render every error as
 *     FILE:LINE:COL: error: MESSAGE
 *     <the source line>
 *     <spaces>^
 * (without the last two lines when there is no location or no source),
 * followed by a note when errors were dropped. `source` is the text the
 * locations refer to, or NULL. Returns a new string the caller frees.
 */
char *tasim_diag_render(const tasim_diag_t *d, const char *source,
                        size_t source_len);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_DIAG_H */
