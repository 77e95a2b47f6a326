"""Judging parsed label fragments against the CosIng index: annex entries, concentration limits,
origin flags, the verdict and the warnings. Pure: fragments and an index in, a result out."""

from dataclasses import dataclass, field

from treatsafe.ingredients import cosing
from treatsafe.ingredients.annex_ii import ban_exception
from treatsafe.ingredients.matching import FLAGS as FLAG_ORDER
from treatsafe.ingredients.matching import CosingIndex, IndexEntry, name_flags
from treatsafe.ingredients.parsing import Fragment, candidates, split_pieces

# Worst first. An ingredient we cannot identify could be anything, banned included, so it
# outranks "restricted", which most products are (preservatives, fragrance allergens).
VERDICTS = ["prohibited", "unknown_ingredients", "restricted", "ok"]
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
    def over_limit(self) -> bool:
        """The declared concentration is above every limit that could allow the ingredient
        (judged only where each of its Annex III-VI entries has one plain percentage)."""
        allowing = [entry for entry in self.annex_entries if entry.annex != "II"]
        return bool(allowing) and all(entry.within_limit is False for entry in allowing)

    @property
    def status(self) -> str:
        """This ingredient's own verdict, in the same words as the label's."""
        annexes = {  # an Annex II entry with its own exception is a limit for the maker
            entry.annex
            for entry in self.annex_entries
            if entry.annex != "II" or not ban_exception(entry.name, self.input)
        }
        if "human_origin" in self.flags or annexes == {"II"} or self.over_limit:
            return "prohibited"
        annexes |= {entry.annex for entry in self.annex_entries}
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


def plain(text: str) -> str:
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
    text = "; ".join(f"{label}: {plain(value)}" for label, value in parts if value)
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
    entries = [
        _entry_result(index.entries[key], fragment.declared_percent)
        for key in index.entries_of.get(found.ref, [])
    ]
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
        if ingredient.over_limit:
            warnings.append(
                f"{ingredient.input}: no annex entry allows "
                f"{ingredient.declared_percent:g}% in a cosmetic product, so a product with "
                "this label is not allowed to be sold."
            )
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
    """The worst ingredient status decides: prohibited, unknown, restricted, ok."""
    statuses = {ingredient.status for ingredient in ingredients}
    return next(verdict for verdict in VERDICTS if verdict in statuses)


def unwrap(fragment: Fragment, index: CosingIndex) -> list[Fragment]:
    """A fragment over a line break or a full stop, split into its pieces where it is not a
    known name but each piece is (a comma lost or misread by OCR), else the fragment itself."""
    matcher = index.matcher
    if matcher.knows(fragment.candidates) or fragment.footnote:
        return [fragment]
    if not fragment.pieces:  # names run together without a comma, each a known name
        names = matcher.segment(fragment.candidates[1:2] or fragment.candidates)
        return [Fragment(name, candidates(name), fragment.may_contain) for name in names or ()] or [
            fragment
        ]
    parts = split_pieces(fragment)
    if len(parts) < 2:
        return [fragment]
    if all(matcher.knows(part.candidates) for part in parts):
        return parts
    # with a typo somewhere: split only if the whole is not a close spelling of one name
    if matcher.match(fragment.candidates).kind == "none" and all(
        matcher.match(part.candidates).kind != "none" for part in parts
    ):
        return parts
    return [fragment]


def assess(fragments: list[Fragment], index: CosingIndex) -> LabelResult:
    fragments = [part for fragment in fragments for part in unwrap(fragment, index)]
    ingredients = [assess_fragment(f, index) for f in fragments if not f.footnote]
    warnings = _warnings(ingredients)
    notes = [f.text for f in fragments if f.footnote]
    if notes:
        warnings.append(
            "Read as footnotes or other text on the label, not checked as ingredients: "
            + "; ".join(f'"{note}"' for note in notes)
            + "."
        )
    return LabelResult(verdict_of(ingredients), ingredients, warnings)
