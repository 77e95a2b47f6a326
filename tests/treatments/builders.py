"""Named builders for treatment queries: a test states only what matters to it."""

from treatsafe.treatments.services import TreatmentQuery

UK_NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
ALL_JURISDICTIONS = (*UK_NATIONS, "Crown Dependency")
SOURCES = ("human", "animal", "plant", "microbial", "synthetic", "unknown")
ROUTES = ("topical", "after-microneedling", "injected", "unknown")


def a_query(**overrides) -> TreatmentQuery:
    """An adult asking about a plant exosome facial in England, unless told otherwise."""
    values = {
        "treatment": "exosomes",
        "source": "plant",
        "route": "topical",
        "jurisdiction": "England",
        "age_band": "18_or_over",
    }
    if "age" in overrides:
        values["age_band"] = None  # the age decides the band
    values.update(overrides)
    return TreatmentQuery(**values)


def a_toxin_query(**overrides) -> TreatmentQuery:
    values = {
        "treatment": "botulinum-toxin",
        "source": "unknown",
        "route": "injected",
        "prescriber": "yes",
    }
    values.update(overrides)
    return a_query(**values)


def an_advert(*lines: str) -> str:
    """An advert of these lines, one a line, as a clinic would paste it."""
    return "\n".join(lines)
