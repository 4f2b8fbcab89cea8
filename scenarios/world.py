#!/usr/bin/env python3
"""Generate scenarios/world.yaml: a world-scale tasim scenario.

The world scenario has about 150 fictional countries in 13 regions, each
with a unit on each of the 8 standard topics (some small island states in
a currency union have no central bank); one headquarters, 17 regional TA
centres (as in 2022, 6 of them in Africa), four topical trust funds, two
bilateral programmes and nine funders (headquarters' own budget and eight
donors), over 30 years. It is too large to write by hand, so this script
writes it; the file it writes is kept in the repository next to it.

Usage:
    python3 scenarios/world.py            # writes scenarios/world.yaml
    python3 scenarios/world.py -          # writes to standard output
    python3 scenarios/world.py OUT.yaml   # writes OUT.yaml

Design choices:
  - Python 3 standard library only.
  - Deterministic: every random draw comes from one random.Random with a
    fixed seed, and only through Random.random(), whose sequence Python
    keeps stable across versions for a given seed (randint, choice,
    shuffle and the distribution methods may change their algorithms).
    No clock, no environment, no set or dict iteration whose order could
    vary: running the script twice gives identical bytes.
  - Values depend on the income group the way the sources in
    docs/model.md suggest: lower starting skill, higher turnover and
    longer hiring delays in low-income administrations.
"""

import os
import random
import sys

SEED = 20260101          # the generator's seed (not the simulation's)
START = "2026-01"
YEARS = 30

TOPICS = ["pfm", "tax_policy", "revenue_admin", "monetary",
          "fin_supervision", "aml_cft", "debt_mgmt", "statistics"]

# Countries per region: 50 in Africa, 150 in all.
REGIONS = [
    ("africa_east", 14), ("africa_west", 16), ("africa_central", 9),
    ("africa_south", 11), ("caribbean", 13), ("central_america", 8),
    ("south_america", 12), ("pacific", 13), ("south_asia", 8),
    ("southeast_asia", 11), ("central_asia", 10), ("middle_east", 14),
    ("europe_east", 11),
]

INCOMES = ["low", "lower_middle", "upper_middle", "high"]

# Share of each income group in each region (low, lower middle, upper
# middle, high): a rough picture of the World Bank classification.
INCOME_MIX = {
    "africa_east": (0.50, 0.35, 0.12, 0.03),
    "africa_west": (0.45, 0.45, 0.10, 0.00),
    "africa_central": (0.55, 0.30, 0.15, 0.00),
    "africa_south": (0.30, 0.30, 0.35, 0.05),
    "caribbean": (0.05, 0.30, 0.45, 0.20),
    "central_america": (0.05, 0.45, 0.45, 0.05),
    "south_america": (0.00, 0.20, 0.65, 0.15),
    "pacific": (0.05, 0.55, 0.30, 0.10),
    "south_asia": (0.15, 0.70, 0.15, 0.00),
    "southeast_asia": (0.05, 0.45, 0.35, 0.15),
    "central_asia": (0.10, 0.55, 0.35, 0.00),
    "middle_east": (0.10, 0.30, 0.35, 0.25),
    "europe_east": (0.00, 0.15, 0.60, 0.25),
}

