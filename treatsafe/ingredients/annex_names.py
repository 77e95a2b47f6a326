"""Names a label may use for substances Annex II bans, where the inventory has no such name:
without them such a label said "could not be checked" where the law says banned.

- An entry's own chemical name ("Tretinoin (INN)", "Trichloroacetic acid", "Arsenic and its
  compounds").
- A class entry ("Glucocorticoids (Corticosteroids)") names no substance a label prints: its
  members come from a cited data file, `data/annex_ii_class_members.csv` (for II/300, the
  corticosteroids of the WHO ATC classification by their INN), each alone or followed by the
  ester or salt words labels print ("Clobetasol Propionate", "Betamethasone 17-Valerate",
  "Dexamethasone Sodium Phosphate").

All are matched exactly (case and spacing aside), never by a fuzzy guess, so no misspelt
lawful ingredient is ever taken for one of them; a name the inventory knows keeps its inventory
match. A class entry whose members no data file lists ("Antibiotics") matches no substance."""

import csv
import re
from functools import cache
from pathlib import Path

# what follows the substance's name: its salts, esters, isomers, compounds, preparations...
QUALIFIER = re.compile(
    r"(?:,|\s)\s*(?:and\s+|or\s+)?(?:its|their)\s+(?:salts?|esters?|ethers?|isomers?|compounds?|"
    r"preparations?|derivatives?|mixtures?|oxides?)\b.*$",
    re.IGNORECASE,
)
INN = re.compile(r"\s*\(INN\)", re.IGNORECASE)
# a bracket after a space holds another name ("Tretinoin (retinoic acid)"); one inside a word is
# part of the chemical name ("(2-Acetoxyethyl)trimethylammonium")
BRACKETED = re.compile(r"(?<=\s)\(([^()]*)\)")
NOT_A_NAME = re.compile(
    r",|\band\b|\bor\b|\bsee\b|\be\.g\.|principal|\bL\b\.?|\bof\b", re.IGNORECASE
)
# a name a label could print: letters (and digits, hyphens, commas inside chemical names)
PRINTABLE = re.compile(r"^[A-Za-z][A-Za-z0-9 ,'\-]{2,80}[A-Za-z0-9]$")
MIN_LETTERS = 5
CLASS_MEMBERS_FILE = Path(__file__).with_name("data") / "annex_ii_class_members.csv"
# what a label prints after a substance's name for its ester or salt ("Betamethasone
# Dipropionate", "Betamethasone 17-Valerate", "Dexamethasone Sodium Phosphate")
ESTERS = (
    "acetate",
    "diacetate",
    "acetonide",
    "aceponate",
    "benzoate",
    "butyrate",
    "buteprate",
    "butyrate propionate",
    "caproate",
    "hexanoate",
    "cipionate",
    "cypionate",
    "propionate",
    "dipropionate",
    "valerate",
    "furoate",
    "pivalate",
    "tebutate",
    "palmitate",
    "isonicotinate",
    "phosphate",
    "succinate",
    "hemisuccinate",
    "metasulfobenzoate",
)
SALTS = ("sodium", "disodium")  # before an acid ester ("Sodium Phosphate")
SALT_ESTERS = ("phosphate", "succinate", "hemisuccinate", "metasulfobenzoate")
LOCANTS = ("17", "21", "17,21")  # the position of the ester ("17-Valerate")
HYDRATE = "monohydrate"  # "Mometasone Furoate Monohydrate"
FORM_WORDS = {
    "polymeric",
    "massive",
    "stabilized",
    "stabilised",
    "nano",
    "anhydrous",
    "crude",
    "technical",
    "natural",
    "synthetic",
    "petroleum",
    "hydrated",
    "monohydrate",
}


def entry_names(chemical_name: str) -> list[str]:
    """The names in an Annex II entry's chemical-name cell: each name before a ";", without
    "(INN)" or what follows it ("and its salts"), and a one-name alternative in brackets
    ("(Acetylcholine)", "(Tiratricol (INN))")."""
    names = []
    for part in (chemical_name or "").split(";"):
        part = INN.sub("", " ".join(part.split()))
        outer = QUALIFIER.sub("", BRACKETED.sub(" ", part)).strip(" ,.")
        outer = " ".join(outer.split())
        # a bracket names the substance only after a systematic name ("3,4,5-Trimethoxy-
        # phenethylamine (Mescaline)", "...acetic acid (Tiratricol (INN))"); elsewhere it says
        # which part or form ("Anamirta cocculus L. (fruit)", "Silver (massive)")
        inner = []
        if re.search(r"\d|\w\(", part):
            inner = [QUALIFIER.sub("", found).strip() for found in BRACKETED.findall(part)]
            inner = [n for n in inner if not NOT_A_NAME.search(n) and n.lower() not in FORM_WORDS]
        for name in [outer, *inner]:
            letters = sum(char.isalpha() for char in name)
            if PRINTABLE.match(name) and letters >= MIN_LETTERS and not re.search(r"\sL\.?$", name):
                names.append(name)
    return list(dict.fromkeys(names))


def annex_ii_names(
    entries, members: dict[str, tuple[str, ...]] | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    """(entry key, names) for every Annex II entry's own names, one name a group, then for each
    member of its class entries, the member's name in every form a label prints, one group a
    member (the index keeps the names it does not already know as an ingredient or synonym:
    a group's first such name, with the group's others as its other names)."""
    members = class_members() if members is None else members
    found, classes = [], []
    for entry in entries:
        if entry.annex == "II":
            found.extend((entry.key, (name,)) for name in entry_names(entry.chemical_name))
            if entry.reference in members:
                classes.append(entry)
    for entry in classes:
        found.extend((entry.key, tuple(label_forms(member))) for member in members[entry.reference])
    return found


def _forms() -> tuple[str, ...]:
    """What may follow a class member's name on a label: nothing, an ester, at a position
    ("17-valerate"), a salt of an acid ester ("sodium phosphate"), a hydrate."""
    forms = [""]
    for ester in ESTERS:
        forms += [ester, f"{ester} {HYDRATE}"]
        forms += [f"{locant}-{ester}" for locant in LOCANTS]
    forms += [f"{salt} {ester}" for salt in SALTS for ester in SALT_ESTERS]
    forms.append("17-butyrate 21-propionate")
    return tuple(forms)


FORMS = _forms()
_ESTER_WORDS = {word for ester in ESTERS for word in ester.split()} | set(SALTS) | {HYDRATE}


def base_name(name: str) -> str:
    """A member's name without the ester or salt words it may carry ("fluocinolone acetonide"
    is fluocinolone), so that every form is made from the substance itself."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _ESTER_WORDS:
        words.pop()
    return " ".join(words)


def label_forms(name: str) -> list[str]:
    """A class member's name as labels print it: alone, and followed by each ester or salt."""
    base = base_name(name)
    return list(dict.fromkeys([name, *(f"{base} {form}".strip() for form in FORMS)]))


@cache
def class_members(path: Path = CLASS_MEMBERS_FILE) -> dict[str, tuple[str, ...]]:
    """Annex II reference -> the names of the substances its class entry bans, from the data
    file (rows starting with "#" are its provenance)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    members: dict[str, list[str]] = {}
    for row in csv.DictReader(lines):
        members.setdefault(row["entry"].strip(), []).append(row["name"].strip())
    return {reference: tuple(names) for reference, names in members.items()}
