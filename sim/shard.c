/*
 * shard.c: writing and reading shard files (shard.h). Numbers are in
 * host byte order; a byte-order mark in the header rejects shards written
 * on a machine of the other order.
 */
#define _POSIX_C_SOURCE 200809L
#include "shard.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tasim/alloc.h"

/* Version 2 of the layout added the build (version and commit). */
static const char magic[8] = {'T', 'A', 'S', 'I', 'M', 'S', 'H', '2'};
static const uint32_t byte_order_mark = 0x01020304u;
/* A frame longer than this is corruption, not a result. */
static const uint64_t max_frame = (uint64_t)1 << 40;

static int put(FILE *f, const void *p, size_t n)
{
    return fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int put_u64(FILE *f, uint64_t v) { return put(f, &v, sizeof v); }

static int put_text(FILE *f, const char *s, uint64_t n)
{
    return put_u64(f, n) | put(f, s, (size_t)n);
}

int tasim_shard_write_header(FILE *f, const tasim_shard_header_t *h)
{
    uint32_t kind = (uint32_t)h->kind;
    int rc = put(f, magic, sizeof magic) |
             put(f, &byte_order_mark, sizeof byte_order_mark) |
             put(f, &kind, sizeof kind) | put_u64(f, h->shard) |
             put_u64(f, h->shards) | put_u64(f, h->seed) |
             put_u64(f, h->tasks) | put_u64(f, h->replications) |
             put_u64(f, (uint64_t)h->seed_drawn);
    rc |= put_text(f, h->scenario_path, strlen(h->scenario_path));
    rc |= put_text(f, h->source, h->source_len);
    rc |= put_text(f, h->args, strlen(h->args));
    rc |= put_text(f, h->version, strlen(h->version));
    rc |= put_text(f, h->commit, strlen(h->commit));
    return rc ? TASIM_EIO : 0;
}

int tasim_shard_write_result(FILE *f, const char *bytes, size_t len)
{
    return put_u64(f, (uint64_t)len) | put(f, bytes, len) ? TASIM_EIO : 0;
}

static int get(FILE *f, void *p, size_t n)
{
    return fread(p, 1, n, f) == n ? 0 : -1;
}

static int bad(tasim_shard_reader_t *r, tasim_error_t *err, const char *why)
{
    tasim_error_set(err, TASIM_EIO, r->path, 0, 0,
                    "not a tasim shard, or a damaged one: %s", why);
    return TASIM_EIO;
}

/* A length-prefixed text of at most `limit` bytes, NUL-terminated. */
static char *get_text(FILE *f, uint64_t limit, uint64_t *len)
{
    uint64_t n;
    if (get(f, &n, sizeof n) || n > limit)
        return NULL;
    char *s = tasim_xmalloc((size_t)n + 1);
    if (get(f, s, (size_t)n)) {
        free(s);
        return NULL;
    }
    s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

int tasim_shard_open(tasim_shard_reader_t *r, const char *dir,
                     tasim_error_t *err)
{
    memset(r, 0, sizeof *r);
    struct stat st;
    size_t n = strlen(dir) + sizeof TASIM_SHARD_FILE + 2;
    r->path = tasim_xmalloc(n);
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(r->path, n, "%s/%s", dir, TASIM_SHARD_FILE);
    else
        snprintf(r->path, n, "%s", dir);
    r->f = fopen(r->path, "rb");
    if (r->f == NULL)
        return tasim_error_set(err, TASIM_EIO, r->path, 0, 0,
                               "cannot open the shard");
    char m[sizeof magic];
    uint32_t bom, kind;
    uint64_t seed_drawn;
    if (get(r->f, m, sizeof m) || memcmp(m, magic, sizeof magic))
        return bad(r, err, "wrong magic number (another version?)");
    if (get(r->f, &bom, sizeof bom) || bom != byte_order_mark)
        return bad(r, err, "written on a machine of another byte order");
    tasim_shard_header_t *h = &r->h;
    if (get(r->f, &kind, sizeof kind) || get(r->f, &h->shard, 8) ||
        get(r->f, &h->shards, 8) || get(r->f, &h->seed, 8) ||
        get(r->f, &h->tasks, 8) || get(r->f, &h->replications, 8) ||
        get(r->f, &seed_drawn, 8))
        return bad(r, err, "truncated header");
    h->kind = (int)kind;
    h->seed_drawn = seed_drawn != 0;
    if (h->kind < TASIM_SHARD_RUN || h->kind > TASIM_SHARD_SWEEP ||
        h->shards == 0 || h->shard >= h->shards)
        return bad(r, err, "inconsistent header");
    r->path_text = get_text(r->f, PATH_MAX, NULL);
    r->source = r->path_text
                    ? get_text(r->f, (uint64_t)16 << 20, &h->source_len)
                    : NULL;
    r->args = r->source ? get_text(r->f, (uint64_t)1 << 20, NULL) : NULL;
    r->version = r->args ? get_text(r->f, 256, NULL) : NULL;
    r->commit = r->version ? get_text(r->f, 256, NULL) : NULL;
    h->scenario_path = r->path_text;
    h->source = r->source;
    h->args = r->args;
    h->version = r->version;
    h->commit = r->commit;
    if (h->commit == NULL)
        return bad(r, err, "truncated header");
    return 0;
}

/* Bytes from the reading position to the end of the file: a frame
 * claiming more is damaged, and must not be allocated. */
static uint64_t bytes_left(tasim_shard_reader_t *r)
{
    struct stat st;
    off_t at = ftello(r->f);
    if (at < 0 || fstat(fileno(r->f), &st) != 0 || st.st_size < at)
        return 0;
    return (uint64_t)(st.st_size - at);
}

long tasim_shard_next(tasim_shard_reader_t *r, const char **bytes,
                      tasim_error_t *err)
{
    uint64_t n;
    size_t got = fread(&n, 1, sizeof n, r->f);
    if (got == 0 && feof(r->f))
        return 0;
    if (got != sizeof n || n == 0 || n > max_frame || n > bytes_left(r))
        return bad(r, err, "truncated result");
    if (n > r->cap) {
        r->cap = (size_t)n;
        r->buf = tasim_xrealloc(r->buf, r->cap);
    }
    if (get(r->f, r->buf, (size_t)n))
        return bad(r, err, "truncated result");
    *bytes = r->buf;
    return (long)n;
}

void tasim_shard_close(tasim_shard_reader_t *r)
{
    if (r->f)
        fclose(r->f);
    free(r->path);
    free(r->path_text);
    free(r->source);
    free(r->args);
    free(r->version);
    free(r->commit);
    free(r->buf);
    memset(r, 0, sizeof *r);
}
