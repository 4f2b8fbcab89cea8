/*
 * outdir.c: atomic output directories (see outdir.h). The temporary
 * directory is a sibling of the target (".NAME.tmp-XXXXXX" in the same
 * parent) so that the final rename stays within one file system and is
 * atomic.
 */
#define _XOPEN_SOURCE 700
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tasim/alloc.h"

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
    return lstat(path, &st) == 0;
}

/* Whether regular file `dir`/`name` starts with the `len` bytes of
 * `head`: tasim's manifest opens with "tasim:", a shard with its magic
 * number. Another tool's manifest.yaml does not make a directory
 * tasim's to delete. */
static int holds_file_starting(const char *dir, const char *name,
                               const char *head, size_t len)
{
    char path[PATH_MAX], buf[16];
    struct stat st;
    if (join3(path, sizeof path, dir, "/", name) || lstat(path, &st) != 0 ||
        !S_ISREG(st.st_mode) || len > sizeof buf)
        return 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    size_t got = fread(buf, 1, len, f);
    fclose(f);
    return got == len && memcmp(buf, head, len) == 0;
}

/* Whether `dir` was written by tasim: a run, comparison, sweep or merge
 * (manifest.yaml) or a shard (shard.bin). */
static int written_by_tasim(const char *dir)
{
    return holds_file_starting(dir, "manifest.yaml", "tasim:\n", 7) ||
           holds_file_starting(dir, "shard.bin", "TASIMSH", 7);
}

/* Whether `dir` is empty; a directory that cannot be read is not. */
static int is_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    struct dirent *e;
    int empty = 1;
    errno = 0;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    if (errno != 0)
        empty = 0;
    closedir(d);
    return empty;
}

/* Whether real path `inner` is `outer` or lies below it. */
static int is_within(const char *inner, const char *outer)
{
    size_t n = strlen(outer);
    if (n == 1) /* "/" holds everything */
        return 1;
    return strncmp(inner, outer, n) == 0 &&
           (inner[n] == '\0' || inner[n] == '/');
}

/* The inputs of this process's command, as real paths: no output
 * directory that holds one is replaced. A process runs one command, so
 * one list serves it; it lives until the process ends. */
static char **protected_paths;
static size_t protected_count;

void tasim_outdir_protect(const char *path)
{
    char real[PATH_MAX];
    if (realpath(path, real) == NULL)
        return; /* unreadable: the command reports that itself */
    protected_paths = tasim_xrealloc(
        protected_paths, (protected_count + 1) * sizeof *protected_paths);
    protected_paths[protected_count++] = tasim_xstrdup(real);
}

/* Whether replacing `dir` would remove the working directory or an
 * input of the command. When a path cannot be resolved the answer is
 * yes, to be safe. */
static int holds_something_needed(const char *dir)
{
    char real[PATH_MAX], cwd[PATH_MAX];
    if (realpath(dir, real) == NULL || getcwd(cwd, sizeof cwd) == NULL)
        return 1;
    if (is_within(cwd, real))
        return 1;
    for (size_t i = 0; i < protected_count; i++)
        if (is_within(protected_paths[i], real))
            return 1;
    return 0;
}

/*
 * Why the existing `path` may not be replaced, or NULL if it may. Only
 * a directory can be, and with `force` only one that tasim wrote (its
 * results hold manifest.yaml, a shard shard.bin) or an empty one, and
 * never one that holds the working directory or an input of the
 * command: a mistyped -o with --force must not delete a user's own
 * files, the scenario among them.
 */
static const char *not_replaceable(const char *path, int force)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return NULL; /* gone: nothing to replace */
    if (S_ISLNK(st.st_mode))
        return "is a symbolic link; give the directory itself";
    if (!S_ISDIR(st.st_mode))
        return "exists and is not a directory";
    if (!force)
        return "output directory exists; use --force to replace it";
    if (holds_something_needed(path))
        return "holds the working directory or an input of this command "
               "(the scenario, a shard); --force does not replace it";
    if (!written_by_tasim(path) && !is_empty_dir(path))
        return "is not a tasim output directory (it holds no manifest.yaml "
               "or shard.bin that tasim wrote), so --force does not replace "
               "it; remove it yourself or choose another directory";
    return NULL;
}

/* mkdir -p: create `dir` and its missing parents. *made_from is set to
 * the length of the shallowest directory created (0 if none was): the
 * ones below it were all created too, and a run that fails removes them
 * again. */
static int make_parents(const char *dir, size_t *made_from)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", dir);
    *made_from = 0;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0777) == 0) {
            if (*made_from == 0)
                *made_from = strlen(path);
        } else if (errno != EEXIST) {
            return -1;
        }
        *p = c;
        if (c == '\0')
            return 0;
    }
}

/* Remove the parents this run created, deepest first, while they are
 * empty (rmdir removes nothing else). */
