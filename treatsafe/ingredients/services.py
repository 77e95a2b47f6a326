"""The label checker and ingredient look-ups: one service call behind the page, the API and the
CLI. `assess` is pure (fragments + index in, result out); `check_label` adds input limits and
the per-process index cache, rebuilt when the imported `cosing` dataset changes."""

import threading
from dataclasses import dataclass, field

from treatsafe.core.errors import DomainError, InvalidInput, NotFound
from treatsafe.ingredients import cosing
from treatsafe.ingredients.matching import FLAGS as FLAG_ORDER
from treatsafe.ingredients.matching import CosingIndex, IndexEntry, name_flags
from treatsafe.ingredients.parsing import Fragment, parse_label

MAX_CHARACTERS = 20_000
MAX_INGREDIENTS = 500
VERDICTS = ["prohibited", "restricted", "unknown_ingredients", "ok"]
ANNEX_KINDS = {
    "II": "prohibited substance",
    "III": "restricted substance",
    "IV": "allowed colourant",
    "V": "allowed preservative",
    "VI": "allowed UV filter",
}
HUMAN_ORIGIN_ENTRY = ("II", "416")
ANIMAL_BY_PRODUCT_ENTRY = ("II", "419")
LAST_YEAR_BEFORE_GB_DIVERGENCE = 2020
SOFT_HYPHEN = "\u00ad"


class LabelError(InvalidInput):
    """The text cannot be checked as an ingredient list."""


class EmptyLabel(LabelError):
    code = "empty_label"


class LabelTooLong(LabelError):
    code = "label_too_long"


class TooManyIngredients(LabelError):
    code = "too_many_ingredients"


class NotText(LabelError):
    code = "not_text"


class IngredientNotFound(NotFound):
    code = "ingredient_not_found"


class ReferenceDataMissing(DomainError):
    status = 503
    code = "reference_data_missing"


@dataclass
class EntryResult:
    key: str
    annex: str
    ref: str
    name: str
    regulation: str
    conditions: str
    product_type: str = ""
    max_concentration: str = ""
    max_percent: float | None = None
    within_limit: bool | None = None
    adopted_after_2020: bool = False

    @property
    def kind(self) -> str:
        return ANNEX_KINDS[self.annex]

    def as_dict(self) -> dict:
        return {
            "annex": self.annex,
            "ref": self.ref,
            "regulation": self.regulation,
            "conditions": self.conditions,
            "name": self.name,
            "key": self.key,
            "max_concentration": self.max_concentration,
            "max_percent": self.max_percent,
            "within_limit": self.within_limit,
            "adopted_after_2020": self.adopted_after_2020,
        }


@dataclass
class IngredientResult:
    input: str
    inci: str | None
    cosing_ref: int | None
    match: str
    score: float
    annex_entries: list[EntryResult] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    may_contain: bool = False
    declared_percent: float | None = None

    @property
    def status(self) -> str:
        """This ingredient's own verdict, in the same words as the label's."""
        annexes = {entry.annex for entry in self.annex_entries}
        if "human_origin" in self.flags or annexes == {"II"}:
            return "prohibited"
        if annexes:
            return "restricted"
        return "unknown_ingredients" if self.match == "none" else "ok"

    def as_dict(self) -> dict:
        return {
            "input": self.input,
            "inci": self.inci,
            "cosing_ref": self.cosing_ref,
            "match": self.match,
            "score": self.score,
            "annex_entries": [entry.as_dict() for entry in self.annex_entries],
            "flags": self.flags,
            "may_contain": self.may_contain,
            "declared_percent": self.declared_percent,
        }


@dataclass
class LabelResult:
    verdict: str
    ingredients: list[IngredientResult]
    warnings: list[str]

    @property
    def human_origin(self) -> bool:
        return any("human_origin" in i.flags for i in self.ingredients)

    @property
    def exosome(self) -> bool:
        return any("exosome" in i.flags for i in self.ingredients)

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "ingredients": [ingredient.as_dict() for ingredient in self.ingredients],
            "warnings": self.warnings,
        }


def _plain(text: str) -> str:
    return " ".join(text.replace(SOFT_HYPHEN, "").split())


def _conditions(entry: IndexEntry) -> str:
    if entry.annex == "II":
        return f"Prohibited in cosmetic products: {entry.chemical_name}"
    parts = [
        ("Product type, body parts", entry.product_type),
        ("Maximum concentration", entry.max_concentration),
        ("Other", entry.other),
        ("Conditions of use and warnings", entry.conditions_and_warnings),
    ]
    text = "; ".join(f"{label}: {_plain(value)}" for label, value in parts if value)
    return text or "No conditions stated in CosIng."


