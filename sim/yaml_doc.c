/*
 * yaml_doc.c: from bytes to a libyaml document, with the limits that keep
 * hostile input harmless and libyaml's errors in tasim's format.
 *
 * Four steps, each refusing what the next one cannot handle well:
 *  1. the bytes must be UTF-8 text without NULs (checked here, because
 *     libyaml reports bad bytes by offset with terse messages, and guesses
 *     UTF-16 from a byte order mark);
 *  2. the event parser checks nesting depth (a file of a million '[' must
 *     not exhaust memory or stack in later stages) and that the stream
 *     holds exactly one document;
 *  3. libyaml's loader builds the node graph, in which aliases stay shared
 *     references;
 *  4. the graph's expanded size is computed once, so an alias bomb is
 *     refused in time linear in the file's size before anything walks it.
 */
#include "yaml_doc.h"

#include <stdio.h>
#include <string.h>

#include "schema.h"
#include "tasim/alloc.h"
#include "utf8.h"

/* ------------------------------------------------------------------ */
/* Step 1: text                                                         */

/* Report the first NUL byte or byte that is not UTF-8, at its line and
 * column (columns count characters, as libyaml's marks do). */
static int check_text(const char *file, const char *src, size_t len,
                      tasim_diag_t *diag)
{
    if (len >= 2 && ((src[0] == '\xFF' && src[1] == '\xFE') ||
                     (src[0] == '\xFE' && src[1] == '\xFF'))) {
        tasim_diag_add(diag, TASIM_ESCENARIO, file, 1, 1,
                       "the file is UTF-16 text; save it as UTF-8");
        return -1;
    }
    int line = 1, column = 1;
    for (size_t i = 0; i < len; column++) {
        size_t n = tasim_utf8_len(src + i, len - i);
        if (n == 1 && src[i] == '\0') {
            tasim_diag_add(diag, TASIM_ESCENARIO, file, line, column,
                           "NUL byte: this is a binary file, not YAML text");
            return -1;
        }
        if (n == 0) {
            tasim_diag_add(diag, TASIM_ESCENARIO, file, line, column,
                           "byte 0x%02X is not UTF-8: the file must be UTF-8 "
                           "text (was it saved as Latin-1 or Windows-1252?)",
                           (unsigned char)src[i]);
            return -1;
        }
        if (src[i] == '\n') {
            line++;
            column = 0;
        }
        i += n;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* libyaml's errors                                                     */

/* 1-based line and column of byte `offset`; the text is valid UTF-8 by
 * now, so a column is a character. */
static tasim_loc_t loc_of_offset(const char *src, size_t len, size_t offset)
{
    tasim_loc_t loc = {1, 1};
    for (size_t i = 0; i < offset && i < len; i++) {
        if (src[i] == '\n') {
            loc.line++;
            loc.column = 1;
        } else if (((unsigned char)src[i] & 0xC0) != 0x80) {
            loc.column++;
        }
    }
    return loc;
}

/* Whether only blanks remain from `at` on: the parser ran out of file. */
static int at_end(const char *src, size_t len, size_t at)
{
    for (; at < len; at++)
        if (src[at] != ' ' && src[at] != '\n' && src[at] != '\r' &&
            src[at] != '\t')
            return 0;
    return 1;
}

/* Whether the tab at `at` is in the leading blanks of its line. */
static int indenting_tab(const char *src, size_t len, size_t at)
{
    if (at >= len || src[at] != '\t')
        return 0;
    while (at > 0 && (src[at - 1] == ' ' || src[at - 1] == '\t'))
        at--;
    return at == 0 || src[at - 1] == '\n';
}

/* What libyaml calls "a flow sequence" and so on, in the words of someone
 * who wrote the file, or NULL if it is not something opened and closed. */
static const char *opened_construct(const char *context)
{
    static const char *const names[][2] = {
        {"while scanning a quoted scalar", "the quoted text"},
        {"while parsing a flow sequence", "the '[' list"},
        {"while parsing a flow mapping", "the '{' mapping"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(context, names[i][0]) == 0)
            return names[i][1];
    return NULL;
}

/* A quote or bracket left open shows up wherever the parser gives up,
 * often lines later or at the end of the file: point at the opening one,
 * and say where the parser gave up. */
static void report_unclosed(const yaml_parser_t *p, const char *what,
                            int eof, const char *file, tasim_diag_t *diag)
{
    char where[128] = "";
    int plain = strcmp(p->problem, "found unexpected end of stream") == 0;
    if (eof && !plain)
        snprintf(where, sizeof where, " (%s)", p->problem);
    else if (!eof)
        snprintf(where, sizeof where, " (%s at line %d, column %d)",
                 p->problem, (int)p->problem_mark.line + 1,
                 (int)p->problem_mark.column + 1);
    tasim_diag_add(diag, TASIM_ESCENARIO, file,
                   (int)p->context_mark.line + 1,
                   (int)p->context_mark.column + 1,
                   "YAML syntax: %s that starts here is not closed%s%s", what,
                   eof ? " before the end of the file" : "", where);
}

static void report_syntax_error(const yaml_parser_t *p, const char *file,
                                const char *src, size_t len,
                                tasim_diag_t *diag)
{
    tasim_loc_t loc = {(int)p->problem_mark.line + 1,
                       (int)p->problem_mark.column + 1};
    size_t at = p->problem_mark.index;
    const char *problem = p->problem ? p->problem : "error";
    const char *opened = p->context ? opened_construct(p->context) : NULL;
    if (indenting_tab(src, len, at))
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "YAML syntax: a tab indents this line; YAML indents "
                       "with spaces only");
    else if (opened && p->problem)
        report_unclosed(p, opened, at_end(src, len, at), file, diag);
    else if (p->context && p->context_mark.line != p->problem_mark.line)
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "YAML syntax: %s %s that starts at line %d", problem,
                       p->context, (int)p->context_mark.line + 1);
    else if (p->context)
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "YAML syntax: %s %s", problem, p->context);
    else
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "YAML syntax: %s", problem);
}

