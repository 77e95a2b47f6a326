"""One detector per claim. Each reads the sentences that may offer something and yields a Hit:
the claim and the span of the advert's own words it rests on."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from treatsafe.treatments.adverts.reading import Mention, Reading
from treatsafe.treatments.adverts.text import Span, clause_bounds

PRESCRIBED = re.compile(r"\b(?:prescribed|on\s+prescription|your\s+prescription)\b")
PRICE_SIGN = re.compile(r"£\s*\d|\d\s*(?:pounds|quid)\b")
RESULT_AFTER_PERMANENT = re.compile(
    r"^[\s-]*(?:\w+\s+){0,2}?(?:results?|fix|solution|fillers?|effects?|change|lift|cure|"
    r"smooth\w*|correction|reduction|volume|lips?|enhancement|outcome)\b"
)
RESULT_BEFORE_PERMANENT = re.compile(
    r"\b(?:results?|effects?|outcomes?|change|fillers?)\s+(?:\w+\s+){0,2}?(?:are|is|will\s+be|"
    r"stay|remain|look)\s+$"
    # "removes dark circles permanently", "banish lines permanently" (hair and tattoo removal
    # are other services, with their own rules)
    r"|\b(?:remov\w*|eliminat\w*|eras\w*|banish\w*|get\s+rid\s+of|cure\w*|fix\w*)\s+"
    r"(?!(?:\w+\s+){0,3}?(?:hair|tattoos?)\b)(?:\w+\s+){0,3}?$"
)
INJECTABLE_VITAMIN = re.compile(r"b[\s-]?12|\w*cobalamin|vit(?:amin)?\.?\s*d\d?")
SYRINGE = re.compile("\U0001f489(?![\\s-]*free)")
VITAMIN_BOOSTER = re.compile(r"[\s-]*(?:boost(?:er)?s?|top[\s-]*ups?)\b")
AESTHETIC = re.compile(r"\b(?:aesthetic\w*|injectables?|tweakments?|fillers?)\b")
NOT_HUMAN_AFTER = re.compile(r"^[\s-]*(?:of|from)\s+(?:a\s+|the\s+)?(?:\w+\s+)?(\w+)")


@dataclass(frozen=True)
class Hit:
    claim: str
    start: int
    end: int
    detail: str | None = None


def _hit(claim: str, match: re.Match, detail: str | None = None) -> Hit:
    return Hit(claim, match.start(), match.end(), detail)


# --- prescription-only medicines ------------------------------------------------------------


ROUTE_GATES = ("strong_routes", "weak_routes", "category_route")


def prescription_only(reading: Reading) -> Iterator[Hit]:
    lex = reading.lex
    gates = ("toxin", "anti_wrinkle", "toxin_areas", "vitamins", "weight_loss_poms", *ROUTE_GATES)
    for span in reading.offers_opening(*gates):
        words = reading.words(span)
        for match in reading.affirmed(lex.toxin, span):
            yield _hit("prescription_only_medicine", match, "botulinum toxin")
        if reading.opens(span, "weight_loss_poms"):
            for match in reading.affirmed(lex.weight_loss_poms, span):
                yield _hit("prescription_only_medicine", match, "weight-loss medicine")
        for match in reading.affirmed(lex.anti_wrinkle, span):
            after = reading.folded[match.end() : span.end]
            if lex.anti_wrinkle_product.match(after):
                continue
            if lex.anti_wrinkle_offer.match(after) or PRICE_SIGN.search(words):
                yield _hit("prescription_only_medicine", match, "botulinum toxin")
        yield from _toxin_by_area(reading, span, words)
        if reading.opens(span, *ROUTE_GATES):
            yield from _injections_for_toxin_areas(reading, span)
        if reading.opens(span, "vitamins") and not PRESCRIBED.search(words):
            yield from _injected_vitamins(reading, span)


def _toxin_by_area(reading: Reading, span: Span, words: str) -> Iterator[Hit]:
    """ "3 areas £199" beside forehead, frown or crow's feet: toxin priced by the area."""
    lex = reading.lex
    if not reading.opens(span, "toxin_areas") or lex.not_toxin_areas.search(words):
        return
    if not lex.expression_areas.search(words) and not _aesthetic_advert(reading):
        return
    if not PRICE_SIGN.search(words):
        return
    for match in reading.affirmed(lex.toxin_areas, span):
        yield _hit("prescription_only_medicine", match, "botulinum toxin priced by area")