# Per income group: ranges drawn uniformly.
#   size:  position of the country's units within each topic's staff range
#   skill: mean starting skill
#   turnover: per year. Low income 10-20% (low-income revenue and finance
#     bodies: assumption consistent with the Rwanda Revenue Authority
#     losing 50+ staff a year); high income 3.5-7% (public services of
#     Canada 3.7%, US federal ~6%).
#   institutional, systems: starting institutional knowledge and IT
#   tax: tax revenue % of GDP at zero performance (indicator base)
INCOME_PARAMS = {
    "low": dict(size=(0.00, 0.35), skill=(0.18, 0.30), turnover=(0.10, 0.20),
                hire_delay=6, institutional=(0.05, 0.15),
                systems=(0.10, 0.25), tax=(9.0, 13.0), crisis=0.06,
                spending=(20.0, 27.0)),
    "lower_middle": dict(size=(0.20, 0.55), skill=(0.28, 0.40),
                         turnover=(0.08, 0.13), hire_delay=5,
                         institutional=(0.10, 0.20), systems=(0.20, 0.35),
                         tax=(12.0, 16.0), crisis=0.05,
                         spending=(24.0, 31.0)),
    "upper_middle": dict(size=(0.45, 0.80), skill=(0.38, 0.52),
                         turnover=(0.06, 0.10), hire_delay=4,
                         institutional=(0.15, 0.30), systems=(0.30, 0.50),
                         tax=(15.0, 20.0), crisis=0.04, spending=None),
    "high": dict(size=(0.65, 1.00), skill=(0.52, 0.68),
                 turnover=(0.035, 0.07), hire_delay=3,
                 institutional=(0.30, 0.50), systems=(0.50, 0.75),
                 tax=(20.0, 26.0), crisis=0.02, spending=None),
}

# Staff range per topic (positions), all within 100-400: revenue bodies are
# the largest units, tax policy and debt offices the smallest.
STAFF_RANGE = {
    "pfm": (140, 360), "tax_policy": (100, 200), "revenue_admin": (160, 400),
    "monetary": (120, 320), "fin_supervision": (110, 280),
    "aml_cft": (100, 180), "debt_mgmt": (100, 200), "statistics": (110, 300),
}

# 17 regional centres, as in 2022 (6 in Africa: IMF factsheets and Annual
# Reports): one per region, and a second centre in the largest ones.
# (id, region, covered topics, travel cost of a regional trip in USD)
CENTRES = [
    ("RC-AFE", "africa_east", "pfm revenue_admin fin_supervision statistics monetary", 900),
    ("RC-AFW", "africa_west", "pfm revenue_admin fin_supervision statistics debt_mgmt", 900),
    ("RC-AFW2", "africa_west", "pfm revenue_admin monetary statistics tax_policy", 900),
    ("RC-AFC", "africa_central", "pfm revenue_admin fin_supervision statistics debt_mgmt", 1100),
    ("RC-AFS", "africa_south", "pfm revenue_admin fin_supervision statistics monetary", 900),
    ("RC-AFS2", "africa_south", "aml_cft debt_mgmt tax_policy monetary", 900),
    ("RC-CAR", "caribbean", "pfm revenue_admin fin_supervision statistics debt_mgmt", 800),
    ("RC-CAM", "central_america", "pfm revenue_admin fin_supervision statistics monetary", 700),
    ("RC-SAM", "south_america", "pfm revenue_admin fin_supervision statistics tax_policy", 1000),
    ("RC-PAC", "pacific", "pfm revenue_admin fin_supervision statistics", 1800),
    ("RC-SAS", "south_asia", "pfm revenue_admin fin_supervision statistics monetary", 700),
    ("RC-SEA", "southeast_asia", "pfm revenue_admin fin_supervision statistics", 800),
    ("RC-SEA2", "southeast_asia", "monetary debt_mgmt aml_cft tax_policy", 800),
    ("RC-CAS", "central_asia", "pfm revenue_admin fin_supervision statistics monetary", 1000),
    ("RC-MDE", "middle_east", "pfm revenue_admin fin_supervision statistics", 900),
    ("RC-MDE2", "middle_east", "monetary debt_mgmt aml_cft tax_policy", 900),
    ("RC-EUE", "europe_east", "pfm revenue_admin fin_supervision monetary debt_mgmt", 700),
]

# Topical trust funds: one topic each, worldwide, based at headquarters.
FUNDS = [
    ("TF-REV", "Revenue mobilisation trust fund", "revenue_admin"),
    ("TF-AML", "Anti-money-laundering trust fund", "aml_cft"),
    ("TF-DEBT", "Debt management facility", "debt_mgmt"),
    ("TF-DATA", "Data for decisions fund", "statistics"),
]

