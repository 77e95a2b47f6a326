"""Splitting a pasted ingredient list into fragments (the text around the list and its typography:
surroundings.py; where a list splits: splitting.py). Pure functions: no database, no HTTP.

Real labels are messy: commas, semicolons, bullets or line breaks between ingredients; names
given twice ("AQUA (WATER)", "WATER/AQUA/EAU"); "may contain" sections; declared percentages;
OCR damage and odd typography. The parser keeps every fragment the person pasted (nothing is
silently dropped) and leaves deciding which spelling is the INCI name to the matcher, by
giving it an ordered list of candidate names per fragment.
"""

import re
from typing import NamedTuple

from treatsafe.ingredients.memo import make_room
from treatsafe.ingredients.splitting import (  # noqa: F401  (OPENING... are parsing's too)
    BULLETS,
    CLOSING,
    OPENING,
    SECTION,
    balanced,
    has_any,
    split,
    top_level_has,
)
from treatsafe.ingredients.surroundings import (  # noqa: F401  (parsing's names too)
    BLEND,
    GLUED_PERCENT,
    HEADING_INSIDE,
    LEADING_LABEL,
    MAY_CONTAIN_WORDS,
    TRAILER,
    TYPOGRAPHY,
    clean_text,
    label_conventions,
    split_footnotes,
    split_surroundings,
)

MAX_NESTING = 5
_MARKERS = r"may\s+contain|peut\s+contenir|kann\s+enthalten|puede\s+contener|\+\s*/\s*-|±"
MAY_CONTAIN = re.compile(r"(?:\.\s*)?(?<![\w/+])(" + _MARKERS + r")\s*:?\s*", re.IGNORECASE)
# a concentration's basis as pharmacy labels print it: "4% w/w", "0.05%w/v", "2 % m/m"
BASIS = r"(?:\s*(?:[wvm]\s*/\s*[wvm]|wt\.?)(?![A-Za-z]))?"
PERCENT_AT_END = re.compile(r"[\s(\[]*(\d{1,3}(?:[.,]\d+)?)\s*%" + BASIS + r"[\s)\]]*$", re.I)
# US "Drug Facts" (21 CFR 201.66) print each active ingredient with its strength and purpose:
# "Zinc Oxide 4.08% Sunscreen". The purpose is not part of the name.
DRUG_FACTS_PURPOSE = re.compile(
    r"%\s+(?:sunscreens?|skin\s+protectants?|antiperspirants?|acne\s+(?:treatment|medication)"
    r"|anti-?dandruff|antifungal|analgesic|antiseptic|antibacterial|antimicrobial)\s*$",
    re.IGNORECASE,
)
PERCENT_AT_START = re.compile(r"^[\s(\[]*(\d{1,3}(?:[.,]\d+)?)\s*%" + BASIS + r"[\s)\]]*", re.I)
# A pharmacopoeia grade after a substance's name says which quality standard it meets, not what
# it is: "Glycerol BP" (British), "USP" (United States), "Ph. Eur." or "EP" (European), "NF"
# (US National Formulary), "JP" (Japanese), "IP" (Indian), maybe with the edition's year.
GRADE = re.compile(
    r"\s+(?:B\.?\s?P|U\.?\s?S\.?\s?P|Ph\.?\s?Eur|E\.?\s?P|N\.?\s?F|J\.?\s?P|I\.?\s?P)\.?"
    r"(?:\s*\d{4})?$",
    re.IGNORECASE,
)
# a fragment that is just a name: letters, digits, spaces, slashes, hyphens and apostrophes
# inside, a letter or digit at each end (most fragments); its only candidate is itself
_PLAIN_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 /'-]*[A-Za-z0-9])?")
_FRAGMENT_MEMO: dict[tuple[str, bool], tuple] = {}


