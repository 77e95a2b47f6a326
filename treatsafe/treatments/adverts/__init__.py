"""The advert checker: reads a clinic's advert as a regulator would (ASA/CAP, MHRA) and flags
each claim that signals unlawful or unsafe practice, quoting the advert's own words and citing
the rule. See checker.py (the entry point), reading.py and text.py (how the advert is read),
detectors.py and pricing.py (one detector a claim), and data/adverts/ (the words, as data)."""

from treatsafe.treatments.adverts.checker import (
    CLAIM_LABELS,
    CLAIMS,
    MAX_ADVERT_CHARACTERS,
    AdvertResult,
    Flag,
    InvalidAdvert,
    Quote,
    check_advert,
)

__all__ = [
    "CLAIMS",
    "CLAIM_LABELS",
    "MAX_ADVERT_CHARACTERS",
    "AdvertResult",
    "Flag",
    "InvalidAdvert",
    "Quote",
    "check_advert",
]
