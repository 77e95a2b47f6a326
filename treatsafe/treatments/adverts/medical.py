"""Medical claims in an advert for a cosmetic treatment: a treatment presented as curing or
treating a disease (a medicinal claim, CAP Code 12.1 and 12.2), and efficacy claims that need
trials to back them ("clinically proven", "doctor recommended": CAP Code 3.7 and 12.1).

A condition (acne, eczema, psoriasis ...) is a medicinal claim only with a word that claims to
treat it: a verb before it ("clears adult acne", "no more eczema"), a noun after it ("acne
treatment", "my psoriasis cleared"), or "for acne" in a sentence about a cosmetic service. The
skin type ("acne-prone"), scars and marks, suitability ("suitable for eczema-prone skin") and
treatment by a health professional ("our dermatologist treats acne": rule 12.2) are not. Scars
and hair loss are claims only when "cured" or "healed". Sentences about a prescription-only
medicine are left to that claim: a licensed medicine may name what it treats.
"""

import re
from collections.abc import Iterator

from treatsafe.treatments.adverts.detectors import Hit
from treatsafe.treatments.adverts.reading import Reading
from treatsafe.treatments.adverts.text import CLAIM_OPENS_WITH_NEGATION, VERBAL_NEGATOR, Span

BEFORE_REACH = 80  # characters before a condition that can hold the word claiming to treat it
AFTER_REACH = 60
COSMETIC_KINDS = ("service", "microneedling", "product", "exosome", "active")
TREATMENT_WORD = re.compile(r"\b(?:treatments?|sessions?|courses?|therap(?:y|ies)|services?)\b")


def medicinal_claims(reading: Reading) -> Iterator[Hit]:
    lex = reading.lex
    for span in reading.offers_opening("conditions", "appearance_conditions"):
        if _about_a_prescription_medicine(reading, span):
            continue
        for match in reading.find(lex.conditions, span):
            hit = _claimed(reading, span, match, lex.medicinal["treat_before"], medical=True)
            hits = [hit] if hit else _answered(reading, span, match)
            if hits:
                yield from hits
                break
        else:
            for match in reading.find(lex.appearance_conditions, span):
                hit = _claimed(reading, span, match, lex.medicinal["cure_before"], medical=False)
                hits = [hit] if hit else _answered(reading, span, match, "cure_answer")
                if hits:
                    yield from hits
                    break


def _about_a_prescription_medicine(reading: Reading, span: Span) -> bool:
    lex = reading.lex
    return bool(
        next(reading.affirmed(lex.toxin, span), None)
        or next(reading.affirmed(lex.weight_loss_poms, span), None)
    )


def _claimed(
    reading: Reading, span: Span, match: re.Match, before_pattern: re.Pattern, medical: bool
) -> Hit | None:
    """The words that claim to treat the condition at `match`, or None."""
    words = reading.folded
    medicinal = reading.lex.medicinal
    before = words[max(span.start, match.start() - BEFORE_REACH) : match.start()]
    after = words[match.end() : min(span.end, match.end() + AFTER_REACH)]
    if medicinal["not_after"].match(after) or medicinal["not_before"].search(before):
        return None
    if medical and medicinal["medical_context"].search(reading.words(span)):
        return None  # a health professional treating it (rule 12.2)
    start, end, detail = None, match.end(), "a medicinal claim"
    if claim := before_pattern.search(before):
        start = match.start() - len(before) + claim.start()
    elif not medical:
        return None
    elif noun := medicinal["after"].match(after) or medicinal["after_list"].match(after):
        if VERBAL_NEGATOR.search(noun.group()):
            return None  # "acne and rosacea are not treated here"
        start, end = match.start(), match.end() + noun.end()
    elif (presented := medicinal["for_before"].search(before)) and _names_a_cosmetic_service(
        reading, span
    ):
        start = match.start() - len(before) + presented.start()
        detail = "a cosmetic service for a disease"
    if start is None or reading.negated(span, start, end):
        return None
    # "no more acne" is the claim itself; "treats pigmentation, not acne" is not a claim
    opens_negated = CLAIM_OPENS_WITH_NEGATION.match(words[start:end])
    if not opens_negated and reading.negated(span, match.start(), match.end()):
        return None
    return Hit("medicinal_claim", start, end, detail)


def _answered(reading: Reading, span: Span, match: re.Match, answers: str = "answer") -> list[Hit]:
    """ "Struggling with rosacea? Our LED facial calms and clears it": a question naming the
    condition, answered by a claim to treat it."""
    words = reading.words(span)
    if not words.rstrip().endswith("?") or reading.negated(span, match.start(), match.end()):
        return []
    index = reading.sentence_index(span)
    if index + 1 >= len(reading.sentences):
        return []
    answer = reading.sentences[index + 1]
    medicinal = reading.lex.medicinal
    after = reading.folded[match.end() : min(span.end, match.end() + AFTER_REACH)]
    before = reading.folded[max(span.start, match.start() - BEFORE_REACH) : match.start()]
    if medicinal["not_after"].match(after) or medicinal["not_before"].search(before):
        return []
    answer_words = reading.words(answer)
    if medicinal["medical_context"].search(words) or medicinal["medical_context"].search(
        answer_words
    ):
        return []
    claim = medicinal[answers].search(reading.folded, answer.start, answer.end)
    if claim is None or reading.negated(answer, claim.start(), claim.end()):
        return []
    if not _names_a_cosmetic_service(reading, answer):
        return []
    detail = "a question answered by a cure"
    return [
        Hit("medicinal_claim", match.start(), match.end(), detail),
        Hit("medicinal_claim", claim.start(), claim.end(), detail),
    ]


def _names_a_cosmetic_service(reading: Reading, span: Span) -> bool:
    if TREATMENT_WORD.search(reading.words(span)):
        return True
    return any(mention.kind in COSMETIC_KINDS for mention in reading.mentions(span))


def unproven_efficacy(reading: Reading) -> Iterator[Hit]:
    for span in reading.offers_opening("unproven"):
        for match in reading.affirmed(reading.lex.unproven, span):
            yield Hit("unproven_efficacy", match.start(), match.end())
