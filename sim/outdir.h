/*
 * outdir.h (private): write a run's output directory atomically.
 *
 * Files are written into a hidden temporary directory next to the target
 * and renamed into place only when complete, so an interrupted or failed
 * run never leaves a half-written output directory behind. An existing
 * directory is replaced only with `force`, and then only once the new one
 * is complete.
 */
#ifndef TASIM_OUTDIR_H
#define TASIM_OUTDIR_H

#include <limits.h>

#include "tasim/error.h"

typedef struct {
    char final[PATH_MAX];
    char tmp[PATH_MAX];
    int force;
    /* The parent directory, of which the part beyond its first
     * `made_from` characters was created by this run (0: none was). */
    char parent[PATH_MAX];
    size_t made_from;
} tasim_outdir_t;

/* Create the temporary directory for `final`. Fails (TASIM_EIO) if `final`
 * exists and `force` is 0, or if the directory cannot be created. */
int tasim_outdir_begin(tasim_outdir_t *o, const char *final, int force,
                       tasim_error_t *err);

/* Record `path` as an input of this process's command (its scenario, a
 * shard): no output directory that holds it is replaced, --force or
 * not. */
void tasim_outdir_protect(const char *path);

/* Path of `name` inside the temporary directory (static storage of `o`). */
int tasim_outdir_path(const tasim_outdir_t *o, const char *name, char *buf,
                      size_t n);

/* Move the finished directory into place (replacing the old one with
 * force). */
int tasim_outdir_commit(tasim_outdir_t *o, tasim_error_t *err);

/* Put directory `tmp` in place as `final`, replacing whatever directory
 * is there (no checks: the caller decided). The old one is moved aside
 * to `aside`.old-XXXXXX first and deleted last, so a failed rename
 * leaves it where it was. Returns 0 or TASIM_EIO with `err` set. Also
 * used for the plots' directory. */
int tasim_replace_dir(const char *tmp, const char *final, const char *aside,
                      tasim_error_t *err);

/* Remove `path` and everything below it (links are removed, not
 * followed), as much of it as can be. Returns the number of entries left
 * behind, 0 when all is gone. Also used for the plots' temporary
 * directories. */
int tasim_remove_tree(const char *path);

/* Remove the temporary directory and everything in it. */
void tasim_outdir_abort(tasim_outdir_t *o);

#endif
