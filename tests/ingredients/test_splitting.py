"""Reading a list takes shortcuts for speed (str.split or one regular expression where the
text allows, a pattern tried only where it can match): every shortcut must answer exactly as
the general way does (splitting.split_nested, the patterns)."""

import json
import random
from pathlib import Path

import pytest

from treatsafe.ingredients.splitting import split, split_nested, split_scanning

DATA = Path(__file__).with_name("data")
REAL = [json.loads(line)["text"] for line in (DATA / "real_labels.jsonl").open(encoding="utf-8")]
# what decides a split: every separator, brackets of each kind, commas between letters and
# digits as chemical names and OCR damage have them, bullets, letters and digits beyond ASCII
MARKS = ["Aqua", ", ", ",", ";", "•", "·", "*", "|", "\x1e", "\n", " ", "1,2-", "N,N", "x", "-"]
MARKS += ["(", ")", "[", "]", "{", "}", "(WATER)", "[+/- CI 1, CI 2]", "1", "23", "a", "B"]
MARKS += ["Beta,4-", ",1UPINUS", "2,3,4-", "0,5 %", "é", "²", "٣", "ǅ", "\t", "P,ALPHA-", ",-"]


@pytest.mark.parametrize("seed", range(4))
def test_lists_split_as_the_general_splitter_splits_them(seed):
    rng = random.Random(seed)
    made = ["".join(rng.choice(MARKS) for _ in range(rng.randint(0, 18))) for _ in range(5000)]
    for text in (REAL if seed == 0 else []) + made:
        for newline_splits in (False, True):
            assert split(text, newline_splits) == split_nested(text, newline_splits), text


@pytest.mark.parametrize("seed", range(2))
def test_the_character_scan_splits_as_the_general_splitter_splits(seed):
    """split_scanning (what split runs where compiled), compiled or not: every separator, kind
    of bracket and comma neighbourhood, and no separator or bracket taken for a letter."""
    rng = random.Random(100 + seed)
    made = ["".join(rng.choice(MARKS) for _ in range(rng.randint(0, 18))) for _ in range(5000)]
    made += ["".join(rng.choice("aZ09,- ;(\n)[é²•·*|\x1e") for _ in range(6)) for _ in range(5000)]
    for text in (REAL if seed == 0 else []) + made:
        for newline_splits in (False, True):
            assert split_scanning(text, newline_splits) == split_nested(text, newline_splits)


def test_brackets_are_balanced_where_the_character_scan_says_so():
    from treatsafe.ingredients.splitting import _BRACKETS, OPENING, balanced_scanning

    def by_pattern(text):
        depth = 0
        for char in _BRACKETS.findall(text):
            depth += 1 if char in OPENING else -1
            if depth < 0:
                return False
        return depth == 0

    rng = random.Random(12)
    made = ["".join(rng.choice(MARKS) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    for text in REAL + made + ["", "()", ")(", "([)]", "{[(", "a(b)c]"]:
        assert balanced_scanning(text) == by_pattern(text), text


def test_lists_of_single_characters_split_as_the_general_splitter_splits_them():
    """Every neighbourhood of a comma: three characters either side from a small alphabet."""
    rng = random.Random(9)
    alphabet = "aZ09,- ;(\n)[é²"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9)))
        for newline_splits in (False, True):
            assert split(text, newline_splits) == split_nested(text, newline_splits), text


def test_a_may_contain_marker_is_found_at_a_pieces_start_as_stripping_then_matching_finds_it():
    from treatsafe.ingredients.parsing import MAY_CONTAIN, _starts_with_marker

    rng = random.Random(4)
    words = [" ", "\n", "\x1e", "\t", "(", "[", "{", ")", ".", ". ", "may contain", "MAY", "+/-"]
    words += ["±", "+", "/", "-", "peut contenir", "x", "Mica", ":", "Kann enthalten", "mays"]
    words += ["\u212aann enthalten", "\u00a0", "Puede contener", "PEUT", "kx"]
    for _ in range(20000):
        raw = "".join(rng.choice(words) for _ in range(rng.randint(0, 7)))
        stripped = raw.strip().lstrip("([{").strip()
        assert _starts_with_marker(raw) == bool(MAY_CONTAIN.match(stripped)), raw


def test_a_pieces_spaces_at_either_end_do_not_change_its_fragments():
    """parse_pieces drops them, so that one memo entry serves the piece however spaced."""
    from treatsafe.ingredients.parsing import fragments_of

    rng = random.Random(6)
    pieces = [piece for text in REAL for piece in split(text, False)]
    pieces += ["".join(rng.choice(MARKS) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    for piece in pieces:
        padded = " " * rng.randint(0, 2) + piece.strip(" ") + " " * rng.randint(0, 2)
        for may_contain in (False, True):
            assert fragments_of(padded, may_contain) == fragments_of(piece.strip(" "), may_contain)


def test_control_characters_are_counted_in_ascii_text_as_the_pattern_counts_them():
    from treatsafe.ingredients.errors import LabelError
    from treatsafe.ingredients.services import _CONTROLS, count_controls, validate_text

    rng = random.Random(8)
    alphabet = [chr(code) for code in range(0x20)] + ["a", " ", ",", "\x7f", "é", "\ufffd"]
    for _ in range(3000):
        text = "Aqua" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        controls = len(_CONTROLS.findall(text))
        assert count_controls(text) == controls, text
        refused = "\x00" in text or controls > max(2, len(text) // 100)
        try:
            validate_text(text)
        except LabelError:
            assert refused, text
        else:
            assert not refused, text
