/*
 * plot_data.c: what `tasim plot` reads from an output directory: checks
 * that summary.csv and programmes.csv have the columns the scripts use,
 * finds the units and expert pools, splits summary.csv by series, and
 * reads the scenario's name from manifest.yaml (see plot_internal.h).
 *
 * tasim writes these files itself, unquoted, one record per line, so a
 * split at the commas is a complete CSV reader for them.
 */
#define _XOPEN_SOURCE 700
#include "plot_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cli.h"

/* Columns the scripts read; a file without them is not from this tasim. */
static const char *const summary_columns[] = {
    "year", "country", "topic", "series", "n", "mean", "sd", "p05", "p50",
    "p95", NULL};
static const char *const programme_columns[] = {
    "replication", "id", "country", "topic", "start", "exit",
    "retention_1y", "retention_3y", "retention_5y", NULL};

int tasim_plot_join_path(char *dst, size_t n, const char *dir,
                         const char *name)
{
    int w = snprintf(dst, n, "%s/%s", dir, name);
    return w >= 0 && (size_t)w < n ? 0 : -1;
}

/* Series whose owner/topic pair is an expert pool, not a unit. */
static int is_pool_series(const char *s)
{
    return strcmp(s, "utilisation") == 0 || strcmp(s, "expert_queue") == 0 ||
           strcmp(s, "expert_wait") == 0;
}

/* Split a CSV line in place at the commas (tasim never quotes fields). */
static size_t split_fields(char *line, char **fields, size_t max)
{
    line[strcspn(line, "\r\n")] = '\0';
    size_t count = 0;
    for (char *p = line; count < max;) {
        fields[count++] = p;
        p = strchr(p, ',');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    return count;
}

static int column_index(char **fields, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(fields[i], name) == 0)
            return (int)i;
    return -1;
}

enum { MAX_FIELDS = 64, LINE_MAX_BYTES = 4096 };

/* Open dir/name and check that its header has every column of `need`;
 * returns the open file positioned after the header, or NULL after
 * reporting why. `fields`/`count` receive the header (stored in `line`). */
static FILE *open_csv(const char *dir, const char *name,
                      const char *const *need, char *line, char **fields,
                      size_t *count)
{
    char path[PATH_MAX];
    FILE *f = tasim_plot_join_path(path, sizeof path, dir, name)
                  ? NULL
                  : fopen(path, "r");
    if (f == NULL) {
        tasim_cli_error("'%s' has no %s (%s): is it an output directory "
                        "of tasim run?", dir, name, strerror(errno));
        return NULL;
    }
    if (fgets(line, LINE_MAX_BYTES, f) == NULL) {
        tasim_cli_error("%s is empty", path);
        fclose(f);
        return NULL;
    }
    *count = split_fields(line, fields, MAX_FIELDS);
    for (size_t i = 0; need[i]; i++) {
        if (column_index(fields, *count, need[i]) < 0) {
            tasim_cli_error("%s has no column '%s'", path, need[i]);
            fclose(f);
            return NULL;
        }
    }
    return f;
}

int tasim_plot_check_inputs(const char *dir)
{
    const char *names[] = {"summary.csv", "programmes.csv"};
    const char *const *need[] = {summary_columns, programme_columns};
    for (size_t i = 0; i < 2; i++) {
        char header[LINE_MAX_BYTES];
        char *h[MAX_FIELDS];
        size_t hn;
        FILE *in = open_csv(dir, names[i], need[i], header, h, &hn);
        if (in == NULL)
            return TASIM_EXIT_USAGE;
        fclose(in);
    }
    return TASIM_EXIT_OK;
}

/* Append "owner/topic" (or "owner" when topic is NULL) to list unless it
 * is there already. The list starts and ends with a space so that every
 * entry can be found with its two spaces around it; gnuplot's words()
 * ignores them. */
static int add_word(tasim_strbuf_t *list, const char *owner,
                    const char *topic)
{
    char key[256];
    if (topic)
        snprintf(key, sizeof key, " %s/%s ", owner, topic);
    else
        snprintf(key, sizeof key, " %s ", owner);
    if (list->len == 0)
        tasim_strbuf_append(list, " ", 1);
    if (strstr(list->data, key) != NULL)
        return 0;
    tasim_strbuf_append(list, key + 1, strlen(key) - 1);
    return 1;
}

/* Whether a series name can be a file name as it is: tasim's names are
 * letters, digits and '_'; anything else is not split out. */
