"""Names that labels use for CosIng ingredients besides the EU INCI name, each with where it comes
from. Two kinds, both general rules or documented facts, never a list tuned to particular labels:

- `botanical`: the common name of a plant as CosIng's own description gives it. A description
  reads "Helianthus Annuus Seed Oil is the fixed oil expressed from the seeds of the sunflower,
  Helianthus annuus." The words just before ", <genus species>" name the plant, and the INCI
  name's words after its genus and species name the part ("SEED OIL"); together they are the
  name US-style and English labels print: "Sunflower Seed Oil". A derived name that would
  point at two ingredients, or that is itself an INCI name, is dropped.
- `label`: names from documented labelling conventions, in `data/label_names.csv` with a
  source for every row: the US certified colour names (FD&C and D&C, 21 CFR Parts 74 and 82)
  with their Colour Index numbers, and US INCI or plain names whose EU INCI name CosIng's own
  description states ("Faex Extract is an extract of yeast").

`cosing.collect_synonyms` adds both; the matcher treats them like any other synonym.
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

LABEL_NAMES_FILE = Path(__file__).with_name("data") / "label_names.csv"

# "... of the Shea Tree, Butyrospernum parkii, Sapotaceae": the common name is the text between
# the last "the"/"of"/"from" (or comma) and the comma before the Latin binomial
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# a derived common name made only of such words describes the plant, it does not name it
_NOT_A_NAME = {
    "PLANT",
    "TREE",
    "SHRUB",
    "HERB",
    "FLOWER",
    "FLOWERS",
    "FRUIT",
    "LEAVES",
    "LEAF",
    "ROOT",
    "ROOTS",
    "SEED",
    "SEEDS",
    "BARK",
    "WOOD",
    "PEEL",
    "STEM",
    "STEMS",
    "DESERT",
    "EVERGREEN",
    "PERENNIAL",
    "ANNUAL",
    "WILD",
    "COMMON",
    "CULTIVATED",
    "SMALL",
    "LARGE",
    "WHOLE",
    "DRIED",
    "FRESH",
    "RIPE",
    "HERBS",
    "AERIAL",
    "PARTS",
    "ALGA",
    "ALGAE",
    "SEAWEED",
    "MUSHROOM",
    "FUNGUS",
    "GRASS",
    "VINE",
    "PALM",
    "BUSH",
    "SPECIES",
    "GENUS",
    "FAMILY",
    "VARIETY",
}
_ADJECTIVES = {"WHOLE", "FRESH", "PLANT", "DRIED", "GROUND", "RIPE", "YOUNG", "HERB"}
_HEAD_NOUNS = {"TREE", "SHRUB", "PLANT", "BUSH", "HERB", "VINE"}
_PART_WORDS = re.compile(
    r"^(?:(?:SEED|FRUIT|LEAF|ROOT|FLOWER|PEEL|KERNEL|BARK|STEM|BUD|NUT|SPROUT|HUSK|RIND|JUICE|"
    r"TWIG|WOOD|RHIZOME|TUBER|BULB|CONE|NEEDLE|SHELL|PULP|CALLUS|HERB|FLOWER/LEAF/STEM|"
    r"LEAF/STEM|PLANT|CELL|MERISTEM|ROOT/STEM|SEEDCAKE|BLOSSOM)\s+)*"
    r"(?:OIL|EXTRACT|WATER|BUTTER|WAX|CERA|POWDER|JUICE|STARCH|FLOUR|PROTEIN|STEROLS|GUM|"
    r"EXTRACT\s+\w+|OIL\s+\w+|\w+\s+OIL|\w+\s+EXTRACT|\w+\s+WATER|\w+\s+POWDER|\w+\s+JUICE|"
    r"\w+\s+BUTTER|\w+\s+WAX|\w+\s+FLOUR)$"
)


def _binomial(inci: str) -> tuple[str, str] | None:
    """The genus and species words of a botanical INCI name and the rest ("SEED OIL")."""
    words = inci.split()
    if len(words) < 3 or not words[0].isalpha() or not words[1].isalpha():
        return None
    rest = " ".join(words[2:])
    if not _PART_WORDS.match(rest) and not _PART_WORDS.match(" ".join(words[3:])):
        return None  # the second form: a variety first ("CITRUS AURANTIUM AMARA FLOWER OIL")
    return f"{words[0]} {words[1]}", rest


_COMMON_BEFORE = re.compile(
    r"(?:\bthe|\bof|\bfrom|,)\s+((?:(?!\b(?:of|the|from|and|or|with|by)\b)[A-Za-z' -]){2,40}?)$",
    re.IGNORECASE,
)


_VARIETY = re.compile(r"\b(?:var|subsp|ssp|convar)\.\s*([a-z]+)", re.IGNORECASE)


def _variety(description: str, binomial: str, word: str) -> bool:
    """Whether the description gives `word` as a variety: "Prunus amygdalus var. dulcis"."""
    return word.upper() in {found.upper() for found in _VARIETY.findall(description)}


def botanical_names(ingredients: Iterable) -> list[tuple[str, int]]:
    """(common name + part, ref) from CosIng descriptions, only where the name is unambiguous."""
    found: dict[str, set[int]] = defaultdict(set)
    inci_names = set()
    for record in ingredients:
        inci = record.inci.upper()
        inci_names.add(inci)
        split = _binomial(inci)
        if split is None or not record.description:
            continue
        binomial, part = split
        position = record.description.lower().find(", " + binomial.lower())
        if position < 0:
            continue
        match = _COMMON_BEFORE.search(record.description[max(0, position - 80) : position])
        if not match:
            continue
        part_words = part.split()
        if not _PART_WORDS.match(part):
            if not _variety(record.description, binomial, part_words[0]):
                continue  # a third Latin word the description does not give as the variety
            part = " ".join(part_words[1:])
        elif len(part_words) > 1 and _variety(record.description, binomial, part_words[0]):
            part = " ".join(part_words[1:])
        words = _ARTICLE.sub("", " ".join(match.group(1).split())).upper().split()
        while len(words) > 1 and words[-1] in _HEAD_NOUNS:  # "Sweet Almond Tree": "Sweet Almond"
            words.pop()
        while len(words) > 1 and words[0] in _ADJECTIVES:  # "whole plant capsicum"
            words.pop(0)
        common = " ".join(words)
        if not words or len(words) > 3 or all(word in _NOT_A_NAME for word in words):
            continue
        if common == binomial or words[0] in ("OF", "FROM", "AND"):
            continue
        found[f"{common} {part}"].add(record.ref)
    return sorted(
        (name, next(iter(refs)))
        for name, refs in found.items()
        if len(refs) == 1 and name not in inci_names
    )


def label_names() -> list[tuple[str, str, str]]:
    """(name, INCI name, source) rows of data/label_names.csv."""
    with LABEL_NAMES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if not row["name"].startswith("#")]
    return [(row["name"].strip(), row["inci"].strip(), row["source"].strip()) for row in rows]
