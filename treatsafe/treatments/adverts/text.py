"""The advert as text: a folded copy with the same character offsets, its sentences, and the
reach of each negation.

`fold` lower-cases, strips accents and maps look-alike punctuation one character for one, so a
match in the folded text quotes the same offsets in the advert as written. Sentences end at
. ! ? and line breaks; a clause also ends at , ; : brackets, a spaced dash and the words that
start a new thought ("but", "just", "and we" ...). A negation ("no", "never", "free from", "we
don't", a 🚫 after the words) reaches to the end of its own clause only, across emoji and
hashtags, never into the next clause.
"""

import bisect
import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

_PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u00a3": "£",
}


@cache
def _fold_char(char: str) -> str:
    """One character for one: the plain lower-case form when it is a single character."""
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) == 1:
        char = base
    lower = char.lower()
    return lower if len(lower) == 1 else char


def fold(text: str) -> str:
    """The advert folded for matching, with exactly the same length (and offsets) as the text."""
    table = {ord(c): _fold_char(c) for c in set(text) if not c.isascii() or c.isupper()}
    return text.translate(table)


# --- Sentences and clauses ------------------------------------------------------------------

SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"')\]]|$)|\n+|[•▪◦●|]")
CLAUSE_END = re.compile(
    r",(?!\s*ever\b)|[;:()\[\]{}→=]|\s[-~]+\s|\s+-+>|"
    r"\b(?:but|however|yet|although|though|while|whilst|whereas|instead|except|only|just|"
    r"so|because|plus|also|then|which|unless|until|if|even)\b|"
    r"(?:\band\b|&|\+)(?=\s+(?:we|i|you|they|it|our|your|get|gets|enjoy|see|book|results?|"
    r"guaranteed|permanent|now|for|then|still|after|with|leave|walk|look)\b)|"
    # emoji before a new subject end a clause ("Not all exosomes are equal 👀 ours come from")
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF](?=[\ufe0f\u200d\s\U0001F300-\U0001FAFF]*"
    r"(?:we|our|ours|i|you|your|it|they|this|these|those|that's|it's|we're|we've|ask|book|"
    r"call|dm|message|get|try|see|click|tap|visit|come|join|grab|treat|pop|swipe|enquire|"
    r"contact|link)\b)"
)


class Span(NamedTuple):
    start: int
    end: int


def sentence_spans(folded: str) -> list[Span]:
    spans, start = [], 0
    for match in SENTENCE_END.finditer(folded):
        end = match.end()
        if folded[start:end].strip():
            spans.append(Span(start, end))
        start = end
    if folded[start:].strip():
        spans.append(Span(start, len(folded)))
    return spans