# Bilateral programmes: (provider id, donor id, topics).
BILATERALS = [
    ("BIL-NORTH", "NORTHLAND", ["pfm", "revenue_admin"]),
    ("BIL-EAST", "EASTORIA", ["revenue_admin", "statistics"]),
]

# Donors: (id, name, budget in USD a year, growth, volatility, channels,
# topic priorities, region priorities). A channel is (kind, target,
# share); kind is provider (pooled), bilateral or budget_support. The
# target "@first_low:<region>" stands for the first low-income country of
# that region, resolved once the countries exist.
DONORS = [
    # The institution's own budget is written as a donor whose only
    # channel is headquarters: it makes the donor-financed share explicit
    # (about half of IMF capacity development: IMF Annual Report 2018).
    ("CORE", "Headquarters' own budget", 110e6, 0.01, 0.02,
     [("provider", "HQ", 1.0)], {}, {}),
    ("UNION", "Union of donor states", 35e6, 0.02, 0.05,
     [("provider", "RC-AFE", 0.08), ("provider", "RC-AFW", 0.08),
      ("provider", "RC-AFW2", 0.06), ("provider", "RC-AFC", 0.08),
      ("provider", "RC-AFS", 0.06), ("provider", "RC-CAR", 0.06),
      ("provider", "RC-CAM", 0.05), ("provider", "RC-PAC", 0.04),
      ("provider", "RC-EUE", 0.10), ("provider", "RC-MDE", 0.07),
      ("provider", "RC-CAS", 0.06), ("provider", "TF-REV", 0.07),
      ("provider", "TF-AML", 0.05), ("provider", "TF-DATA", 0.05),
      ("budget_support", "@first_low:africa_east", 0.05)],
     {"pfm": 1.5, "revenue_admin": 1.5}, {"europe_east": 1.5}),
    ("NORTHLAND", "Northland aid agency", 30e6, 0.02, 0.10,
     [("bilateral", "BIL-NORTH", 0.30), ("provider", "RC-AFE", 0.12),
      ("provider", "RC-AFS", 0.08), ("provider", "RC-AFS2", 0.08),
      ("provider", "RC-SAS", 0.10), ("provider", "RC-SEA", 0.08),
      ("provider", "TF-REV", 0.12), ("provider", "TF-DEBT", 0.10)],
     {"revenue_admin": 2.0}, {"africa_east": 1.5, "africa_south": 1.5}),
    ("WESTMARK", "Westmark development ministry", 22e6, 0.00, 0.15,
     [("provider", "RC-AFW", 0.15), ("provider", "RC-AFW2", 0.15),
      ("provider", "RC-AFC", 0.12), ("provider", "RC-CAR", 0.10),
      ("provider", "RC-CAM", 0.10), ("provider", "RC-SAM", 0.18),
      ("provider", "TF-AML", 0.10), ("provider", "TF-DEBT", 0.10)],
     {"debt_mgmt": 1.5, "aml_cft": 1.5}, {}),
    ("EASTORIA", "Eastoria cooperation agency", 15e6, 0.04, 0.10,
     [("bilateral", "BIL-EAST", 0.40), ("provider", "RC-SEA", 0.15),
      ("provider", "RC-SEA2", 0.15), ("provider", "RC-PAC", 0.15),
      ("provider", "RC-CAS", 0.10), ("provider", "TF-DATA", 0.05)],
     {"statistics": 1.5}, {"southeast_asia": 2.0, "pacific": 1.5}),
    ("ALPINA", "Alpine confederation", 10e6, 0.01, 0.05,
     [("provider", "RC-EUE", 0.20), ("provider", "RC-CAS", 0.20),
      ("provider", "RC-MDE2", 0.15), ("provider", "TF-REV", 0.15),
      ("provider", "TF-DEBT", 0.15), ("provider", "TF-AML", 0.15)],
     {}, {}),
    ("ISLANDIA", "Island kingdom aid office", 8e6, 0.02, 0.10,
     [("provider", "RC-PAC", 0.35), ("provider", "RC-CAR", 0.25),
      ("provider", "RC-SEA2", 0.20), ("provider", "TF-DATA", 0.20)],
     {}, {"pacific": 2.0, "caribbean": 2.0}),
    ("GULF", "Gulf development fund", 7e6, 0.03, 0.20,
     [("provider", "RC-MDE", 0.50), ("provider", "RC-MDE2", 0.40),
      ("provider", "RC-SAS", 0.10)],
     {}, {"middle_east": 3.0}),
    ("SDB", "Southern development bank", 5e6, 0.03, 0.05,
     [("provider", "RC-SAM", 0.40), ("provider", "RC-CAM", 0.30),
      ("provider", "RC-SAS", 0.30)],
     {"statistics": 1.5}, {}),
]