class Fragment(NamedTuple):
    """One ingredient as written (a named tuple: made by the thousand, cheaper than a
    dataclass). `candidates` are the names to try, best first: the whole
    fragment, then without bracketed parts, then each bracketed name. Slash-separated
    alternatives ("WATER/AQUA/EAU") stay whole: many INCI names contain slashes, so the
    matcher splits them only when every part is a known name."""

    text: str
    candidates: tuple[str, ...]
    may_contain: bool = False
    declared_percent: float | None = None
    footnote: bool = False  # a note such as "*from organic farming", not an ingredient
    # the pieces of a fragment between line breaks, full stops or commas kept inside it: where
    # OCR lost the comma at a line end ("PHENOXYETHANOL\nLIMONENE"), read it as a full stop
    # ("AQUA. GLYCERIN") or a comma lost its space before a name with a hyphen ("GLYCOL,CIS-3-
    # HEXENYL FORMATE"), the assessment splits the fragment if each piece is a name
    pieces: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.candidates[0] if self.candidates else self.text


def _percent(text: str) -> tuple[str, float | None]:
    text = DRUG_FACTS_PURPOSE.sub("%", text)
    for pattern in (PERCENT_AT_END, PERCENT_AT_START):
        found = pattern.search(text)
        if found and found.group(0).strip() != text.strip():
            value = float(found.group(1).replace(",", "."))
            if value <= 100:
                return (text[: found.start()] + " " + text[found.end() :]).strip(), value
    return text, None


# compiled once: the module-level re functions look each pattern up in re's cache per call,
# which on a new piece's long way cost more than some of the matching
_SPACES = re.compile(r"\s+")
_CODE = re.compile(r"<[^<>]*>")
_INNERMOST = re.compile(r"[(\[{][^()\[\]{}]*[)\]}]")
_INNERMOST_TEXT = re.compile(r"[(\[{]([^()\[\]{}]*)[)\]}]")
_COMMA = re.compile(r"\s*,\s*")
_BRACKETED_SECTION = re.compile(r"[(\[{]\s*" + SECTION)
_PIECE_BREAKS = re.compile(r"\n|\.\s+|,")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" .,;:-'\"")


def candidates(name: str) -> tuple[str, ...]:
    """Names to try for one fragment, best first, without duplicates."""
    names = [name]
    if "<" in name:  # "PHENOXYETHANOL <ILN38467>": a maker's code in angle brackets
        names.append(_CODE.sub(" ", name))
    outer = name
    for _depth in range(MAX_NESTING):
        outer, removed = _INNERMOST.subn(" ", outer)
        if not removed:
            break
    outer = _squash(outer.translate(dict.fromkeys(map(ord, OPENING + CLOSING), " ")))
    names.append(outer)
    inner = _INNERMOST_TEXT.findall(name)
    names.extend(inner)
    for part in inner:
        names.extend(_COMMA.split(part))
    names += [GRADE.sub("", n) for n in names if GRADE.search(n)]
    seen = dict.fromkeys(_squash(n) for n in names)
    return tuple(n for n in seen if n)


def parse_label(text: str) -> list[Fragment]:
    """The fragments of an ingredient list, in order, then any footnotes and other text that
    is set apart as not being ingredients."""
    pieces, may_from, notes = parse_pieces(text)
    fragments: list[Fragment] = []
    for at, raw in enumerate(pieces):
        fragments.extend(_fragments(raw, at >= may_from))
    return fragments + [Fragment(note, (), footnote=True) for note in notes]


def parse_pieces(text: str) -> tuple[list[str], int, list[str]]:
    """The pieces of an ingredient list between separators, in order (fragments_of reads
    each); where the "may contain" section starts (a "may contain" marker covers the rest of
    the list: the number of pieces where there is none); and the footnotes and other text set
    apart as not being ingredients. A piece's spaces at either end are dropped, as reading it
    drops them: "Glycerin" after ", " or after "," is then one piece to remember."""
    text = label_conventions(clean_text(text))
    heading = LEADING_LABEL.match(text)  # match, not subn: sub tries every position
    if heading:
        text = text[heading.end() :]
    text, other = split_surroundings(text, preamble=not heading)
    text, notes = split_footnotes(text)
    notes += other
    lower = text.lower()
    markers = "+" in text or "±" in text or any(word in lower for word in MAY_CONTAIN_WORDS)
    if markers:  # without one of these, no piece can start with a "may contain" marker
        text = _mark_sections(text)
    text = text.strip().rstrip(".").strip()
    # a stray bracket must not swallow the rest of the list
    if (has_any(text, OPENING) or has_any(text, CLOSING)) and not balanced(text):
        text = text.translate(dict.fromkeys(map(ord, OPENING + CLOSING), " "))
    # whether line breaks separate names matters only where there is one
    newline_splits = "\n" in text and not top_level_has(text.replace("\n", " "), ",;" + BULLETS)
    pieces = [raw.strip(" ") for raw in split(text, newline_splits)]
    if markers:  # "May contain: ..." applies to the rest of the list
        for at, raw in enumerate(pieces):
            if _starts_with_marker(raw) and not _is_bracketed(raw):
                return pieces, at, notes
    return pieces, len(pieces), notes


