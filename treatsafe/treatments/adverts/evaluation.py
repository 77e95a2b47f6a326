"""Precision and recall of the advert checker on labelled adverts (the corpus in
tests/treatments/data/adverts_corpus_*.yaml), shared by the corpus test and bench/adverts.py."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from treatsafe.treatments.adverts.checker import CLAIMS, check_advert

CORPUS_DIR = Path(__file__).resolve().parents[3] / "tests" / "treatments" / "data"


@dataclass(frozen=True)
class LabelledAdvert:
    id: str
    text: str
    flags: frozenset[str]


@dataclass
class Score:
    true_positive: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLAIMS, 0))
    false_positive: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLAIMS, 0))
    false_negative: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLAIMS, 0))
    wrong: list[tuple[str, set[str], set[str]]] = field(default_factory=list)  # id, missed, extra

    @staticmethod
    def _ratio(hits: int, misses: int) -> float:
        return hits / (hits + misses) if hits + misses else 1.0

    def precision(self, claim: str | None = None) -> float:
        tp = sum(self.true_positive.values()) if claim is None else self.true_positive[claim]
        fp = sum(self.false_positive.values()) if claim is None else self.false_positive[claim]
        return self._ratio(tp, fp)

    def recall(self, claim: str | None = None) -> float:
        tp = sum(self.true_positive.values()) if claim is None else self.true_positive[claim]
        fn = sum(self.false_negative.values()) if claim is None else self.false_negative[claim]
        return self._ratio(tp, fn)


def load_corpus(directory: Path = CORPUS_DIR, pattern: str = "adverts_corpus_*.yaml"):
    adverts = []
    for path in sorted(directory.glob(pattern)):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["adverts"]:
            unknown = set(entry["flags"]) - set(CLAIMS)
            if unknown:
                raise ValueError(f"{path.name}, {entry['id']}: unknown flags {sorted(unknown)}")
            adverts.append(LabelledAdvert(entry["id"], entry["text"], frozenset(entry["flags"])))
    return adverts


def score(
    adverts: Iterable[LabelledAdvert], check: Callable[[str], object] = check_advert
) -> Score:
    result = Score()
    for advert in adverts:
        found = check(advert.text).claims
        for claim in CLAIMS:
            if claim in found and claim in advert.flags:
                result.true_positive[claim] += 1
            elif claim in found:
                result.false_positive[claim] += 1
            elif claim in advert.flags:
                result.false_negative[claim] += 1
        if found != advert.flags:
            result.wrong.append((advert.id, set(advert.flags - found), set(found - advert.flags)))
    return result
