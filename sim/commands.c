/*
 * commands.c: the table of tasim's subcommands, in the order --help lists
 * them.
 */
#include <stddef.h>

#include "cli.h"

const tasim_command_t tasim_commands[] = {
    {"run", "SCENARIO -o DIR", "simulate a scenario and write its results",
     tasim_cmd_run},
    {"validate", "FILE...", "check scenario files and summarise them",
     tasim_cmd_validate},
    {NULL, NULL, NULL, NULL},
};
