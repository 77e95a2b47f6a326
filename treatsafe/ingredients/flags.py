"""Origin and exosome flags from an ingredient's name (human, animal, plant, microbial origin;
exosomes or conditioned media). Pure; memoised per name (a plain dictionary of strings and
tuples, which the garbage collector need not walk)."""

import re

from treatsafe.ingredients.memo import make_room

# Origin and exosome flags from a name. Conservative on purpose: a flag is a reason to look
# closer, and only `human_origin` changes the verdict (Annex II/416).
HUMAN = re.compile(
    r"\bHUMAN\b(?!\s+CORONAVIRUS).*\b(CELLS?|STEM|CONDITIONED|MEDI(A|UM)|EXOSOMES?|VESICLES?|"
    r"SECRETOME|PLACENT\w*|AMNIO\w*|UMBILICAL|CORD|KERATINOCYTES?|FIBROBLASTS?|ADIPO\w*|BLOOD|"
    r"PLASMA|PLATELETS?|SERUM|TISSUE|FORESKIN|MESENCHYMAL|DERMAL|OLIGOPEPTIDE|POLYPEPTIDE|"
    r"PROTEIN|COLLAGEN|LYSATE|EXTRACT|FLUID|MILK|HAIR|SKIN)\b"
    r"|\b(PLACENTA|PLACENTAL)\b.*\bHUMAN\b|\bRH-(OLIGO|POLY)PEPTIDE"
    r"|\b(HUMAN|AUTOLOGOUS|ALLOGENEIC)\b.*\b(PRP|PLATELET[- ]RICH PLASMA)\b"
    # platelet-rich plasma or fibrin of no stated animal is a human blood product
    r"|^(?!.*\b(PIG|PORCINE|SUS SCROFA|BOVINE|BOS TAURUS|EQUINE|HORSE|OVINE|SHEEP)\b)"
    r".*\b(PRP|PRF|PLATELET[- ]RICH (PLASMA|FIBRIN))\b",
    re.IGNORECASE,
)
ANIMAL = re.compile(
    r"\b(BOVINE|BOS TAURUS|PORCINE|SUS SCROFA|OVINE|EQUINE|HORSE|SALMON\w*|FISH|MARINE COLLAGEN|"
    r"PIG|MILK|COLOSTRUM|DEER|ANTLER|VELVET|CHICKEN|EGG|OVUM|MOUSE|MURINE|HAMSTER|RABBIT|SHEEP|"
    r"LANOLIN|CERA ALBA|BEESWAX|MEL|HONEY|PROPOLIS|ROYAL JELLY|SNAIL|HELIX ASPERSA|SILK|SERICIN|"
    r"FIBROIN|CAVIAR|STURGEON|SHARK|PEARL|DONKEY|GOAT|CAMEL|CARMINE|CI 75470|KERATIN|"
    r"TALLOW|ANIMAL|COLLAGEN|ELASTIN|PLACENTA|EARTHWORM|BEE VENOM|VENOM|CALF|THYMUS)\b",
    re.IGNORECASE,
)
PLANT = re.compile(
    r"\b(LEAF|LEAVES|ROOT|SEED|FRUIT|FLOWER|BARK|STEM(?!\s+CELL)|CALLUS|MERISTEM|PEEL|RHIZOME|BUD|SPROUT|"
    r"KERNEL|TUBER|BERRY|WOOD|HERB|BULB|NUT|SHELL|HUSK|BRAN|POLLEN|RESIN|SAP|TWIG|NEEDLE|CONE|"
    r"THALLUS|ALGAE|SEAWEED|PHYTOPLACENTA|PLANT|BOTANICAL|ALOE|PHYTO\w*)\b",
    re.IGNORECASE,
)
MICROBIAL = re.compile(
    r"\b(FERMENT|FERMENTED|LACTOBACILLUS|BIFIDA|BIFIDOBACTERIUM|SACCHAROMYCES|BACILLUS|"
    r"STREPTOCOCCUS|LACTOCOCCUS|YEAST|BACTERIA|BACTERIAL|GALACTOMYCES|ASPERGILLUS|"
    r"PSEUDOALTEROMONAS|LEUCONOSTOC|PROBIOTIC|MICROBIAL|ALTEROMONAS|VIBRIO|ESCHERICHIA|"
    r"PICHIA|CORYNEBACTERIUM|RHIZOBIUM|STREPTOMYCES|LYSATE|SPIRULINA|ARTHROSPIRA|CHLORELLA)\b",
    re.IGNORECASE,
)
EXOSOME = re.compile(
    r"\b(EXOSOMES?|EXTRACELLULAR VESICLES?|VESICLES?|CONDITIONED MEDI(A|UM)|SECRETOME|"
    r"MICROVESICLES?|NANOVESICLES?|EVS?)\b",
    re.IGNORECASE,
)
FLAG_PATTERNS = [
    ("human_origin", HUMAN),
    ("animal_origin", ANIMAL),
    ("plant_origin", PLANT),
    ("microbial_origin", MICROBIAL),
    ("exosome", EXOSOME),
]
FLAGS = [name for name, _pattern in FLAG_PATTERNS]


