"""Reading the CosIng files into plain records, with no database: the importer turns these into
rows, and the benchmark builds the matcher index from them directly.

The files are described in data/README.md (section cosing). Points that shape this module:
annex reference numbers are not unique (entries are keyed on the row); the inventory's
`Restriction` column names annex entries as "II/416", "Annex III/264", "IV/35 (CI 16255)",
several per cell; "Identified INGREDIENTS or substances e.g." lists INCI names, comma-separated.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from treatsafe.core.importing import CsvRow, DataFileError, read_csv

INVENTORY = "cosing/cosing_ingredients_inventory.csv"
ANNEX_FILES = {
    "II": "cosing/cosing_annex_II.csv",
    "III": "cosing/cosing_annex_III.csv",
    "IV": "cosing/cosing_annex_IV.csv",
    "V": "cosing/cosing_annex_V.csv",
    "VI": "cosing/cosing_annex_VI.csv",
}
FILES = [*ANNEX_FILES.values(), INVENTORY]

INVENTORY_COLUMNS = [
    "COSING Ref No",
    "INCI name",
    "INN name",
    "Ph. Eur. Name",
    "CAS No",
    "EC No",
    "Chem/IUPAC Name / Description",
    "Restriction",
    "Function",
    "Update Date",
]
ANNEX_COMMON_COLUMNS = [
    "Reference Number",
    "CAS Number",
    "EC Number",
    "Regulation",
    "Identified INGREDIENTS or substances e.g.",
    "Update Date",
]
CONDITION_COLUMNS = [
    "Product Type, body parts",
    "Maximum concentration in ready for use preparation",
    "Other",
    "Wording of conditions of use and warnings",
]
ANNEX_COLUMNS = {
    "II": [*ANNEX_COMMON_COLUMNS, "Chemical name / INN"],
    "III": [*ANNEX_COMMON_COLUMNS, "Chemical name / INN", "Name of Common Ingredients Glossary"],
    "IV": [
        *ANNEX_COMMON_COLUMNS,
        "Chemical name",
        "Colour index Number / Name of Common Ingredients Glossary",
        "Color",
    ],
    "V": [*ANNEX_COMMON_COLUMNS, "Chemical name / INN", "Name of Common Ingredients Glossary"],
    "VI": [*ANNEX_COMMON_COLUMNS, "Chemical name / INN", "Name of Common Ingredients Glossary"],
}
for _annex in ("III", "IV", "V", "VI"):
    ANNEX_COLUMNS[_annex] += CONDITION_COLUMNS

ANNEX_REFERENCE = re.compile(r"\b(?:Annex\s+)?(VI|V|IV|III|II)\s*/\s*(\d+[a-z]?)\b")
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
CAS_NUMBER = re.compile(r"\b\d{2,7}-\d{2}-\d\b")
REGULATION_YEAR = re.compile(r"\((?:EU|EC)\)\s*(?:No\s*)?(\d{4})/\d+")


@dataclass
class IngredientRecord:
    ref: int
    inci: str
    inn: str = ""
    ph_eur: str = ""
    cas: str = ""
    ec: str = ""
    description: str = ""
    restriction: str = ""
    functions: list[str] = field(default_factory=list)
    update_date: date | None = None


@dataclass
class AnnexRecord:
    key: str  # "III.17": the annex and the data row (reference numbers repeat)
    annex: str
    reference: str
    chemical_name: str
    glossary_name: str = ""
    cas: str = ""
    ec: str = ""
    colour: str = ""
    product_type: str = ""
    max_concentration: str = ""
    max_percent: float | None = None
    other: str = ""
    conditions_and_warnings: str = ""
    regulation: str = ""
    identified_ingredients: str = ""
    update_date: date | None = None


@dataclass
class CosingData:
    ingredients: list[IngredientRecord]
    annex_entries: list[AnnexRecord]
    links: list[tuple[str, int, str]]  # (annex key, cosing ref, how the link was found)
    synonyms: list[tuple[str, int, str]]  # (name, cosing ref, kind)


def parse_date(row: CsvRow, column: str, path: Path) -> date | None:
    """CosIng writes dates dd/mm/yyyy; a blank is allowed, anything else is an error."""
    text = row.get(column).strip()
    if not text:
        return None
    found = DATE.fullmatch(text)
    try:
        if not found:
            raise ValueError
        day, month, year = (int(part) for part in found.groups())
        return date(year, month, day)
    except ValueError:
        raise DataFileError(
            path, row.line, f"{column} is not a dd/mm/yyyy date: {text!r}"
        ) from None


def parse_max_percent(text: str) -> float | None:
    """The maximum concentration as a number, only where the cell states exactly one
    percentage and no alternatives ("8 %", "0.5% (acid)", "7,34 %"). Cells with (a)/(b)
    sub-entries or several figures stay text: a wrong limit is worse than none. So do cells
    where the figure limits something else ("Maximum secondary amine content: 0.5%") or is
    garbled ("0 15%", which is 0.15%, not 15%)."""
    found = PERCENT.findall(text)
    if len(found) != 1 or re.search(r"(^|\s|\()[a-h]\)", text):
        return None
    if re.search(r"\d\s+\d+(?:[.,]\d+)?\s*%|content|impurit", text, re.IGNORECASE):
        return None
    return float(found[0].replace(",", "."))


def regulation_year(regulation: str) -> int | None:
    found = REGULATION_YEAR.search(regulation or "")
    return int(found.group(1)) if found else None


@functools.cache
def _separators(separators: str) -> re.Pattern:
    return re.compile(f"[{re.escape(separators)}\n]")


def split_list(text: str, separators: str = ",") -> list[str]:
    parts = _separators(separators).split(text or "")
    return [part.strip() for part in parts if part.strip() and part.strip() != "-"]


# CosIng's Restriction cell for a mixture one of whose possible components an entry covers
CONDITIONAL_REFERENCE = re.compile(
    r"\bif\b[^.]*?\bcontains?\b[^.]*?\bthen\b[^.]*?\bappl(?:y|ies)\b", re.IGNORECASE
)
# words that make what follows an Annex II reference a condition of the ban, not the ban itself
# ("II/778 ... if they contain > 3 % w/w DMSO extract", "II/335 if free cholecalciferol is
# present", "II/1643 ... when used as a substance in hair and eyelash dye products")
BAN_CONDITION = re.compile(r"\b(?:if|when used|unless|except)\b", re.IGNORECASE)


def ban_condition(restriction: str, annex: str, number: str) -> str:
    """The condition CosIng's Restriction cell attaches to its reference to an Annex II entry,
    in its own words ("" when the ban is unconditional): the text from the reference to the
    next reference or the end, where it holds a condition word, or a whole "If X contains Y then
    entry II/N applies" sentence."""
    if annex != "II" or not restriction:
        return ""
    text = " ".join(restriction.split())
    for sentence in CONDITIONAL_REFERENCE.finditer(text):
        if (annex, number) in annex_references(sentence.group(0)):
            return sentence.group(0).rstrip(".") + "."
    references = list(ANNEX_REFERENCE.finditer(text))
    for found, following in zip(references, [*references[1:], None], strict=True):
        if found.groups() == (annex, number):  # a cell may give the reference twice
            segment = text[found.end() : following.start() if following else len(text)]
            segment = segment.strip(" .;:,()")
            if BAN_CONDITION.search(segment):
                return segment + "."
    return ""


