"""Benchmark the treatment checker's pure parts: rule evaluation over every combination of
answers, and the advert checker on realistic and worst-case adverts.

Targets (2-core machine): a rule evaluation under 1 ms on average; an advert of the maximum
size (20,000 characters) under 0.5 s. Run: .venv/bin/python bench/treatments.py
"""

import itertools
import os
import sys
import time
from pathlib import Path

# bench/http.py would shadow the standard library's http package (Django imports it).
_BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _BENCH]

EVALUATION_TARGET_MS = 1.0
ADVERT_TARGET_SECONDS = 0.5


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatsafe.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from treatsafe.treatments import prices
    from treatsafe.treatments.adverts import MAX_ADVERT_CHARACTERS, check_advert
    from treatsafe.treatments.catalogue import SLUGS
    from treatsafe.treatments.rules import JURISDICTIONS, VOCABULARY, get_ruleset
    from treatsafe.treatments.services import TreatmentQuery, evaluate

    prices._price_sources.clear()  # the cited ranges only: no database needed
    ruleset = get_ruleset()
    combinations = list(
        itertools.product(
            SLUGS,
            VOCABULARY["source"],
            VOCABULARY["route"],
            (*JURISDICTIONS, None),
            ("under_18", "18_or_over", None),
            VOCABULARY["prescriber"],
        )
    )
    started = time.perf_counter()
    verdicts: dict[str, int] = {}
    for treatment, source, route, jurisdiction, age_band, prescriber in combinations:
        result = evaluate(
            TreatmentQuery(treatment, source, route, jurisdiction, age_band=age_band,
                           prescriber=prescriber),
            ruleset,
        )  # fmt: skip
        verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
    per_evaluation_ms = (time.perf_counter() - started) * 1000 / len(combinations)
    print(f"{len(combinations):,} evaluations, {per_evaluation_ms:.3f} ms each; {verdicts}")

    adverts = {
        "realistic": "NEW! Stem-cell exosome facial using donor-derived exosomes, £49. "
        "Results guaranteed! Also Barbie Botox from £199. " * 4,
        "worst case: many claims": ("stem cell exosome injection no risk £20 botox " * 500),
        "worst case: many prices": ("exosome facial £1 " * 2000),
        "worst case: negations": ("not exosome, injection " * 1000),
    }
    worst = 0.0
    for name, text in adverts.items():
        text = text[:MAX_ADVERT_CHARACTERS]
        started = time.perf_counter()
        found = check_advert(text)
        seconds = time.perf_counter() - started
        worst = max(worst, seconds)
        print(
            f"advert ({name}, {len(text):,} characters): {len(found.flags)} flags, {seconds:.3f} s"
        )
    ok = per_evaluation_ms < EVALUATION_TARGET_MS and worst < ADVERT_TARGET_SECONDS
    print(
        "PASS" if ok else "FAIL", f"(targets: {EVALUATION_TARGET_MS} ms, {ADVERT_TARGET_SECONDS} s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
