/*
 * tasim/error.h: one table of error codes for the whole library, and the
 * error record that carries their context.
 *
 * Library functions return 0 on success or a negative TASIM_E* code. When a
 * caller needs more than the code (which file, which line, what was wrong),
 * it passes a tasim_error_t that the library fills in. The library never
 * prints: the command-line front end decides how errors are shown.
 */
#ifndef TASIM_ERROR_H
#define TASIM_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* X-macro: code name, value, human text. Values are stable across releases. */
#define TASIM_ERRNO_MAP(X)                                                    \
    X(TASIM_OK, 0, "success")                                                 \
    X(TASIM_ENOMEM, -1, "out of memory")                                      \
    X(TASIM_EINVAL, -2, "invalid argument")                                   \
    X(TASIM_EIO, -3, "input/output error")                                    \
    X(TASIM_ESCENARIO, -4, "invalid scenario")                                \
    X(TASIM_EGSL, -5, "numerical library error")                              \
    X(TASIM_EUSAGE, -6, "usage error")                                        \
    X(TASIM_ERUNTIME, -7, "simulation failed")

enum {
#define TASIM_ERRNO_ENUM(name, value, text) name = value,
    TASIM_ERRNO_MAP(TASIM_ERRNO_ENUM)
#undef TASIM_ERRNO_ENUM
};

/* Longest message kept in an error record; longer ones are truncated. */
#define TASIM_ERROR_MESSAGE_MAX 512
#define TASIM_ERROR_FILE_MAX 256

/*
 * Context for an error. `line` and `column` are 1-based and 0 when they do
 * not apply. Embedded by the caller; holds no heap memory.
 */
typedef struct tasim_error {
    int code;
    char file[TASIM_ERROR_FILE_MAX];
    int line;
    int column;
    char message[TASIM_ERROR_MESSAGE_MAX];
} tasim_error_t;

/* Static text for a TASIM_E* code; never NULL. */
const char *tasim_strerror(int code);

/* Clear an error record to "no error". */
void tasim_error_clear(tasim_error_t *err);

/*
 * Fill `err` (which may be NULL) with a code, an optional location and a
 * printf-style message. Returns `code`, so callers can write
 * `return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0, "...")`.
 */
int tasim_error_set(tasim_error_t *err, int code, const char *file, int line,
                    int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#ifdef __cplusplus
}
#endif

#endif /* TASIM_ERROR_H */
