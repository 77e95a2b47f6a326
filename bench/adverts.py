"""Benchmark the advert checker: precision and recall per claim on the labelled corpus, and the
speed of a 20,000-character advert against a naive baseline measured in the same run.

The baseline is the same checker with its speed-ups turned off (every sentence read for every
group of words, nothing remembered between detectors): it gives the same answers, so the ratio
measures only the speed-ups. Times are CPU time of this process (the median of several runs),
because the development machine is shared and wall-clock time moves with its load.

Targets: precision and recall at least 95% per claim and overall; a 20,000-character advert
under 50 ms. Run: .venv/bin/python bench/adverts.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

# bench/http.py would shadow the standard library's http package (Django imports it).
_BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _BENCH]

QUALITY_TARGET = 0.95
SPEED_TARGET_MS = 50.0
RUNS = 7


def cpu_ms(function, *args, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        function(*args)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatsafe.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from treatsafe.treatments import prices
    from treatsafe.treatments.adverts import CLAIMS, MAX_ADVERT_CHARACTERS, check_advert
    from treatsafe.treatments.adverts.evaluation import load_corpus, score

    prices._price_sources.clear()  # the cited price ranges only: no database needed
    corpus = load_corpus()
    honest = sum(1 for advert in corpus if not advert.flags)
    result = score(corpus)
    print(f"corpus: {len(corpus)} adverts, {honest} honest ({honest / len(corpus):.0%})")
    print(f"{'claim':28} {'adverts':>7} {'precision':>9} {'recall':>7}")
    for claim in CLAIMS:
        labelled = sum(1 for advert in corpus if claim in advert.flags)
        print(
            f"{claim:28} {labelled:7d} {result.precision(claim):9.3f} {result.recall(claim):7.3f}"
        )
    print(f"{'overall':28} {'':7} {result.precision():9.3f} {result.recall():7.3f}")
    print(f"adverts judged exactly right: {len(corpus) - len(result.wrong)} of {len(corpus)}")
    for advert_id, missed, extra in result.wrong:
        print(f"  {advert_id}: missed {sorted(missed)}, extra {sorted(extra)}")

    realistic = "\n\n".join(advert.text for advert in corpus)
    realistic = (realistic * (MAX_ADVERT_CHARACTERS // len(realistic) + 1))[:MAX_ADVERT_CHARACTERS]
    adverts = {
        "realistic (the corpus run together)": realistic,
        "one long paragraph, no full stops": realistic.replace(".", " ").replace("\n", " "),
        "worst case: many claims": "stem cell exosome injection, no risk! botox £20 today only ",
        "worst case: many claims, no punctuation": "stem cell exosome injection no risk £20 botox ",
        "worst case: many prices": "exosome facial £1, filler £2 | ",
        "worst case: negations": "not exosome, no injection, never human ",
    }
    check_advert("warm up")
    check_advert("warm up", naive=True)
    worst, realistic_ms, baseline_ms = 0.0, None, None
    for name, text in adverts.items():
        text = (text * (MAX_ADVERT_CHARACTERS // len(text) + 1))[:MAX_ADVERT_CHARACTERS]
        ours = cpu_ms(check_advert, text)
        naive = cpu_ms(lambda t: check_advert(t, naive=True), text, runs=3)
        same = check_advert(text).as_dict() == check_advert(text, naive=True).as_dict()
        print(
            f"{name}: {len(text):,} characters, {ours:.1f} ms (naive {naive:.1f} ms, "
            f"{naive / ours:.1f}x){'' if same else ' ANSWERS DIFFER'}"
        )
        worst = max(worst, ours)
        if realistic_ms is None:
            realistic_ms, baseline_ms = ours, naive
    checks = [
        (f"precision and recall at least {QUALITY_TARGET:.0%} per claim and overall", all(
            result.precision(c) >= QUALITY_TARGET and result.recall(c) >= QUALITY_TARGET
            for c in (*CLAIMS, None)
        )),
        (f"a realistic 20,000-character advert under {SPEED_TARGET_MS:.0f} ms",
         realistic_ms < SPEED_TARGET_MS),
        (f"the worst 20,000-character advert under {SPEED_TARGET_MS:.0f} ms",
         worst < SPEED_TARGET_MS),
    ]  # fmt: skip
    for name, ok in checks:
        print(f"target {name}: {'met' if ok else 'NOT MET'}")
    print(f"speedup_vs_baseline: {baseline_ms / realistic_ms:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
