/*
 * tasim/summary.h: ensemble statistics of the time series across
 * replications: n, mean, sd and the 5%, 50% and 95% quantiles of every
 * (year, country, topic, series).
 *
 * Every replication of a scenario reports the same sequence of
 * observations (same years, owners, topics and series, in the same
 * order), so statistics are kept per position in that sequence and no
 * lookup by key is needed; each replication's keys are checked against
 * the first's. Memory is bounded whatever the number of replications,
 * and quantiles are exact (GSL's interpolated quantile of the sorted
 * values, the definition R calls type 7):
 *   - up to 24 replications every value is kept in memory (no more than
 *     streaming estimators would take), if that is at most 64 MB;
 *   - otherwise the values go to a file, written replication after
 *     replication and read back in chunks of positions when the summary
 *     is written, so memory stays flat; disk use is 8 bytes per position
 *     per replication, freed when the summary is destroyed;
 *   - streaming P-square estimators (the algorithm of GSL's
 *     gsl_rstat_quantile in a compact form, sim/p2.h: 192 bytes per
 *     position, no file) on request, or when there are so many
 *     replications that the read-back buffer (128 bytes per position, at
 *     most 8 MB) would hold fewer than 64 positions at a time: reading
 *     the file back would then take a read per replication for every few
 *     positions (beyond about 1,300 replications for a run of 5,000
 *     positions, 16,000 for a world-scale one).
 * Mean and standard deviation are exact in both modes (Welford's
 * recurrence). A position itself takes 32 bytes: its key and year are
 * numbers into tables of the distinct ones. Feed replications in order
 * for reproducible bytes.
 */
#ifndef TASIM_SUMMARY_H
#define TASIM_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tasim_summary tasim_summary_t;

/* How quantiles are computed: exact (the default), or with streaming
 * estimators. */
typedef enum {
    TASIM_SUMMARY_AUTO,
    TASIM_SUMMARY_STREAMING
} tasim_summary_quantiles_t;

/*
 * Create a summary for `replications` replications. The caller owns the
 * result: tasim_summary_destroy().
 */
tasim_summary_t *tasim_summary_create(uint64_t replications,
                                      tasim_summary_quantiles_t quantiles);
void tasim_summary_destroy(tasim_summary_t *s);

/* Where exact values beyond 24 replications go: a new file at `path`
 * (removed when the summary is destroyed) instead of an anonymous
 * temporary file. Call before adding values. */
void tasim_summary_spill_to(tasim_summary_t *s, const char *path);

/* Add one observation of replication `rep` (replications in order, each
 * in its row order). Strings must outlive the summary (the scenario's).
 * Returns 0, or -1 if the row does not match the first replication's. */
int tasim_summary_add(tasim_summary_t *s, uint64_t rep, double year,
                      const char *owner, const char *topic,
                      const char *series, double value);

/* Whether quantiles are exact (1) or P-square estimates (0). */
int tasim_summary_exact(const tasim_summary_t *s);

/* Threads that may work out the rows of summary.csv (default 1); the
 * bytes do not depend on it. */
void tasim_summary_set_threads(tasim_summary_t *s, int threads);

/* Write summary.csv: year,country,topic,series,n,mean,sd,p05,p50,p95.
 * Statistics over the finite values only; n counts them. Returns 0, or -1
 * if writing failed (`out`, or the file of spilled values). */
int tasim_summary_write(const tasim_summary_t *s, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_SUMMARY_H */
