/*
 * output_steps.c: see output_steps.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "output_steps.h"

#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "tasim/alloc.h"

int tasim_output_begin(tasim_outdir_t *dir, const char *output, int force)
{
    tasim_error_t err;
    tasim_error_clear(&err);
    if (tasim_outdir_begin(dir, output, force, &err) == 0)
        return 0;
    tasim_cli_error("%s: %s", err.file, err.message);
    return TASIM_EXIT_USAGE;
}

int tasim_output_manifest(const tasim_outdir_t *dir,
                          const tasim_scenario_t *sc, int argc, char **argv,
                          tasim_manifest_info_t info)
{
    /* The command as typed: "tasim" and the subcommand's arguments. */
    char **line = tasim_xcalloc((size_t)argc + 2, sizeof *line);
    line[0] = "tasim";
    for (int i = 0; i < argc; i++)
        line[i + 1] = argv[i];
    info.argc = argc + 1;
    info.argv = line;
    info.finished = time(NULL);
    FILE *f = tasim_output_open(dir, "manifest.yaml");
    int rc = f ? tasim_manifest_write(f, sc, &info) : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    free(line);
    return rc;
}

FILE *tasim_output_open(const tasim_outdir_t *dir, const char *name)
{
    char path[PATH_MAX];
    if (tasim_outdir_path(dir, name, path, sizeof path))
        return NULL;
    return fopen(path, "w");
}

int tasim_output_feed(const tasim_feed_t *feed, const tasim_job_t *job,
                      volatile sig_atomic_t *interrupted)
{
    tasim_error_t err;
    tasim_error_clear(&err);
    if (feed->run(feed->ctx, job, &err) == 0)
        return 0;
    if (!(interrupted && *interrupted)) {
        if (err.file[0])
            tasim_cli_error("%s: %s", err.file, err.message);
        else
            tasim_cli_error("%s", err.message);
    }
    /* Input or output that failed (a damaged shard, a full disk) is an I/O
     * error; anything else, a failed simulation. */
    return err.code == TASIM_EIO ? TASIM_EXIT_USAGE : TASIM_EXIT_RUNTIME;
}

int tasim_output_finish(tasim_outdir_t *dir, int rc,
                        volatile sig_atomic_t *interrupted)
{
    tasim_error_t err;
    tasim_error_clear(&err);
    if (rc == 0 && tasim_outdir_commit(dir, &err)) {
        tasim_cli_error("%s: %s", err.file, err.message);
        rc = TASIM_EXIT_USAGE;
    }
    if (rc != 0) {
        tasim_outdir_abort(dir);
        if (interrupted && *interrupted > 0)
            tasim_cli_error("interrupted; no output written");
    }
    return rc;
}