static void report_parser_error(const yaml_parser_t *p, const char *file,
                                const char *src, size_t len,
                                tasim_diag_t *diag)
{
    if (p->error == YAML_MEMORY_ERROR) {
        tasim_diag_add(diag, TASIM_ESCENARIO, file, 0, 0,
                       "out of memory while parsing");
        return;
    }
    if (p->error != YAML_READER_ERROR) {
        report_syntax_error(p, file, src, len, diag);
        return;
    }
    /* The text is UTF-8 (step 1), so what is left for the reader to refuse
     * are characters YAML excludes, such as control characters. */
    tasim_loc_t loc = loc_of_offset(src, len, p->problem_offset);
    if (p->problem_value >= 0 && strstr(p->problem, "control") != NULL)
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "control character U+%04X is not allowed in YAML",
                       (unsigned)p->problem_value);
    else if (p->problem_value >= 0)
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "character U+%04X is not allowed in YAML (%s)",
                       (unsigned)p->problem_value, p->problem);
    else
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "the file cannot be read as YAML text (%s)",
                       p->problem);
}

/* ------------------------------------------------------------------ */
/* Step 2: depth and document count                                     */

static int check_structure(const char *file, const char *src, size_t len,
                           tasim_diag_t *diag)
{
    yaml_parser_t p;
    yaml_event_t ev;
    tasim_assert(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)src, len);
    int depth = 0, documents = 0, rc = 0;
    for (;;) {
        if (!yaml_parser_parse(&p, &ev)) {
            report_parser_error(&p, file, src, len, diag);
            rc = -1;
            break;
        }
        yaml_event_type_t type = ev.type;
        tasim_loc_t loc = {(int)ev.start_mark.line + 1,
                           (int)ev.start_mark.column + 1};
        if (type == YAML_SEQUENCE_START_EVENT ||
            type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (type == YAML_SEQUENCE_END_EVENT ||
                 type == YAML_MAPPING_END_EVENT)
            depth--;
        else if (type == YAML_DOCUMENT_START_EVENT && ++documents > 1) {
            tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                           "a scenario file holds one YAML document; "
                           "found a second one here");
            rc = -1;
        }
        yaml_event_delete(&ev);
        if (depth > TASIM_SCENARIO_MAX_DEPTH) {
            tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                           "lists and mappings are nested more than %d "
                           "levels deep here", TASIM_SCENARIO_MAX_DEPTH);
            rc = -1;
        }
        if (rc != 0 || type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Step 4: expanded size                                                */

static size_t child_count(const yaml_node_t *n)
{
    if (n->type == YAML_SEQUENCE_NODE)
        return (size_t)(n->data.sequence.items.top -
                        n->data.sequence.items.start);
    if (n->type == YAML_MAPPING_NODE)
        return 2 * (size_t)(n->data.mapping.pairs.top -
                            n->data.mapping.pairs.start);
    return 0;
}

/* Child `i` of a collection; a mapping's children are key, value, key... */
static int child_id(const yaml_node_t *n, size_t i)
{
    if (n->type == YAML_SEQUENCE_NODE)
        return n->data.sequence.items.start[i];
    const yaml_node_pair_t *pair = &n->data.mapping.pairs.start[i / 2];
    return i % 2 ? pair->value : pair->key;
}

/* a + b, saturating just above the limit so sums of huge sizes stay
 * meaningful without overflow. */
static size_t add_nodes(size_t a, size_t b)
{
    size_t cap = (size_t)TASIM_SCENARIO_MAX_NODES + 1;
    return a >= cap || b >= cap || a + b > cap ? cap : a + b;
}

static const char *collection_name(const yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE ? "mapping" : "list";
}

/* `node` expands past the limit; the document itself has `n` nodes. */
static void report_too_big(const yaml_node_t *node, size_t n,
                           const char *file, tasim_diag_t *diag)
{
    tasim_loc_t loc = tasim_node_loc(node);
    /* Only aliases can make a document of few nodes expand to many. */
    if (n <= TASIM_SCENARIO_MAX_NODES)
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "this %s holds more than %d values once its aliases "
                       "are expanded (an alias bomb?)", collection_name(node),
                       TASIM_SCENARIO_MAX_NODES);
    else
        tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line, loc.column,
                       "this %s holds more than %d values, the most a "
                       "scenario may have", collection_name(node),
                       TASIM_SCENARIO_MAX_NODES);
}

