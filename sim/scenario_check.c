/*
 * scenario_check.c: the rules that span fields and objects: unique ids,
 * cross-references (programme -> country, topic, provider, funder; channel
 * -> provider or country; events -> countries; unit topics -> declared
 * topics), what each kind of provider, activity, exit rule and event needs,
 * and sums of shares. Each error points at the field that breaks the rule.
 */
#include "scenario_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_override.h"
#include "tasim/alloc.h"
#include "tasim/design.h"
#include "yaml_doc.h"

/* One kind of thing that is referred to by id: its ids in file order
 * (for messages) and sorted (for lookups). */
typedef struct {
    const char *what;  /* "country" */
    const char **ids;  /* NULL-terminated, in file order */
    size_t count;
    const char *known; /* how the message introduces the list of ids */
    tasim_id_index_t index;
} ref_table_t;

/* A unit, as (country index, topic index), for "has FIN a pfm unit?". */
typedef struct {
    long country, topic;
} unit_key_t;

typedef struct {
    const tasim_scenario_t *sc;
    tasim_diag_t *diag;
    ref_table_t topics, countries, providers, donors;
    unit_key_t *units; /* sorted */
    size_t unit_count;
} check_t;

__attribute__((format(printf, 3, 4)))
static void at(check_t *c, tasim_loc_t loc, const char *fmt, ...)
{
    char msg[TASIM_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tasim_diag_add(c->diag, TASIM_ESCENARIO, c->sc->path, loc.line,
                   loc.column, "%s", msg);
}

/* Location of field `key` of object `obj` described by schema `s`. */
#define LOC(schema_name, item, key)                                           \
    tasim_field_loc(tasim_check_schema(schema_name), &(item)->obj, key)

static const tasim_schema_t *find_schema(const tasim_schema_t *s,
                                         const char *name)
{
    if (strcmp(s->name, name) == 0)
        return s;
    for (size_t i = 0; i < s->field_count; i++)
        if (s->fields[i].schema) {
            const tasim_schema_t *r = find_schema(s->fields[i].schema, name);
            if (r)
                return r;
        }
    return NULL;
}

const tasim_schema_t *tasim_check_schema(const char *name)
{
    const tasim_schema_t *s = find_schema(&tasim_scenario_schema, name);
    tasim_assert(s != NULL);
    return s;
}

/* Fill `t` with `count` ids taken from the member `id` of `arr`. */
#define REF_TABLE(t, what_, arr, count, member)                               \
    do {                                                                      \
        ref_table_alloc(t, what_, count);                                     \
        for (size_t i_ = 0; i_ < (count); i_++)                               \
            (t)->ids[i_] = (arr)[i_].member;                                  \
        tasim_id_index_init(&(t)->index, (t)->ids, count);                    \
    } while (0)

static void ref_table_alloc(ref_table_t *t, const char *what, size_t count)
{
    t->what = what;
    t->ids = tasim_xcalloc(count + 1, sizeof *t->ids);
    t->count = count;
    t->known = "known";
}

static void ref_table_fini(ref_table_t *t)
{
    free(t->ids);
    tasim_id_index_fini(&t->index);
}

/* The ids of `t` for a message, as many as fit in `n` bytes. */
static void list_ids(const ref_table_t *t, char *buf, size_t n)
{
    buf[0] = '\0';
    for (size_t i = 0, used = 0; i < t->count; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
                         t->ids[i]);
        if (w < 0 || (size_t)w >= n - used) {
            snprintf(buf + used, n - used, ", ...");
            if (used + 5 >= n)
                snprintf(buf + n - 5, 5, "...");
            return;
        }
        used += (size_t)w;
    }
}

/* Resolve `id` in `t`; if unknown, report it at `loc` as the value of
 * `role` (e.g. "'funder'"), with the closest id or the known ones. */
static long lookup(check_t *c, const ref_table_t *t, tasim_loc_t loc,
                   const char *role, const char *id)
{
    long i = tasim_id_index_find(&t->index, id);
    if (i >= 0)
        return i;
    if (tasim_diag_full(c->diag)) { /* the message would be dropped */
        c->diag->dropped++;
        return -1;
    }
    const char *hint = tasim_closest_name(t->ids, id);
    char list[256];
    list_ids(t, list, sizeof list);
    if (hint)
        at(c, loc, "unknown %s '%s' for %s (did you mean '%s'?)", t->what, id,
           role, hint);
    else if (t->count)
        at(c, loc, "unknown %s '%s' for %s (%s: %s)", t->what, id, role,
           t->known, list);
    else
        at(c, loc, "unknown %s '%s' for %s (the scenario declares no %s)",
           t->what, id, role, t->what);
    return -1;
}

