"""Prices in an advert: each one given to the treatment it is stated for, and compared with that
treatment's usual range (treatments.prices). Deposits, booking and cancellation fees, old "was"
prices, savings, add-ons and vouchers are not the price of a treatment and are left out."""

from collections.abc import Iterator

from treatsafe.treatments.adverts.detectors import Hit
from treatsafe.treatments.adverts.reading import Mention, Reading
from treatsafe.treatments.adverts.text import Span, clause_bounds
from treatsafe.treatments.prices import MAX_PRICE, price_context

MAX_PRICES = 200  # prices read in one advert


def cheap_prices(reading: Reading) -> Iterator[Hit]:
    lex = reading.lex
    checked = 0
    for span in reading.offers:
        previous_end = span.start
        for match in reading.find(lex.price, span):
            checked += 1
            if checked > MAX_PRICES:
                return
            if _not_a_treatment_price(reading, span, match, previous_end):
                previous_end = match.end()
                continue
            mentions = reading.mentions(span)
            slug = _treatment_for(reading, span, mentions, match, previous_end)
            if slug is None and not mentions:
                slug = _only_treatment(reading)
            previous_end = match.end()
            if slug is None:
                continue
            amount = float((match.group(1) or match.group(3)).replace(",", ""))
            if match.group(2):
                amount += float(f"0.{match.group(2)}")
            if not 0 < amount <= MAX_PRICE:
                continue
            context = price_context(slug, amount)
            if context.warning:
                yield Hit("cheap_price", match.start(), match.end(), context.warning)


def _only_treatment(reading: Reading) -> str | None:
    """The advert's one treatment, when it names exactly one (a price on a line of its own)."""
    if "only_treatment" not in reading.memo:
        slugs = {m.slug for span in reading.sentences for m in reading.mentions(span) if m.slug}
        reading.memo["only_treatment"] = next(iter(slugs)) if len(slugs) == 1 else None
    return reading.memo["only_treatment"]


def _not_a_treatment_price(reading: Reading, span: Span, match, previous_end: int) -> bool:
    lex = reading.lex
    folded = reading.folded
    before = folded[max(span.start, match.start() - 30) : match.start()]
    if lex.price_not_before.search(before):
        return True
    if lex.price_not_after.match(folded[match.end() : span.end]):
        return True
    start, end = clause_bounds(folded, span, match.start())
    return bool(lex.price_not_clause.search(folded, max(start, previous_end), end))


def _treatment_for(
    reading: Reading, span: Span, mentions: list[Mention], match, previous_end: int
) -> str | None:
    """The treatment named nearest before the price (since the last price), else the first one
    named after it in its clause."""
    before = [m for m in mentions if previous_end <= m.start and m.end <= match.start()]
    if before:
        nearest = before[-1]
        if nearest.kind == "service" and reading.folded.startswith("consult", nearest.start):
            return None  # "toxin consultation £25": the price of a consultation
        if nearest.kind == "service":
            # "exosome facial £140": the service is the way the ingredient is given
            earlier = [m for m in before[:-1] if m.slug and nearest.start - m.end <= 3]
            return earlier[-1].slug if earlier else None
        return nearest.slug
    _start, end = clause_bounds(reading.folded, span, match.end())
    after = [m for m in mentions if match.end() <= m.start < end]
    return after[0].slug if after else None