def _entry_result(entry: IndexEntry, declared_percent: float | None) -> EntryResult:
    year = cosing.regulation_year(entry.regulation)
    within = None
    if entry.max_percent is not None and declared_percent is not None:
        within = declared_percent <= entry.max_percent
    return EntryResult(
        key=entry.key,
        annex=entry.annex,
        ref=entry.reference,
        name=entry.chemical_name,
        regulation=entry.regulation,
        conditions=_conditions(entry),
        product_type=entry.product_type,
        max_concentration=entry.max_concentration,
        max_percent=entry.max_percent,
        within_limit=within,
        adopted_after_2020=bool(year and year > LAST_YEAR_BEFORE_GB_DIVERGENCE),
    )


def assess_fragment(fragment: Fragment, index: CosingIndex) -> IngredientResult:
    found = index.matcher.match(fragment.candidates)
    entries = (
        [
            _entry_result(index.entries[key], fragment.declared_percent)
            for key in index.entries_of.get(found.ref, [])
        ]
        if found.ref is not None
        else []
    )
    flags = set(name_flags(fragment.text, found.inci or ""))
    references = {(entry.annex, entry.ref) for entry in entries}
    if HUMAN_ORIGIN_ENTRY in references:
        flags.add("human_origin")
    if ANIMAL_BY_PRODUCT_ENTRY in references:
        flags.add("animal_origin")
    ordered = [flag for flag in FLAG_ORDER if flag in flags]
    return IngredientResult(
        input=fragment.text,
        inci=found.inci,
        cosing_ref=found.ref,
        match=found.kind,
        score=found.score,
        annex_entries=entries,
        flags=ordered,
        may_contain=fragment.may_contain,
        declared_percent=fragment.declared_percent,
    )


def _warnings(ingredients: list[IngredientResult]) -> list[str]:
    warnings = []
    human = [i.input for i in ingredients if "human_origin" in i.flags]
    if human:
        warnings.append(
            "Contains material of human origin (" + ", ".join(human) + "). Cells, tissues or "
            "products of human origin are prohibited in cosmetic products (Regulation (EC) "
            "No 1223/2009, Annex II entry 416, kept in the UK Cosmetics Regulation)."
        )
    if any("exosome" in i.flags for i in ingredients):
        warnings.append(
            "Contains exosomes, extracellular vesicles or conditioned media. Plant, animal or "
            "microbial ones may be lawful in a cosmetic applied to the skin; human-derived ones "
            "are prohibited, and injected exosomes are not cosmetics at all. A claim of plant "
            "origin does not prove it: ask for the supplier's documents."
        )
    for ingredient in ingredients:
        for entry in ingredient.annex_entries:
            if entry.within_limit is False:
                warnings.append(
                    f"{ingredient.input}: the label declares {ingredient.declared_percent:g}%, "
                    f"above the maximum of {entry.max_percent:g}% in Annex {entry.annex}/"
                    f"{entry.ref}."
                )
        annexes = {entry.annex for entry in ingredient.annex_entries}
        if "II" in annexes and len(annexes) > 1:
            warnings.append(
                f"{ingredient.input} is prohibited in cosmetic products except as allowed by "
                f"Annex {', '.join(sorted(annexes - {'II'}))}: check its conditions."
            )
    recent = {}
    for ingredient in ingredients:
        for entry in ingredient.annex_entries:
            if entry.adopted_after_2020:
                recent.setdefault(entry.regulation, []).append(f"{entry.annex}/{entry.ref}")
    for regulation, references in recent.items():
        warnings.append(
            f"Annex entr{'y' if len(references) == 1 else 'ies'} "
            f"{', '.join(dict.fromkeys(references))} come{'s' if len(references) == 1 else ''} "
            f"from EU Regulation {regulation}, adopted after 2020. Northern Ireland follows the "
            "EU Regulation; Great Britain may not have adopted this change, so check the UK "
            "Cosmetics Regulation before relying on it in England, Scotland or Wales."
        )
    if any(e.annex == "IV" for i in ingredients for e in i.annex_entries):
        warnings.append(
            "The Annex IV (colourants) data is older than the other annexes (CosIng update of "
            "31 October 2025): later EU amendments to Annex IV may be missing."
        )
    fuzzy = [i for i in ingredients if i.match == "fuzzy"]
    if fuzzy:
        guesses = "; ".join(f"{i.input} (did you mean {i.inci}?)" for i in fuzzy)
        warnings.append(
            f"Matched by similar spelling, not exactly: {guesses}. Check these names against "
            "the pack."
        )
    unknown = [i.input for i in ingredients if i.match == "none"]
    if unknown:
        warnings.append(
            "Not found in CosIng: " + ", ".join(unknown) + ". They may be misspelt, newer than "
            "the CosIng inventory (mid-2023), or not cosmetic ingredients at all."
        )
    return warnings