def annex_references(restriction: str) -> list[tuple[str, str]]:
    """("II", "1339"), ("III", "14") from an inventory Restriction cell."""
    return [(annex, number) for annex, number in ANNEX_REFERENCE.findall(restriction or "")]


def _identity(iterable, path):
    return iterable


def read_inventory(path: Path, progress: Callable = _identity) -> list[IngredientRecord]:
    records, seen = [], set()
    for row in progress(read_csv(path, INVENTORY_COLUMNS), path):
        text = row["COSING Ref No"].strip()
        if not text.isdigit():
            raise DataFileError(path, row.line, f"COSING Ref No is not a number: {text!r}")
        ref = int(text)
        if ref in seen:
            raise DataFileError(path, row.line, f"COSING Ref No {ref} appears twice")
        seen.add(ref)
        inci = row["INCI name"].strip()
        if not inci:
            raise DataFileError(path, row.line, "INCI name is blank")
        records.append(
            IngredientRecord(
                ref=ref,
                inci=inci,
                inn=row["INN name"].strip(),
                ph_eur=row["Ph. Eur. Name"].strip(),
                cas=row["CAS No"].strip(),
                ec=row["EC No"].strip(),
                description=row["Chem/IUPAC Name / Description"].strip(),
                restriction=row["Restriction"].strip(),
                functions=[f.upper() for f in split_list(row["Function"])],
                update_date=parse_date(row, "Update Date", path),
            )
        )
    return records


def read_annex(annex: str, path: Path, progress: Callable = _identity) -> list[AnnexRecord]:
    records = []
    for number, row in enumerate(progress(read_csv(path, ANNEX_COLUMNS[annex]), path), 1):
        reference = row["Reference Number"].strip()
        if not reference:
            raise DataFileError(path, row.line, "Reference Number is blank")
        if annex == "IV":
            chemical, glossary = row["Chemical name"], row[ANNEX_COLUMNS["IV"][7]]
        else:
            chemical, glossary = (
                row["Chemical name / INN"],
                row.get("Name of Common Ingredients Glossary"),
            )
        max_concentration = row.get(CONDITION_COLUMNS[1]).strip()
        records.append(
            AnnexRecord(
                key=f"{annex}.{number}",
                annex=annex,
                reference=reference,
                chemical_name=chemical.strip(),
                glossary_name=(glossary or "").strip(),
                cas=row["CAS Number"].strip(),
                ec=row["EC Number"].strip(),
                colour=row.get("Color").strip(),
                product_type=row.get(CONDITION_COLUMNS[0]).strip(),
                max_concentration=max_concentration,
                max_percent=parse_max_percent(max_concentration),
                other=row.get("Other").strip(),
                conditions_and_warnings=row.get(CONDITION_COLUMNS[3]).strip(),
                regulation=row["Regulation"].strip(),
                identified_ingredients=row["Identified INGREDIENTS or substances e.g."].strip(),
                update_date=parse_date(row, "Update Date", path),
            )
        )
    return records