def _aesthetic_advert(reading: Reading) -> bool:
    """An advert about lines, wrinkles or injectables, where "3 areas £150" means toxin."""
    if "aesthetic" not in reading.memo:
        lex = reading.lex
        reading.memo["aesthetic"] = bool(
            lex.expression_areas.search(reading.folded) or AESTHETIC.search(reading.folded)
        )
    return reading.memo["aesthetic"]


def _injections_for_toxin_areas(reading: Reading, span: Span) -> Iterator[Hit]:
    """An injection about no product, for the lines or conditions toxin treats."""
    lex = reading.lex
    mentions = reading.mentions(span)
    for route, strength in reading.routes(span):
        if strength != "strong" or reading.negated(span, route.start(), route.end()):
            continue
        if reading.attached(span, route, strength, mentions):
            continue
        start, end = clause_bounds(reading.folded, span, route.start())
        near = lex.toxin_indications.search(
            reading.folded, max(start, route.start() - 40), min(end, route.end() + 40)
        )
        if near:
            low, high = min(near.start(), route.start()), max(near.end(), route.end())
            yield Hit("prescription_only_medicine", low, high, "injections for toxin areas")
        elif (asked := _question_before(reading, span)) is not None:
            # "Forehead lines? Smoothed with a few tiny injections": the answer's injections
            # are for the lines the question names
            near = reading.lex.toxin_indications.search(reading.folded, asked.start, asked.end)
            if near:
                yield Hit("prescription_only_medicine", near.start(), near.end(), "toxin areas")
                yield _hit("prescription_only_medicine", route, "injections for toxin areas")


def _question_before(reading: Reading, span: Span) -> Span | None:
    index = reading.sentence_index(span)
    if index == 0:
        return None
    previous = reading.sentences[index - 1]
    return previous if reading.words(previous).rstrip().endswith("?") else None


def _injected_vitamins(reading: Reading, span: Span) -> Iterator[Hit]:
    mentions = reading.mentions(span)
    for mention in mentions:
        # "B12 boosters 💉": the way vitamins are sold as injections in clinics and salons
        if mention.kind != "vitamin" or reading.negated(span, mention.start, mention.end):
            continue
        if not INJECTABLE_VITAMIN.fullmatch(reading.folded[mention.start : mention.end]):
            continue  # "vitamin boost smoothie": only B12 and D are sold this way
        start, end = clause_bounds(reading.folded, span, mention.start)
        booster = VITAMIN_BOOSTER.match(reading.folded, mention.end, end)
        if booster or SYRINGE.search(reading.folded, start, end):
            stop = booster.end() if booster else mention.end
            yield Hit("prescription_only_medicine", mention.start, stop, "injected vitamin")
            return
    for route, strength in reading.routes(span):
        if reading.negated(span, route.start(), route.end()):
            continue
        for mention in reading.attached(span, route, strength, mentions):
            if mention.kind == "vitamin" and not reading.negated(span, mention.start, mention.end):
                yield _route_hit("prescription_only_medicine", route, mention, "injected vitamin")
                break


def _route_hit(claim: str, route: re.Match, mention: Mention, detail: str) -> Hit:
    return Hit(claim, min(route.start(), mention.start), max(route.end(), mention.end), detail)


# --- unlicensed medicines and microneedling ---------------------------------------------------


def unlicensed(reading: Reading) -> Iterator[Hit]:
    for span in reading.offers_opening(*ROUTE_GATES):
        if not reading.opens(span, "actives", "exosomes"):
            continue
        mentions = reading.mentions(span)
        for route, strength in reading.routes(span):
            if reading.negated(span, route.start(), route.end()):
                continue
            for mention in reading.attached(span, route, strength, mentions):
                if mention.kind in ("active", "exosome") and not reading.negated(
                    span, mention.start, mention.end
                ):
                    yield _route_hit(
                        "unlicensed_medicine", route, mention, "a cosmetic ingredient injected"
                    )
                    break