@lru_cache(maxsize=2048)
def _clause_breaks(folded: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """Where the clause breaks of folded[start:end] start and end (the text's hash is cached by
    Python, so this costs one scan a sentence)."""
    breaks = list(CLAUSE_END.finditer(folded, start, end))
    return [match.start() for match in breaks], [match.end() for match in breaks]


def clause_bounds(folded: str, sentence: Span, position: int) -> tuple[int, int]:
    """The clause of `sentence` holding `position`: from the last clause break before it to
    the first one after it."""
    starts, ends = _clause_breaks(folded, sentence.start, sentence.end)
    before = bisect.bisect_right(ends, position) - 1
    start = ends[before] if before >= 0 else sentence.start
    after = bisect.bisect_left(starts, position)
    end = starts[after] if after < len(starts) else sentence.end
    return start, end


# --- Negation ------------------------------------------------------------------------------

# Words that turn around the few words right after them ("no human cells", "free from donor
# tissue", "an alternative to Botox", "🚫 needles") ...
DETERMINER_NEGATOR = re.compile(
    r"\b(?:no|zero|without|none\s+of|nor|neither|free\s+(?:of|from)|alternatives?\s+to|"
    r"instead\s+of|rather\s+than|unlike|say\s+no\s+to|forget|skip|ditch|swap)\b|[🚫❌⛔🙅✖]"
)
DETERMINER_REACH = 3  # words
PRICE_OR_NUMBER = re.compile(r"[£$€]|\d")
# ... and those that turn around the rest of their clause ("we never use human or donor
# material", "they are not injected").
VERBAL_NEGATOR = re.compile(
    r"\b(?:not|never|nothing|nobody|isn'?t|aren'?t|wasn'?t|weren'?t|won'?t|wouldn'?t|don'?t|"
    r"doesn'?t|didn'?t|can'?t|cannot|shouldn'?t|mustn'?t|avoids?|avoiding|stopped|"
    r"no\s+longer|discontinued|used\s+to|gave\s+up)\b"
)
VERBAL_REACH = 60  # characters
NEGATION_LOOKBACK = 100  # characters before a claim that can hold its negation
ATTACHED_NON = re.compile(r"\bnon[\s-]?$")
WORD = re.compile(r"[a-z0-9]+")
# Words or signs just after a claim that deny it ("needle-free", "human cells? never",
# "placenta 🚫", "donor tissue - not here").
AFTER_NEGATOR = re.compile(
    r"^[\s\"')#*_-]*(?:free\b|alternatives?\b|substitutes?\b|style\b|like\b|inspired\b|"
    r"in\s+a\s+(?:bottle|jar|tube|pot)\b|"
    r"(?:[?!.:,-]\s*)?(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\ufe0f\u200d]\s*)*"
    r"(?:nope|never|no\s+way|not\s+(?:here|ever|us|at\s+all|at\s+our|in\s+our|on\s+our)|"
    r"[🚫❌⛔🙅✖]))"
)
# A claim described as against the law is a warning, not an offer ("human exosomes are
# banned", "injected exosomes would be an unlicensed medicine").
LAW_AFTER = re.compile(
    r"^[\w\s'\"-]{0,40}?\b(?:is|are|were|was|being|would\s+be|will\s+be|remains?|counts?\s+as)"
    r"\s+(?:now\s+|still\s+|also\s+|strictly\s+|classed\s+as\s+)?(?:an?\s+)?"
    r"(?:banned|illegal|prohibited|unlawful|unlicensed|against\s+the\s+law|"
    r"not\s+(?:allowed|permitted|legal|licensed|to\s+be\s+\w+)|prescription[\s-]*only)"
)
DENIAL_REPLY = re.compile(
    r"^[\s\"')#*_-]*(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\ufe0f\u200d]\s*)*"
    r"(?:no(?=\s*(?:[.!,;:)-]|$|we\b|thanks|sorry|[\U0001F300-\U0001FAFF\u2600-\u27BF]))|"
    r"nope|never|no\s+way|absolutely\s+not|"
    r"of\s+course\s+not|certainly\s+not|definitely\s+not|not\s+(?:here|ever|us|yet|at\s+all|at\s+our)|"
    r"(?:we|i|they)\s+(?:never|don'?t|do\s+not|won'?t|will\s+not|would\s+never)\b|[🚫❌⛔🙅✖])"
)
# A negation word that is itself part of a claim ("no risk") does not negate that claim.
CLAIM_OPENS_WITH_NEGATION = re.compile(r"^(?:no|zero|without|not|never|non)\b")


def negated(folded: str, sentence: Span, start: int, end: int) -> bool:
    """True when a negation governs folded[start:end] within its own clause."""
    clause_start, _clause_end = clause_bounds(folded, sentence, start)
    before = folded[max(clause_start, start - NEGATION_LOOKBACK) : start]
    opens_negated = bool(CLAIM_OPENS_WITH_NEGATION.match(folded[start:end]))
    if ATTACHED_NON.search(before):
        return True
    for match in DETERMINER_NEGATOR.finditer(before):
        # "no downtime and no risk": an earlier "no" does not turn a "no risk" claim around
        reach = before[match.end() :]
        if opens_negated or PRICE_OR_NUMBER.search(reach):
            continue  # "no risk £20 botox": the price starts another phrase
        if len(WORD.findall(reach)) <= DETERMINER_REACH:
            return True
    for match in VERBAL_NEGATOR.finditer(before):
        if len(before) - match.end() <= VERBAL_REACH:
            return True
    after = folded[end : min(sentence.end, end + 80)]
    if not opens_negated and AFTER_NEGATOR.match(after):
        return True
    return bool(LAW_AFTER.match(after))


def denied_question(folded: str, sentence: Span, following: Span | None) -> bool:
    """A question answered by a denial ("Human exosomes? Nope!", "Injected? No, ...")."""
    if not folded[sentence.start : sentence.end].rstrip().endswith("?") or following is None:
        return False
    return bool(
        DENIAL_REPLY.match(folded[following.start : min(following.end, following.start + 80)])
    )
