/*
 * key_table.h (private): the (owner, topic, series) triples that name
 * observations, numbered in the order they are first seen.
 *
 * A run reports the same few thousand triples at every sample, millions of
 * times in all; what stores observations (a recording, the ensemble
 * summary) keeps a 4-byte number per observation instead of three
 * pointers. Triples are told apart by pointer: the model names them with
 * the scenario's strings, so equal names share pointers, and equal names
 * behind different pointers only cost a second entry.
 */
#ifndef TASIM_KEY_TABLE_H
#define TASIM_KEY_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct tasim_obs_key {
    const char *owner, *topic, *series;
} tasim_obs_key_t;

typedef struct tasim_key_table {
    tasim_obs_key_t *keys;
    uint32_t count, capacity;
    uint32_t *slots;   /* open addressing: key number + 1, 0 empty */
    size_t slot_count; /* a power of two */
} tasim_key_table_t;

/* The number of the triple, added if new. */
uint32_t tasim_key_table_intern(tasim_key_table_t *t, const char *owner,
                                const char *topic, const char *series);

/* Forget every triple (keeps the memory). */
void tasim_key_table_clear(tasim_key_table_t *t);

void tasim_key_table_free(tasim_key_table_t *t);

#endif
