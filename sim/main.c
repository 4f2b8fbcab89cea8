/*
 * main.c: the tasim executable's entry point. It only dispatches: each
 * subcommand lives in its own cmd_*.c file and is listed in commands.c.
 */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_version.h>
#include <yaml.h>

#include "cli.h"
#include "tasim/rng.h"
#include "tasim/version.h"

static void print_help(void)
{
    printf("Usage: tasim <command> [options] [arguments]\n"
           "       tasim --help | --version\n\n"
           "A discrete-event simulator of technical-assistance programmes.\n\n"
           "Commands:\n");
    for (const tasim_command_t *c = tasim_commands; c->name; c++)
        printf("  %-9s %s\n", c->name, c->summary);
    printf("\nRun 'tasim <command> --help' for a command's options.\n"
           "Exit codes: 0 ok, 1 runtime failure, 2 usage or I/O error, "
           "3 invalid scenario,\n"
           "4 stopped early as asked (sweep --max-points; resumable).\n");
}

static void print_version(void)
{
    printf("tasim %s (commit %s)\n", TASIM_VERSION, tasim_git_commit());
    printf("GSL %s, libyaml %s, random generator %s\n", GSL_VERSION,
           yaml_get_version_string(), TASIM_RNG_NAME);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return tasim_cli_usage_error(NULL, "no command given");
    const char *name = argv[1];
    if (tasim_cli_is_help(name)) {
        print_help();
        return TASIM_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        print_version();
        return TASIM_EXIT_OK;
    }
    for (const tasim_command_t *c = tasim_commands; c->name; c++)
        if (strcmp(c->name, name) == 0) {
            tasim_gsl_install_handler();
            /* validate takes files after its options, and a file may be
             * named "-x.yaml": its arguments are passed as they are. */
            if (strcmp(c->name, "validate") == 0)
                return c->main(argc - 1, argv + 1);
            tasim_cli_args_t args;
            tasim_cli_args_expand(&args, argc - 1, argv + 1);
            int rc = c->main(args.argc, args.argv);
            tasim_cli_args_free(&args);
            return rc;
        }
    if (name[0] == '-')
        return tasim_cli_usage_error(NULL, "unknown option '%s'", name);
    return tasim_cli_usage_error(NULL, "unknown command '%s'", name);
}
