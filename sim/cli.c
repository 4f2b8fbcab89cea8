/*
 * cli.c: error reporting shared by the subcommands (see cli.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tasim/scenario.h"

__attribute__((format(printf, 1, 0)))
static void vreport(const char *fmt, va_list ap)
{
    fputs("tasim: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int tasim_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
    if (command)
        fprintf(stderr, "Try 'tasim %s --help'.\n", command);
    else
        fputs("Try 'tasim --help'.\n", stderr);
    return TASIM_EXIT_USAGE;
}

void tasim_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
}

int tasim_cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int tasim_cli_report_scenario_errors(const char *path,
                                     const tasim_diag_t *diag)
{
    int io = 0;
    for (size_t i = 0; i < diag->count; i++)
        io |= diag->items[i].code == TASIM_EIO;
    /* Re-read the file only to quote its lines in the messages. */
    char *src = NULL;
    size_t len = 0;
    FILE *f = io ? NULL : fopen(path, "rb");
    if (f) {
        src = malloc(TASIM_SCENARIO_MAX_BYTES + 1);
        len = src ? fread(src, 1, TASIM_SCENARIO_MAX_BYTES, f) : 0;
        fclose(f);
    }
    char *text = tasim_diag_render(diag, src, len);
    fputs(text, stderr);
    free(text);
    free(src);
    return io ? TASIM_EXIT_USAGE : TASIM_EXIT_SCENARIO;
}

uint64_t tasim_cli_draw_seed(void)
{
    uint64_t s = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL || fread(&s, sizeof s, 1, f) != 1)
        s = (uint64_t)getpid() * 2654435761u;
    if (f)
        fclose(f);
    /* Twelve digits at most: short enough to type back. */
    return s % 1000000000000ull;
}
