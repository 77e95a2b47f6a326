"""Spelling keys and word checks for the matcher (matching.py): the exact-match key, the
OCR-tolerant folded key, and whether a fuzzy guess names what the label names (the same words,
no plant part changed, no radical taken for a whole substance). Pure functions."""

import re
import unicodedata
from functools import lru_cache

import cython
from rapidfuzz import fuzz

from treatsafe.ingredients.memo import MEMO_SIZE

WORD_THRESHOLD = 75.0
OCR_FOLDS = [("0", "O"), ("1", "L"), ("I", "L"), ("|", "L")]


_NOT_ALPHANUMERIC = re.compile(r"[^A-Z0-9|]")
_BRACKETED = re.compile(r"[(\[{][^()\[\]{}]*[)\]}]")


def _ascii_folding(dropped: re.Pattern) -> dict[int, str | None]:
    """A str.translate table that does, for ASCII text, what deleting the characters `dropped`
    matches and then merging OCR_FOLDS does: one pass in C (a third of the time)."""
    table: dict[int, str | None] = {
        code: None if dropped.match(chr(code)) else chr(code) for code in range(128)
    }
    for before, after in OCR_FOLDS:
        table[ord(before)] = after
    return table


def _folded(text: str, dropped: re.Pattern, table: dict[int, str | None]) -> str:
    """The text without what `dropped` matches, OCR look-alikes merged (`table`: the same for
    ASCII text, _ascii_folding(dropped))."""
    if text.isascii():  # most names
        return text.translate(table)
    text = dropped.sub("", text)
    for before, after in OCR_FOLDS:
        text = text.replace(before, after)
    return text


_FOLDING = _ascii_folding(_NOT_ALPHANUMERIC)


def normalise(name: str) -> str:
    """The exact-match key: upper case without accents ("Glycérine" is GLYCERINE), one space,
    no space around / - , and no trailing dot."""
    if not name.isascii():
        name = name.replace("Â", "")
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    name = " ".join(name.upper().split())
    if " /" in name or "/ " in name or " -" in name or "- " in name or " ," in name or ", " in name:
        for mark in "/-,":
            name = name.replace(" " + mark, mark).replace(mark + " ", mark)
    return name.strip(" .")


def fold(name: str, normalised: bool = False) -> str:
    """The OCR-tolerant key: letters and digits only, with look-alike characters merged."""
    return _folded(name if normalised else normalise(name), _NOT_ALPHANUMERIC, _FOLDING)


def cut_points(count: int):
    """Where to cut `count` words into two runs, then into three."""
    for cut in range(1, count):
        yield (cut,)
    for first in range(1, count - 1):
        for second in range(first + 1, count):
            yield (first, second)


# Words that say which part of a plant, or what product of it, an ingredient is.
PART_WORDS = frozenset(
    re.findall(
        r"\w+",
        "SEED FRUIT LEAF ROOT FLOWER PEEL KERNEL BARK STEM BUD NUT HUSK RIND JUICE OIL EXTRACT "
        "WATER BUTTER WAX CERA POWDER FLOUR PROTEIN STARCH GUM RESIN CALLUS SPROUT TWIG WOOD "
        "RHIZOME HERB",
    )
)
_FOLDED_PARTS = frozenset(fold(word) for word in PART_WORDS)


_WORD_BREAKS = re.compile(r"[\s()\[\]{},/-]+")
_NOT_IN_WORDS = re.compile(r"[^A-Z0-9|\s()\[\]{},/-]")  # what fold() drops, but for breaks
_FOLDING_WORDS = _ascii_folding(_NOT_IN_WORDS)


def _words(name: str) -> list[str]:
    return _words_joined(name)[0]


def _words_joined(name: str, normalised: bool = False) -> tuple[list[str], str]:
    """The name's folded words (rn read as m) and its whole folded spelling (which is
    fold(name) with rn read as m: fold drops the word breaks as well)."""
    kept = _folded(name if normalised else normalise(name), _NOT_IN_WORDS, _FOLDING_WORDS)
    if cython.compiled:  # one pass in C: about 60% of the pattern's instructions, measured
        folded = split_words(kept)
    else:
        folded = [word for word in _WORD_BREAKS.split(kept) if word]
    return [word.replace("RN", "M") for word in folded], "".join(folded).replace("RN", "M")


@cython.locals(text=str, char=cython.Py_UCS4, at=cython.Py_ssize_t, start=cython.Py_ssize_t)
def split_words(text) -> list[str]:
    """The text's words between _WORD_BREAKS (spaces of any kind, brackets, commas, slashes,
    hyphens), none empty: reading every character (in C where compiled)."""
    words: list[str] = []
    start = 0
    at = -1
    for char in text:
        at += 1
        if char in "()[]{},/-" or char.isspace():
            if at > start:
                words.append(text[start:at])
            start = at + 1
    if len(text) > start:
        words.append(text[start:])
    return words


@lru_cache(maxsize=MEMO_SIZE)
def inci_words(inci: str) -> tuple[list[str], str]:
    """An INCI name's words and folded spelling, worked out once: a few thousand names are
    ever guessed."""
    return _words_joined(inci)


def _close(word: str, words: list[str], joined: str) -> bool:
    """The word is on the label: as a word give or take a typo, or (four letters or more)
    inside words run together ("Sodium Magne Sium Silicate", "GlycerylCaprylate")."""
    if len(word) >= 4 and word in joined:
        return True
    return any(fuzz.ratio(word, other) >= WORD_THRESHOLD for other in words)


def same_words(candidates: list[str], found, spelled: tuple[str, str] | None = None) -> bool:
    """Whether a fuzzy match of several words names what the label names: every word of the
    INCI name is on the label, give or take a typo ("Sodium Magne Sium Silicate"), and every
    plant part or product word outside brackets on the label is in the INCI name. So "Borago
    Officinalis (Borage) Flower Extract" is not BORAGO OFFICINALIS LEAF EXTRACT, "Olea Europaea
    (Olive) Oil" not OLEA EUROPAEA HUSK OIL, and "Acrylic Acid Copolymer" not ACRYLAMIDES
    COPOLYMER: a wrong guess is worse than "not found"."""
    if not found.inci or " " not in found.inci.strip():
        return True
    inci, inci_joined = inci_words(found.inci)
    if spelled is not None:  # (candidates[0] normalised, then folded): the words only if needed
        if spelled[1].replace("RN", "M") == inci_joined:
            return True
        label, joined = _words_joined(spelled[0], normalised=True)
    else:
        label, joined = _words_joined(candidates[0])
    if joined == inci_joined:  # the same letters: only spaces or punctuation differ
        return True
    if not all(_close(word, label, joined) for word in inci):
        return False
    outer = _words(_BRACKETED.sub(" ", candidates[0])) if _has_bracket(candidates[0]) else label
    return all(_close(word, inci, inci_joined) for word in outer if word in _FOLDED_PARTS)


def _has_bracket(text: str) -> bool:
    return "(" in text or "[" in text or "{" in text


def radical(candidates: list[str], found, normalised: str = "") -> bool:
    """A label that ends in a radical ("Glyceryl", "Polyglyceryl-6", "Pentaerythrityl": the
    rest of the name was cut off) guessed as a whole substance (GLYCERIN): not the same.
    `normalised`: the matched name normalised, where the caller has it."""
    label = (normalised or normalise(found.matched_name or candidates[0])).rstrip(_NUMBER_TAIL)
    return label.endswith("YL") and not normalise(found.inci or "").rstrip(_NUMBER_TAIL).endswith(
        "YL"
    )


_NUMBER_TAIL = "0123456789 -"
