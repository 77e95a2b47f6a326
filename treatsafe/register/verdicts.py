"""The only module of the register that calls the treatment and label checkers.

Verdicts are stored on products and offers, with the fingerprint of the rules and reference data
they came from; `recompute-verdicts` (and demo-data, and saving a listing) recompute them when
that fingerprint changes. Results are cached per distinct set of facts, so a bulk load computes
each combination once.
"""

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from treatsafe.ingredients.wording import SHORT as LABEL_SHORT

VERDICT_ORDER = ("lawful", "caution", "red_flag", "unlawful")
VERDICT_LABELS = {
    "lawful": "Lawful as offered",
    "caution": "Lawful with cautions",
    "red_flag": "Warning signs",
    "unlawful": "Unlawful as offered",
    # the label checker's verdicts, in its own words (ingredients/wording.py)
    **LABEL_SHORT,
    "": "Not checked",
}

# Our product fields -> the treatment checker's vocabulary.
REGULATORY_STATUS = {
    "licensed_medicine": "licensed_medicine",
    "device": "medical_device",
    "cosmetic": "compliant_cosmetic",
    "unlicensed": "unknown",
}
NATION_JURISDICTION = {
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern_ireland": "Northern Ireland",
}
HEALTHCARE_PROFESSIONS = {
    "doctor": "doctor",
    "nurse": "nurse",
    "dentist": "dentist",
    "pharmacist": "pharmacist",
}


@dataclass(frozen=True)
class ProductFacts:
    source: str
    route: str
    regulatory_status: str
    ingredients: str = ""


def worst(verdicts) -> str:
    ranked = [v for v in verdicts if v in VERDICT_ORDER]
    return max(ranked, key=VERDICT_ORDER.index) if ranked else ""


@functools.lru_cache(maxsize=4096)
def _label(ingredients: str):
    from treatsafe.ingredients.services import check_label

    return check_label(ingredients)


def check_product_label(ingredients: str) -> tuple[str, tuple[str, ...]]:
    """The label checker's verdict on an ingredient list ('' when there is no list)."""
    if not ingredients.strip():
        return "", ()
    result = _label(ingredients)
    return result.verdict, tuple(_label_reasons(result))


def _label_reasons(result) -> list[str]:
    """The same rule as the label checker's headline: bans and conditions the label shows
    broken are reasons; names not recognised are counted; limits only the maker can meet are
    not reasons at all."""
    reasons = [
        f"{finding.ingredient}: {'banned' if finding.kind == 'banned' else 'breaks a limit'} "
        f"({finding.entry}): {finding.text}"
        for finding in result.problems
    ]
    if result.unknown_count:
        reasons.append(
            f"{result.unknown_count} ingredient{'s' if result.unknown_count != 1 else ''} not "
            "recognised in CosIng, so not checked"
        )
    return reasons[:10]


@functools.lru_cache(maxsize=4096)
def check_offer(
    treatment: str,
    products: tuple[ProductFacts, ...],
    nation: str,
    profession: str,
    is_prescriber: bool,
) -> tuple[str, tuple[str, ...]]:
    """The treatment checker's verdict on an offer: the worst over its products (an offer
    with no product recorded is checked as 'source not stated')."""
    from treatsafe.treatments.services import TreatmentQuery, check_treatment

    verdicts, reasons = [], []
    for facts in products or (ProductFacts("", "", ""),):
        label = _label(facts.ingredients) if facts.ingredients.strip() else None
        query = TreatmentQuery(
            treatment=treatment,
            source=facts.source or "unknown",
            route=facts.route or "unknown",
            jurisdiction=NATION_JURISDICTION.get(nation, nation),
            administered_by=HEALTHCARE_PROFESSIONS.get(profession, "non_healthcare"),
            prescriber="yes" if is_prescriber else "unknown",
            regulatory_status=REGULATORY_STATUS.get(facts.regulatory_status),
            label_verdict=label.verdict if label else None,
            label_human_origin=bool(label.human_origin) if label else None,
        )
        result = check_treatment(query)
        verdicts.append(result.verdict)
        for text in _reason_texts(result):
            if text not in reasons:
                reasons.append(text)
    return worst(verdicts), tuple(reasons)


def _reason_texts(result) -> list[str]:
    texts = []
    for reason in getattr(result, "reasons", ()) or ():
        if isinstance(reason, str):
            texts.append(reason)
        elif isinstance(reason, dict):
            texts.append(str(reason.get("title") or reason.get("message") or reason))
        else:
            texts.append(
                str(getattr(reason, "title", None) or getattr(reason, "message", None) or reason)
            )
    return texts


def fingerprint() -> str:
    """A digest of everything verdicts depend on: the treatment rule files and the imported
    reference data (CosIng). Any change means stored verdicts may be stale."""
    import treatsafe.treatments as treatments_package
    from treatsafe.core.models import ImportedDataset
    from treatsafe.ingredients.assessment import ASSESSMENT_VERSION

    digest = hashlib.sha256()
    digest.update(f"label-assessment={ASSESSMENT_VERSION}".encode())
    rules_dir = Path(treatments_package.__file__).parent / "rules"
    for path in sorted(rules_dir.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    datasets = ImportedDataset.objects.exclude(name="register-verdicts").order_by("name")
    for name, value in datasets.values_list("name", "fingerprint"):
        digest.update(f"{name}={value}".encode())
    return digest.hexdigest()


def clear_cache() -> None:
    _label.cache_clear()
    check_offer.cache_clear()