# Real country names a two- or three-syllable draw could produce; a draw
# that matches one is rejected so that every country is fictional.
REAL_NAMES = {
    "benin", "chad", "congo", "cuba", "fiji", "gabon", "ghana", "guinea",
    "haiti", "iran", "iraq", "kenya", "laos", "libya", "mali", "malta",
    "nauru", "nepal", "niger", "niue", "oman", "palau", "panama", "peru",
    "qatar", "samoa", "sudan", "syria", "togo", "tonga", "tuvalu", "yemen",
    "kosovo", "monaco", "lesotho", "burundi", "rwanda", "somalia", "tibet",
    "malawi", "zambia", "nigeria", "bolivia", "kiribati", "tokelau",
    "naboo", "lira", "teman", "sosa", "rohan", "moria", "senor",
}

SYLLABLES = ["ka", "ri", "mo", "ta", "lu", "ve", "no", "sa", "be", "di",
             "ga", "ze", "pa", "ro", "mi", "te", "na", "lo", "vi", "du",
             "ke", "ba", "so", "ma", "fi", "ne", "ra", "to", "li", "wa",
             "ko", "se", "ha", "nu", "ye", "bo"]
ENDINGS = ["", "", "n", "r", "ia", "a", "land", "stan", "o"]


class Draws:
    """Deterministic draws built on Random.random() alone."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.rng.random()

    def index(self, n):
        return min(int(self.rng.random() * n), n - 1)

    def pick(self, seq):
        return seq[self.index(len(seq))]

    def weighted(self, weights):
        u = self.rng.random() * sum(weights)
        for i, w in enumerate(weights):
            if u < w:
                return i
            u -= w
        return max(i for i, w in enumerate(weights) if w > 0)


def fmt(x, digits=2):
    """A number with at most `digits` decimals and no trailing zeros."""
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def make_name(d, used):
    while True:
        n = 2 + (d.rng.random() < 0.35)
        name = "".join(d.pick(SYLLABLES) for _ in range(n))
        ending = d.pick(ENDINGS)
        if ending[:1] in ("a", "i", "o"):
            name = name[:-1]    # "Wami" + "ia" gives "Wamia", not "Wamiia"
        name += ending
        if name not in used and name not in REAL_NAMES and len(name) >= 4:
            used.add(name)
            return name.capitalize()


def make_id(name, used):
    """Three capital letters taken from the name, unique."""
    letters = [c for c in name.upper() if c.isalpha()]
    for i in range(1, len(letters)):
        for j in range(i + 1, len(letters)):
            cand = letters[0] + letters[i] + letters[j]
            if cand not in used:
                used.add(cand)
                return cand
    k = 1
    while f"{letters[0]}{letters[1]}{k}" in used:
        k += 1
    used.add(f"{letters[0]}{letters[1]}{k}")
    return f"{letters[0]}{letters[1]}{k}"


def make_countries(d):
    countries, names, ids = [], set(), set()
    for region, count in REGIONS:
        for _ in range(count):
            name = make_name(d, names)
            income = INCOMES[d.weighted(INCOME_MIX[region])]
            p = INCOME_PARAMS[income]
            size = d.uniform(*p["size"])
            c = dict(id=make_id(name, ids), name=name, region=region,
                     income=income, ownership=d.uniform(0.3, 0.9),
                     gov_every=d.pick([4, 5, 5, 6]),
                     gov_sd=d.uniform(0.08, 0.2), units=[])
            # Small islands face storms: more frequent crises.
            storm = 0.04 if region in ("caribbean", "pacific") else 0.0
            c["crisis_rate"] = p["crisis"] + storm
            c["crisis_turnover"] = 1.4 if income == "low" else 1.3
            for topic in TOPICS:
                # Small island states in a currency union or using another
                # country's currency have no central bank of their own.
                if (topic == "monetary" and region in ("caribbean", "pacific")
                        and d.rng.random() < 0.3):
                    continue
                lo, hi = STAFF_RANGE[topic]
                share = min(1.0, max(0.0, size + d.uniform(-0.08, 0.08)))
                unit = dict(topic=topic, staff=round(lo + (hi - lo) * share),
                            skill=d.uniform(*p["skill"]),
                            turnover=d.uniform(*p["turnover"]),
                            hire_delay=p["hire_delay"],
                            institutional=d.uniform(*p["institutional"]),
                            systems=d.uniform(*p["systems"]))
                if topic == "revenue_admin":
                    # Full performance adds 5-7 points of GDP; sustained
                    # reform adds 2-3 (Adan et al., IMF WP 2023).
                    unit["tax"] = (d.uniform(*p["tax"]), d.uniform(5.0, 7.0))
                c["units"].append(unit)
            if p["spending"]:
                c["fiscal"] = (d.uniform(*p["spending"]), d.uniform(2.0, 6.0))
            countries.append(c)
    return countries


def header(out, countries):
    n_units = sum(len(c["units"]) for c in countries)
    staff = sum(u["staff"] for c in countries for u in c["units"])
    by_income = {i: sum(c["income"] == i for c in countries) for i in INCOMES}
    out.append(f"""\