# where a MAY_CONTAIN marker begins: in an ASCII text in lower case, its words (the same
# places: for ASCII, IGNORECASE is lower()); in any text, MAY_CONTAIN without what it takes in
# before and after its marker
_MARKER_WORD = re.compile(
    r"[mpk+](?<![\w/+].)(?:(?<=m)ay\s+contain|(?<=p)eut\s+contenir|(?<=k)ann\s+enthalten"
    r"|(?<=p)uede\s+contener|(?<=\+)\s*/\s*-)"
)

_MARKER_ANY_CASE = re.compile(r"(?<![\w/+])(?:" + _MARKERS + ")", re.IGNORECASE)


def _mark_sections(text: str) -> str:
    """SECTION put before each "may contain" marker (MAY_CONTAIN.sub), searching from the
    first place a marker could be: a match begins there or at the full stop and spaces before
    it, and the lists with markers have them near the end ("[+/- CI 77891]")."""
    # the first marker itself: in an ASCII text in lower case (the quickest search), else
    # MAY_CONTAIN's marker words in any case, as it finds them
    ascii_text = text.isascii()
    first = _MARKER_WORD.search(text.lower()) if ascii_text else _MARKER_ANY_CASE.search(text)
    if first is None:
        return text
    start = first.start()
    while start and text[start - 1].isspace():
        start -= 1
    if start and text[start - 1] == ".":
        start -= 1
    parts, end = [text[:start]], start
    for found in MAY_CONTAIN.finditer(text, start):  # look-behinds still see the text before
        parts += (text[end : found.start()], SECTION, found.group(1), " ")
        end = found.end()
    parts.append(text[end:])
    return "".join(parts)


def fragments_of(raw: str, may_contain: bool) -> tuple[Fragment, ...]:
    """The fragments of one piece, not memoised (the caller keeps what it needs)."""
    return tuple(_read_fragments(raw, may_contain))


def _starts_with_marker(raw: str) -> bool:
    """Whether MAY_CONTAIN matches the piece from its start, past spaces and opening brackets
    (the strips and the match in one pattern, as a test checks), tried only where the piece's
    first character past those is one MAY_CONTAIN can start with (most pieces are names)."""
    first = raw.lstrip().lstrip("([{").lstrip()[:1]
    return first in _MARKER_FIRST and _MARKER_AT_START.match(raw) is not None


_MARKER_FIRST = ".mMpPkK\u212a+±"  # (\u212a, the Kelvin sign, is a K to IGNORECASE)


# \s is what str.strip() strips; MAY_CONTAIN's look-behind sees a space, a bracket or nothing
_MARKER_AT_START = re.compile(r"\s*[(\[{]*\s*(?:" + MAY_CONTAIN.pattern + ")", re.IGNORECASE)


def _is_bracketed(raw: str) -> bool:
    raw = raw.strip()
    return bool(raw) and raw[0] in OPENING and raw[-1] in CLOSING and balanced(raw[1:-1])


def _fragments(raw: str, may_contain: bool) -> tuple[Fragment, ...]:
    """The fragments of one piece between separators (memoised: labels repeat names)."""
    key = (raw, may_contain)
    found = _FRAGMENT_MEMO.get(key)
    if found is None:
        make_room(_FRAGMENT_MEMO)
        found = _FRAGMENT_MEMO[key] = tuple(_read_fragments(raw, may_contain))
    return found


