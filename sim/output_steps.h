/*
 * output_steps.h (private): the steps every command that writes an output
 * directory takes the same way: open a file in it, run the feed that
 * delivers the results, and commit or remove the directory at the end.
 */
#ifndef TASIM_OUTPUT_STEPS_H
#define TASIM_OUTPUT_STEPS_H

#include <signal.h>
#include <stdio.h>

#include "ensemble.h"
#include "manifest.h"
#include "outdir.h"

/* Start writing `output` (see tasim_outdir_begin); returns 0, or
 * TASIM_EXIT_USAGE after printing why not. */
int tasim_output_begin(tasim_outdir_t *dir, const char *output, int force);

/* Write manifest.yaml for a run of `sc`: `info` as the command knows it,
 * with the command line completed here from the subcommand's arguments
 * (argc, argv: argv[0] is the subcommand). Returns 0 or -1. */
int tasim_output_manifest(const tasim_outdir_t *dir,
                          const tasim_scenario_t *sc, int argc, char **argv,
                          tasim_manifest_info_t info);

/* `name` in the directory being written, opened for writing; NULL on
 * failure. */
FILE *tasim_output_open(const tasim_outdir_t *dir, const char *name);

/* Run `feed` on `job`; on failure print why (not for an interruption,
 * which the end reports) and return TASIM_EXIT_USAGE for an I/O error
 * (TASIM_EIO), TASIM_EXIT_RUNTIME otherwise; 0 on success. */
int tasim_output_feed(const tasim_feed_t *feed, const tasim_job_t *job,
                      volatile sig_atomic_t *interrupted);

/* Commit the directory if `rc` is 0, else remove it, saying so when the
 * command was interrupted. Returns the final exit code. */
int tasim_output_finish(tasim_outdir_t *dir, int rc,
                        volatile sig_atomic_t *interrupted);

#endif