# GENERATED FILE: do not edit by hand. It was written by
#     python3 scenarios/world.py
# Change the generator and run that command again; the output is
# deterministic (same bytes every run).
#
# The world: {len(countries)} fictional countries in {len(REGIONS)} regions, {n_units} government
# units with {staff} staff positions, over {YEARS} years.
# Income groups: {by_income['low']} low, {by_income['lower_middle']} lower middle, \
{by_income['upper_middle']} upper middle, {by_income['high']} high.
#
# The story. One headquarters, 17 regional TA centres (as in 2022, 6 of
# them in Africa), four topical trust funds and two bilateral programmes
# answer the requests of every country on eight topics. Nine funders pay:
# headquarters' own budget and eight donors whose money, about half of the
# total, flows through pooled channels, bilateral programmes and a little
# budget support (the donor-financed share of IMF capacity development is
# about half: IMF Annual Report 2018).
#
# The question. At world scale, where do capacity gains and dependency
# concentrate (by region, income group and topic), how long do requests
# wait, which expert pools are the bottlenecks, and how do the allocation
# rules change who gets served?
#
# What to look at in the results: capacity and dependency averaged by
# region and income group; queue, wait and utilisation per provider; the
# cost of each programme by component and by donor; balance (money a
# provider could not spend).
#
# How to run it.
#     build/tasim validate scenarios/world.yaml             # check it
#     build/tasim run scenarios/world.yaml -o out/world     # simulate
# The strategies at the end are variants for `tasim compare`. With
# {len(countries)} countries and {staff} staff this is the large case: 8 replications.
#
# Keys left out take the documented defaults (docs/scenario-reference.md),
# e.g. forgetting 0.2 a year and skill_sd 0.05.""")


def scenario_section(out):
    out.append(f"""
scenario:
  name: World TA system
  description: >-
    About 150 countries, 8 topics, headquarters, 17 regional centres,
    4 topical funds and 2 bilateral programmes over 30 years.
  start: {START}
  years: {YEARS}
  seed: 20260701
  replications: 8
  output:
    every_months: 1
    # Monthly values of every series for ~1,200 units over 30 years run to
    # hundreds of megabytes per replication, so only the series the
    # question needs are kept. `cost` (five series per unit, one per cost
    # component) is left out; add it if you need costs month by month.
    series: [capacity, dependency, indicator, aid_need, queue, wait,
             utilisation, balance, programmes]

# The 8 standard topics; writing them out shows the order used in outputs.
topics: [{", ".join(TOPICS)}]""")