static int by_country_then_topic(const void *a, const void *b)
{
    const unit_key_t *x = a, *y = b;
    if (x->country != y->country)
        return x->country < y->country ? -1 : 1;
    return (x->topic > y->topic) - (x->topic < y->topic);
}

/* Index every unit whose topic resolved, for has_unit(). */
static void index_units(check_t *c)
{
    const tasim_scenario_t *sc = c->sc;
    c->units = tasim_xcalloc(tasim_scenario_unit_count(sc), sizeof *c->units);
    for (size_t i = 0; i < sc->country_count; i++)
        for (size_t u = 0; u < sc->countries[i].unit_count; u++)
            c->units[c->unit_count++] = (unit_key_t){
                (long)i, sc->countries[i].units[u].topic_index};
    qsort(c->units, c->unit_count, sizeof *c->units, by_country_then_topic);
}

static int has_unit(const check_t *c, long country, long topic)
{
    unit_key_t key = {country, topic};
    return bsearch(&key, c->units, c->unit_count, sizeof key,
                   by_country_then_topic) != NULL;
}

/* Ids unique within one kind: report each repeat at its own line. */
#define CHECK_UNIQUE(c, t, arr, schema_name)                                  \
    do {                                                                      \
        for (size_t i_ = 0; i_ < (t)->count; i_++) {                          \
            long first_ = tasim_id_index_find(&(t)->index, (t)->ids[i_]);     \
            if (first_ != (long)i_)                                           \
                at(c, LOC(schema_name, &(arr)[i_], "id"),                     \
                   "duplicate %s id '%s' (first used at line %d)",            \
                   (t)->what, (t)->ids[i_],                                   \
                   LOC(schema_name, &(arr)[first_], "id").line);              \
        }                                                                     \
    } while (0)

static void check_topics(check_t *c)
{
    tasim_scenario_t *sc = (tasim_scenario_t *)c->sc;
    if (sc->country_count == 0)
        at(c, LOC("the scenario", sc, "countries"),
           "'countries' must list at least one country");
    if (sc->topics.count == 0)
        at(c, LOC("the scenario", sc, "topics"),
           "'topics' must list at least one topic");
    for (size_t i = 0; i < sc->country_count; i++) {
        tasim_country_t *k = &sc->countries[i];
        if (k->name == NULL)
            k->name = tasim_xstrdup(k->id);
        if (k->unit_count == 0)
            at(c, LOC("country", k, "units"),
               "country '%s' must have at least one unit", k->id);
        for (size_t u = 0; u < k->unit_count; u++)
            k->units[u].topic_index = lookup(c, &c->topics, k->units[u].obj.loc,
                                             "a unit", k->units[u].topic);
    }
    index_units(c);
}


/* The name of a provider kind, from the schema's table of names. */
static const char *kind_name(int kind)
{
    const tasim_field_t *f =
        tasim_schema_field(tasim_check_schema("provider"), "kind");
    return f->names[kind];
}

/* Resolve a channel's target (exactly one of three keys) and its kind. */
static void check_channel(check_t *c, tasim_channel_t *ch)
{
    const tasim_provider_t *pr = c->sc->providers;
    int targets = (ch->provider != NULL) + (ch->bilateral != NULL) +
                  (ch->budget_support != NULL);
    if (targets != 1) {
        at(c, ch->obj.loc, "a channel needs exactly one of 'provider', "
                           "'bilateral' or 'budget_support' (found %d)",
           targets);
    } else if (ch->provider) {
        ch->kind = TASIM_CHANNEL_POOLED;
        tasim_loc_t loc = LOC("channel", ch, "provider");
        ch->target = lookup(c, &c->providers, loc, "'provider'", ch->provider);
        if (ch->target >= 0 && pr[ch->target].kind == TASIM_PROVIDER_BILATERAL)
            at(c, loc, "'%s' is a bilateral programme: fund it with "
                       "'bilateral: %s'", ch->provider, ch->provider);
    } else if (ch->bilateral) {
        ch->kind = TASIM_CHANNEL_BILATERAL;
        tasim_loc_t loc = LOC("channel", ch, "bilateral");
        ch->target =
            lookup(c, &c->providers, loc, "'bilateral'", ch->bilateral);
        if (ch->target >= 0 && pr[ch->target].kind != TASIM_PROVIDER_BILATERAL)
            at(c, loc, "'bilateral' needs a provider of kind bilateral; '%s' "
                       "is a %s (to fund its pool, write 'provider: %s')",
               ch->bilateral, kind_name(pr[ch->target].kind), ch->bilateral);
    } else {
        ch->kind = TASIM_CHANNEL_BUDGET_SUPPORT;
        ch->target = lookup(c, &c->countries,
                            LOC("channel", ch, "budget_support"),
                            "'budget_support'", ch->budget_support);
    }
}