static void remove_made_parents(const tasim_outdir_t *o)
{
    if (o->made_from == 0)
        return;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", o->parent);
    while (strlen(path) >= o->made_from && rmdir(path) == 0) {
        char *slash = strrchr(path, '/');
        if (slash == NULL || slash == path)
            break;
        *slash = '\0';
    }
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
    /* Trailing slashes go: "link/" would otherwise be looked at through
     * the link, and renamed through it. */
    size_t len = strlen(final);
    while (len > 1 && final[len - 1] == '/')
        len--;
    if (len == 0)
        return tasim_error_set(err, TASIM_EIO, "", 0, 0,
                               "the output directory has an empty name");
    if (len >= sizeof o->final)
        return tasim_error_set(err, TASIM_EIO, final, 0, 0, "path too long");
    memcpy(o->final, final, len);
    o->final[len] = '\0';
    final = o->final;
    o->force = force;
    char parent[PATH_MAX], base[NAME_MAX + 1];
    split(final, parent, sizeof parent, base, sizeof base);
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
        strcmp(final, "/") == 0)
        return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                               "give the output directory by its name, "
                               "not as '.', '..' or '/'");
    /* ".NAME.tmp-XXXXXX" and, to move an old directory aside,
     * ".NAME.tmp-XXXXXX.old-XXXXXX" must be names the system takes; say
     * so now rather than after the run. */
    if (strlen(base) + sizeof ".tmp-XXXXXX.old-XXXXXX" > NAME_MAX)
        return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                               "the directory's name is too long (at most "
                               "%d characters)",
                               (int)(NAME_MAX - sizeof ".tmp-XXXXXX.old-"
                                                      "XXXXXX"));
    const char *why = not_replaceable(final, force);
    if (why)
        return tasim_error_set(err, TASIM_EIO, final, 0, 0, "%s", why);
    snprintf(o->parent, sizeof o->parent, "%s", parent);
    if (make_parents(parent, &o->made_from) != 0)
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
        remove_made_parents(o);
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

/* Entries that could not be removed during the current walk (nftw's
 * callback takes no context; walks do not overlap). */
static int remove_failures;

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DNR || remove(path) != 0)
        remove_failures++;
    return 0; /* go on: remove whatever can be */
}

int tasim_remove_tree(const char *path)
{
    remove_failures = 0;
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 &&
        errno != ENOENT)
        remove_failures++;
    return remove_failures;
}

int tasim_replace_dir(const char *tmp, const char *final, const char *aside,
                      tasim_error_t *err)
{
    char old[PATH_MAX] = "";
    if (exists(final)) {
        /* Move the old one aside first: if the second rename failed, the
         * old results would still be there under the aside name. The
         * aside name is reserved as an empty directory, which a rename of
         * a directory replaces; it is removed again if the move fails. */
        if (join3(old, sizeof old, aside, ".old-XXXXXX", ""))
            return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                                   "path too long to move the old directory "
                                   "aside");
        if (mkdtemp(old) == NULL)
            return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                                   "cannot make room to move the old "
                                   "directory aside: %s", strerror(errno));
        if (rename(final, old) != 0) {
            int e = errno;
            rmdir(old);
            return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                                   "cannot move the old directory aside: %s",
                                   strerror(e));
        }
    }
    if (rename(tmp, final) != 0) {
        int e = errno;
        if (old[0] && rename(old, final) != 0)
            return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                                   "cannot move the results into place "
                                   "(%s), nor the old results back: they "
                                   "are in %s", strerror(e), old);
        return tasim_error_set(err, TASIM_EIO, final, 0, 0,
                               "cannot move the results into place: %s",
                               strerror(e));
    }
    if (old[0] && tasim_remove_tree(old) != 0)
        fprintf(stderr, "tasim: warning: the new results are in %s, but "
                        "some of the old ones could not be removed: %s\n",
                final, old);
    return 0;
}

int tasim_outdir_commit(tasim_outdir_t *o, tasim_error_t *err)
{
    if (exists(o->final)) {
        /* Checked again: the target may have appeared or changed while
         * the run lasted. */
        const char *why = not_replaceable(o->final, o->force);
        if (why)
            return tasim_error_set(err, TASIM_EIO, o->final, 0, 0,
                                   "%s%s", why,
                                   o->force ? "" : " (it appeared during "
                                                   "the run)");
    }
    int rc = tasim_replace_dir(o->tmp, o->final, o->tmp, err);
    if (rc == 0)
        o->tmp[0] = '\0';
    return rc;
}

void tasim_outdir_abort(tasim_outdir_t *o)
{
    if (o->tmp[0])
        tasim_remove_tree(o->tmp);
    o->tmp[0] = '\0';
    remove_made_parents(o);
    o->made_from = 0;
}
