"""The advert checker: find the claims in a clinic's advert or message that signal unlawful or
unsafe practice, each with the rule it breaks.

The text is normalised (case, accents, look-alike digits, punctuation), split into sentences, and
each claim is a set of patterns for its spelling variants. A match is dropped when a negation comes
just before it ("not human-derived", "no injections", "an alternative to Botox"), "-free" comes
just after it ("needle-free"), or it is asked about and denied ("Human exosomes? Never.").
Pure: no HTTP, no database (prices come through prices.py).
"""

import bisect
import re
import unicodedata
from dataclasses import dataclass

from treatsafe.core.errors import InvalidInput
from treatsafe.treatments.prices import price_context
from treatsafe.treatments.rules import SEVERITY, Citation, RuleSet, get_ruleset

MAX_ADVERT_CHARACTERS = 20_000


class InvalidAdvert(InvalidInput):
    code = "invalid_advert"


# Words that, just before a claim, turn it around ("not human-derived", "an alternative to Botox").
NEGATORS = re.compile(
    r"\b(?:not|no|non|never|without|free\s+(?:of|from)|zero|isn'?t|aren'?t|wasn'?t|"
    r"cannot|can'?t|don'?t|doesn'?t|won'?t|nor|alternatives?\s+to|instead\s+of|rather\s+than|"
    r"unlike|avoids?|avoiding|nothing|nobody|neither|banned|illegal)\b"
)
# Words that end the reach of a negation: "no downtime and no risk" still promises no risk.
CLAUSE_BREAK = re.compile(r"\b(?:but|however|yet|although|though|and|plus|with|while)\b|[,;:]")
# Words just after a claim that turn it around ("needle-free", "a Botox alternative").
AFTER_NEGATORS = re.compile(r"^[\s-]*(?:free|alternatives?|substitutes?)\b")
# A claim described as against the law is a warning, not an offer ("human exosomes are banned").
LAW_AFTER = re.compile(
    r"^[\w\s'-]{0,30}?\b(?:is|are|were|being)\s+(?:now\s+)?(?:banned|illegal|prohibited|unlawful|"
    r"not\s+(?:allowed|permitted|legal))\b"
)
NEGATION_WINDOW = 5  # words before a claim that may negate it
# A short reply that denies the question before it ("Human exosomes? Never.", "Injected? No, we
# only apply them to the skin."). "No downtime!" is not a denial: a bare "no" must stand alone.
DENIAL_REPLY = re.compile(
    r"^(?:(?:no|nope|never|absolutely\s+not|of\s+course\s+not|certainly\s+not|"
    r"not\s+(?:here|ever|us|at\s+all|at\s+our\s+clinic))\s*(?:[.!,;-]|$)|"
    r"(?:we|i|they)\s+(?:never|don'?t|do\s+not|won'?t|will\s+not|would\s+never)\b)"
)

