/*
 * diag.c: the error list of tasim/diag.h and its compiler-style rendering.
 */
#include "tasim/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tasim/alloc.h"
#include "utf8.h"

void tasim_diag_init(tasim_diag_t *d)
{
    memset(d, 0, sizeof *d);
}

void tasim_diag_fini(tasim_diag_t *d)
{
    free(d->items);
    memset(d, 0, sizeof *d);
}

static size_t limit_of(const tasim_diag_t *d)
{
    return d->limit ? d->limit : TASIM_DIAG_DEFAULT_LIMIT;
}

int tasim_diag_full(const tasim_diag_t *d)
{
    return d->count >= limit_of(d);
}

/* Whether the list already holds this exact error. The reader visits a
 * node once per alias that refers to it, so one mistake in an anchored
 * value would otherwise be listed once per reference. */
static int already_listed(const tasim_diag_t *d, const tasim_error_t *e)
{
    for (size_t i = 0; i < d->count; i++) {
        const tasim_error_t *o = &d->items[i];
        if (o->line == e->line && o->column == e->column &&
            o->code == e->code && strcmp(o->message, e->message) == 0 &&
            strcmp(o->file, e->file) == 0)
            return 1;
    }
    return 0;
}

void tasim_diag_add(tasim_diag_t *d, int code, const char *file, int line,
                    int column, const char *fmt, ...)
{
    if (tasim_diag_full(d)) {
        d->dropped++;
        return;
    }
    tasim_error_t e;
    tasim_error_set(&e, code, file, line, column, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    if (already_listed(d, &e))
        return;
    if (d->count == d->capacity) {
        d->capacity = d->capacity ? 2 * d->capacity : 8;
        d->items = tasim_xrealloc(d->items, d->capacity * sizeof *d->items);
    }
    d->items[d->count++] = e;
}

/* Start and length of 1-based line `line` in `src`; 0 if out of range. */
static int find_line(const char *src, size_t len, int line,
                     const char **start, size_t *n)
{
    const char *p = src, *end = src + len;
    for (int l = 1; l < line; l++) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (p == NULL)
            return 0;
        p++;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    *start = p;
    *n = (size_t)((eol ? eol : end) - p);
    if (*n > 0 && p[*n - 1] == '\r')
        (*n)--;
    return 1;
}

/* Bytes taken by the character at `s` and the text shown for it: control
 * characters and bytes that are not UTF-8 are shown as '?', so quoting a
 * binary file cannot garble the terminal (or cut the message at a NUL),
 * and each of them takes one column, as the error columns count them. */
static size_t shown_char(const char *s, size_t n, const char **shown)
{
    size_t len = tasim_utf8_len(s, n);
    unsigned char c = (unsigned char)s[0];
    if (len == 0 || (len == 1 && ((c < 0x20 && c != '\t') || c == 0x7F))) {
        *shown = "?";
        return 1;
    }
    *shown = s;
    return len;
}

/* Characters of a source line shown at most; a longer line is cut, and
 * its start left out ("...") when the column lies beyond the cut. */
#define EXCERPT_WIDTH 200

/* The source line, then a caret under `column`. Tabs before the column are
 * repeated in the caret line so that the caret lines up in a terminal
 * whatever its tab width. */
static void render_excerpt(tasim_strbuf_t *b, const char *src, size_t len,
                           int line, int column)
{
    const char *text, *shown;
    size_t n, i = 0;
    if (src == NULL || line < 1 || !find_line(src, len, line, &text, &n))
        return;
    int first = column > EXCERPT_WIDTH ? column - EXCERPT_WIDTH / 2 : 1;
    tasim_strbuf_t caret = {0};
    tasim_strbuf_append(b, first > 1 ? "    ..." : "    ", first > 1 ? 7 : 4);
    tasim_strbuf_append(&caret, "       ", first > 1 ? 7 : 4);
    for (int c = 1; i < n && c < first + EXCERPT_WIDTH; c++) {
        size_t used = shown_char(text + i, n - i, &shown);
        if (c >= first) {
            tasim_strbuf_append(b, shown, shown == text + i ? used : 1);
            if (c < column)
                tasim_strbuf_append(&caret, text[i] == '\t' ? "\t" : " ", 1);
        }
        i += used;
    }
    tasim_strbuf_append(&caret, "^\n", 2);
    tasim_strbuf_append(b, "\n", 1);
    tasim_strbuf_append(b, caret.data, caret.len);
    free(caret.data);
}

char *tasim_diag_render(const tasim_diag_t *d, const char *source,
                        size_t source_len)
{
    tasim_strbuf_t b = {0};
    for (size_t i = 0; i < d->count; i++) {
        const tasim_error_t *e = &d->items[i];
        if (e->line > 0)
            tasim_strbuf_printf(&b, "%s:%d:%d: error: %s\n", e->file, e->line,
                                e->column, e->message);
        else if (e->file[0])
            tasim_strbuf_printf(&b, "%s: error: %s\n", e->file, e->message);
        else
            tasim_strbuf_printf(&b, "error: %s\n", e->message);
        render_excerpt(&b, source, source_len, e->line, e->column);
    }
    if (d->dropped)
        tasim_strbuf_printf(&b, "note: %zu more error%s not shown\n",
                            d->dropped, d->dropped == 1 ? "" : "s");
    return tasim_strbuf_take(&b);
}