def verdict_of(ingredients: list[IngredientResult]) -> str:
    """The worst ingredient status decides: prohibited, restricted, unknown, ok."""
    statuses = {ingredient.status for ingredient in ingredients}
    return next(verdict for verdict in VERDICTS if verdict in statuses)


def assess(fragments: list[Fragment], index: CosingIndex) -> LabelResult:
    ingredients = [assess_fragment(fragment, index) for fragment in fragments]
    return LabelResult(verdict_of(ingredients), ingredients, _warnings(ingredients))


def validate_text(text) -> str:
    """The text, or a LabelError saying what is wrong and what the limit is."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise NotText(
                "This is not text. Paste or upload the ingredient list as plain text."
            ) from None
    if not isinstance(text, str) or not text.strip():
        raise EmptyLabel("Enter the ingredient list from the product's label.")
    if len(text) > MAX_CHARACTERS:
        raise LabelTooLong(
            f"The ingredient list must be {MAX_CHARACTERS:,} characters or fewer; "
            f"this text has {len(text):,}.",
            limit=MAX_CHARACTERS,
        )
    controls = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t") or c == "\ufffd")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise NotText("This is not text. Paste or upload the ingredient list as plain text.")
    return text


def check_text(text: str, index: CosingIndex) -> LabelResult:
    """Validate, parse and assess, against a given index (used by the benchmark too)."""
    fragments = parse_label(validate_text(text))
    if not fragments:
        raise EmptyLabel("No ingredients were found in this text. Enter the ingredient list.")
    if len(fragments) > MAX_INGREDIENTS:
        raise TooManyIngredients(
            f"A label can have at most {MAX_INGREDIENTS} ingredients; this text has "
            f"{len(fragments):,}.",
            limit=MAX_INGREDIENTS,
        )
    return assess(fragments, index)


def check_label(text: str) -> LabelResult:
    """Check an ingredient list against CosIng. Raises a LabelError (InvalidInput) for empty,
    too large or binary input."""
    validate_text(text)
    return check_text(text, get_index())


_index_lock = threading.Lock()
_index_cache: dict[str, tuple[str, CosingIndex]] = {}


def _cosing_fingerprint() -> str:
    from treatsafe.core.models import ImportedDataset

    fingerprint = (
        ImportedDataset.objects.filter(name="cosing").values_list("fingerprint", flat=True).first()
    )
    if fingerprint is None:
        raise ReferenceDataMissing(
            "The CosIng reference data is not loaded yet. Run `treatsafe import-data`."
        )
    return fingerprint


def load_index() -> CosingIndex:
    """Build the index from the database tables."""
    from treatsafe.ingredients.models import AnnexEntry, AnnexLink, Ingredient, Synonym

    entries = [
        IndexEntry(**row)
        for row in AnnexEntry.objects.values(
            "key",
            "annex",
            "reference",
            "chemical_name",
            "regulation",
            "product_type",
            "max_concentration",
            "max_percent",
            "other",
            "conditions_and_warnings",
        )
    ]
    return CosingIndex.build(
        Ingredient.objects.values_list("cosing_ref", "inci_name").iterator(chunk_size=5000),
        Synonym.objects.values_list("name", "ingredient_id"),
        entries,
        AnnexLink.objects.values_list("entry_id", "ingredient_id"),
    )


def get_index() -> CosingIndex:
    """The process's index, rebuilt when the imported CosIng files change."""
    fingerprint = _cosing_fingerprint()
    cached = _index_cache.get("cosing")
    if cached and cached[0] == fingerprint:
        return cached[1]
    with _index_lock:
        cached = _index_cache.get("cosing")
        if cached and cached[0] == fingerprint:
            return cached[1]
        index = load_index()
        _index_cache["cosing"] = (fingerprint, index)
        return index


