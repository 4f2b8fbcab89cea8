/*
 * p2.c: the P-square estimator of p2.h. Five markers track the minimum,
 * the p/2, p and (1+p)/2 quantiles and the maximum; each new value moves
 * the markers' positions, and a marker more than one step from where it
 * should be is moved by a piecewise-parabolic (else linear) correction.
 */
#include "p2.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

void tasim_p2_init(tasim_p2_t *e) { memset(e, 0, sizeof *e); }

/* Desired position of marker i after `count` values. */
static double desired(int i, double p, uint64_t count)
{
    const double d[5] = {0, p / 2, p, (1 + p) / 2, 1};
    return 1 + (double)(count - 1) * d[i];
}

static double parabolic(const tasim_p2_t *e, int i, double s)
{
    double n0 = e->n[i - 1], n1 = e->n[i], n2 = e->n[i + 1];
    return e->q[i] +
           s / (n2 - n0) *
               ((n1 - n0 + s) * (e->q[i + 1] - e->q[i]) / (n2 - n1) +
                (n2 - n1 - s) * (e->q[i] - e->q[i - 1]) / (n1 - n0));
}

static double linear(const tasim_p2_t *e, int i, int s)
{
    return e->q[i] + s * (e->q[i + s] - e->q[i]) / (e->n[i + s] - e->n[i]);
}

void tasim_p2_add(tasim_p2_t *e, double p, uint64_t count, double x)
{
    if (count <= 5) {
        e->q[count - 1] = x;
        if (count == 5) {
            gsl_sort(e->q, 1, 5);
            for (int i = 0; i < 5; i++)
                e->n[i] = i + 1;
        }
        return;
    }
    int k;
    if (x < e->q[0]) {
        e->q[0] = x;
        k = 0;
    } else if (x >= e->q[4]) {
        e->q[4] = x;
        k = 3;
    } else {
        for (k = 0; k < 3 && !(x < e->q[k + 1]); k++)
            ;
    }
    for (int i = k + 1; i < 5; i++)
        e->n[i]++;
    for (int i = 1; i <= 3; i++) {
        double d = desired(i, p, count) - e->n[i];
        if ((d >= 1 && e->n[i + 1] - e->n[i] > 1) ||
            (d <= -1 && e->n[i - 1] - e->n[i] < -1)) {
            int s = d > 0 ? 1 : -1;
            double q = parabolic(e, i, s);
            if (!(e->q[i - 1] < q && q < e->q[i + 1]))
                q = linear(e, i, s);
            e->q[i] = q;
            e->n[i] += s;
        }
    }
}

double tasim_p2_get(const tasim_p2_t *e, double p, uint64_t count)
{
    if (count == 0)
        return NAN;
    if (count > 5)
        return e->q[2];
    double v[5];
    memcpy(v, e->q, sizeof v);
    gsl_sort(v, 1, count);
    return gsl_stats_quantile_from_sorted_data(v, 1, count, p);
}
