/*
 * commands.c: the table of tasim's subcommands, in the order --help lists
 * them.
 */
#include <stddef.h>

#include "cli.h"

const tasim_command_t tasim_commands[] = {
    {"run", "SCENARIO -o DIR", "simulate a scenario and write its results",
     tasim_cmd_run},
    {"plot", "DIR", "draw the plots of a run's outputs with gnuplot",
     tasim_cmd_plot},
    {"validate", "FILE...", "check scenario files and summarise them",
     tasim_cmd_validate},
    {NULL, NULL, NULL, NULL},
};
