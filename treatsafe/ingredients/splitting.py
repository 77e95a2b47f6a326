"""Where an ingredient list splits: separators outside brackets, and commas only where they
separate ingredients (not inside "1,2-HEXANEDIOL" or "N,N-DIMETHYL"). Pure functions, used by
parsing.py."""

import functools
import re

import cython

OPENING, CLOSING = "([{", ")]}"
BULLETS = "•·●▪◦‣∙*|"
SECTION = "\x1e"  # put before each "may contain" marker; splits like a comma
_BRACKETS = re.compile("[" + re.escape(OPENING + CLOSING) + "]")
_SPECIAL = re.compile("[" + re.escape(OPENING + CLOSING + ";," + BULLETS + SECTION) + "\n]")
_LOCANT_LIST = re.compile(r"\d+(,\d+)+-")
_DIGITS_INTO_WORD = re.compile(r"\d+[A-Za-z]{2}")
_RUN_AFTER = re.compile(r"[^\s,;]*")


def _comma_splits(text: str, index: int) -> bool:
    """Whether the comma at `index` separates ingredients. Commas inside chemical names do not:
    between digits ("1,2-HEXANEDIOL", "0,5 %"), before a locant ("BETA,4-DIMETHYL") or after a
    one-letter locant ("N,N-DIMETHYL", "P,ALPHA-DIMETHYLSTYRENE")."""
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    earlier = text[index - 2] if index > 1 else ""
    if after.isdigit() and before.isdigit():
        return False
    if after.isdigit() and before.isalpha():
        # "TITANIUM DIOXIDE,1,2-HEXANEDIOL" starts a new name with a locant list, and so does
        # a digit run straight into a word ("ACETATE,1UPINUS": OCR read an l as 1); a lone
        # locant ("BETA,4-DIMETHYL") is part of the name
        return bool(_LOCANT_LIST.match(text, index + 1) or _DIGITS_INTO_WORD.match(text, index + 1))
    if before.isalpha() and not earlier.isalpha() and after.isalpha():
        following = _RUN_AFTER.match(text, index + 1).group(0)
        return "-" not in following
    return True


# Where no bracket holds a separator or another bracket, and a space follows every comma,
# every separator splits: one regular expression does (a comma's space stays with the next
# piece, as below)
_SEPARATORS = re.escape(",;\n" + BULLETS + SECTION)
_BRACKET_HOLDS = re.compile(
    f"[{re.escape(OPENING)}][^{re.escape(OPENING + CLOSING)}{_SEPARATORS}]*"
    f"[{re.escape(OPENING)}{_SEPARATORS}]"
)
_ALWAYS = re.escape(";" + BULLETS + SECTION)
_FLAT_SPLIT = (re.compile(f"[{_ALWAYS}]|,(?= )"), re.compile(f"[{_ALWAYS}\n]|,(?= )"))
_ALWAYS_CHARS = ";" + BULLETS + SECTION
_NEWLINE_TOO = _ALWAYS_CHARS + "\n"
# Lists whose commas have no space ("AQUA,GLYCERIN,1,2-HEXANEDIOL") were walked separator by
# separator in Python (split_nested). Where no bracket holds a separator and the text's
# letters and digits are ASCII (the bullets are neither), one regular expression splits them
# the same way: _comma_splits' rules as look-arounds.
_COMMA_KEPT = (  # the commas _comma_splits keeps inside a name, seen from after the comma
    r"(?<=[0-9],)[0-9]"  # "1,2-HEXANEDIOL", "0,5 %"
    r"|(?<=[A-Za-z],)(?=[0-9])(?![0-9]+(?:,[0-9]+)+-|[0-9]+[A-Za-z]{2})"  # "BETA,4-DIMETHYL"
    r"|(?<=[A-Za-z],)(?<![A-Za-z]{2},)[A-Za-z][^\s,;-]*-"  # "N,N-DIMETHYL"
)
# a separator first, so the engine scans for one quickly; then a comma's own test
_REGULAR_SPLIT = [
    re.compile(f"[{_ALWAYS},{chr(10) if newline else ''}](?:(?<!,)|(?!{_COMMA_KEPT}))")
    for newline in (False, True)
]
# besides ASCII, only the bullets: then str.isalpha and isdigit are [A-Za-z] and [0-9]
_NOT_ASCII = re.compile(f"[^\\x00-\\x7f{re.escape(BULLETS)}]")


