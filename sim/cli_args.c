/*
 * cli_args.c: the usual ways of writing options, brought to the one form
 * the subcommands parse (cli.h). Each subcommand reads its options one
 * token at a time, "-r 5" or "--seed 7"; people also write "-r5",
 * "--seed=7" and "-kq", as getopt allows everywhere else. Rewriting the
 * tokens here, once, lets every subcommand accept them all without a
 * second parser.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"

/* Every long option of every subcommand, and whether it takes a value
 * (an option a subcommand does not know is still refused by its parser).
 * Knowing them all also lets "-force" (a dash short) reach the
 * subcommand whole, to be refused as unknown, instead of being read as
 * "-f -o rce": force, and an output directory nobody meant. */
static const struct {
    const char *name; /* without the dashes */
    int takes_value;
} long_options[] = {
    {"output", 1},   {"replications", 1},      {"seed", 1},
    {"level", 1},    {"strategies", 1},        {"threads", 1},
    {"shard", 1},    {"max-points", 1},        {"function", 1},
    {"force", 0},    {"quiet", 0},             {"plot", 0},
    {"progress", 0}, {"keep-replications", 0}, {"mpi", 0},
    {"resume", 0},   {"help", 0},              {"reference", 0},
    {"version", 0},
};
enum { LONG_OPTIONS = sizeof long_options / sizeof long_options[0] };

/* The short options that take a value. */
static const char value_short[] = "orslSj";

/* The long option called by the first `len` characters of `name` (no
 * dashes), or -1. */
static int long_option(const char *name, size_t len)
{
    for (int i = 0; i < LONG_OPTIONS; i++)
        if (strlen(long_options[i].name) == len &&
            strncmp(long_options[i].name, name, len) == 0)
            return i;
    return -1;
}

static int takes_value_long(const char *name, size_t len)
{
    int i = long_option(name, len);
    return i >= 0 && long_options[i].takes_value;
}

static int takes_value_short(char c)
{
    return c != '\0' && strchr(value_short, c) != NULL;
}

static void push(tasim_cli_args_t *a, char *arg)
{
    a->argv[a->argc++] = arg;
    a->argv[a->argc] = NULL;
}

/* A new string, kept until tasim_cli_args_free. */
static char *own(tasim_cli_args_t *a, const char *s, size_t len)
{
    char *copy = tasim_xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    a->owned[a->owned_count++] = copy;
    return copy;
}

void tasim_cli_args_expand(tasim_cli_args_t *a, int argc, char **argv)
{
    /* Each token becomes at most as many tokens as it has characters. */
    size_t room = 2;
    for (int i = 0; i < argc; i++)
        room += strlen(argv[i]) + 1;
    a->argv = tasim_xcalloc(room, sizeof *a->argv);
    a->owned = tasim_xcalloc(room, sizeof *a->owned);
    a->argc = 0;
    a->owned_count = 0;
    int options = 1; /* until "--" */
    for (int i = 0; i < argc; i++) {
        char *t = argv[i];
        if (i == 0 || !options || t[0] != '-' || t[1] == '\0') {
            push(a, t); /* the command name, an operand, or "-" */
            continue;
        }
        if (strcmp(t, "--") == 0) {
            options = 0;
            push(a, t);
            continue;
        }
        if (t[1] == '-') { /* --name or --name=value */
            const char *eq = strchr(t, '=');
            if (eq && takes_value_long(t + 2, (size_t)(eq - t - 2))) {
                push(a, own(a, t, (size_t)(eq - t)));
                push(a, own(a, eq + 1, strlen(eq + 1)));
            } else {
                push(a, t);
                if (takes_value_long(t + 2, strlen(t + 2)) && i + 1 < argc)
                    push(a, argv[++i]); /* its value, whatever it looks like */
            }
            continue;
        }
        if (t[2] != '\0' && long_option(t + 1, strlen(t + 1)) >= 0) {
            push(a, t); /* "-force": left for the subcommand to refuse */
            continue;
        }
        /* -x, -xVALUE, or flags run together (-kq), the last of which may
         * take a value (-kr5, -ko DIR). */
        for (const char *c = t + 1; *c; c++) {
            char opt[3] = {'-', *c, '\0'};
            push(a, c == t + 1 && c[1] == '\0' ? t : own(a, opt, 2));
            if (takes_value_short(*c)) {
                if (c[1] != '\0')
                    push(a, own(a, c + 1, strlen(c + 1)));
                else if (i + 1 < argc)
                    push(a, argv[++i]);
                break;
            }
        }
    }
}

void tasim_cli_args_free(tasim_cli_args_t *a)
{
    for (size_t i = 0; i < a->owned_count; i++)
        free(a->owned[i]);
    free(a->owned);
    free(a->argv);
    a->argv = NULL;
    a->owned = NULL;
    a->argc = 0;
    a->owned_count = 0;
}
