/*
 * tasim/skill.h: exact integration of a unit's skills and institutional
 * knowledge between events.
 *
 * Between two events every input is constant: the learning rate lambda
 * from the engagements running, forgetting delta, the institutionalisation
 * rate k (k_I while institutionalisation work runs, else 0), the erosion
 * rate eps of institutional knowledge and the filled share phi = n / N.
 * Every staff member's skill then follows
 *
 *     ds_i/dt = lambda (1 - s_i) - delta (s_i - I)
 *
 * and institutional knowledge follows dI/dt = k (phi Sbar - I) - eps I,
 * where Sbar is the mean skill of the staff in post. The pair (Sbar, I) is
 * a linear system with constant coefficients, solved here in closed form
 * (the matrix exponential of a 2x2 matrix with real eigenvalues), so no
 * step size and no integration error. Each member's deviation from the
 * mean decays as exp(-(lambda + delta) dt), which makes the map from old
 * to new skills affine and the same for all: s_i' = alpha s_i + beta. A
 * unit composes these maps and each member keeps a coordinate in them, so
 * an event costs O(1) however many staff the unit has.
 *
 * With k = eps = 0 this is the closed form of the model specification:
 * s(t0 + dt) = s_inf + (s(t0) - s_inf) exp(-(lambda + delta) dt) with
 * s_inf = (lambda + delta I) / (lambda + delta).
 */
#ifndef TASIM_SKILL_H
#define TASIM_SKILL_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tasim_skill_rates {
    double lambda; /* learning rate, >= 0 */
    double delta;  /* forgetting rate, >= 0 */
    double k;      /* institutionalisation rate, >= 0 */
    double eps;    /* erosion of institutional knowledge, >= 0 */
    double phi;    /* filled share of positions, in [0, 1] */
} tasim_skill_rates_t;

typedef struct tasim_skill_step {
    double sbar;  /* mean skill of staff in post after the step */
    double inst;  /* institutional knowledge after the step */
    double alpha; /* s_i' = alpha * s_i + beta for every member */
    double beta;
} tasim_skill_step_t;

/*
 * Advance (sbar, inst) over `dt` >= 0 years under `rates`. When phi is 0
 * (nobody in post) sbar is carried unchanged and only inst moves.
 */
tasim_skill_step_t tasim_skill_advance(const tasim_skill_rates_t *rates,
                                       double sbar, double inst, double dt);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_SKILL_H */