static void check_donors(check_t *c)
{
    tasim_scenario_t *sc = (tasim_scenario_t *)c->sc;
    CHECK_UNIQUE(c, &c->donors, sc->donors, "donor");
    for (size_t d = 0; d < sc->donor_count; d++) {
        tasim_donor_t *don = &sc->donors[d];
        if (don->name == NULL)
            don->name = tasim_xstrdup(don->id);
        double total = 0;
        for (size_t k = 0; k < don->channel_count; k++) {
            check_channel(c, &don->channels[k]);
            total += don->channels[k].share;
        }
        if (total > 1 + 1e-9)
            at(c, LOC("donor", don, "channels"),
               "the channel shares of donor '%s' add up to %g; they must "
               "not exceed 1", don->id, total);
        tasim_weights_t *topics = &don->priorities.topics;
        for (size_t k = 0; k < topics->count; k++)
            topics->items[k].index =
                lookup(c, &c->topics, topics->items[k].loc, "a priority",
                       topics->items[k].key);
        tasim_weights_t *countries = &don->priorities.countries;
        for (size_t k = 0; k < countries->count; k++)
            countries->items[k].index =
                lookup(c, &c->countries, countries->items[k].loc,
                       "a priority", countries->items[k].key);
    }
}

static void check_providers(check_t *c)
{
    tasim_scenario_t *sc = (tasim_scenario_t *)c->sc;
    CHECK_UNIQUE(c, &c->providers, sc->providers, "provider");
    for (size_t p = 0; p < sc->provider_count; p++) {
        tasim_provider_t *pr = &sc->providers[p];
        if (pr->name == NULL)
            pr->name = tasim_xstrdup(pr->id);
        pr->topic_index = pr->donor_index = -1;
        if (pr->kind == TASIM_PROVIDER_REGIONAL_CENTRE && pr->region == NULL)
            at(c, LOC("provider", pr, "kind"),
               "regional centre '%s' needs a 'region'", pr->id);
        if (pr->kind == TASIM_PROVIDER_TOPICAL_FUND && pr->topic == NULL)
            at(c, LOC("provider", pr, "kind"),
               "topical fund '%s' needs a 'topic'", pr->id);
        if (pr->kind == TASIM_PROVIDER_BILATERAL && pr->donor == NULL)
            at(c, LOC("provider", pr, "kind"),
               "bilateral programme '%s' needs the 'donor' that runs it",
               pr->id);
        if (pr->topic)
            pr->topic_index = lookup(c, &c->topics, LOC("provider", pr, "topic"),
                                     "'topic'", pr->topic);
        if (pr->donor)
            pr->donor_index = lookup(c, &c->donors, LOC("provider", pr, "donor"),
                                     "'donor'", pr->donor);
        for (size_t k = 0; k < pr->expert_count; k++)
            pr->experts[k].topic_index =
                lookup(c, &c->topics, pr->experts[k].obj.loc,
                       "an expert pool", pr->experts[k].topic);
    }
}

