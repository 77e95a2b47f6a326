"""Benchmark the whole label check (validate, parse, match, assess) and the matcher alone
against a naive rapidfuzz baseline, on a generated corpus of realistic labels with injected
typos and OCR noise (bench/label_corpus.py).

Run: .venv/bin/python bench/labels.py [--labels 1000] [--baseline-labels 100]

Builds the index straight from the CosIng CSV files (no database). Runs the label check compiled
where scripts/build_native.py (the set-up) built it, and says how many of its modules ran
compiled; TREATSAFE_PURE_PYTHON=1 runs the sources alone. Times are CPU time of this
process (`time.process_time`, one core), so other work on a shared machine counts less. The
whole check runs in a process that has already checked --warm-labels other labels (a
different seed: a server's memos hold names seen before, never this corpus's answers), and is
also shown cold. The baseline parses each label and takes `extractOne` of every fragment
against all ~30,000 INCI names, on the first --baseline-labels labels. Targets: whole check
at least 5,000 labels/s with p99 under 2 ms; matcher at least 50x the baseline; start-up
under 2 s; accuracy no worse than the baseline's, and the whole check's answers the same as
the matcher's. Last line: `speedup_vs_baseline: <number>` (whole check against baseline).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatsafe.settings")

STARTUP_TARGET_S = 2.0
THROUGHPUT_TARGET = 5000
P99_TARGET_MS = 2.0
SPEEDUP_TARGET = 50
clock = time.process_time


def clear_memos(index) -> None:
    """Forget every answer kept in memory, as in a freshly started process."""
    from treatsafe.ingredients import flags, parsing, spelling

    index.matcher._memo.clear()
    index.memo.clear()
    index.pieces.clear()
    index.pieces_seen.clear()
    parsing._FRAGMENT_MEMO.clear()
    flags.forget()
    spelling.inci_words.cache_clear()


def timed_checks(labels, index, check_text) -> tuple[list[float], list[list]]:
    """Each label's check time and the CosIng refs it found, fragment by fragment: only what
    the scoring reads is kept, as a server keeps nothing of a result once it has answered
    (keeping 1,000 whole results had the garbage collector walk them in every collection)."""
    latencies, refs = [], []
    for label in labels:
        t0 = clock()
        result = check_text(label.text, index)
        latencies.append(clock() - t0)
        refs.append([ingredient.cosing_ref for ingredient in result.ingredients])
    return latencies, refs


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def score(labels, refs_per_label) -> tuple[int, int, int, int]:
    """(noisy fragments right, noisy total, clean right, clean total), from the ref found for
    each fragment; a label whose fragment count differs from the truth scores every fragment
    as wrong."""
    noisy_right = noisy_total = clean_right = clean_total = 0
    for label, refs in zip(labels, refs_per_label, strict=True):
        aligned = len(refs) == len(label.expected)
        for i, (expected, was_noisy) in enumerate(zip(label.expected, label.noisy, strict=True)):
            right = aligned and refs[i] == expected
            if was_noisy:
                noisy_total += 1
                noisy_right += right
            else:
                clean_total += 1
                clean_right += right
    return noisy_right, noisy_total, clean_right, clean_total


def main() -> int:
    parser = argparse.ArgumentParser(description="Label matcher benchmark")
    parser.add_argument("--labels", type=int, default=1000)
    parser.add_argument("--baseline-labels", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--warm-labels", type=int, default=1000)
    args = parser.parse_args()

    from label_corpus import generate
    from rapidfuzz import process

    from treatsafe import native
    from treatsafe.ingredients import cosing
    from treatsafe.ingredients.index import CosingIndex
    from treatsafe.ingredients.parsing import parse_label
    from treatsafe.ingredients.services import check_text, keep_for_process_lifetime, prepare

    data_dir = ROOT / "data"
    started = clock()
    data = cosing.read_cosing({name: data_dir / f"{name}.gz" for name in cosing.FILES})
    index = CosingIndex.from_cosing(data)
    prepare(index)
    startup = clock() - started
    keep_for_process_lifetime()  # as services.get_index does
    inventory = {record.inci: record.ref for record in data.ingredients}

    labels = generate(inventory, args.labels, args.seed)
    parsed = [parse_label(label.text) for label in labels]
    fragments_total = sum(len(f) for f in parsed)
    noisy_total = sum(sum(label.noisy) for label in labels)
    print(f"corpus: {len(labels)} labels, {fragments_total} fragments, {noisy_total} with noise")
    print(f"startup_s (read CosIng CSV, build and prepare the index; CPU): {startup:.2f}")
    compiled = len(native.compiled_modules())
    print(
        f"label-check modules compiled with Cython: {compiled} of {len(native.COMPILED_MODULES)}"
        + ("" if compiled else " (set TREATSAFE_PURE_PYTHON=1, or not built: the sources ran)")
    )

    matcher = index.matcher
    latencies, our_refs = [], []
    for fragments in parsed:
        t0 = clock()
        refs = [matcher._match(fragment.candidates).ref for fragment in fragments]
        latencies.append(clock() - t0)
        our_refs.append(refs)
    ours_rate = len(labels) / sum(latencies)

    clear_memos(index)
    cold_latencies, _ = timed_checks(labels, index, check_text)
    clear_memos(index)
    timed_checks(generate(inventory, args.warm_labels, args.seed + 1), index, check_text)
    full_latencies, whole_refs = timed_checks(labels, index, check_text)
    full_rate = len(labels) / sum(full_latencies)
    cold_rate = len(labels) / sum(cold_latencies)
    whole_all = score(labels, whole_refs)

    names = list(inventory)
    refs_by_position = list(inventory.values())
    sample = labels[: args.baseline_labels]
    baseline_latencies, baseline_refs = [], []
    for label in sample:
        t0 = clock()
        refs = []
        for fragment in parse_label(label.text):
            best = process.extractOne(fragment.name, names)
            refs.append(refs_by_position[best[2]] if best else None)
        baseline_latencies.append(clock() - t0)
        baseline_refs.append(refs)
    baseline_rate = len(sample) / sum(baseline_latencies)

    ours_all = score(labels, our_refs)
    ours_sample = score(sample, our_refs[: len(sample)])
    base_sample = score(sample, baseline_refs)

    def pct(right, total):
        return 100.0 * right / total if total else float("nan")

    ms = 1000
    print(
        f"whole check (validate, parse, match, assess), warm process: {full_rate:,.0f} labels/s,"
        f" p50 {statistics.median(full_latencies) * ms:.3f} ms, p95 "
        f"{percentile(full_latencies, 0.95) * ms:.3f} ms, p99 "
        f"{percentile(full_latencies, 0.99) * ms:.3f} ms per label"
    )
    print(
        f"whole check, cold process: {cold_rate:,.0f} labels/s, p99 "
        f"{percentile(cold_latencies, 0.99) * ms:.3f} ms per label"
    )
    print(
        f"matcher alone (parsing done beforehand, no memo): {ours_rate:,.0f} labels/s, p50 "
        f"{statistics.median(latencies) * ms:.3f} ms, p95 {percentile(latencies, 0.95) * ms:.3f}"
        " ms per label"
    )
    print(
        f"baseline (parse + extractOne vs {len(names):,} names, first {len(sample)} labels): "
        f"{baseline_rate:,.1f} labels/s, p50 {statistics.median(baseline_latencies) * ms:.1f} ms, "
        f"p95 {percentile(baseline_latencies, 0.95) * ms:.1f} ms per label"
    )
    print(
        f"accuracy on injected noise, whole check: {pct(whole_all[0], whole_all[1]):.1f}% "
        f"({whole_all[0]}/{whole_all[1]}); clean fragments {pct(whole_all[2], whole_all[3]):.1f}%"
    )
    print(
        f"accuracy on injected noise, all {len(labels)} labels: matcher "
        f"{pct(ours_all[0], ours_all[1]):.1f}% ({ours_all[0]}/{ours_all[1]}); clean fragments "
        f"{pct(ours_all[2], ours_all[3]):.1f}%"
    )
    print(
        f"accuracy on injected noise, baseline sample: matcher "
        f"{pct(ours_sample[0], ours_sample[1]):.1f}% vs baseline "
        f"{pct(base_sample[0], base_sample[1]):.1f}% ({ours_sample[1]} noisy fragments); clean "
        f"fragments {pct(ours_sample[2], ours_sample[3]):.1f}% vs "
        f"{pct(base_sample[2], base_sample[3]):.1f}%"
    )
    speedup = full_rate / baseline_rate
    full_p99 = percentile(full_latencies, 0.99) * ms
    print(f"matcher speedup vs baseline: {ours_rate / baseline_rate:.1f}")
    checks = [
        ("startup under 2 s", startup < STARTUP_TARGET_S),
        (f"whole check at least {THROUGHPUT_TARGET:,} labels/s", full_rate >= THROUGHPUT_TARGET),
        (f"whole check p99 under {P99_TARGET_MS:g} ms", full_p99 < P99_TARGET_MS),
        (f"matcher at least {SPEEDUP_TARGET}x the baseline", ours_rate / baseline_rate >= 50),
        ("accuracy at least the baseline's", ours_sample[0] >= base_sample[0]),
    ]
    for name, ok in checks:
        print(f"target {name}: {'met' if ok else 'NOT MET'}")
    print(f"speedup_vs_baseline: {speedup:.1f}")
    return 0


# Real labels (tests/ingredients/data/real_labels.jsonl, see its README): coverage, correctness
# on the hand-checked sample, false "prohibited". Printed before the speed figures, so the last
# line stays `speedup_vs_baseline`. The same bars are tests (tests/ingredients/test_real_labels.py).
REAL_LABELS = ROOT / "tests" / "ingredients" / "data"


def real_label_figures(index) -> dict:
    """Per split: fragments, matched, and how they were matched; the sample's right share;
    prohibited verdicts that no listed ban explains, on all products and on UK/EU ones."""
    import json
    from collections import Counter

    from treatsafe.ingredients.services import check_text

    labels = [json.loads(line) for line in (REAL_LABELS / "real_labels.jsonl").open()]
    checked = [json.loads(line) for line in (REAL_LABELS / "checked_matches.jsonl").open()]
    results = {label["id"]: check_text(label["text"], index) for label in labels}
    figures = {"labels": len(labels), "splits": {}}
    for split in ("build", "heldout"):
        kinds = Counter(
            item.match
            for label in labels
            if label["split"] == split
            for item in results[label["id"]].ingredients
        )
        total = sum(kinds.values())
        figures["splits"][split] = (total, total - kinds["none"], dict(kinds))
    sample = [c for c in checked if c["sample"] == "random"]
    right = 0
    for check in sample:
        found = {i.input: i.inci for i in results[check["label"]].ingredients}
        right += found.get(check["fragment"]) == check["expected"]
    figures["sample"] = (right, len(sample))
    false, on_sale = [], [label for label in labels if label["on_sale_uk_eu"]]
    for label in labels:
        banned = {ban["inci"] for ban in label["eu_banned"]}
        items = results[label["id"]].ingredients
        if any(i.status == "prohibited" and i.inci not in banned for i in items):
            false.append(label["id"])
    figures["false_prohibited"] = (len(false), len(labels))
    on_sale_false = [label["id"] for label in on_sale if label["id"] in false]
    figures["false_prohibited_uk_eu"] = (len(on_sale_false), len(on_sale))
    return figures


def print_real_label_figures() -> None:
    from treatsafe.ingredients import cosing
    from treatsafe.ingredients.index import CosingIndex

    data_dir = ROOT / "data"
    data = cosing.read_cosing({name: data_dir / f"{name}.gz" for name in cosing.FILES})
    figures = real_label_figures(CosingIndex.from_cosing(data))
    print(f"real labels: {figures['labels']} ingredient lists (tests/ingredients/data)")
    for split, (total, matched, kinds) in figures["splits"].items():
        how = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        print(
            f"real labels, {split}: {matched}/{total} fragments matched "
            f"({100 * matched / total:.2f}%; {how})"
        )
    right, size = figures["sample"]
    print(
        f"real labels: hand-checked random sample: {right}/{size} matches right "
        f"({100 * right / size:.1f}%)"
    )
    false, count = figures["false_prohibited"]
    uk_eu, uk_eu_count = figures["false_prohibited_uk_eu"]
    print(
        f"real labels: false prohibited: {false}/{count} products; "
        f"{uk_eu}/{uk_eu_count} products on sale in the UK or EU"
    )
    lowest = min(matched / total for total, matched, _ in figures["splits"].values())
    checks = [
        ("98% of fragments matched (build and held-out)", lowest >= 0.98),
        ("99% of checked matches right", right / size >= 0.99),
        ("no false prohibited", false == 0),
    ]
    for name, ok in checks:
        print(f"target {name}: {'met' if ok else 'NOT MET'}")


if __name__ == "__main__":
    print_real_label_figures()
    sys.exit(main())
