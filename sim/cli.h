/*
 * cli.h (private): what the subcommands of the tasim executable share:
 * the command table, exit codes and the way usage errors are reported.
 *
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or I/O error, 3 invalid
 * scenario, 4 stopped early as asked (a sweep's --max-points). Every message starts with "tasim: error:" and goes to stderr;
 * --help goes to stdout.
 */
#ifndef TASIM_CLI_H
#define TASIM_CLI_H

#include <stddef.h>
#include <stdint.h>

enum {
    TASIM_EXIT_OK = 0,
    TASIM_EXIT_RUNTIME = 1,
    TASIM_EXIT_USAGE = 2,
    TASIM_EXIT_SCENARIO = 3,
    TASIM_EXIT_STOPPED = 4, /* stopped as asked (--max-points): resumable */
};

typedef struct tasim_command {
    const char *name;
    const char *synopsis; /* arguments, for the help text */
    const char *summary;  /* one line */
    int (*main)(int argc, char **argv); /* argv[0] is the command name */
} tasim_command_t;

/* The subcommands, terminated by an entry with a NULL name. */
extern const tasim_command_t tasim_commands[];

#include "tasim/diag.h"

/* Subcommands (one cmd_*.c file each). */
int tasim_cmd_run(int argc, char **argv);
int tasim_cmd_plot(int argc, char **argv);
int tasim_cmd_validate(int argc, char **argv);
int tasim_cmd_compare(int argc, char **argv);
int tasim_cmd_sweep(int argc, char **argv);
int tasim_cmd_merge(int argc, char **argv);

/* Print a failed scenario load's errors to stderr with source excerpts;
 * returns the exit code: 3 for an invalid scenario, 2 for an I/O error. */
int tasim_cli_report_scenario_errors(const char *path,
                                     const tasim_diag_t *diag);

/* Print "tasim: error: <message>" and a one-line hint naming the help of
 * `command` (or of tasim when NULL) to stderr; returns TASIM_EXIT_USAGE. */
int tasim_cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print "tasim: error: <message>" to stderr. */
void tasim_cli_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* A seed for a scenario that names none: drawn from /dev/urandom, to be
 * printed so the run can be repeated. */
uint64_t tasim_cli_draw_seed(void);

/* Whether `arg` is -h or --help. */
int tasim_cli_is_help(const char *arg);

/* A subcommand's arguments with every option written out on its own:
 * "--seed=7" becomes "--seed" "7", "-r5" becomes "-r" "5" and "-kq"
 * becomes "-k" "-q" (cli_args.c). Values and operands are kept as they
 * are, nothing after "--" is touched, and a long option's name given
 * with one dash ("-force") is kept whole for the subcommand to refuse.
 * Every subcommand but validate, whose operands may start with '-'. */
typedef struct {
    int argc;
    char **argv;   /* NULL-terminated; borrows the original strings */
    char **owned;  /* the pieces made here */
    size_t owned_count;
} tasim_cli_args_t;

void tasim_cli_args_expand(tasim_cli_args_t *a, int argc, char **argv);
void tasim_cli_args_free(tasim_cli_args_t *a);

#endif /* TASIM_CLI_H */