def countries_section(out, countries):
    out.append("""
# Per country: turnover by income group (low income 10-20% a year:
# assumption consistent with the Rwanda Revenue Authority losing 50+ staff
# a year; high income 3.5-7%, as in Canada 3.7% and the US federal service
# ~6%). Ownership (political will) is drawn uniformly between 0.3 and
# 0.9 by the generator's seeded random numbers: it does not follow income.
countries:""")
    for c in countries:
        out.append(f"""\
  - id: {c['id']}
    name: {c['name']}
    region: {c['region']}
    income: {c['income']}
    ownership: {fmt(c['ownership'])}
    government_change: {{every_years: {c['gov_every']}, ownership_sd: {fmt(c['gov_sd'])}}}
    crisis: {{rate: {fmt(c['crisis_rate'])}, years: 2, demand_multiplier: 2, \
turnover_multiplier: {fmt(c['crisis_turnover'], 1)}}}""")
        if "fiscal" in c:
            s, o = c["fiscal"]
            out.append(f"    fiscal: {{spending_pct_gdp: {fmt(s, 1)}, "
                       f"other_revenue_pct_gdp: {fmt(o, 1)}}}")
        out.append("    units:")
        for u in c["units"]:
            line = (f"      {u['topic']}: {{staff: {u['staff']}, "
                    f"skill: {fmt(u['skill'])}, "
                    f"turnover: {fmt(u['turnover'], 3)}, "
                    f"hire_delay_months: {u['hire_delay']}, "
                    f"institutional: {fmt(u['institutional'])}, "
                    f"systems: {fmt(u['systems'])}")
            if "tax" in u:
                base, gain = u["tax"]
                line += (f", indicator: {{name: tax_revenue_pct_gdp, "
                         f"base: {fmt(base, 1)}, max_gain: {fmt(gain, 1)}}}")
            out.append(line + "}")


def donors_section(out, countries):
    first_low = {}
    for c in countries:
        if c["income"] == "low":
            first_low.setdefault(c["region"], c["id"])
    out.append("""
# Donors. Channel shares are fractions of the yearly budget (at most 1 in
# all). `provider` channels pool money in a centre or fund; `bilateral`
# pays the donor's own programme; `budget_support` is financial aid to a
# country's budget. Priorities weigh topics and regions (absent: 1).
donors:""")
    for (did, name, per_year, growth, vol, channels, topics,
         regions) in DONORS:
        total = sum(s for _, _, s in channels)
        assert total <= 1.0 + 1e-9, (did, total)
        out.append(f"""\
  - id: {did}
    name: {name}
    budget: {{per_year: {per_year / 1e6:.1f}e6, growth: {fmt(growth)}, volatility: {fmt(vol)}}}""")
        if topics or regions:
            parts = []
            if topics:
                parts.append("topics: {" + ", ".join(
                    f"{k}: {fmt(v, 1)}" for k, v in topics.items()) + "}")
            if regions:
                parts.append("regions: {" + ", ".join(
                    f"{k}: {fmt(v, 1)}" for k, v in regions.items()) + "}")
            out.append("    priorities: {" + ", ".join(parts) + "}")
        out.append("    channels:")
        for kind, target, share in channels:
            if target.startswith("@first_low:"):
                target = first_low[target.split(":", 1)[1]]
            out.append(f"      - {{{kind}: {target}, share: {fmt(share)}}}")


def pools_text(d, topics, long_term, short_term):
    items = []
    for t in topics:
        lt = long_term if isinstance(long_term, int) else 1 + d.index(2)
        st = short_term if isinstance(short_term, int) else 3 + d.index(3)
        items.append(f"      {t}: {{long_term: {lt}, short_term: {st}}}")
    return "\n".join(items)


