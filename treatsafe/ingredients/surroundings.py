"""The text around an ingredient list and its typography, for parsing.py: typography to plain
ASCII, label conventions ("(and)", backslashes, a percentage that lost its comma), a heading,
a trailer such as "Directions: ..." and footnotes set apart. Pure functions."""

import re
import unicodedata

from treatsafe.ingredients.splitting import has_any

LEADING_LABEL = re.compile(
    r"^\s*(?:(?:full\s+)?ingr[eé]di(?:ents?|enti|entes)|inci(?:\s+names?)?|composition"
    r"|contains|zutaten|inhaltsstoffe)(?:\s*/\s*[a-zé]+)*\s*[:：\-–]\s*",
    re.IGNORECASE,
)
# Pasted or photographed packs carry other text around the list: a product name before an
# "Ingredients:" heading, directions or the maker's address after it. Only text that clearly
# is not an ingredient is set apart, and it is reported back, never dropped.
HEADING_INSIDE = re.compile(
    r"(?:^|(?<=[.\n])|(?<=\d - )|(?<=\d- ))[^\S\n]*(?:full\s+)?"
    r"(?:ingr[eé]dients?|ingredienti|ingredientes|inci|zutaten|inhaltsstoffe)(?:\s*/\s*[a-zé]+)*\s*[:：]\s*",
    re.IGNORECASE | re.MULTILINE,
)
TRAILER = re.compile(
    r"(?:^|(?<=[.\n]))[^\S\n]*(?:(?:directions|how\s+to\s+use|usage|warnings?|cautions?"
    r"|precautions?|storage|net\s+(?:wt|weight|contents?)|best\s+before|expiry|batch|lot)"
    r"\s*(?:no\.?|number)?\s*[:：]|made\s+in\b|manufactured\s+(?:by|for|in)\b"
    r"|distributed\s+by\b|keep\s+out\s+of\b|for\s+external\s+use\b|exp\.?\s*\d"
    r"|please\s+(?:be\s+aware|refer|note|read)\b)",
    re.IGNORECASE | re.MULTILINE,
)


DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹣－"), "-")
QUOTES = {
    **dict.fromkeys(map(ord, "‘’‚‛′`´"), "'"),
    **dict.fromkeys(map(ord, "“”„‟″«»"), '"'),
}
# "Aloe Barbadensis Leaf Juice*, Linalool**. *Organic **From natural essential oils": markers
# after names point to footnotes at the end of the list
NOTE_MARKS = "*†‡"
MARKED_NAME = re.compile(r"(?<=[A-Za-z0-9)\]])[*†‡]+(?=[\s,.;:)\]]|$)")
NOTE_START = re.compile(r"(?:^|(?<=[.;\n]))[ \t]*[*†‡]+[ \t]*(?=[A-Za-z0-9(])", re.MULTILINE)
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\x1e"), None)
# words one of which each text TRAILER or MAY_CONTAIN finds must hold (checked first: cheaper)
TRAILER_WORDS = ("made", "manufactured", "distributed", "keep", "external", "exp", "please")
MAY_CONTAIN_WORDS = ("may", "peut", "kann", "puede")
TYPOGRAPHY = {**DASHES, **QUOTES, **INVISIBLE}  # the three tables have no key in common
# translating with a table looks up every character: done only where one of these is present
_TYPOGRAPHIC = re.compile("[" + re.escape("".join(map(chr, TYPOGRAPHY))) + "]")
_HYPHEN_BREAK = re.compile(r"-[ ]*\n")


def clean_text(text: str) -> str:
    """Typography to plain ASCII punctuation, one kind of space, and words re-joined where a
    line-end hyphen split them ("HYALU-\\nRONATE")."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _TYPOGRAPHIC.search(text):
            text = text.translate(TYPOGRAPHY)
        text = text.replace("\u00a0", " ").replace("Â ", " ")
    elif "`" in text or "\x1e" in text:  # the only ASCII marks translated
        text = text.translate(QUOTES).translate(INVISIBLE)
    if "\r" in text or "\t" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if "-" in text and "\n" in text and _HYPHEN_BREAK.search(text):
        text = re.sub(r"([A-Za-z])-[ ]*\n[ ]*([a-z])", r"\1\2", text)
        text = re.sub(r"([A-Z]{2})-[ ]*\n[ ]*([A-Z]{2})", r"\1\2", text)
        text = re.sub(r"-[ ]*\n[ ]*(\d)", r"-\1", text)
    return text


BLEND = re.compile(r"\s*\(\s*and\s*\)\s*", re.IGNORECASE)
_BLEND_CORE = re.compile(r"\(\s*and\s*\)", re.IGNORECASE)  # BLEND without its spaces
GLUED_PERCENT = re.compile(r"(\d\s*%)(?=[A-Za-z])(?![wvmWVM]\s*/\s*[wvmWVM]|[wW][tT]\b)")
_PERCENT_LETTER = re.compile("%[A-Za-z]")  # where GLUED_PERCENT can match, found sooner
BACKSLASH = re.compile(r"(?<=\w)\s*\\\s*(?=\w)")


def label_conventions(text: str) -> str:
    """How real labels write things the parser reads otherwise: "Water\\Aqua\\Eau" (backslashes
    for slashes), "Palmitic Acid (and) Stearic Acid" (the INCI way of writing a blend of two
    ingredients: two fragments), "Zinc Oxide 6.90%Water" (a percentage that lost its comma)."""
    if "\\" in text:
        text = BACKSLASH.sub("/", text)
    if "(" in text and _BLEND_CORE.search(text) and BLEND.search(text):  # "(" first: quicker
        text = BLEND.sub(", ", text)
    if "%" in text and _PERCENT_LETTER.search(text):  # a literal first: a quick search
        text = GLUED_PERCENT.sub(r"\1, ", text)
    return text


def split_footnotes(text: str) -> tuple[str, list[str]]:
    """The list without footnote markers, and the footnotes (only where a name carries a
    marker, so a list bulleted with asterisks is not mistaken for notes)."""
    marked = MARKED_NAME.search(text) if has_any(text, NOTE_MARKS) else None
    if not marked:
        return text, []
    start = NOTE_START.search(text, marked.end())
    notes = []
    if start:
        tail = text[start.start() :]
        text = text[: start.start()]
        notes = [note.strip(" \t\n.;,") for note in re.split(r"[*†‡]+", tail)]
    return MARKED_NAME.sub("", text), [note for note in notes if note]


def split_surroundings(text: str, preamble: bool = True) -> tuple[str, list[str]]:
    """The list without a preamble before an "Ingredients:" heading (when `preamble`: not
    where the text began with a heading, so a second language's list is not taken for one)
    or a trailer such as "Directions: ..." or "Made in France", and those texts."""
    notes = []
    colon = ":" in text or "：" in text  # a heading always ends with one, a trailer often
    heading = HEADING_INSIDE.search(text) if preamble and colon else None
    if heading and heading.start() > 0:
        notes.append(text[: heading.start()])
        text = text[heading.end() :]
    if colon:
        text = HEADING_INSIDE.sub("; ", text)  # the list again in another language
    lower = text.lower()
    trailer = (
        TRAILER.search(text) if colon or any(word in lower for word in TRAILER_WORDS) else None
    )
    if trailer and text[: trailer.start()].strip():
        notes.append(text[trailer.start() :])
        text = text[: trailer.start()]
    notes = [" ".join(note.split()).strip(" .;,") for note in notes]
    return text, [note for note in notes if note]
