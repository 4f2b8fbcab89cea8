/*
 * outdir.c: atomic output directories (see outdir.h). The temporary
 * directory is a sibling of the target (".NAME.tmp-XXXXXX" in the same
 * parent) so that the final rename stays within one file system and is
 * atomic.
 */
#define _XOPEN_SOURCE 700
#include "outdir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* dst = a + b + c, or -1 if it does not fit (paths are never truncated
 * silently: a truncated path would write somewhere else). */
static int join3(char *dst, size_t n, const char *a, const char *b,
                 const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    if (la + lb + lc + 1 > n)
        return -1;
    memcpy(dst, a, la);
    memcpy(dst + la, b, lb);
    memcpy(dst + la + lb, c, lc + 1);
    return 0;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* mkdir -p: create `dir` and its missing parents. */
static int make_parents(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

static void split(const char *path, char *parent, size_t np, char *base,
                  size_t nb)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    size_t len = strlen(copy);
    while (len > 1 && copy[len - 1] == '/')
        copy[--len] = '\0';
    char *slash = strrchr(copy, '/');
    if (slash == NULL) {
        snprintf(parent, np, ".");
        snprintf(base, nb, "%s", copy);
    } else {
        snprintf(base, nb, "%s", slash + 1);
        if (slash == copy)
            slash++;
        *slash = '\0';
        snprintf(parent, np, "%s", copy);
    }
}

int tasim_outdir_begin(tasim_outdir_t *o, const char *final, int force,
                       tasim_error_t *err)
{
    memset(o, 0, sizeof *o);
    snprintf(o->final, sizeof o->final, "%s", final);
    o->force = force;
    if (exists(final) && !force)
        return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                               "output directory exists; use --force to "
                               "replace it");
    char parent[PATH_MAX], base[NAME_MAX + 1];
    split(final, parent, sizeof parent, base, sizeof base);
    if (make_parents(parent) != 0)
        return tasim_error_set(err, TASIM_EIO, parent, 0, 0,
                               "cannot create the parent directory: %s",
                               strerror(errno));
    char prefix[PATH_MAX];
    if (join3(prefix, sizeof prefix, parent, "/.", base) ||
        join3(o->tmp, sizeof o->tmp, prefix, ".tmp-XXXXXX", ""))
        return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                               "path too long");
    if (mkdtemp(o->tmp) == NULL) {
        int e = errno;
        o->tmp[0] = '\0';
        return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                               "cannot create a temporary directory beside "
                               "it: %s", strerror(e));
    }
    /* mkdtemp makes the directory private (0700); results are ordinary
     * files, so give it the permissions mkdir would under the umask. */
    mode_t mask = umask(0);
    umask(mask);
    chmod(o->tmp, 0777 & ~mask);
    return 0;
}

int tasim_outdir_path(const tasim_outdir_t *o, const char *name, char *buf,
                      size_t n)
{
    int w = snprintf(buf, n, "%s/%s", o->tmp, name);
    return w > 0 && (size_t)w < n ? 0 : TASIM_EIO;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tasim_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int tasim_outdir_commit(tasim_outdir_t *o, tasim_error_t *err)
{
    char old[PATH_MAX] = "";
    if (exists(o->final)) {
        if (!o->force)
            return tasim_error_set(err, TASIM_EIO, o->final, 0, 0,
                                   "output directory appeared during the "
                                   "run; use --force to replace it");
        /* Move the old one aside first: if the second rename failed, the
         * old results would still be there under the aside name. */
        if (join3(old, sizeof old, o->tmp, ".old-XXXXXX", "") ||
            mkdtemp(old) == NULL || rename(o->final, old) != 0)
            return tasim_error_set(err, TASIM_EIO, o->final, 0, 0,
                                   "cannot move the old directory aside: %s",
                                   strerror(errno));
    }
    if (rename(o->tmp, o->final) != 0) {
        int e = errno;
        if (old[0])
            rename(old, o->final);
        return tasim_error_set(err, TASIM_EIO, o->final, 0, 0,
                               "cannot move the results into place: %s",
                               strerror(e));
    }
    o->tmp[0] = '\0';
    if (old[0])
        tasim_remove_tree(old);
    return 0;
}

void tasim_outdir_abort(tasim_outdir_t *o)
{
    if (o->tmp[0])
        tasim_remove_tree(o->tmp);
    o->tmp[0] = '\0';
}