static void check_activities(check_t *c, const tasim_programme_spec_t *p)
{
    for (size_t i = 0; i < p->activity_count; i++) {
        const tasim_activity_t *a = &p->activities[i];
        int lasting = a->type == TASIM_ACT_RESIDENT_ADVISOR ||
                      a->type == TASIM_ACT_INSTITUTIONALISE;
        if (a->type == TASIM_ACT_SYSTEM && !(a->equipment > 0))
            at(c, a->obj.loc, "a 'system' activity needs 'equipment' (its "
                              "cost in USD, > 0)");
        if (lasting && !isnan(a->every_months))
            at(c, LOC("activity", a, "every_months"),
               "a %s activity lasts 'months'; it cannot repeat",
               a->type == TASIM_ACT_RESIDENT_ADVISOR ? "resident_advisor"
                                                     : "institutionalise");
        if (!lasting && !isnan(a->months))
            at(c, LOC("activity", a, "months"),
               "'months' applies to resident_advisor and institutionalise; "
               "use 'days' for missions and workshops");
        const tasim_schema_t *as = tasim_check_schema("activity");
        uint64_t at_bit = UINT64_C(1) << tasim_schema_field_index(
                              as, tasim_schema_field(as, "at_month"));
        uint64_t from_bit = UINT64_C(1) << tasim_schema_field_index(
                                as, tasim_schema_field(as, "from_month"));
        if ((a->obj.given & at_bit) && (a->obj.given & from_bit))
            at(c, LOC("activity", a, "from_month"),
               "give the start once: 'at_month' or 'from_month', not both");
        int needs_experts = a->type != TASIM_ACT_SYSTEM &&
                            a->type != TASIM_ACT_INSTITUTIONALISE;
        if (needs_experts && a->experts < 1 &&
            a->type != TASIM_ACT_TRAINING)
            at(c, LOC("activity", a, "experts"),
               "this activity needs at least one expert");
    }
}

static void check_programme_body(check_t *c, const tasim_programme_spec_t *p)
{
    check_activities(c, p);
    if (p->exit.rule == TASIM_EXIT_CAPACITY && isnan(p->exit.target))
        at(c, LOC("exit", &p->exit, "rule"),
           "exit rule 'capacity' needs a 'target' in [0, 1]");
    for (size_t i = 0; i < p->objective_count; i++) {
        const tasim_objective_t *o = &p->objectives[i];
        if (isnan(o->capacity) == isnan(o->performance))
            at(c, o->obj.loc, "an objective needs exactly one of 'capacity' "
                              "or 'performance'");
    }
}

/* A template becomes programmes at dates nobody knows in advance, so its
 * objectives (dated milestones) could not be placed. */
static void check_template(check_t *c, const tasim_programme_spec_t *t)
{
    check_programme_body(c, t);
    if (t->objective_count > 0)
        at(c, LOC("template", t, "objectives"),
           "a template cannot have objectives: their dates would not fit "
           "programmes that start whenever a request is served");
}

static void check_programmes(check_t *c)
{
    tasim_scenario_t *sc = (tasim_scenario_t *)c->sc;
    ref_table_t programmes;
    REF_TABLE(&programmes, "programme", sc->programmes, sc->programme_count,
              id);
    CHECK_UNIQUE(c, &programmes, sc->programmes, "programme");
    ref_table_fini(&programmes);
    double start = tasim_date_to_year(sc->run.start);
    for (size_t i = 0; i < sc->programme_count; i++) {
        tasim_programme_spec_t *p = &sc->programmes[i];
        p->country_index = lookup(c, &c->countries,
                                  LOC("programme", p, "country"), "'country'",
                                  p->country);
        p->topic_index = lookup(c, &c->topics, LOC("programme", p, "topic"),
                                "'topic'", p->topic);
        p->provider_index = lookup(c, &c->providers,
                                   LOC("programme", p, "provider"),
                                   "'provider'", p->provider);
        p->funder_index =
            p->funder ? lookup(c, &c->donors, LOC("programme", p, "funder"),
                               "'funder'", p->funder)
                      : -1;
        if (p->country_index >= 0 && p->topic_index >= 0 &&
            !has_unit(c, p->country_index, p->topic_index))
            at(c, LOC("programme", p, "topic"),
               "country '%s' has no '%s' unit for programme '%s' to work "
               "with", p->country, p->topic, p->id);
        if (tasim_date_to_year(p->start) < start)
            at(c, LOC("programme", p, "start"),
               "programme '%s' starts before the scenario does", p->id);
        check_programme_body(c, p);
    }
    if (sc->has_demand && sc->demand.has_template)
        check_template(c, &sc->demand.template_spec);
    for (size_t i = 0; i < sc->provider_count; i++)
        if (sc->providers[i].has_template)
            check_template(c, &sc->providers[i].template_spec);
}