def plain_name(raw: str) -> str | None:
    """A piece that is just a name (most pieces) as its fragment's text, else None: then
    _read_fragments reads the piece the long way."""
    name = raw.strip(" ")
    if not _PLAIN_NAME.fullmatch(name):
        return None
    # MAY_CONTAIN can only match a plain name from its start with "may", "peut", "kann" or
    # "puede", and GRADE only where it ends as a grade (P, R, F) or a year: most names show
    # neither, so their regular expressions are not tried
    if name[:2].lower() in ("ma", "pe", "ka", "pu") and MAY_CONTAIN.match(name):
        return None
    if " " not in name:  # one word: no grade after it, no prose
        return name
    if name[-1] in _GRADE_ENDS and GRADE.search(name):
        return None  # "Glycerol BP": the name is "Glycerol"
    if "  " not in name:  # its words are already joined by one space
        return None if name.count(" ") >= 5 and _is_prose(name) else name
    words = name.split()
    if len(words) >= 6 and _is_prose(name):
        return None
    return " ".join(words)


_GRADE_ENDS = frozenset("PpRrFf0123456789")


def plain_fragment(raw: str, may_contain: bool) -> Fragment | None:
    """The one fragment of a piece that is just a name, else None."""
    name = plain_name(raw)
    return None if name is None else name_fragment(name, may_contain)


def name_fragment(name: str, may_contain: bool) -> Fragment:
    """The fragment of a piece that plain_name reads as this name: its one candidate is the
    name in capitals."""
    return Fragment(name, (name.upper(),), may_contain)


def _read_fragments(raw: str, may_contain: bool) -> list[Fragment]:
    if (plain := plain_fragment(raw, may_contain)) is not None:
        return [plain]
    raw = raw.strip().strip(BULLETS).strip()
    if not raw:
        return []
    section = _BRACKETED_SECTION.search(raw)
    if section and section.start() > 0 and _is_bracketed(raw[section.start() :]):
        # "Mica [+/- CI 77891, CI 77491]": the bracket is a may-contain list of its own
        head, tail = raw[: section.start()], raw[section.start() :]
        return [*_fragments(head, may_contain), *_fragments(tail, may_contain)]
    raw = raw.replace(SECTION, " ").strip()
    if _is_bracketed(raw) and _starts_with_marker(raw):
        inner = MAY_CONTAIN.sub("", raw[1:-1].strip(), count=1)
        found = []
        for piece in split(inner, newline_splits=True):
            found.extend(_fragments(piece, may_contain=True))
        return found
    if _starts_with_marker(raw):
        raw = MAY_CONTAIN.sub("", raw, count=1).strip()
        may_contain = True
        if not raw:
            return []
    raw = re.sub(r"^[-\s]+(?=\S)", "", raw) if raw.startswith("- ") else raw
    text = _squash(raw) or raw.strip()
    if _is_prose(text):  # a sentence pasted with the list: reported back, not checked
        return [Fragment(text, (), may_contain, footnote=True)]
    name, percent = _percent(text)
    name = _squash(name) or text
    pieces = tuple(piece for piece in _PIECE_BREAKS.split(raw) if piece.strip())
    if len(pieces) < 2 or not all(balanced(piece) for piece in pieces):
        pieces = ()
    return [Fragment(text, candidates(name.upper()), may_contain, percent, pieces=pieces)]


# words of running English that no ingredient name contains, in lower case as prose writes them
PROSE_WORDS = re.compile(
    r"\b(?:the|is|are|that|this|which|your|you|our|it|will|be|vs|through|called|becomes|"
    r"reduces|contains|helps|please)\b"
)


def _is_prose(text: str) -> bool:
    """A sentence rather than a name: six or more words, two of them words of running prose."""
    return len(text.split()) >= 6 and len(set(PROSE_WORDS.findall(text))) >= 2


def split_pieces(fragment: Fragment) -> list[Fragment]:
    """A fragment's pieces as fragments of their own."""
    found = []
    for piece in fragment.pieces:
        found.extend(_fragments(piece, fragment.may_contain))
    return found