def microneedling_exosomes(reading: Reading) -> Iterator[Hit]:
    lex = reading.lex
    for span in reading.offers_opening("microneedling"):
        needling = next(reading.affirmed(lex.microneedling, span), None)
        exosome = next(reading.affirmed(lex.exosomes, span), None)
        if needling and exosome:
            yield Hit(
                "microneedling_exosomes",
                min(needling.start(), exosome.start()),
                max(needling.end(), exosome.end()),
            )


# --- human origin ---------------------------------------------------------------------------


def human_origin(reading: Reading) -> Iterator[Hit]:
    lex = reading.lex
    gates = ("cosing_names", "human_marked", "human_tissue", "cosing_words")
    for span in reading.offers_opening(*gates):
        for pattern in (lex.cosing_names, lex.human_marked):
            for match in reading.affirmed(pattern, span):
                yield _hit("human_origin", match)
        for pattern in (lex.human_tissue, lex.cosing_words):
            for match in reading.affirmed(pattern, span):
                if not _named_not_human(reading, span, match):
                    yield _hit("human_origin", match)


def _named_not_human(reading: Reading, span: Span, match: re.Match) -> bool:
    """ "horse placenta", "placenta of sheep", "rose stem cells": an animal or plant source."""
    lex = reading.lex
    before = reading.folded[max(span.start, match.start() - 40) : match.start()]
    if lex.not_human.search(" ".join(before.split()[-3:])):
        return True
    after = NOT_HUMAN_AFTER.match(reading.folded[match.end() : span.end])
    return bool(after and lex.not_human.fullmatch(after.group(1)))


# --- claims ---------------------------------------------------------------------------------


def absolute_claims(reading: Reading) -> Iterator[Hit]:
    lex = reading.lex
    for span in reading.offers_opening("risk", "forever", "guarantee", "permanent"):
        for match in reading.affirmed(lex.risk, span):
            yield _hit("absolute_claim", match, "no risk")
        for match in reading.affirmed(lex.forever, span):
            yield _hit("absolute_claim", match, "permanent")
        for match in reading.affirmed(lex.guarantee, span):
            if _guarantees_a_result(reading, span, match):
                yield _hit("absolute_claim", match, "guaranteed")
        for match in reading.affirmed(lex.permanent, span):
            after = reading.folded[match.end() : span.end]
            before = reading.folded[span.start : match.start()]
            if lex.permanent_allowed.match(after):
                continue
            if RESULT_AFTER_PERMANENT.match(after) or RESULT_BEFORE_PERMANENT.search(before):
                yield _hit("absolute_claim", match, "permanent")


def _guarantees_a_result(reading: Reading, span: Span, match: re.Match) -> bool:
    lex = reading.lex
    start, end = clause_bounds(reading.folded, span, match.start())
    after = " ".join(reading.folded[match.end() : end].split()[:3])
    if lex.guarantee_service.search(after):
        return False
    before = " ".join(reading.folded[start : match.start()].split()[-3:])
    if lex.guarantee_service.search(before.split()[-1] if before else ""):
        return False
    window = " ".join(reading.folded[match.end() : end].split()[:4])
    return bool(lex.guarantee_results.search(window) or lex.guarantee_results.search(before))


def under_18(reading: Reading) -> Iterator[Hit]:
    lex = reading.lex
    if not lex.interventions.search(reading.folded):
        return
    for span in reading.offers_opening("under_18"):
        if lex.adults_only.search(reading.words(span)):
            continue
        for match in reading.affirmed(lex.under_18, span):
            yield _hit("under_18", match)


def time_pressure(reading: Reading) -> Iterator[Hit]:
    lex = reading.lex
    for span in reading.offers_opening("pressure", "pressure_dated"):
        for match in reading.affirmed(lex.pressure, span):
            yield _hit("time_pressure", match)
        if lex.offer_words.search(reading.words(span)):
            for match in reading.affirmed(lex.pressure_dated, span):
                yield _hit("time_pressure", match)