typedef struct {
    int id;
    size_t next; /* next child to visit */
} frame_t;

/*
 * Count every node once per path from the root, that is once per alias
 * that reaches it: what any walk of the document would visit. Each node's
 * count is kept when its walk ends, so a node shared by many aliases is
 * walked once and the whole check is linear in the document's size. The
 * walk is iterative because chains of aliases can be far longer than the
 * C stack is deep. An alias inside the collection it names (`&a [*a]`) is
 * met while that collection is still open: it would expand forever.
 */
static int check_expansion(yaml_document_t *doc, const char *file,
                           tasim_diag_t *diag, size_t *total)
{
    size_t n = (size_t)(doc->nodes.top - doc->nodes.start);
    size_t *size = tasim_xcalloc(n + 1, sizeof *size);
    unsigned char *open = tasim_xcalloc(n + 1, 1); /* 1 open, 2 done */
    frame_t *stack = tasim_xcalloc(n + 1, sizeof *stack);
    size_t depth = 1;
    int rc = 0;
    stack[0] = (frame_t){1, 0};
    open[1] = 1;
    while (depth > 0 && rc == 0) {
        frame_t *f = &stack[depth - 1];
        yaml_node_t *node = yaml_document_get_node(doc, f->id);
        if (f->next < child_count(node)) {
            int c = child_id(node, f->next++);
            if (open[c] == 0) {
                open[c] = 1;
                stack[depth++] = (frame_t){c, 0};
            } else if (open[c] == 1) {
                yaml_node_t *cn = yaml_document_get_node(doc, c);
                tasim_loc_t loc = tasim_node_loc(cn);
                tasim_diag_add(diag, TASIM_ESCENARIO, file, loc.line,
                               loc.column, "this %s contains an alias to "
                               "itself, which would expand forever",
                               collection_name(cn));
                rc = -1;
            } else {
                size[f->id] = add_nodes(size[f->id], size[c]);
            }
            continue;
        }
        size[f->id] = add_nodes(size[f->id], 1);
        open[f->id] = 2;
        if (size[f->id] > TASIM_SCENARIO_MAX_NODES) {
            report_too_big(node, n, file, diag);
            rc = -1;
        }
        if (--depth > 0)
            size[stack[depth - 1].id] =
                add_nodes(size[stack[depth - 1].id], size[f->id]);
    }
    *total = size[1];
    free(size);
    free(open);
    free(stack);
    return rc;
}

/* ------------------------------------------------------------------ */

int tasim_yaml_doc_load(yaml_document_t *doc, const char *file,
                        const char *src, size_t len, tasim_diag_t *diag)
{
    size_t nodes;
    return tasim_yaml_doc_load_sized(doc, file, src, len, diag, &nodes);
}

int tasim_yaml_doc_reload(yaml_document_t *doc, const char *src, size_t len)
{
    yaml_parser_t p;
    tasim_assert(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)src, len);
    int ok = yaml_parser_load(&p, doc);
    yaml_parser_delete(&p);
    if (ok && yaml_document_get_root_node(doc) == NULL) {
        yaml_document_delete(doc);
        ok = 0;
    }
    return ok ? 0 : -1;
}

int tasim_yaml_doc_load_sized(yaml_document_t *doc, const char *file,
                              const char *src, size_t len, tasim_diag_t *diag,
                              size_t *nodes)
{
    if (check_text(file, src, len, diag) ||
        check_structure(file, src, len, diag))
        return -1;
    yaml_parser_t p;
    tasim_assert(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)src, len);
    int ok = yaml_parser_load(&p, doc);
    if (!ok)
        report_parser_error(&p, file, src, len, diag);
    yaml_parser_delete(&p);
    if (!ok)
        return -1;
    if (yaml_document_get_root_node(doc) == NULL) {
        /* Blank: nothing to point at. Only comments: point at them. */
        int blank = at_end(src, len, 0);
        tasim_diag_add(diag, TASIM_ESCENARIO, file, blank ? 0 : 1,
                       blank ? 0 : 1, "the file %s: expected a scenario "
                       "mapping with at least 'scenario' and 'countries'",
                       blank ? "is empty" : "holds only comments");
        yaml_document_delete(doc);
        return -1;
    }
    if (check_expansion(doc, file, diag, nodes)) {
        yaml_document_delete(doc);
        return -1;
    }
    return 0;
}
