/*
 * plot_data.c: what `tasim plot` reads from the output directory of a
 * run (see plot_internal.h), and what every kind of directory shares:
 * which kind it is, whether its files have the columns the scripts use,
 * the gnuplot variables that carry names and counts, and the scenario's
 * name from manifest.yaml for the titles. Comparisons and sweeps are
 * read by plot_compare.c and plot_sweep.c, on the helpers of plot_csv.c.
 *
 * The run figures read summary.csv and programmes.csv themselves; this
 * file only finds the units and expert pools they draw, from the first
 * sample of summary.csv, and splits summary.csv into a file per series,
 * so that each script reads the few series it draws rather than the
 * whole summary of a large scenario.
 */
#define _XOPEN_SOURCE 700
#include "plot_internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cli.h"
#include "plot.h"
#include "plot_csv.h"
#include "tasim/alloc.h"

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

void tasim_plot_append_quoted(tasim_strbuf_t *b, const char *s)
{
    tasim_strbuf_append(b, "'", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            tasim_strbuf_append(b, "''", 2);
        else
            tasim_strbuf_append(b, p, 1);
    }
    tasim_strbuf_append(b, "'", 1);
}

void tasim_plot_set(tasim_plot_found_t *found, const char *name,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    tasim_assert(n >= 0);
    char *value = tasim_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(value, (size_t)n + 1, fmt, ap);
    va_end(ap);
    /* Values become titles and labels of one line each. */
    for (char *p = value; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    tasim_strbuf_printf(&found->vars, "%s=", name);
    tasim_plot_append_quoted(&found->vars, value);
    tasim_strbuf_append(&found->vars, "; ", 2);
    free(value);
}

int tasim_plot_detect(const char *dir, tasim_plot_kind_t *kind)
{
    /* A sweep missing one of its two files is still a sweep: the error
     * then names the missing file. */
    if (tasim_plot_has_file(dir, "summary.csv"))
        *kind = TASIM_PLOT_RUN;
    else if (tasim_plot_has_file(dir, "compare.csv"))
        *kind = TASIM_PLOT_COMPARE;
    else if (tasim_plot_has_file(dir, "design.csv") ||
             tasim_plot_has_file(dir, "results.csv"))
        *kind = TASIM_PLOT_SWEEP;
    else if (tasim_plot_has_file(dir, "shard.bin")) {
        tasim_cli_error("'%s' is one shard of a job: gather the shards "
                        "with `tasim merge SHARD... -o DIR` (which takes "
                        "--plot), then plot DIR", dir);
        return TASIM_EXIT_USAGE;
    } else {
        tasim_cli_error("'%s' is not an output directory of tasim: "
                        "expected summary.csv (tasim run), compare.csv "
                        "(tasim compare) or design.csv and results.csv "
                        "(tasim sweep)", dir);
        return TASIM_EXIT_USAGE;
    }
    return TASIM_EXIT_OK;
}

/* Series whose owner/topic pair is an expert pool, not a unit. */
static int is_pool_series(const char *s)
{
    return strcmp(s, "utilisation") == 0 || strcmp(s, "expert_queue") == 0 ||
           strcmp(s, "expert_wait") == 0;
}

int tasim_plot_check_inputs(const char *dir, tasim_plot_kind_t kind)
{
    const char *names[2] = {"summary.csv", "programmes.csv"};
    const char *const *need[2] = {summary_columns, programme_columns};
    const char *command = "run";
    size_t files = 2;
    if (kind == TASIM_PLOT_COMPARE) {
        names[0] = "compare.csv";
        need[0] = tasim_plot_compare_columns;
        command = "compare";
        files = 1;
    } else if (kind == TASIM_PLOT_SWEEP) {
        names[0] = "design.csv";
        need[0] = tasim_plot_design_columns;
        names[1] = "results.csv";
        need[1] = tasim_plot_result_columns;
        command = "sweep";
    }
    for (size_t i = 0; i < files; i++) {
        char header[TASIM_PLOT_LINE_MAX];
        char *h[TASIM_PLOT_MAX_FIELDS];
        size_t hn;
        FILE *in = tasim_plot_open_checked(dir, names[i], need[i], command,
                                           header, h, &hn);
        if (in == NULL)
            return TASIM_EXIT_USAGE;
        fclose(in);
    }
    return TASIM_EXIT_OK;
}

/* Note the row's unit, pool or series in `found`. */
static void note_row(tasim_plot_found_t *found, const char *owner,
                     const char *topic, const char *series)
{
    if (topic[0] == '\0')
        ; /* country-, provider- or donor-level series */
    else if (is_pool_series(series))
        found->pool_count +=
            (size_t)tasim_plot_add_word(&found->pools, owner, topic);
    else
        found->unit_count +=
            (size_t)tasim_plot_add_word(&found->units, owner, topic);
}

/* Join the fields of a header that tasim_plot_split_fields() cut apart
 * into a line (they came from one line of at most TASIM_PLOT_LINE_MAX
 * bytes, so they fit). */
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
    char header[TASIM_PLOT_LINE_MAX], line[TASIM_PLOT_LINE_MAX];
    char raw[TASIM_PLOT_LINE_MAX];
    char header_line[TASIM_PLOT_LINE_MAX + 1];
    char *h[TASIM_PLOT_MAX_FIELDS], *f[TASIM_PLOT_MAX_FIELDS];
    size_t hn;
    FILE *in = tasim_plot_open_checked(dir, "summary.csv", summary_columns,
                                       "run", header, h, &hn);
    if (in == NULL)
        return TASIM_EXIT_USAGE;
    join_header(header_line, h, hn);
    int year = tasim_plot_column_index(h, hn, "year"),
        owner = tasim_plot_column_index(h, hn, "country"),
        topic = tasim_plot_column_index(h, hn, "topic"),
        series = tasim_plot_column_index(h, hn, "series");
    tasim_plot_split_t *sp = calloc(1, sizeof *sp);
    int ok = sp != NULL, first_sample = 1;
    char first_year[64] = "";
    while (fgets(line, sizeof line, in)) {
        size_t len = strlen(line);
        memcpy(raw, line, len + 1);
        /* A line longer than the buffer would be copied in pieces. */
        if (len > 0 && line[len - 1] != '\n' && !feof(in))
            ok = 0;
        if (tasim_plot_split_fields(line, f, TASIM_PLOT_MAX_FIELDS) < hn)
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
        FILE *out = tasim_plot_plain_name(f[series])
                        ? tasim_plot_series_file(sp, split_dir, f[series],
                                                 header_line)
                        : NULL;
        if (out && fwrite(raw, 1, len, out) != len)
            ok = 0;
    }
    for (size_t i = 0; sp && i < sp->count; i++) {
        ok &= fclose(sp->file[i]) == 0;
        tasim_plot_add_word(&found->series, sp->name[i], NULL);
    }
    static const char *const figures[] = {TASIM_PLOT_NAMES};
    _Static_assert(sizeof figures / sizeof figures[0] <=
                       TASIM_PLOT_MAX_FIGURES,
                   "more run figures than TASIM_PLOT_MAX_FIGURES");
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        found->figures[found->figure_count++] = figures[i];
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
    free(found->vars.data);
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