def get_ingredient(ref: int):
    """An ingredient with its functions, synonyms and annex entries (with how each was linked)."""
    from treatsafe.ingredients.models import Ingredient

    ingredient = (
        Ingredient.objects.prefetch_related("functions", "synonyms", "annexlink_set__entry")
        .filter(cosing_ref=ref)
        .first()
    )
    if ingredient is None:
        raise IngredientNotFound(f"There is no CosIng ingredient with reference {ref}.", ref=ref)
    return ingredient


@dataclass
class SearchResult:
    query: str
    results: list  # Ingredient objects whose name contains the query
    suggestions: list[tuple[int, str, float]]  # close spellings: (ref, INCI name, score)


def search_ingredients(query: str, limit: int = 20) -> SearchResult:
    from rapidfuzz import fuzz, process

    from treatsafe.ingredients.matching import normalise
    from treatsafe.ingredients.models import Ingredient

    query = " ".join((query or "").split())
    if not query:
        raise EmptyLabel("Enter part of an ingredient name to search for.")
    if len(query) > 200:
        raise LabelTooLong("Search for 200 characters or fewer.", limit=200)
    key = normalise(query)
    starting = list(Ingredient.objects.filter(inci_name__startswith=key)[:limit])
    containing = list(
        Ingredient.objects.filter(inci_name__contains=key)
        .exclude(cosing_ref__in=[i.cosing_ref for i in starting])
        .order_by("inci_name")[: max(0, limit - len(starting))]
    )
    results = starting + containing
    suggestions = []
    if len(results) < 5:
        index = get_index()
        names = index.matcher.names
        found = process.extract(key, names, scorer=fuzz.WRatio, limit=5, score_cutoff=70)
        shown = {i.cosing_ref for i in results}
        suggestions = [
            (ref, name, round(score, 1)) for name, score, ref in found if ref not in shown
        ]
    return SearchResult(query, results, suggestions)


COSING_ATTRIBUTION = (
    "Source: European Commission, CosIng database "
    "(https://ec.europa.eu/growth/tools-databases/cosing/), reused under the Commission's reuse "
    "policy (Decision 2011/833/EU; CC BY 4.0). CosIng is for information only and has no legal "
    "value; the legal text is Regulation (EC) No 1223/2009 as published in the Official Journal."
)


def ingredient_public(ingredient) -> dict:
    """The public shape of an ingredient, shared by its page and the API."""
    links = sorted(
        ingredient.annexlink_set.all(),
        key=lambda link: (list(ANNEX_KINDS).index(link.entry.annex), link.entry.key),
    )
    entries = []
    for link in links:
        entry = link.entry
        year = cosing.regulation_year(entry.regulation)
        entries.append(
            {
                "annex": entry.annex,
                "ref": entry.reference,
                "key": entry.key,
                "kind": ANNEX_KINDS[entry.annex],
                "name": entry.chemical_name,
                "regulation": entry.regulation,
                "adopted_after_2020": bool(year and year > LAST_YEAR_BEFORE_GB_DIVERGENCE),
                "product_type": _plain(entry.product_type),
                "max_concentration": _plain(entry.max_concentration),
                "max_percent": entry.max_percent,
                "other": _plain(entry.other),
                "conditions_and_warnings": entry.conditions_and_warnings.replace(SOFT_HYPHEN, ""),
                "update_date": entry.update_date,
                "linked_by": link.get_source_display(),
            }
        )
    flags = set(name_flags(ingredient.inci_name))
    if any((e["annex"], e["ref"]) == HUMAN_ORIGIN_ENTRY for e in entries):
        flags.add("human_origin")
    return {
        "cosing_ref": ingredient.cosing_ref,
        "inci_name": ingredient.inci_name,
        "inn_name": ingredient.inn_name,
        "ph_eur_name": ingredient.ph_eur_name,
        "cas_numbers": ingredient.cas_numbers,
        "ec_numbers": ingredient.ec_numbers,
        "description": ingredient.description,
        "functions": [f.name for f in ingredient.functions.all()],
        "synonyms": [
            {"name": s.name, "kind": s.get_kind_display()} for s in ingredient.synonyms.all()
        ],
        "restriction_text": ingredient.restriction_text,
        "update_date": ingredient.update_date,
        "annex_entries": entries,
        "flags": [flag for flag in FLAG_ORDER if flag in flags],
        "source": COSING_ATTRIBUTION,
    }