def split(text: str, newline_splits: bool) -> list[str]:
    """Split on separators outside brackets (commas only where _comma_splits says so). Where
    this module is compiled (native.py), by one pass over the characters in C
    (split_scanning); else by str.split where only one kind of separator is used, by one
    regular expression where one can (above), else visiting only brackets and separators
    (split_nested). (Lists with a bracket holding separators, "[+/- CI 77891, CI 77491]",
    took a regular expression too where the brackets do not nest: no quicker than
    split_nested, so not kept.)"""
    if cython.compiled:  # 0.64, 0.34 and 0.10 of the time of the three routes below, measured
        return split_scanning(text, newline_splits)
    bare = "," in text and text.count(",") != text.count(", ")
    holds = has_any(text, OPENING) and _BRACKET_HOLDS.search(text) is not None
    if not bare and not holds:  # every separator splits
        chars = _NEWLINE_TOO if newline_splits else _ALWAYS_CHARS
        used = [char for char in chars if char in text]
        if not used:  # most lists: commas, each with a space after it
            return text.split(",")
        if len(used) == 1 and "," not in text:
            return text.split(used[0])
        return _FLAT_SPLIT[newline_splits].split(text)
    if not holds and (text.isascii() or _NOT_ASCII.search(text) is None):
        return _REGULAR_SPLIT[newline_splits].split(text)
    return split_nested(text, newline_splits)


def split_nested(text: str, newline_splits: bool) -> list[str]:
    pieces, start, depth = [], 0, 0
    for found in _SPECIAL.finditer(text):
        char, index = found.group(), found.start()
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0:
            if char == ",":  # ", " always splits; other commas may be inside a chemical name
                splits = text[index + 1 : index + 2] == " " or _comma_splits(text, index)
            else:
                splits = char != "\n" or newline_splits
            if splits:
                pieces.append(text[start:index])
                start = index + 1
    pieces.append(text[start:])
    return pieces


@cython.locals(
    text=str, size=cython.Py_ssize_t, at=cython.Py_ssize_t, start=cython.Py_ssize_t,
    depth=cython.Py_ssize_t, char=cython.Py_UCS4, splits=cython.bint,
)  # fmt: skip
def split_scanning(text, newline_splits) -> list[str]:
    """split_nested's answer, reading every character: in C where compiled (C types above), a
    loop far quicker than finding the separators with a pattern; in Python, slower."""
    pieces: list[str] = []
    start = depth = 0
    size = len(text)
    at = -1
    for char in text:  # compiled: a loop over the string's characters in C
        at += 1
        # most characters are ASCII letters, digits or spaces (no separator or bracket is
        # alphanumeric): told apart by comparisons before the Unicode tables are read
        if "a" <= char <= "z" or "A" <= char <= "Z" or "0" <= char <= "9" or char == " ":
            continue
        if char >= "\x80" and char.isalnum():
            continue
        if char == "(" or char == "[" or char == "{":
            depth += 1
        elif char == ")" or char == "]" or char == "}":
            if depth:
                depth -= 1
        elif depth == 0:
            if char == ",":  # ", " always splits; other commas may be inside a chemical name
                splits = (at + 1 < size and text[at + 1] == " ") or _comma_splits(text, at)
            elif char == "\n":
                splits = newline_splits
            else:
                splits = char in _ALWAYS_CHARS
            if splits:
                pieces.append(text[start:at])
                start = at + 1
    pieces.append(text[start:])
    return pieces


def has_any(text: str, chars: str) -> bool:
    return any(char in text for char in chars)


def balanced(text: str) -> bool:
    if cython.compiled:  # one pass over the characters in C: a tenth of the time
        return balanced_scanning(text)
    depth = 0
    for char in _BRACKETS.findall(text):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@cython.locals(text=str, depth=cython.Py_ssize_t, char=cython.Py_UCS4)
def balanced_scanning(text) -> bool:
    """balanced()'s answer, reading every character (in C where compiled)."""
    depth = 0
    for char in text:
        if char == "(" or char == "[" or char == "{":
            depth += 1
        elif char == ")" or char == "]" or char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@functools.cache
def _brackets_and(chars: str) -> re.Pattern:
    return re.compile("[" + re.escape(OPENING + CLOSING + chars) + "]")


def top_level_has(text: str, chars: str) -> bool:
    """Whether the text has one of these separators outside brackets (commas that split)."""
    depth = 0
    for found in _brackets_and(chars).finditer(text):
        char, index = found.group(), found.start()
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and (char != "," or _comma_splits(text, index)):
            return True
    return False
