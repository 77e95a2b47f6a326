"""Price context: the usual price of a treatment and a warning for an offer far below it.

The usual range comes from the register's listed prices when it has enough of them (the register
app calls `register_price_source(fn)` in its AppConfig.ready, so this app never imports it), and
otherwise from a cited range kept as data (`data/price_ranges.yaml`). A high price is never
called safe.
"""

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from treatsafe.core.errors import InvalidInput
from treatsafe.treatments.catalogue import get_treatment

PRICE_RANGES_FILE = Path(__file__).resolve().parent / "data" / "price_ranges.yaml"
MIN_REGISTER_PRICES = 5  # fewer listed prices than this say too little about the usual price
FAR_BELOW = 0.5  # an offer under half the usual low price is "far below"
MAX_PRICE = 100_000

PriceSource = Callable[[str], list[float] | None]
_price_sources: list[PriceSource] = []


class InvalidPrice(InvalidInput):
    code = "invalid_price"


def register_price_source(fn: PriceSource) -> None:
    """Add a function slug -> listed prices (or None). The register calls this at start-up."""
    if fn not in _price_sources:
        _price_sources.append(fn)


def unregister_price_source(fn: PriceSource) -> None:
    if fn in _price_sources:
        _price_sources.remove(fn)


@cache
def cited_ranges() -> dict:
    data = yaml.safe_load(PRICE_RANGES_FILE.read_text(encoding="utf-8"))["price_ranges"]
    for slug, entry in data.items():
        get_treatment(slug)  # a range for a treatment we do not know is a mistake in the file
        if not entry.get("source") or not entry["source"].get("title"):
            raise ValueError(f"price_ranges.yaml: the range for {slug!r} cites no source")
        if not 0 < entry["low"] <= entry["high"]:
            raise ValueError(f"price_ranges.yaml: the range for {slug!r} is not low <= high")
    return data


@dataclass(frozen=True)
class PriceContext:
    treatment: str
    basis: str  # "register" | "cited" | "none"
    low: float | None
    high: float | None
    description: str
    source: dict | None
    listed_prices: int
    offered: float | None
    warning: str | None
    note: str
    basis_note: str = ""  # where the range comes from, in a plain sentence

    @property
    def far_below(self) -> bool:
        return self.warning is not None

    def as_dict(self) -> dict:
        return {
            "treatment": self.treatment,
            "basis": self.basis,
            "usual_low": self.low,
            "usual_high": self.high,
            "description": self.description,
            "source": self.source,
            "listed_prices": self.listed_prices,
            "offered": self.offered,
            "far_below_usual": self.far_below,
            "warning": self.warning,
            "note": self.note,
            "basis_note": self.basis_note,
        }


HIGH_PRICE_NOTE = "A high price does not make a treatment safe or lawful."


def _register_prices(slug: str) -> list[float]:
    prices: list[float] = []
    for source in _price_sources:
        prices.extend(float(p) for p in (source(slug) or []) if p and p > 0)
    return prices


def _listed(count: int) -> str:
    return "no prices" if count == 0 else "1 price" if count == 1 else f"{count} prices"


def _validate_offer(offered) -> float | None:
    if offered is None:
        return None
    try:
        value = float(offered)
    except (TypeError, ValueError):
        raise InvalidPrice("The price must be a number of pounds, like 150.") from None
    if not 0 < value <= MAX_PRICE:
        raise InvalidPrice(f"The price must be more than £0 and at most £{MAX_PRICE:,}.")
    return value


def price_context(slug: str, offered_price: float | None = None) -> PriceContext:
    """The usual price range of a treatment, where it comes from, and a warning when an offer is
    far below it (under half the register's lower quartile, or half the cited low price)."""
    name = get_treatment(slug).name
    offered = _validate_offer(offered_price)
    prices = _register_prices(slug)
    if len(prices) >= MIN_REGISTER_PRICES:
        quartiles = statistics.quantiles(sorted(prices), n=4)
        low, high = round(quartiles[0], 2), round(quartiles[2], 2)
        basis, source = "register", None
        description = (
            f"the middle half of {len(prices)} prices listed by practitioners on our register"
        )
        basis_note = (
            f"This range comes from the {len(prices)} prices that practitioners list for "
            f"{name.lower()} on our register: the middle half of them."
        )
    elif (entry := cited_ranges().get(slug)) is not None:
        low, high = float(entry["low"]), float(entry["high"])
        basis, source = "cited", entry["source"]
        description = f"{entry['description']} ({entry['wording']})"
        basis_note = (
            f"Our register lists {_listed(len(prices))} for {name.lower()}, too few to give a "
            f"range (we need at least {MIN_REGISTER_PRICES}), so this range comes from a "
            "published source."
        )
    else:
        return PriceContext(
            treatment=slug,
            basis="none",
            low=None,
            high=None,
            description=f"We have no usual price range for {name.lower()} yet.",
            source=None,
            listed_prices=len(prices),
            offered=offered,
            warning=None,
            note=HIGH_PRICE_NOTE,
            basis_note=(
                f"Our register lists {_listed(len(prices))} for {name.lower()} (we need at least "
                f"{MIN_REGISTER_PRICES} to give a range), and we hold no published range for it, "
                "so we cannot tell you whether a price is unusually low."
            ),
        )
    warning = None
    if offered is not None and offered < FAR_BELOW * low:
        warning = (
            f"£{offered:,.0f} is far below the usual price of £{low:,.0f} to £{high:,.0f}. An "
            "unusually cheap offer is a warning sign: ask where the product comes from and who "
            "will give the treatment."
        )
    return PriceContext(
        treatment=slug,
        basis=basis,
        low=low,
        high=high,
        description=description,
        source=source,
        listed_prices=len(prices),
        offered=offered,
        warning=warning,
        note=HIGH_PRICE_NOTE,
        basis_note=basis_note,
    )
