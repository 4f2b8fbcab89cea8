/*
 * error.c: the error table and the error record helpers of tasim/error.h.
 */
#include "tasim/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *tasim_strerror(int code)
{
    switch (code) {
#define TASIM_ERRNO_CASE(name, value, text)                                   \
    case name:                                                                \
        return text;
        TASIM_ERRNO_MAP(TASIM_ERRNO_CASE)
#undef TASIM_ERRNO_CASE
    default:
        return "unknown error";
    }
}

void tasim_error_clear(tasim_error_t *err)
{
    if (err == NULL)
        return;
    memset(err, 0, sizeof *err);
}

int tasim_error_set(tasim_error_t *err, int code, const char *file, int line,
                    int column, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}
