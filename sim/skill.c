/*
 * skill.c: closed-form solution of the (Sbar, I) system of tasim/skill.h.
 *
 * With x = (Sbar, I), dx/dt = M x + f where
 *     M = [ -(lambda + delta)   delta     ]     f = [ lambda ]
 *         [  k phi             -(k + eps) ]         [ 0      ]
 * The solution is x(t) = e^{Mt} x0 + Psi(t) f with Psi(t) = int_0^t e^{Ms} ds.
 * M's off-diagonal product is >= 0, so its eigenvalues mu1 >= mu2 are real.
 * Putzer's formula writes any analytic function of a 2x2 matrix as
 *     F(M) = F(mu1) I + F[mu1, mu2] (M - mu1 I)
 * with F[mu1, mu2] the divided difference, which becomes the derivative
 * when the eigenvalues coincide. We use it for F = exp(. t) and for
 * F = (exp(. t) - 1) / . ; the divided differences are evaluated so that
 * neither equal eigenvalues nor zero eigenvalues lose precision (tests
 * compare against GSL's matrix exponential).
 */
#include "tasim/skill.h"

#include <math.h>

/* Below this |mu1 - mu2| t the divided difference is taken as the
 * derivative at the midpoint: truncation error ~ (d t)^2 / 24 and
 * cancellation error ~ 1e-16 / (d t) balance near 1e-5 at about 1e-11. */
#define MERGE_EIGENVALUES 1e-5

/* g(mu) = int_0^t e^{mu s} ds = expm1(mu t) / mu, and t at mu = 0;
 * m is expm1(mu t), computed once by the caller. */
static double g_of(double mu, double t, double m)
{
    double x = mu * t;
    if (fabs(x) < 1e-8)
        return t * (1 + x / 2);
    return m / mu;
}

/* g'(mu) = int_0^t s e^{mu s} ds. */
static double dg_t(double mu, double t)
{
    double x = mu * t;
    if (fabs(x) < 1e-3) /* series: t^2 (1/2 + x/3 + x^2/8 + x^3/30) */
        return t * t * (0.5 + x * (1.0 / 3 + x * (1.0 / 8 + x / 30)));
    return (exp(x) * (x - 1) + 1) / (mu * mu);
}

/* Whether mu1 and mu2 are so close that divided differences become
 * derivatives at the midpoint. */
static int merged(double mu1, double mu2, double t)
{
    return fabs(mu1 - mu2) * t < MERGE_EIGENVALUES;
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

tasim_skill_step_t tasim_skill_advance(const tasim_skill_rates_t *r,
                                       double sbar, double inst, double dt)
{
    double a = r->lambda + r->delta;
    double m11 = -a, m12 = r->delta;
    double m21 = r->k * r->phi, m22 = -(r->k + r->eps);
    double half_tr = 0.5 * (m11 + m22);
    double half_gap = 0.5 * sqrt((m11 - m22) * (m11 - m22) + 4 * m12 * m21);
    double mu1 = half_tr + half_gap, mu2 = half_tr - half_gap;

    /* E = e^{M dt} and Psi = int e^{Ms} ds, both as p I + q (M - mu1 I).
     * Two expm1 serve both: e^x = 1 + expm1(x), and the difference of
     * exponentials is the difference of their expm1, without the 1s. */
    double m1 = expm1(mu1 * dt), m2 = expm1(mu2 * dt);
    double pe = 1 + m1, pp = g_of(mu1, dt, m1);
    double qe, qp;
    if (merged(mu1, mu2, dt)) {
        double mid = 0.5 * (mu1 + mu2);
        qe = dt * exp(mid * dt);
        qp = dg_t(mid, dt);
    } else {
        double d = mu1 - mu2;
        qe = (m1 - m2) / d;
        qp = (pp - g_of(mu2, dt, m2)) / d;
    }

    double e11 = pe + qe * (m11 - mu1), e12 = qe * m12;
    double e21 = qe * m21, e22 = pe + qe * (m22 - mu1);
    double p11 = pp + qp * (m11 - mu1), p21 = qp * m21;

    tasim_skill_step_t out;
    out.sbar = clamp01(e11 * sbar + e12 * inst + p11 * r->lambda);
    out.inst = clamp01(e21 * sbar + e22 * inst + p21 * r->lambda);
    if (r->phi <= 0)
        out.sbar = sbar; /* nobody in post: no mean to move */
    out.alpha = exp(-a * dt);
    out.beta = out.sbar - out.alpha * sbar;
    return out;
}
