"""Check an advert: run every detector, group the words each claim rests on, and cite the rule
that claim breaks (rules/adverts.yaml: one rule a claim, `when: advert_claim: [...]`).

Pure: no HTTP, no database (prices come through treatments.prices).
"""

from dataclasses import dataclass

from treatsafe.core.errors import InvalidInput
from treatsafe.treatments.adverts import detectors, medical
from treatsafe.treatments.adverts.pricing import cheap_prices
from treatsafe.treatments.adverts.reading import Reading
from treatsafe.treatments.rules import (
    ADVERT_CLAIMS,
    SEVERITY,
    Citation,
    Rule,
    RuleSet,
    get_ruleset,
)

MAX_ADVERT_CHARACTERS = 20_000
MAX_QUOTES = 20  # quotes kept for one claim

CLAIMS = ADVERT_CLAIMS  # in the order a reader should see them when verdicts are equal
CLAIM_LABELS = {
    "prescription_only_medicine": "A prescription-only medicine advertised to the public",
    "unlicensed_medicine": "A cosmetic ingredient put through the skin: an unlicensed medicine",
    "human_origin": "Human cells or tissue",
    "microneedling_exosomes": "Exosomes used with microneedling",
    "medicinal_claim": "A cosmetic treatment presented as treating a disease",
    "absolute_claim": "A promise of no risk, guaranteed or permanent results",
    "unproven_efficacy": 'An efficacy claim that needs evidence ("clinically proven")',
    "under_18": "An offer aimed at under-18s",
    "time_pressure": "Pressure to book now",
    "cheap_price": "A price far below the usual range",
}
DETECTORS = (
    detectors.prescription_only,
    detectors.unlicensed,
    detectors.human_origin,
    detectors.microneedling_exosomes,
    medical.medicinal_claims,
    detectors.absolute_claims,
    medical.unproven_efficacy,
    detectors.under_18,
    detectors.time_pressure,
    cheap_prices,
)


class InvalidAdvert(InvalidInput):
    code = "invalid_advert"


@dataclass(frozen=True)
class Quote:
    """The advert's own words, at text[start:end]."""

    text: str
    start: int
    end: int
    detail: str | None = None

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "detail": self.detail}


@dataclass(frozen=True)
class Flag:
    claim: str
    quotes: tuple[Quote, ...]
    rule: Rule

    @property
    def label(self) -> str:
        return CLAIM_LABELS[self.claim]

    @property
    def phrase(self) -> str:
        return self.quotes[0].text

    @property
    def verdict(self) -> str:
        return self.rule.verdict

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.rule.citations

    @property
    def detail(self) -> str | None:
        return next((quote.detail for quote in self.quotes if quote.detail), None)

    def as_dict(self) -> dict:
        return {
            "claim": self.claim,
            "label": self.label,
            "quotes": [quote.as_dict() for quote in self.quotes],
            "rule_id": self.rule.id,
            "verdict": self.rule.verdict,
            "rule_title": self.rule.title,
            "explanation": self.rule.explanation,
            "needs_source": self.rule.needs_source,
            "citations": [citation.as_dict() for citation in self.rule.citations],
        }


@dataclass(frozen=True)
class AdvertResult:
    text: str
    verdict: str | None  # the most severe flag's verdict, None when nothing was found
    flags: tuple[Flag, ...]
    rules_last_verified: object

    @property
    def claims(self) -> set[str]:
        return {flag.claim for flag in self.flags}

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "flags": [flag.as_dict() for flag in self.flags],
            "characters": len(self.text),
            "rules_last_verified": self.rules_last_verified.isoformat(),
            "note": (
                "Finding no warning signs does not make a treatment safe or lawful: ask the five "
                "questions before you agree to anything."
            ),
        }

    def segments(self) -> list[dict]:
        """The advert cut into pieces, each {text, claim, label} (claim None where nothing was
        flagged), for showing the advert with each quote highlighted."""
        marks = sorted(
            (quote.start, quote.end, flag.claim) for flag in self.flags for quote in flag.quotes
        )
        pieces, position = [], 0
        for start, end, claim in marks:
            if start < position:
                continue  # overlapping quotes of two claims: the first one shown
            if start > position:
                pieces.append({"text": self.text[position:start], "claim": None, "label": None})
            pieces.append(
                {"text": self.text[start:end], "claim": claim, "label": CLAIM_LABELS[claim]}
            )
            position = end
        if position < len(self.text):
            pieces.append({"text": self.text[position:], "claim": None, "label": None})
        return pieces


def claim_rules(ruleset: RuleSet) -> dict[str, Rule]:
    """The rule each claim cites: the rule whose `when` names that advert claim."""
    rules = {}
    for rule in ruleset.rules:
        for claim in rule.when.get("advert_claim", ()):
            if set(rule.when) == {"advert_claim"}:
                rules.setdefault(claim, rule)
    return rules


def validate(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidAdvert("Paste the text of the advert or message.", field="text")
    if len(text) > MAX_ADVERT_CHARACTERS:
        raise InvalidAdvert(
            f"The advert must be {MAX_ADVERT_CHARACTERS:,} characters or fewer; this text has "
            f"{len(text):,}.",
            field="text",
        )
    return text


def _joined(text: str, quotes: list[Quote]) -> tuple[Quote, ...]:
    """The quotes in order, with words of one claim that touch ("umbilical" + "cord stem")
    joined into one quote."""
    joined: list[Quote] = []
    for quote in sorted(quotes, key=lambda q: q.start):
        if joined and not text[joined[-1].end : quote.start].strip(" -"):
            last = joined[-1]
            end = max(last.end, quote.end)
            joined[-1] = Quote(text[last.start : end], last.start, end, last.detail or quote.detail)
        else:
            joined.append(quote)
    return tuple(joined)


def check_advert(text: str, ruleset: RuleSet | None = None, naive: bool = False) -> AdvertResult:
    """Flag the claims in an advert that signal unlawful or unsafe practice, each with the
    words it rests on and the rule it breaks. `naive` turns off the speed-ups (gates, caches)
    for the benchmark's baseline; the answer is the same."""
    text = validate(text)
    ruleset = ruleset or get_ruleset()
    rules = claim_rules(ruleset)
    reading = Reading(text, naive=naive)
    found: dict[str, list[Quote]] = {}
    for detector in DETECTORS:
        for hit in detector(reading):
            quotes = found.setdefault(hit.claim, [])
            if any(q.start < hit.end and hit.start < q.end for q in quotes):
                continue
            quotes.append(Quote(text[hit.start : hit.end], hit.start, hit.end, hit.detail))
            if len(quotes) >= MAX_QUOTES:
                break  # each detector finds one claim: enough words to show it
    flags = [
        Flag(claim, _joined(text, found[claim]), rules[claim])
        for claim in CLAIMS
        if found.get(claim)
    ]
    flags.sort(key=lambda flag: -SEVERITY[flag.verdict])
    return AdvertResult(
        text=text,
        verdict=flags[0].verdict if flags else None,
        flags=tuple(flags),
        rules_last_verified=ruleset.last_verified,
    )