def _triggers(pattern: re.Pattern) -> tuple[str, ...]:
    """Every run of two or more capitals in a pattern ("CELLS?" gives CELL): each alternative
    starts at a word boundary with one, so a name none of whose words starts with one of these
    cannot match, and the regex need not be tried (_triggered)."""
    source = re.sub(r"[A-Z]\?", "", pattern.pattern)
    return tuple(sorted(set(re.findall(r"[A-Z]{2,}", source))))


# HUMAN's alternatives mostly start with ".*" or a word such as HUMAN that comes first: each
# needs one of these in the name
_HUMAN_HINT = re.compile("HUMAN|PLACENT|RH-|PRP|PRF|PLATELET")
# each flag's pattern, and its triggers as a pattern that matches a run starting with one
FLAG_TRIGGERS = [
    (name, pattern, re.compile("|".join(map(re.escape, _triggers(pattern)))))
    for name, pattern in FLAG_PATTERNS
    if name != "human_origin"
]


_FLAGS_MEMO: dict[str, tuple[str, ...]] = {}


def _flags_of(name: str) -> tuple[str, ...]:
    """The flags of one name, in FLAGS order."""
    found = _FLAGS_MEMO.get(name)
    if found is None:
        make_room(_FLAGS_MEMO)
        found = _FLAGS_MEMO[name] = _work_out_flags(name)
    return found


# A trigger starts where no capital or digit comes before it and is all capitals, so it begins
# a run of capitals and digits: the flags a run can trigger are kept per run (words repeat:
# EXTRACT, OIL, LEAF), and a new name costs one findall and a look-up per word instead of a
# search per flag (2.6 times quicker; the same flags over the whole inventory: a test)
_RUN = re.compile("[A-Z0-9]+")
_RUN_FLAGS: dict[str, tuple[str, ...]] = {}


def _triggered(upper: str) -> set[str] | tuple:
    """The flags whose triggers start a run of capitals and digits of the name in capitals."""
    found = ()
    for run in _RUN.findall(upper):
        flags = _RUN_FLAGS.get(run)
        if flags is None:
            make_room(_RUN_FLAGS)
            flags = _RUN_FLAGS[run] = tuple(f for f, _, start in FLAG_TRIGGERS if start.match(run))
        if flags:
            found = {*found, *flags}
    return found


def trie_alternation(words) -> str:
    """A pattern matching any of these words, written as a trie of their letters ("BA(?:RK|SE)"):
    at each position the engine tries a few first letters rather than every word (half the
    time of the plain alternation over the triggers' 150 words, measured; the same matches)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


# any trigger at the start of a run, all flags' in one pattern: most names have none, and one
# search in C rules them out without the per-run look-ups
TRIGGER_WORDS = sorted({t for _, p, _ in FLAG_TRIGGERS for t in _triggers(p)})
_ANY_TRIGGER = re.compile("(?<![A-Z0-9])" + trie_alternation(TRIGGER_WORDS))


def _in_capitals(pattern: re.Pattern) -> re.Pattern:
    """The pattern without IGNORECASE, for a name in ASCII capitals: it finds there what the
    pattern finds in the name in any case, as every letter it names is a capital (checked
    here; a test holds it over every name), and in two to three times less time."""
    letters = re.sub(r"\\.", "", pattern.pattern)  # escapes such as \b and \w are no letters
    if letters != letters.upper():
        raise ValueError(f"a flag pattern names a small letter: {pattern.pattern}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_FLAG_SEARCHES = [(flag, pattern, _in_capitals(pattern)) for flag, pattern, _ in FLAG_TRIGGERS]
_HUMAN_IN_CAPITALS = _in_capitals(HUMAN)


def _work_out_flags(name: str) -> tuple[str, ...]:
    upper = name.upper()
    triggered = _triggered(upper) if _ANY_TRIGGER.search(upper) else ()
    ascii_name = name.isascii()  # then its capitals are searched: quicker, the same matches
    found = [
        flag
        for flag, pattern, capitals in _FLAG_SEARCHES
        if flag in triggered and (capitals.search(upper) if ascii_name else pattern.search(name))
    ]
    if _HUMAN_HINT.search(upper) and (
        _HUMAN_IN_CAPITALS.search(upper) if ascii_name else HUMAN.search(name)
    ):
        found.insert(0, "human_origin")  # first in FLAGS, as the others are in its order
    return tuple(found)


def forget() -> None:
    """Clear the memos (the benchmark's cold start)."""
    _FLAGS_MEMO.clear()
    _RUN_FLAGS.clear()


def name_flags(*names: str) -> list[str]:
    """The flags any of these names carries, in FLAGS order (each name judged alone)."""
    found = frozenset().union(*(_flags_of(name) for name in names if name))
    return [flag for flag in FLAGS if flag in found]
