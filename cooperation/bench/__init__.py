"""A large, realistic, reproducible dataset for `make bench` (the `generate_bench_data`
command): the word lists and places in cooperation/data/bench.json (words), the partner
territories and organisations (places), the projects with their relations (projects),
and the removal of the generated rows (removal).

What it creates, for N projects (the other counts scale with N, with floors so that a
small N still uses every department and every country):
- partner territories in 140 countries (about 4,200 at N = 50,000), placed around
  anchor points of each country (jittered);
- organisations (about 31,000 at N = 50,000): published ESS structures of every
  department, other French actors, a local authority for each partner territory and
  other actors abroad, with their themes;
- N projects (about 90 % published) in all 101 departments, each with 1–3 territories
  (mostly in the countries its department works with), 2–5 partners, 1–4 SDGs and their
  targets, themes, dates, budgets, 1–2 objectives, and 1–3 indicators with a few
  approved yearly measurements (reported by one inactive bench account).

Everything generated is marked: slugs start with `bench-`, the account's e-mail too.
Rows are written with bulk_create (no signals, so no audit-history rows). Random choices
come from random.Random(seed) and from the reference data read in a fixed order: the
same seed gives the same titles, slugs, dates and relations.
"""

from cooperation.bench.projects import Generator
from cooperation.bench.removal import BenchDataError, bench_counts, clear_bench_data, marker
from cooperation.bench.words import BENCH_EMAIL, COUNTRIES, PREFIX

__all__ = [
    "BENCH_EMAIL",
    "COUNTRIES",
    "PREFIX",
    "BenchDataError",
    "Generator",
    "bench_counts",
    "clear_bench_data",
    "marker",
]
