/*
 * strbuf.h (private): a growable string for building messages and
 * documents. Aborts on out-of-memory like the x* allocators.
 */
#ifndef TASIM_STRBUF_H
#define TASIM_STRBUF_H

#include <stddef.h>

typedef struct {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} tasim_strbuf_t;

void tasim_strbuf_append(tasim_strbuf_t *b, const char *s, size_t n);
void tasim_strbuf_printf(tasim_strbuf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Hand over the string (never NULL); the buffer is left empty. */
char *tasim_strbuf_take(tasim_strbuf_t *b);

#endif