def providers_section(out, d):
    out.append(f"""
providers:
  # Headquarters: every topic, long-haul travel. $22,000 a month is about
  # $264,000 a year, inside the $200k-300k full cost of an expatriate
  # advisor, and about $1,000 a working day, the upper end of consultant
  # fees (ActionAid 2006). The IMF delivered about 300 person-years of TA
  # a year around 2000 (IMF Annual Report 2000); today's volume is larger,
  # shared with the regional centres.
  - id: HQ
    name: Headquarters
    kind: headquarters
    experts:
{pools_text(d, TOPICS, 8, 30)}
    costs: {{salary_per_month: 22000, trip: 5500, per_diem: 260, training_per_participant_day: 60, logistics_per_activity: 3000}}

  # Regional centres: one region each, cheaper regional travel, 1-2
  # long-term and 3-5 short-term experts per topic covered. All 17 are open
  # from the start, as they were in 2022.""")
    for cid, region, topics, trip in CENTRES:
        salary = 18000 + 500 * d.index(4)
        name = region.replace("_", " ").title() + " regional TA centre"
        if cid[-1].isdigit():
            name += " " + cid[-1]
        out.append(f"""\
  - id: {cid}
    name: {name}
    kind: regional_centre
    region: {region}
    experts:
{pools_text(d, topics.split(), None, None)}
    costs: {{salary_per_month: {salary}, trip: {trip}, per_diem: 230, training_per_participant_day: 50, logistics_per_activity: 2000}}""")
    out.append("""
  # Topical trust funds: one topic worldwide, staffed from headquarters.""")
    for fid, name, topic in FUNDS:
        out.append(f"""\
  - id: {fid}
    name: {name}
    kind: topical_fund
    topic: {topic}
    experts:
      {topic}: {{long_term: 2, short_term: 8}}
    costs: {{salary_per_month: 22000, trip: 5500, per_diem: 260}}""")
    out.append("""
  # Bilateral programmes: run by one donor, paid through its `bilateral`
  # channel only; contracted firms cost more per month.""")
    for bid, donor, topics in BILATERALS:
        out.append(f"""\
  - id: {bid}
    kind: bilateral
    donor: {donor}
    experts:
{pools_text(d, topics, 2, 6)}
    costs: {{salary_per_month: 25000, trip: 5000, per_diem: 260, logistics_per_activity: 4000}}""")


def rest(out):
    out.append("""
# Requests raised by countries: the rate scales with the capacity gap and
# ownership. A served request becomes a two-year programme of short
# missions: 3 a year of 12 days (missions of 10-14 days, 2-4 a year:
# assumption) with a workshop a year.
demand:
  rate: 0.3
  gap_elasticity: 1.0
  expiry_months: 24
  template:
    years: 2
    activities:
      - {type: diagnostic, at_month: 0, experts: 2, days: 10}
      - {type: short_mission, at_month: 3, every_months: 4, experts: 1, days: 12, hands_on: 0.2}
      - {type: training, at_month: 6, every_months: 12, participants: 25, days: 4}

allocation:
  policy: need
  every_months: 12
  coordination: full

strategies:
  fifo:
    description: First come, first served.
    set: {allocation.policy: fifo}
  impact:
    description: Expected capacity gain per dollar first.
    set: {allocation.policy: impact}
  uncoordinated:
    description: Every channel allocates alone; in 2010 only 57% of TA was coordinated (Paris Declaration survey).
    set: {allocation.coordination: none}
  more_demand:
    description: Countries ask twice as often.
    set: {demand.rate: 0.6}
""")


def generate():
    d = Draws(SEED)
    countries = make_countries(d)
    out = []
    header(out, countries)
    scenario_section(out)
    countries_section(out, countries)
    donors_section(out, countries)
    providers_section(out, d)
    rest(out)
    return "\n".join(out)


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    text = generate()
    if len(argv) == 2 and argv[1] == "-":
        sys.stdout.write(text)
        return 0
    path = argv[1] if len(argv) == 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "world.yaml")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
