/*
 * yaml_fixture.h: read YAML that tasim wrote (manifests, emitted
 * scenarios) back in a test, and find values in it by dotted path.
 */
#ifndef TASIM_TESTS_YAML_FIXTURE_H
#define TASIM_TESTS_YAML_FIXTURE_H

#include <yaml.h>

/* Parse `text` into `doc` (the caller deletes it); fails the test, naming
 * `what`, if it is not one non-empty YAML document. */
void yaml_fixture_parse(yaml_document_t *doc, const char *text,
                        const char *what);

/* The node at a dotted path of mapping keys and sequence indexes
 * ("countries.0.units"), or NULL. */
yaml_node_t *yaml_fixture_lookup(yaml_document_t *doc, const char *path);

/* The scalar at `path`; fails the test if there is none. */
const yaml_node_t *yaml_fixture_scalar(yaml_document_t *doc,
                                       const char *path);

#endif
