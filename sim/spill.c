/*
 * spill.c: values on disk (spill.h). Doubles are stored as their bits, so
 * what is read back is exactly what was written.
 */
#define _POSIX_C_SOURCE 200809L
#include "spill.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "tasim/alloc.h"

/* Values wait in a buffer of our own and go to the file a block at a
 * time: a world-scale ensemble appends tens of millions of values, and a
 * stdio call per value (with its lock) cost more than the disk. */
enum { BUFFERED_VALUES = 8192 };

struct tasim_spill {
    FILE *f;
    size_t positions;
    int failed;
    size_t buffered;
    double buffer[BUFFERED_VALUES];
};

static void write_buffer(tasim_spill_t *s)
{
    if (!s->failed && s->buffered > 0 &&
        fwrite(s->buffer, sizeof s->buffer[0], s->buffered, s->f) !=
            s->buffered)
        s->failed = 1;
    s->buffered = 0;
}

tasim_spill_t *tasim_spill_open(const char *path, size_t positions)
{
    FILE *f = path ? fopen(path, "w+b") : tmpfile();
    if (f == NULL)
        return NULL;
    /* Unlinked at once: the open file stays usable, and no crash, kill or
     * abort can leave gigabytes behind. */
    if (path)
        remove(path);
    tasim_spill_t *s = tasim_xcalloc(1, sizeof *s);
    s->f = f;
    s->positions = positions;
    return s;
}

int tasim_spill_append(tasim_spill_t *s, double v)
{
    s->buffer[s->buffered++] = v;
    if (s->buffered == BUFFERED_VALUES)
        write_buffer(s);
    return s->failed ? -1 : 0;
}

int tasim_spill_flush(tasim_spill_t *s)
{
    write_buffer(s);
    if (!s->failed && fflush(s->f) != 0)
        s->failed = 1;
    return s->failed ? -1 : 0;
}

int tasim_spill_read(const tasim_spill_t *s, size_t start, size_t n,
                     uint64_t replications, double *buf)
{
    if (s->failed)
        return -1;
    /* pread: no shared file position, so threads may read at once. */
    int fd = fileno(s->f);
    for (uint64_t r = 0; r < replications; r++) {
        off_t at = (off_t)((r * s->positions + start) * sizeof(double));
        size_t want = n * sizeof(double), got = 0;
        char *dst = (char *)(buf + r * n);
        while (got < want) {
            ssize_t k = pread(fd, dst + got, want - got, at + (off_t)got);
            if (k <= 0)
                return -1;
            got += (size_t)k;
        }
    }
    return 0;
}

void tasim_spill_close(tasim_spill_t *s)
{
    if (s == NULL)
        return;
    fclose(s->f);
    free(s);
}
