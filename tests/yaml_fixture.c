/*
 * yaml_fixture.c: see yaml_fixture.h.
 */
#include "yaml_fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yaml_fixture_parse(yaml_document_t *doc, const char *text,
                        const char *what)
{
    yaml_parser_t p;
    cr_assert(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)text,
                                 strlen(text));
    cr_assert(yaml_parser_load(&p, doc), "%s does not parse: %s", what,
              p.problem);
    yaml_parser_delete(&p);
    cr_assert_not_null(yaml_document_get_root_node(doc), "empty %s", what);
}

yaml_node_t *yaml_fixture_lookup(yaml_document_t *doc, const char *path)
{
    yaml_node_t *n = yaml_document_get_root_node(doc);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *part = strtok(buf, "."); part && n; part = strtok(NULL, ".")) {
        yaml_node_t *next = NULL;
        if (n->type == YAML_SEQUENCE_NODE) {
            long i = strtol(part, NULL, 10);
            yaml_node_item_t *items = n->data.sequence.items.start;
            if (i >= 0 && i < n->data.sequence.items.top - items)
                next = yaml_document_get_node(doc, items[i]);
        } else if (n->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
                 p < n->data.mapping.pairs.top; p++) {
                yaml_node_t *k = yaml_document_get_node(doc, p->key);
                if (strcmp((const char *)k->data.scalar.value, part) == 0)
                    next = yaml_document_get_node(doc, p->value);
            }
        }
        n = next;
    }
    return n;
}

const yaml_node_t *yaml_fixture_scalar(yaml_document_t *doc,
                                       const char *path)
{
    yaml_node_t *n = yaml_fixture_lookup(doc, path);
    cr_assert_not_null(n, "no value at %s", path);
    cr_assert_eq(n->type, YAML_SCALAR_NODE, "%s is not a scalar", path);
    return n;
}
