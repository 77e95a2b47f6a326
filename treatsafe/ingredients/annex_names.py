"""Names a label may use for substances Annex II bans, from each entry's own chemical name
("Tretinoin (INN)", "Trichloroacetic acid", "Arsenic and its compounds"), where the inventory has
no such name: without them such a label said "could not be checked" where the law says banned.
Matched exactly (case and spacing aside), never by a fuzzy guess, so no misspelt lawful
ingredient is ever taken for one of them. Class entries ("Corticosteroids", "Antibiotics") name
no substance a label prints and stay unmatched."""

import re

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


def annex_ii_names(entries) -> list[tuple[str, str]]:
    """(name, entry key) for the names of every Annex II entry (the index keeps those it does
    not already know as an ingredient or synonym)."""
    found = []
    for entry in entries:
        if entry.annex == "II":
            found.extend((name, entry.key) for name in entry_names(entry.chemical_name))
    return found