EXOSOME = (
    r"(?:ex[o0][\s-]?s[o0]m(?:e|es|al|s)?|ex[o0]z[o0]mes?|exsosomes?|exosones?|exosomse|exsomes?|"
    r"exosoms)"
)
HUMAN_ORIGIN = [
    r"\bhuman[\s-]*(?:derived|origin|sourced|source|cells?|stem|exosomes?|tissue|placent\w*|"
    r"umbilical|donor|mesenchymal|msc|adipose|fibroblasts?|secretome|growth\s+factors?|"
    r"conditioned|cord|blood|amniotic|bone\s+marrow|material|dna|products?)",
    r"\b(?:derived|sourced|extracted|harvested|taken|made|isolated|obtained|cultured|grown)"
    r"\s+from\s+(?:\w+\s+){0,2}(?:humans?|donors?|people|babies|newborns?)\b",
    r"\b(?:umbilical|umbilicus|cord[\s-]+blood|wharton'?s?\s+jelly|placenta\w*|amnio\w*|"
    r"afterbirth)",
    r"\bdonor(?:[\s-]+(?:tissue|cells?|derived|exosomes?|stem|sourced|blood|material))?\b",
    r"\b(?:mesenchymal|mscs?|hmscs?|huc[\s-]*mscs?|ipsc)\b",
    r"\bstem[\s-]*cells?\b",
]
# A stem cell claim qualified by one of these is not a claim of human origin.
NON_HUMAN_QUALIFIER = re.compile(
    r"\b(?:plant|plants|botanical|vegan|apple|rose|grape|argan|edelweiss|lilac|orchid|"
    r"lotus|ginseng|centella|alpine|swiss|fruit|flower|floral|algae|marine|salmon|bovine|"
    r"colostrum|milk|phyto\w*)\b[\w\s-]{0,15}$"
)
INJECTION = (
    r"\b(?:inject\w*|jabs?|shots?|mesotherapy|meso|intradermal\w*|subdermal|needle\s+(?:in|into)|"
    r"(?:iv|i\.v\.)\s+(?:drips?|therapy|infusions?)|drips?|infusions?|syringes?)\b"
)
OTHER_TREATMENT = re.compile(
    r"\b(?:fillers?|botox|toxin|tox|b12|vitamins?|prp|polynucleotides?|profhilo|"
    r"anti[\s-]*wrinkle|lips?|dermal)\b"
)
MAX_PRICES_PER_SENTENCE = 20
PROXIMITY = 60  # characters between an exosome word and an injection word in one claim
POM_PATTERNS = [
    r"\bb[o0][\s-]?t+[o0a]x+\w*",
    r"\bbotul\w*",
    r"\b(?:baby|barbie|trap|brow|lip|masseter|jaw)[\s-]*t[o0]x\b",
    r"\btrap(?:ezius)?[\s-]+(?:tox|toxin|botox)\b",
    r"\b(?:azzalure|bocouture|dysport|xeomin|vistabel|letybo|relfydess|alluzience|nuceiva|"
    r"jeuveau)\b",
    r"\bbrotox\b",
]
ABSOLUTE_PATTERNS = [
    r"\b(?:no|zero|without\s+any|without)\s+risks?\b",
    r"\brisk[\s-]*free\b",
    r"\b(?:100\s*%|one\s+hundred\s+percent|completely|totally|perfectly|entirely|fully|"
    r"absolutely|guaranteed)\s+safe\b",
    r"\bguar[ae]nt[e]{1,2}(?:s|d|ing)?\b",
    r"\bperman[ae]nt(?:ly)?(?:\s+results?)?\b",
    r"\blasts?\s+(?:forever|for\s+ever|a\s+lifetime)\b",
    r"\b(?:no|zero)\s+side[\s-]*effects?\b",
    r"\bside[\s-]*effect[\s-]*free\b",
    r"\b(?:can'?t|cannot|could\s+not|won'?t)\s+go\s+wrong\b",
]
PRICE = re.compile(
    r"(?:£|gbp\s*)\s*(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
    r"|(\d+(?:\.\d{1,2})?)\s*(?:pounds|quid|gbp)\b"
)
PREVIOUS_PRICE = re.compile(r"\b(?:was|were|rrp|usually|normally|worth|value|save)\s*$")
TREATMENT_WORDS = {
    "exosomes": rf"{EXOSOME}",
    "botulinum-toxin": r"\bb[o0][\s-]?t[o0]x|\bbotul|\btox\b|anti[\s-]*wrinkle",
    "dermal-filler": r"\bfillers?\b",
    "vitamin-injection": r"\bb12\b|\bvitamin\s+(?:injections?|shots?|jabs?)",
    "polynucleotides": r"polynucleotides?|salmon\s+dna|\bpn\b|\bpdrn\b",
    "prp": r"\bprp\b|platelet[\s-]*rich|vampire\s+facial",
    "skin-booster": r"profhilo|skin[\s-]*boosters?",
    "microneedling": r"micro[\s-]*needling|dermapen|derma[\s-]*roller",
    "chemical-peel": r"\bpeels?\b",
}

CLAIM_RULES = {
    "human_exosomes": "exosomes-human-origin-prohibited",
    "human_origin": "human-origin-skin-products-prohibited",
    "injected_exosomes": "exosomes-injected-unlicensed-medicine",
    "prescription_only_medicine": "advert-prescription-only-medicine",
    "absolute_claim": "advert-absolute-claims",
    "cheap_price": "advert-price-far-below-usual",
}
CLAIM_LABELS = {
    "human_exosomes": "Exosomes from human cells, stem cells or donor tissue",
    "human_origin": "A product made from human cells or tissue",
    "injected_exosomes": "Exosomes given by injection",
    "prescription_only_medicine": "A prescription-only medicine advertised to the public",
    "absolute_claim": "A promise of no risk, guaranteed or permanent results",
    "cheap_price": "A price far below the usual range",
}