static void check_events(check_t *c)
{
    const tasim_scenario_t *sc = c->sc;
    for (size_t i = 0; i < sc->event_count; i++) {
        const tasim_scripted_event_t *e = &sc->events[i];
        for (size_t k = 0; k < e->countries.count; k++)
            lookup(c, &c->countries, e->countries.locs[k], "'countries'",
                   e->countries.items[k]);
        if (e->country)
            lookup(c, &c->countries, LOC("event", e, "country"), "'country'",
                   e->country);
        if (e->donor)
            lookup(c, &c->donors, LOC("event", e, "donor"), "'donor'",
                   e->donor);
        int has_country = e->country || e->countries.count;
        if (e->type == TASIM_EVENT_CRISIS && !has_country)
            at(c, LOC("event", e, "type"),
               "a crisis needs 'countries' (or 'country')");
        if (e->type == TASIM_EVENT_GOVERNMENT_CHANGE && e->country == NULL)
            at(c, LOC("event", e, "type"),
               "a government_change needs the 'country'");
        if (e->type == TASIM_EVENT_BUDGET_CUT &&
            (e->donor == NULL || isnan(e->cut)))
            at(c, LOC("event", e, "type"),
               "a budget_cut needs the 'donor' and the 'cut' (a share)");
    }
}

/* The tables of everything referred to by id. Topics come from the file
 * or are the defaults; the message says which, since a topic missing from
 * the defaults has to be declared. */
static void build_tables(check_t *c)
{
    const tasim_scenario_t *sc = c->sc;
    ref_table_alloc(&c->topics, "topic", sc->topics.count);
    for (size_t i = 0; i < sc->topics.count; i++)
        c->topics.ids[i] = sc->topics.items[i];
    tasim_id_index_init(&c->topics.index, c->topics.ids, sc->topics.count);
    c->topics.known = sc->topics.locs ? "declared topics"
                                      : "'topics' is not given, so the "
                                        "default topics apply";
    REF_TABLE(&c->countries, "country", sc->countries, sc->country_count, id);
    REF_TABLE(&c->providers, "provider", sc->providers, sc->provider_count,
              id);
    REF_TABLE(&c->donors, "donor", sc->donors, sc->donor_count, id);
}

/* Whether some country lies in `region`. */
static int region_exists(const tasim_scenario_t *sc, const char *region)
{
    for (size_t i = 0; i < sc->country_count; i++)
        if (sc->countries[i].region &&
            strcmp(sc->countries[i].region, region) == 0)
            return 1;
    return 0;
}

/* Rules between objects that need every reference resolved first:
 * regions that exist, donors funding only their own bilateral
 * programmes, topical funds keeping to their topic, and dates in order. */
static void check_links(check_t *c)
{
    const tasim_scenario_t *sc = c->sc;
    for (size_t i = 0; i < sc->provider_count; i++) {
        const tasim_provider_t *pr = &sc->providers[i];
        if (pr->region && !region_exists(sc, pr->region))
            at(c, LOC("provider", pr, "region"),
               "no country is in region '%s', so provider '%s' would serve "
               "nobody", pr->region, pr->id);
        for (size_t k = 0; pr->kind == TASIM_PROVIDER_TOPICAL_FUND &&
                           k < pr->expert_count; k++)
            if (pr->topic_index >= 0 &&
                pr->experts[k].topic_index != pr->topic_index)
                at(c, pr->experts[k].obj.loc,
                   "topical fund '%s' covers '%s' only; it cannot have "
                   "experts on '%s'", pr->id, pr->topic, pr->experts[k].topic);
    }
    for (size_t d = 0; d < sc->donor_count; d++) {
        const tasim_donor_t *don = &sc->donors[d];
        const tasim_weights_t *regions = &don->priorities.regions;
        for (size_t k = 0; k < regions->count; k++)
            if (!region_exists(sc, regions->items[k].key))
                at(c, regions->items[k].loc, "no country is in region '%s'",
                   regions->items[k].key);
        for (size_t k = 0; k < don->channel_count; k++) {
            const tasim_channel_t *ch = &don->channels[k];
            if (ch->kind != TASIM_CHANNEL_BILATERAL || ch->target < 0)
                continue;
            const tasim_provider_t *pr = &sc->providers[ch->target];
            if (pr->donor_index >= 0 && pr->donor_index != (long)d)
                at(c, LOC("channel", ch, "bilateral"),
                   "'%s' is the bilateral programme of donor '%s'; donor "
                   "'%s' can fund it only through a pooled provider",
                   pr->id, pr->donor, don->id);
        }
    }
}