static int plain_name(const char *s)
{
    if (*s == '\0' || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') ||
              (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

enum { MAX_SERIES = 64 };

/* Output files of the split, one per series. */
typedef struct {
    char name[MAX_SERIES][72];
    FILE *file[MAX_SERIES];
    size_t count;
} split_t;

/* The file of series `s` in `split_dir`, opened with the header on first
 * use; NULL if the series cannot be split out. */
static FILE *series_file(split_t *sp, const char *split_dir, const char *s,
                         const char *header_line)
{
    for (size_t i = 0; i < sp->count; i++)
        if (strcmp(sp->name[i], s) == 0)
            return sp->file[i];
    char path[PATH_MAX], file[80];
    if (!plain_name(s) || sp->count == MAX_SERIES)
        return NULL;
    snprintf(file, sizeof file, "%s.csv", s);
    FILE *f = tasim_plot_join_path(path, sizeof path, split_dir, file)
                  ? NULL
                  : fopen(path, "w");
    if (f == NULL)
        return NULL;
    fputs(header_line, f);
    snprintf(sp->name[sp->count], sizeof sp->name[0], "%s", s);
    sp->file[sp->count++] = f;
    return f;
}

/* Note the row's unit, pool or series in `found`. */
static void note_row(tasim_plot_found_t *found, const char *owner,
                     const char *topic, const char *series)
{
    if (topic[0] == '\0')
        ; /* country-, provider- or donor-level series */
    else if (is_pool_series(series))
        found->pool_count += (size_t)add_word(&found->pools, owner, topic);
    else
        found->unit_count += (size_t)add_word(&found->units, owner, topic);
}

/* Join the fields of a header that split_fields() cut apart into a line
 * (they came from one line of at most LINE_MAX_BYTES, so they fit). */
static void join_header(char *dst, char **fields, size_t count)
{
    dst[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        strcat(dst, i ? "," : "");
        strcat(dst, fields[i]);
    }
    strcat(dst, "\n");
}

int tasim_plot_read_summary(const char *dir, const char *split_dir,
                            tasim_plot_found_t *found)
{
    char header[LINE_MAX_BYTES], line[LINE_MAX_BYTES], raw[LINE_MAX_BYTES];
    char header_line[LINE_MAX_BYTES + 1];
    char *h[MAX_FIELDS], *f[MAX_FIELDS];
    size_t hn;
    FILE *in = open_csv(dir, "summary.csv", summary_columns, header, h, &hn);
    if (in == NULL)
        return TASIM_EXIT_USAGE;
    join_header(header_line, h, hn);
    int year = column_index(h, hn, "year"),
        owner = column_index(h, hn, "country"),
        topic = column_index(h, hn, "topic"),
        series = column_index(h, hn, "series");
    split_t *sp = calloc(1, sizeof *sp);
    int ok = sp != NULL, first_sample = 1;
    char first_year[64] = "";
    while (fgets(line, sizeof line, in)) {
        size_t len = strlen(line);
        memcpy(raw, line, len + 1);
        /* A line longer than the buffer would be copied in pieces. */
        if (len > 0 && line[len - 1] != '\n' && !feof(in))
            ok = 0;
        if (split_fields(line, f, MAX_FIELDS) < hn)
            continue;
        /* Every sample reports every owner and topic: the first sample
         * names them all, and looking them up in every row of a large
         * summary would cost more than the split. */
        if (first_year[0] == '\0')
            snprintf(first_year, sizeof first_year, "%s", f[year]);
        first_sample = first_sample && strcmp(first_year, f[year]) == 0;
        if (first_sample)
            note_row(found, f[owner], f[topic], f[series]);
        if (!first_sample && (split_dir == NULL || !ok))
            break;
        if (split_dir == NULL || !ok)
            continue;
        FILE *out = series_file(sp, split_dir, f[series], header_line);
        if (out && fwrite(raw, 1, len, out) != len)
            ok = 0;
    }
    for (size_t i = 0; sp && i < sp->count; i++) {
        ok &= fclose(sp->file[i]) == 0;
        add_word(&found->series, sp->name[i], NULL);
    }
    free(sp);
    fclose(in);
    /* Without a complete split the scripts read summary.csv itself. */
    found->split = ok && split_dir != NULL;
    return TASIM_EXIT_OK;
}

void tasim_plot_found_fini(tasim_plot_found_t *found)
{
    free(found->units.data);
    free(found->pools.data);
    free(found->series.data);
    memset(found, 0, sizeof *found);
}

/* The value of `key` in mapping node `map`, or NULL. */
static yaml_node_t *mapping_get(yaml_document_t *doc, yaml_node_t *map,
                                const char *key)
{
    if (map == NULL || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
         p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE &&
            strcmp((const char *)k->data.scalar.value, key) == 0)
            return yaml_document_get_node(doc, p->value);
    }
    return NULL;
}

/* scenario.resolved.scenario.name from dir/manifest.yaml into buf; 0 if
 * found. A manifest that is missing or unreadable is not an error: the
 * name only titles the figures. */
static int manifest_name(const char *dir, char *buf, size_t n)
{
    char path[PATH_MAX];
    FILE *f = tasim_plot_join_path(path, sizeof path, dir, "manifest.yaml")
                  ? NULL
                  : fopen(path, "rb");
    if (f == NULL)
        return -1;
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = -1;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return -1;
    }
    yaml_parser_set_input_file(&parser, f);
    if (yaml_parser_load(&parser, &doc)) {
        yaml_node_t *node = yaml_document_get_root_node(&doc);
        const char *path_keys[] = {"scenario", "resolved", "scenario",
                                   "name"};
        for (size_t i = 0; i < 4 && node; i++)
            node = mapping_get(&doc, node, path_keys[i]);
        if (node && node->type == YAML_SCALAR_NODE &&
            node->data.scalar.length > 0) {
            snprintf(buf, n, "%s", (const char *)node->data.scalar.value);
            rc = 0;
        }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    return rc;
}

void tasim_plot_scenario_name(const char *dir, char *buf, size_t n)
{
    if (manifest_name(dir, buf, n) != 0) {
        char real[PATH_MAX];
        const char *path = realpath(dir, real) ? real : dir;
        size_t len = strlen(path);
        while (len > 1 && path[len - 1] == '/')
            len--;
        size_t start = len;
        while (start > 0 && path[start - 1] != '/')
            start--;
        snprintf(buf, n, "%.*s", (int)(len - start), path + start);
    }
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
}
