/*
 * run_command.c: fork and exec the tasim executable with its output sent
 * to temporary files (pipes could fill up and deadlock on long output).
 */
#define _POSIX_C_SOURCE 200809L
#include "run_command.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    char *buf = malloc((size_t)n + 1);
    rewind(f);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

command_result_t run_tasim(const char *cwd, const char *const *args)
{
    command_result_t r = {0};
    FILE *out = tmpfile(), *err = tmpfile();
    size_t n = 0;
    while (args[n])
        n++;
    char **argv = calloc(n + 2, sizeof *argv);
    argv[0] = (char *)TASIM_EXE;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = (char *)args[i];
    pid_t pid = fork();
    if (pid == 0) {
        if (cwd && chdir(cwd) != 0)
            _exit(127);
        FILE *in = fopen("/dev/null", "r");
        dup2(fileno(in), 0);
        dup2(fileno(out), 1);
        dup2(fileno(err), 2);
        execv(TASIM_EXE, argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    free(argv);
    if (WIFEXITED(status)) {
        r.exit_code = WEXITSTATUS(status);
    } else {
        r.exit_code = -1;
        r.signal = WTERMSIG(status);
    }
    fseek(out, 0, SEEK_END);
    fseek(err, 0, SEEK_END);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

void command_result_free(command_result_t *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}