/* Experts an activity holds from its provider's pool on `topic`: which
 * kind, and whether the pool can ever hold that many. */
static void check_pool_fits(check_t *c, const tasim_programme_spec_t *p,
                            const tasim_provider_t *pr)
{
    if (pr->expert_count == 0)
        return; /* no pools declared: experts never run short */
    const tasim_pool_t *pool = NULL;
    for (size_t k = 0; k < pr->expert_count; k++)
        if (pr->experts[k].topic_index == p->topic_index)
            pool = &pr->experts[k];
    for (size_t i = 0; i < p->activity_count; i++) {
        const tasim_activity_t *a = &p->activities[i];
        int long_term = a->type == TASIM_ACT_RESIDENT_ADVISOR;
        int holds = long_term || (a->type != TASIM_ACT_SYSTEM &&
                                  a->type != TASIM_ACT_INSTITUTIONALISE &&
                                  a->experts > 0);
        long size = pool ? (long_term ? pool->long_term : pool->short_term)
                         : 0;
        if (holds && a->experts > size)
            at(c, LOC("activity", a, "experts"),
               "the activity needs %ld %s expert%s on '%s', but provider "
               "'%s' has %ld: it could never start", a->experts,
               long_term ? "long-term" : "short-term",
               a->experts == 1 ? "" : "s", p->topic, pr->id, size);
    }
}

/* Dates that must come in order, and activities that give their start
 * twice. */
static void check_dates(check_t *c)
{
    const tasim_scenario_t *sc = c->sc;
    double start = tasim_date_to_year(sc->run.start);
    for (size_t i = 0; i < sc->event_count; i++)
        if (tasim_date_to_year(sc->events[i].at) < start)
            at(c, LOC("event", &sc->events[i], "at"),
               "the event happens before the scenario starts");
    for (size_t i = 0; i < sc->programme_count; i++) {
        const tasim_programme_spec_t *p = &sc->programmes[i];
        double from = tasim_date_to_year(p->start);
        for (size_t k = 0; k < p->objective_count; k++)
            if (tasim_date_to_year(p->objectives[k].by) < from)
                at(c, LOC("objective", &p->objectives[k], "by"),
                   "the objective is due before programme '%s' starts",
                   p->id);
        if (p->provider_index >= 0) {
            const tasim_provider_t *pr = &sc->providers[p->provider_index];
            if (pr->opens.year && tasim_date_to_year(pr->opens) > from)
                at(c, LOC("programme", p, "start"),
                   "programme '%s' starts before its provider '%s' opens",
                   p->id, pr->id);
            if (p->topic_index >= 0)
                check_pool_fits(c, p, pr);
            if (pr->kind == TASIM_PROVIDER_TOPICAL_FUND &&
                pr->topic_index >= 0 && p->topic_index >= 0 &&
                p->topic_index != pr->topic_index)
                at(c, LOC("programme", p, "topic"),
                   "topical fund '%s' covers '%s' only", pr->id, pr->topic);
        }
    }
}

void tasim_scenario_check(tasim_scenario_t *sc, tasim_diag_t *diag)
{
    check_t c = {.sc = sc, .diag = diag};
    build_tables(&c);
    CHECK_UNIQUE(&c, &c.countries, sc->countries, "country");
    check_topics(&c);
    check_donors(&c);
    check_providers(&c);
    check_programmes(&c);
    check_events(&c);
    check_links(&c);
    check_dates(&c);
    ref_table_fini(&c.topics);
    ref_table_fini(&c.countries);
    ref_table_fini(&c.providers);
    ref_table_fini(&c.donors);
    free(c.units);
}

/* What a field holds, for "must lead to a number; 'x' is a date". */
static const char *kind_phrase(const tasim_field_t *f)
{
    switch (f->kind) {
    case TASIM_F_STRING: return "text";
    case TASIM_F_ID: return "an id";
    case TASIM_F_DATE: return "a date";
    case TASIM_F_ENUM: return "a choice of names";
    case TASIM_F_SEED: return "a seed";
    default: return "not a single number";
    }
}

/* The sweep parameter's path must end at a number (`leaf`, NULL if the
 * path failed) whose valid values include the whole range. */