@dataclass(frozen=True)
class Flag:
    claim: str
    phrase: str
    sentence: str
    rule_id: str
    verdict: str
    rule_title: str
    explanation: str
    citations: tuple[Citation, ...]
    needs_source: bool
    detail: str | None = None

    @property
    def label(self) -> str:
        return CLAIM_LABELS[self.claim]

    def as_dict(self) -> dict:
        return {
            "claim": self.claim,
            "label": self.label,
            "phrase": self.phrase,
            "sentence": self.sentence,
            "rule_id": self.rule_id,
            "verdict": self.verdict,
            "rule_title": self.rule_title,
            "explanation": self.explanation,
            "needs_source": self.needs_source,
            "detail": self.detail,
            "citations": [citation.as_dict() for citation in self.citations],
        }


@dataclass(frozen=True)
class AdvertResult:
    verdict: str | None  # the most severe flag's verdict, None when nothing was found
    flags: tuple[Flag, ...]
    treatments: tuple[str, ...]
    rules_last_verified: object

    @property
    def claims(self) -> set[str]:
        return {flag.claim for flag in self.flags}

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "flags": [flag.as_dict() for flag in self.flags],
            "treatments": list(self.treatments),
            "rules_last_verified": self.rules_last_verified.isoformat(),
            "note": (
                "Finding no warning signs does not make a treatment safe or lawful: ask the five "
                "questions before you agree to anything."
            ),
        }


def normalise(text: str) -> str:
    """Lower case, plain ASCII punctuation, accents removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(
        str.maketrans(
            {
                "\u2018": "'",
                "\u2019": "'",
                "\u201c": '"',
                "\u201d": '"',
                "\u2013": "-",
                "\u2014": "-",
                "\u2011": "-",
                "\u00a0": " ",
            }
        )
    )
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()
    return re.sub(r"[ \t]+", " ", text)


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+|(?<=\S)\s*[•|*✨💉🌿]+\s*", text)
    return [part.strip() for part in parts if part and part.strip()]


def _negated(sentence: str, start: int, end: int) -> bool:
    """True when a negation governs the text at sentence[start:end]."""
    window = " ".join(sentence[max(0, start - 120) : start].split()[-NEGATION_WINDOW:])
    for match in NEGATORS.finditer(window):
        if not CLAUSE_BREAK.search(window[match.end() :]):
            return True
    return bool(AFTER_NEGATORS.match(sentence[end:]) or LAW_AFTER.match(sentence[end:]))


def _find(patterns: list[str], sentence: str):
    for pattern in patterns:
        yield from re.finditer(pattern, sentence)


def _human_origin_matches(sentence: str):
    for match in _find(HUMAN_ORIGIN, sentence):
        if _negated(sentence, match.start(), match.end()):
            continue
        if re.match(r"stem", match.group()) and NON_HUMAN_QUALIFIER.search(
            sentence[: match.start()]
        ):
            continue
        if match.group().startswith("donor") and not re.search(
            rf"{EXOSOME}|cells?|tissue|derived|stem|serum", sentence
        ):
            continue
        yield match


def _injected_exosome_match(sentence: str):
    """An injection word close to an exosome word, with no other treatment between them."""
    exosomes = list(re.finditer(EXOSOME, sentence))
    if not exosomes:
        return None
    starts = [exosome.start() for exosome in exosomes]
    for injection in re.finditer(INJECTION, sentence):
        if _negated(sentence, injection.start(), injection.end()):
            continue
        first = bisect.bisect_left(starts, injection.start() - PROXIMITY - 40)
        last = bisect.bisect_right(starts, injection.end() + PROXIMITY)
        for exosome in exosomes[first:last]:
            lo = min(exosome.end(), injection.end())
            hi = max(exosome.start(), injection.start())
            if hi - lo > PROXIMITY or OTHER_TREATMENT.search(sentence[lo:hi]):
                continue
            if not _negated(sentence, exosome.start(), exosome.end()):
                return injection
    return None


def _treatments_in(text: str) -> list[str]:
    found = []
    for slug, pattern in TREATMENT_WORDS.items():
        match = re.search(pattern, text)
        if match:
            found.append((match.start(), slug))
    return [slug for _, slug in sorted(found)]


def _treatment_positions(sentence: str) -> list[tuple[int, str]]:
    return [
        (match.start(), slug)
        for slug, pattern in TREATMENT_WORDS.items()
        for match in re.finditer(pattern, sentence)
    ]


def _nearest_treatment(positions, position: int, fallback: list[str]) -> str | None:
    """The treatment a price belongs to: the last one named before it ("filler £120"), else
    the first one after it ("£120 filler"), else the advert's only treatment."""
    before = [item for item in positions if item[0] < position]
    if before:
        return max(before)[1]
    if positions:
        return min(positions)[1]
    return fallback[0] if len(fallback) == 1 else None


