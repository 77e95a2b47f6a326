"""What an annex entry's conditions ask, read from the structure of the CosIng data, and which of
them a label can be seen to break. Pure: plain records in, plain records out.

The rule (ARCHITECTURE.md, "Where rules live"):
- Annex II (and material of human origin, II/416) is a ban: "Do not use". A substance that is in
  Annex II but also allowed by an Annex III-VI entry is banned unless one allowing entry covers
  the product: an entry with no product-type limit always does; one limited to certain products
  (hair dyes, nail systems, oral products...) does only when the label's own text says it is
  such a product.
- A condition the label itself shows is broken is a problem, quoted: a declared concentration
  above the highest maximum of every allowing entry; a product type the text names that no
  sub-entry of the entry allows, or that the entry excludes.
- Every other condition only the maker can meet or check (maximum concentrations of undeclared
  ingredients, the limits of one product type among several, labelling thresholds, fragrance-
  allergen declarations, purity criteria, warnings to print): listed as "Limits the maker must
  keep to", never a warning headline.
- A combination entry ("citric acid (and) silver citrate", "mixture of A and B", "A + B") applies
  only where the label names every part; "X and its salts" is one substance in several forms.
"""

import re
from dataclasses import dataclass

SOFT_HYPHEN = "\u00ad"
SUB_ENTRY = re.compile(r"(?:^|\s)\(?([a-n])\)\s*")
ALLERGEN_CONDITION = re.compile(
    r"(?:presence|shall be indicated).{0,120}list of ingredients.{0,80}19\s*\(1\)",
    re.IGNORECASE | re.DOTALL,
)
# a glossary name that joins INCI names with the INCI mixture conventions "(and)" and "+"
MIXTURE_JOIN = re.compile(r"\s*(?:\(and\)|\s\+\s)\s*", re.IGNORECASE)
MIXTURE_NAME = re.compile(r"^\s*(?:mixture|reaction mass)\s+of\b", re.IGNORECASE)
PLAIN_LIMIT = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*(?:\((?:as )?acid\))?(?:\s*in\s+[a-z][a-z\s'-]*)?\s*[.;]?\s*$",
    re.IGNORECASE,
)
# "Salicylic acid: 0,5 % (acid) Salicylic acid salts: 0,5 % (acid)": one figure per named form
NAMED_LIMITS = re.compile(
    r"^(?:\s*[a-z][a-z ,'-]*:\s*\d+(?:[.,]\d+)?\s*%\s*(?:\((?:as )?acid\))?)+\s*$",
    re.IGNORECASE,
)

# Product families named in the annexes' "Product type, body parts" column, most specific first.
# A sub-entry naming none of them is general ("leave-on products", "other products", "face
# cream"...) or unknown ("denaturant for ethanol"): the entry then limits no product family.
FAMILIES = [
    ("hair_dye", r"hair\s*d(?:ye|ay|ue)|colou?ring agents? for hair|oxidative hair"),
    ("eyelash", r"eyelash|eyebrow|eylash"),
    ("oral", r"\boral\b|tooth|mouth\s*(?:wash|rinse)"),
    ("nail", r"\bnail"),
    ("depilatory", r"depilator"),
    ("hair", r"\bhair\b|shampoo|straighten|waving"),
    ("deodorant", r"deodorant|anti-?\s*perspirant"),
    ("soap", r"\bsoaps?\b"),
]
FAMILY_PATTERNS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in FAMILIES]
FAMILY_NAMES = {
    "hair_dye": "hair dye products",
    "eyelash": "eyelash or eyebrow products",
    "oral": "oral products (toothpaste, mouthwash)",
    "nail": "nail products",
    "depilatory": "depilatories",
    "hair": "hair products",
    "deodorant": "deodorants and antiperspirants",
    "soap": "soaps",
    "skin": "skin care or make-up products",
}
GENERAL_SCOPE = re.compile(
    r"other|cosmetic products|\bskin\b|\bface\b|body|\blip|\beye\b|"
    r"make-?\s*up|fragrance|powder|self-tanning|products? applied|cream|lotion",
    re.IGNORECASE,
)
# which entry families allow a product of the label's family
COMPATIBLE = {
    "skin": set(),
    "hair": {"hair", "hair_dye"},
    "hair_dye": {"hair_dye", "hair"},
    "eyelash": {"eyelash"},
    "oral": {"oral"},
    "nail": {"nail"},
    "depilatory": {"depilatory", "hair"},
    "deodorant": {"deodorant"},
    "soap": {"soap"},
}
EXCLUSION = re.compile(
    r"(?:not to be used in|with the exception of)\s+([^.;:]{3,80})", re.IGNORECASE
)

# What the text around a pasted list says the product is (a heading, a product name, directions).
LABEL_FAMILIES = [
    ("hair_dye", r"hair\s*(?:dye|colou?r(?:ant)?)|permanent colou?r|root touch"),
    ("eyelash", r"lash tint|brow tint|eyelash tint|eyebrow tint"),
    ("oral", r"toothpaste|mouthwash|mouth rinse|tooth whitening"),
    ("nail", r"nail (?:polish|varnish|lacquer|gel|system|treatment)"),
    ("depilatory", r"hair removal cream|depilatory"),
    ("hair", r"shampoo|conditioner|hair (?:mask|oil|serum|spray|gel|lotion)"),
    ("deodorant", r"deodorant|antiperspirant|anti-perspirant"),
    ("soap", r"\bsoap\b"),
    (
        "skin",
        r"\bserum\b|\bcream\b|moisturi[sz]er|\blotion\b|face mask|sheet mask|\bessence\b|"
        r"\btoner\b|\bampoule\b|facial oil|face oil|cleanser|face wash|sunscreen|\bspf\b|"
        r"foundation|concealer|\bbalm\b",
    ),
]
LABEL_FAMILY_PATTERNS = [(n, re.compile(p, re.IGNORECASE)) for n, p in LABEL_FAMILIES]