static void check_sweep_leaf(check_t *c, const tasim_sweep_parameter_t *p,
                             const tasim_field_t *leaf)
{
    if (leaf == NULL)
        return;
    /* A weight (priorities.topics.pfm) is a number too. */
    if (leaf->kind != TASIM_F_NUMBER && leaf->kind != TASIM_F_INTEGER &&
        leaf->kind != TASIM_F_WEIGHTS) {
        at(c, LOC("sweep parameter", p, "path"),
           "sweep path '%s' must lead to a number; '%s' is %s", p->path,
           leaf->key, kind_phrase(leaf));
    } else if (!tasim_schema_in_range(leaf, p->range[0]) ||
               !tasim_schema_in_range(leaf, p->range[1])) {
        char range[80];
        tasim_schema_range_text(leaf, range, sizeof range);
        at(c, LOC("sweep parameter", p, "range"),
           "range [%g, %g] goes outside %s, the valid values of '%s'",
           p->range[0], p->range[1], range, leaf->key);
    }
}

/* What the design can be built from: the limits of sim/design.c, found
 * here so that `tasim validate` reports them with their place. */
static void check_design(check_t *c, const tasim_sweep_t *sw)
{
    size_t k = sw->parameter_count;
    if (sw->design == TASIM_DESIGN_MORRIS && sw->levels % 2 != 0) {
        at(c, LOC("sweep", sw, "levels"),
           "a Morris design needs an even number of levels, so that its "
           "steps stay on the grid (got %ld%s); try %ld or %ld", sw->levels,
           sw->levels == 5 ? ", the default" : "", sw->levels - 1,
           sw->levels + 1);
    } else if (sw->design == TASIM_DESIGN_SOBOL &&
               k > TASIM_DESIGN_SOBOL_MAX_K) {
        at(c, LOC("sweep", sw, "parameters"),
           "a Sobol' design takes at most %d parameters (got %zu); use a "
           "Morris design to screen them first", TASIM_DESIGN_SOBOL_MAX_K,
           k);
    } else if (sw->design == TASIM_DESIGN_GRID) {
        double points = pow((double)sw->levels, (double)k);
        if (points > TASIM_DESIGN_GRID_MAX_POINTS)
            at(c, LOC("sweep", sw, "levels"),
               "a grid of %ld levels over %zu parameters has %.3g points, "
               "more than the %d allowed; use fewer levels or a Latin "
               "hypercube (design: lhs)", sw->levels, k, points,
               TASIM_DESIGN_GRID_MAX_POINTS);
    }
}

void tasim_scenario_check_sweep(const tasim_scenario_t *sc,
                                tasim_diag_t *diag)
{
    /* One document serves every parameter: the check only resolves paths
     * in it, and a path can only add empty mappings that no other path
     * could trip over. Reloading it per parameter made the check
     * quadratic in the file's size. */
    check_t c = {.sc = sc, .diag = diag};
    size_t n = sc->sweep.parameter_count;
    check_design(&c, &sc->sweep);
    yaml_document_t doc;
    if (tasim_yaml_doc_load(&doc, sc->path, sc->source, sc->source_len, diag))
        return;
    tasim_override_t *ov = tasim_xcalloc(n, sizeof *ov);
    char(*values)[32] = tasim_xcalloc(n, sizeof *values);
    const tasim_field_t **leaves = tasim_xcalloc(n, sizeof *leaves);
    for (size_t i = 0; i < n; i++) {
        const tasim_sweep_parameter_t *p = &sc->sweep.parameters[i];
        snprintf(values[i], sizeof values[i], "%.17g", p->range[0]);
        ov[i] = (tasim_override_t){p->path, values[i],
                                   LOC("sweep parameter", p, "path"),
                                   LOC("sweep parameter", p, "range"), 0};
    }
    tasim_override_apply_all(&doc, ov, n, sc->path, diag, leaves);
    for (size_t i = 0; i < n; i++) {
        check_sweep_leaf(&c, &sc->sweep.parameters[i], leaves[i]);
        /* The loader's own object: the check records what it learnt. */
        ((tasim_sweep_parameter_t *)&sc->sweep.parameters[i])->integer =
            leaves[i] && leaves[i]->kind == TASIM_F_INTEGER;
    }
    free(ov);
    free(values);
    free(leaves);
    yaml_document_delete(&doc);
}
