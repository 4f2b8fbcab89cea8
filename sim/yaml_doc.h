/*
 * yaml_doc.h (private): parse scenario bytes into a libyaml document with
 * tasim's limits and error format.
 */
#ifndef TASIM_YAML_DOC_H
#define TASIM_YAML_DOC_H

#include <stddef.h>

#include <yaml.h>

#include "tasim/diag.h"
#include "tasim/scenario.h"

/* Parse `src` (`len` bytes, labelled `file` in errors) into `doc`, which the
 * caller releases with yaml_document_delete(). Returns 0, or -1 with the
 * errors added to `diag` (and `doc` left empty). */
int tasim_yaml_doc_load(yaml_document_t *doc, const char *file,
                        const char *src, size_t len, tasim_diag_t *diag);

/* As tasim_yaml_doc_load(); on success `*nodes` is the number of nodes the
 * document holds with its aliases expanded, which is what one read of it
 * visits. */
int tasim_yaml_doc_load_sized(yaml_document_t *doc, const char *file,
                              const char *src, size_t len, tasim_diag_t *diag,
                              size_t *nodes);

/* Parse bytes that tasim_yaml_doc_load() has already accepted (a loaded
 * scenario's source, read again to build a variant): the checks on the
 * text, its structure and its size are functions of the bytes alone, so
 * they are not repeated. Returns 0, or -1 if libyaml fails after all. */
int tasim_yaml_doc_reload(yaml_document_t *doc, const char *src, size_t len);

#endif