def _price_flags(sentence: str, treatments: list[str]):
    positions = _treatment_positions(sentence)
    for checked, match in enumerate(PRICE.finditer(sentence)):
        if checked >= MAX_PRICES_PER_SENTENCE:
            break
        if PREVIOUS_PRICE.search(sentence[max(0, match.start() - 20) : match.start()]):
            continue  # "was £300, now £99": the old price is not the offer
        amount = float((match.group(1) or match.group(2)).replace(",", ""))
        slug = _nearest_treatment(positions, match.start(), treatments)
        if slug is None or amount <= 0:
            continue
        context = price_context(slug, min(amount, 100_000))
        if context.warning:
            yield match, context.warning


def check_advert(text: str, ruleset: RuleSet | None = None) -> AdvertResult:
    """Flag the claims in an advert that signal unlawful or unsafe practice."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidAdvert("Paste the text of the advert or message.", field="text")
    if len(text) > MAX_ADVERT_CHARACTERS:
        raise InvalidAdvert(
            f"The advert must be {MAX_ADVERT_CHARACTERS:,} characters or fewer; this text has "
            f"{len(text):,}.",
            field="text",
        )
    ruleset = ruleset or get_ruleset()
    plain = normalise(text)
    treatments = _treatments_in(plain)
    found: list[tuple[str, str, str, str | None]] = []  # claim, phrase, sentence, detail
    parts = sentences(plain)
    for index, sentence in enumerate(parts):
        reply = parts[index + 1] if index + 1 < len(parts) else ""
        if sentence.endswith("?") and DENIAL_REPLY.match(reply):
            continue  # a claim asked about and denied is not offered
        has_exosome = re.search(EXOSOME, sentence)
        for match in _human_origin_matches(sentence):
            claim = "human_exosomes" if has_exosome or "exosomes" in treatments else "human_origin"
            found.append((claim, match.group(), sentence, None))
            break
        if injection := _injected_exosome_match(sentence):
            found.append(("injected_exosomes", injection.group(), sentence, None))
        for match in _find(POM_PATTERNS, sentence):
            if not _negated(sentence, match.start(), match.end()):
                found.append(("prescription_only_medicine", match.group(), sentence, None))
                break
        for match in _find(ABSOLUTE_PATTERNS, sentence):
            if not _negated(sentence, match.start(), match.end()):
                found.append(("absolute_claim", match.group(), sentence, None))
                break
        for match, warning in _price_flags(sentence, treatments):
            found.append(("cheap_price", match.group().strip(), sentence, warning))
    flags = []
    seen = set()
    for claim, phrase, sentence, detail in found:
        if (claim, phrase) in seen:
            continue
        seen.add((claim, phrase))
        rule = ruleset.get(CLAIM_RULES[claim])
        flags.append(
            Flag(
                claim=claim,
                phrase=phrase.strip(),
                sentence=sentence,
                rule_id=rule.id,
                verdict=rule.verdict,
                rule_title=rule.title,
                explanation=rule.explanation,
                citations=rule.citations,
                needs_source=rule.needs_source,
                detail=detail,
            )
        )
    flags.sort(key=lambda flag: -SEVERITY[flag.verdict])
    return AdvertResult(
        verdict=flags[0].verdict if flags else None,
        flags=tuple(flags),
        treatments=tuple(treatments),
        rules_last_verified=ruleset.last_verified,
    )