def plain(text: str) -> str:
    return " ".join((text or "").replace(SOFT_HYPHEN, "").split())


def sub_entries(text: str) -> list[str]:
    """The "(a) ... (b) ..." parts of a cell, or the whole cell."""
    text = plain(text)
    marks = list(SUB_ENTRY.finditer(text))
    if not marks:
        return [text] if text else []
    ends = [mark.start() for mark in marks[1:]] + [len(text)]
    parts = [text[mark.end() : end] for mark, end in zip(marks, ends, strict=True)]
    return [part.strip() for part in parts if part.strip()]


def families_of(product_type: str) -> frozenset[str] | None:
    """The product families an entry is limited to, or None where any sub-entry is general or
    names no family we know (the entry then limits no family the label could show)."""
    found: set[str] = set()
    for part in sub_entries(product_type):
        part = EXCLUSION.sub("", part)
        if not part.strip(" .;,"):
            continue
        family = next((name for name, pattern in FAMILY_PATTERNS if pattern.search(part)), None)
        if family is None or GENERAL_SCOPE.search(part):
            return None
        found.add(family)
    return frozenset(found) or None


def exclusions_of(*texts: str) -> frozenset[str]:
    """Product families an entry says it must not be used in ("Not to be used in oral
    products", "All cosmetic products, with the exception of oral products"); clauses about
    people (children under 3) and exceptions to exceptions are left to the maker."""
    found: set[str] = set()
    for text in texts:
        for clause in EXCLUSION.findall(plain(text)):
            if re.search(r"child|age|person|except", clause, re.IGNORECASE):
                continue
            for name, pattern in FAMILY_PATTERNS:
                if pattern.search(clause):
                    found.add(name)
                    break
    return frozenset(found)


def loosest_percent(max_concentration: str, max_percent: float | None) -> float | None:
    """The highest maximum in the cell, where every sub-entry is one plain percentage of the
    ingredient itself ("(a) 3.0% (b) 2.0%"); limits expressed as something else ("as zinc",
    "calculated as F") are not comparable with a declared percentage."""
    if max_percent is not None:
        return max_percent
    parts = sub_entries(max_concentration)
    figures_of_something_else = re.search(r"content|impurit", max_concentration, re.IGNORECASE)
    if len(parts) == 1 and NAMED_LIMITS.match(parts[0]) and not figures_of_something_else:
        return max(
            float(v.replace(",", ".")) for v in re.findall(r"(\d+(?:[.,]\d+)?)\s*%", parts[0])
        )
    if len(parts) < 2:
        return None
    values = []
    for part in parts:
        found = PLAIN_LIMIT.match(part)
        if not found:
            return None
        values.append(float(found.group(1).replace(",", ".")))
    return max(values)


def mixture_parts(chemical_name: str, glossary_name: str) -> tuple[str, ...]:
    """The INCI names of a combination entry's parts, or () when the entry is one substance
    (including "X and its salts", or alternatives listed with ";" or "/")."""
    glossary = plain(glossary_name)
    if not glossary or re.search(r"[;/,]", glossary):
        return ()
    parts = MIXTURE_JOIN.split(glossary)
    if len(parts) < 2 and MIXTURE_NAME.match(plain(chemical_name)):
        parts = re.split(r"\s+and\s+", glossary, flags=re.IGNORECASE)
    parts = [part.strip() for part in parts if part.strip()]
    return tuple(parts) if len(parts) >= 2 else ()


def is_allergen_condition(*texts: str) -> bool:
    """The fragrance-allergen labelling condition: the substance must be named in the list of
    ingredients above 0.001% in leave-on and 0.01% in rinse-off products."""
    return any(ALLERGEN_CONDITION.search(plain(text)) for text in texts if text)


def label_family(texts) -> str | None:
    """The product family the text around a list names (a product name, a heading,
    directions), or None where it names none or more than one."""
    found = set()
    for text in texts:
        for name, pattern in LABEL_FAMILY_PATTERNS:
            if pattern.search(text):
                found.add(name)
                break
    return found.pop() if len(found) == 1 else None


def scope_allows(families: frozenset[str] | None, exclusions: frozenset[str], family) -> bool:
    """Whether an entry allows a product of this family (True where the family is unknown)."""
    if family is None:
        return True
    if family in exclusions:
        return False
    return families is None or bool(COMPATIBLE[family] & families)


@dataclass(frozen=True)
class EntryRule:
    """An annex entry's conditions, sorted by who can check them (computed once per entry)."""

    families: frozenset[str] | None = None  # the product families it is limited to
    exclusions: frozenset[str] = frozenset()  # product families it must not be used in
    loosest_percent: float | None = None  # the highest maximum concentration it allows
    parts: tuple[str, ...] = ()  # the parts of a combination entry
    allergen: bool = False  # carries the fragrance-allergen labelling condition


def entry_rule(entry) -> EntryRule:
    if entry.annex == "II":
        return EntryRule(parts=mixture_parts(entry.chemical_name, entry.glossary_name))
    return EntryRule(
        families=families_of(entry.product_type),
        exclusions=exclusions_of(entry.product_type, entry.other),
        loosest_percent=loosest_percent(entry.max_concentration, entry.max_percent),
        parts=mixture_parts(entry.chemical_name, entry.glossary_name),
        allergen=entry.annex == "III"
        and is_allergen_condition(entry.other, entry.conditions_and_warnings),
    )


def scope_text(families: frozenset[str] | None) -> str:
    return " or ".join(FAMILY_NAMES[f] for f in sorted(families or ()))
