/*
 * run_command.h: run the tasim executable from a test and capture what it
 * printed and how it exited, so CLI behaviour can be specified exactly.
 */
#ifndef TASIM_TESTS_RUN_COMMAND_H
#define TASIM_TESTS_RUN_COMMAND_H

typedef struct {
    int exit_code; /* -1 if killed by a signal */
    int signal;    /* the signal, or 0 */
    char *out;     /* everything written to stdout, NUL-terminated */
    char *err;     /* everything written to stderr, NUL-terminated */
} command_result_t;

/* Run TASIM_EXE with the NULL-terminated argument list `args` (not
 * including argv[0]) in directory `cwd` (NULL: current), stdin from
 * /dev/null. The caller frees with command_result_free(). */
command_result_t run_tasim(const char *cwd, const char *const *args);
void command_result_free(command_result_t *r);

#endif
