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
    {"compare", "SCENARIO [-S A,B] -o DIR",
     "compare strategies on common random numbers", tasim_cmd_compare},
    {"sweep", "SCENARIO -o DIR",
     "run the scenario's parameter sweep and sensitivity analysis",
     tasim_cmd_sweep},
    {"merge", "SHARD... -o DIR", "gather the shards of a --shard run",
     tasim_cmd_merge},
    {"validate", "FILE...", "check scenario files and summarise them",
     tasim_cmd_validate},
    {NULL, NULL, NULL, NULL},
};
