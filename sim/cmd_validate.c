/*
 * cmd_validate.c: `tasim validate FILE...`: load each scenario, print a
 * one-line summary of a valid one, or every error found in compiler style.
 * Exit 0 if all are valid, 3 if any is invalid, 2 if one cannot be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tasim/scenario.h"

static const char usage[] =
    "Usage: tasim validate [--reference] FILE...\n\n"
    "Check scenario files and summarise each valid one.\n\n"
    "Options:\n"
    "  --reference  print the reference of every scenario field (Markdown)\n"
    "  -h, --help   show this help\n";

static void print_summary(const tasim_scenario_t *sc)
{
    printf("%s: ok: '%s', %zu countr%s, %zu unit%s, %ld staff, %zu donor%s, "
           "%zu provider%s, %zu programme%s, %zu strateg%s\n",
           sc->path, sc->run.name, sc->country_count,
           sc->country_count == 1 ? "y" : "ies",
           tasim_scenario_unit_count(sc),
           tasim_scenario_unit_count(sc) == 1 ? "" : "s",
           tasim_scenario_staff_count(sc), sc->donor_count,
           sc->donor_count == 1 ? "" : "s", sc->provider_count,
           sc->provider_count == 1 ? "" : "s", sc->programme_count,
           sc->programme_count == 1 ? "" : "s", sc->strategy_count,
           sc->strategy_count == 1 ? "y" : "ies");
}

int tasim_cmd_validate(int argc, char **argv)
{
    int first_file = 1;
    for (; first_file < argc && argv[first_file][0] == '-'; first_file++) {
        const char *opt = argv[first_file];
        if (tasim_cli_is_help(opt)) {
            fputs(usage, stdout);
            return TASIM_EXIT_OK;
        }
        if (strcmp(opt, "--reference") == 0) {
            char *md = tasim_scenario_reference_markdown();
            fputs(md, stdout);
            free(md);
            return TASIM_EXIT_OK;
        }
        if (strcmp(opt, "--") == 0) {
            first_file++;
            break;
        }
        return tasim_cli_usage_error("validate", "unknown option '%s'", opt);
    }
    if (first_file >= argc)
        return tasim_cli_usage_error("validate", "no scenario file given");
    int status = TASIM_EXIT_OK;
    for (int i = first_file; i < argc; i++) {
        tasim_diag_t diag;
        tasim_diag_init(&diag);
        tasim_scenario_t *sc = tasim_scenario_load_file(argv[i], &diag);
        if (sc) {
            print_summary(sc);
        } else {
            int rc = tasim_cli_report_scenario_errors(argv[i], &diag);
            if (status != TASIM_EXIT_USAGE)
                status = rc;
        }
        tasim_scenario_destroy(sc);
        tasim_diag_fini(&diag);
    }
    return status;
}