def _cas_numbers(text: str) -> set[str]:
    return set(CAS_NUMBER.findall(text or ""))


def link_entries(
    ingredients: list[IngredientRecord], entries: list[AnnexRecord]
) -> list[tuple[str, int, str]]:
    """Which inventory ingredients each annex entry covers, from three sources: the entry's
    identified-ingredients list, the inventory's Restriction column, and the entry's glossary
    name or CAS numbers. One link per (entry, ingredient), the first source found wins."""
    by_name = {record.inci.upper(): record.ref for record in ingredients}
    by_cas: dict[str, set[int]] = {}
    for record in ingredients:
        for cas in _cas_numbers(record.cas):
            by_cas.setdefault(cas, set()).add(record.ref)
    by_reference: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        by_reference.setdefault((entry.annex, entry.reference), []).append(entry.key)

    links: dict[tuple[str, int], str] = {}

    def add(key: str, ref: int, source: str) -> None:
        links.setdefault((key, ref), source)

    for record in ingredients:  # first: a ban the Restriction cell makes conditional
        for annex, number in annex_references(record.restriction):
            if ban_condition(record.restriction, annex, number):
                for key in by_reference.get((annex, number), []):
                    add(key, record.ref, "conditional")
    for entry in entries:
        for name in split_list(entry.identified_ingredients):
            if ref := by_name.get(name.upper()):
                add(entry.key, ref, "identified")
    for record in ingredients:
        for annex, number in annex_references(record.restriction):
            for key in by_reference.get((annex, number), []):
                add(key, record.ref, "restriction")
    for entry in entries:
        for name in split_list(entry.glossary_name, ";/"):
            if ref := by_name.get(name.upper()):
                add(entry.key, ref, "glossary")
        if entry.annex != "II":  # Annex II CAS numbers often name a family, not the ingredient
            for cas in _cas_numbers(entry.cas):
                for ref in sorted(by_cas.get(cas, ())):
                    add(entry.key, ref, "cas")
    return [(key, ref, source) for (key, ref), source in links.items()]


def collect_synonyms(
    ingredients: list[IngredientRecord], entries: list[AnnexRecord]
) -> list[tuple[str, int, str]]:
    """Other names an ingredient goes by: INN, Ph. Eur. names, CI numbers of Annex IV
    colourants, common names (common_names.py), plant common names from CosIng's descriptions
    and names from documented labelling conventions (label_names.py)."""
    from treatsafe.ingredients.common_names import COMMON_NAMES
    from treatsafe.ingredients.label_names import botanical_names, label_names

    by_name = {record.inci.upper(): record.ref for record in ingredients}
    synonyms: dict[tuple[str, int], str] = {}
    for record in ingredients:
        if record.inn:
            synonyms.setdefault((record.inn, record.ref), "inn")
        for name in split_list(record.ph_eur, "/;"):
            synonyms.setdefault((name, record.ref), "ph_eur")
    for entry in entries:
        if entry.annex != "IV":
            continue
        ci_numbers = re.findall(r"CI\s*\d{5}", entry.glossary_name)
        for name in split_list(entry.identified_ingredients):
            ref = by_name.get(name.upper())
            if ref is None:
                continue
            for ci in ci_numbers:
                if ci.upper().replace(" ", "") != name.upper().replace(" ", ""):
                    synonyms.setdefault((ci, ref), "ci")
    for common, inci in COMMON_NAMES.items():
        if ref := by_name.get(inci.upper()):
            synonyms.setdefault((common, ref), "common")
    for name, inci, _source in label_names():
        if ref := by_name.get(inci.upper()):
            synonyms.setdefault((name, ref), "label")
    for name, ref in botanical_names(ingredients):
        synonyms.setdefault((name, ref), "botanical")
    return [(name, ref, kind) for (name, ref), kind in synonyms.items()]


def read_cosing(paths: dict[str, Path], progress: Callable = _identity) -> CosingData:
    ingredients = read_inventory(paths[INVENTORY], progress)
    entries: list[AnnexRecord] = []
    for annex, relative in ANNEX_FILES.items():
        entries.extend(read_annex(annex, paths[relative], progress))
    return CosingData(
        ingredients=ingredients,
        annex_entries=entries,
        links=link_entries(ingredients, entries),
        synonyms=collect_synonyms(ingredients, entries),
    )
