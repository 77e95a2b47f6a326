"""Reading an advert: its sentences, the sentences that are not offers, and what each word for
putting something through the skin is attached to.

A route word ("injections", "meso gun", "into the dermis", "cannula") belongs to the product
named nearest to it in its sentence, through lists ("polynucleotides, exosomes and vitamins
injected") and compounds ("exosome skin booster ... cannula"), never past another service
("Injectables ✅ facials ✅ exosomes"), a semicolon or a colon.
"""

import bisect
import re
from functools import cached_property
from typing import NamedTuple

from treatsafe.treatments.adverts.lexicon import Lexicon, lexicon
from treatsafe.treatments.adverts.text import (
    Span,
    clause_bounds,
    denied_question,
    fold,
    negated,
    sentence_spans,
)

MAX_SENTENCE = 600  # a longer run without punctuation is read in pieces of about this size
MENTION_BLOCK_SENTENCES = 24  # sentences whose mentions are found in one pass
ATTACH_REACH = 60  # characters between a route word and the product it is about
LAW_WORDS = re.compile(
    r"\b(?:prescription[\s-]*only|against\s+the\s+law|illegal|banned|prohibited|unlawful|"
    r"unlicensed|not\s+(?:allowed|permitted|legal))\b|\bthe\s+law\b"
)
WARNING_OPENER = re.compile(
    r"^\W*(?:be\s+careful|beware|watch\s+out|warning|caution|avoid|never\s+(?:book|trust|let)|"
    r"don.?t\s+(?:book|trust|be\s+fooled|fall)|some\s+(?:clinics|salons|practitioners|people)|"
    r"other\s+(?:clinics|salons)|rogue|cowboy|many\s+(?:clinics|salons))\b"
)
THOSE_ARE_ILLEGAL = re.compile(
    r"^\W*(?:those|these|they|this|that|such\s+\w+)\s+(?:\w+\s+)?(?:are|is|would\s+be|were)\s+"
    r"(?:\w+\s+)?(?:banned|illegal|prohibited|unlawful|unlicensed|against\s+the\s+law|"
    r"not\s+(?:allowed|permitted|legal))"
)
COORDINATION = re.compile(r"^(?:[\s,&+/()'\"]|and\b|or\b|with\b|plus\b|of\b)*$")
COMPOUND_GAP = re.compile(r"^[\s'\"+&-]*(?:[a-z]+[\s-]+){0,2}?$")
HARD_BREAK = re.compile(r"[;:]")
TOKEN = re.compile(r"[a-z0-9]+")
CLOSE_ROUTE = re.compile(  # route words that name what comes just before them
    r"(?:micro[\s-]*)?(?:injections?|jabs?|shots?|mesotherapy|drips?|infusions?|injected)"
)
PURPOSE = re.compile(r"^\W*(?:for|to\s+(?:treat|help|fix|target|reduce))\b")
_WORD_GATES: dict[str, frozenset[str]] = {}  # word -> the gates it opens, shared by adverts
# "exosomes and peptides delivered through hundreds of micro-punctures using a needle injector":
# a delivery verb carries the product to a route word further on in its clause.
DELIVERY = re.compile(
    r"\b(?:delivered|placed|introduced|administered|pushed|put|given|infused|implanted|"
    r"deposited|driven)\s+(?:\w+\s+){0,1}(?:through|into|under|via|by|with|using|beneath|in)\b"
)


class Mention(NamedTuple):
    start: int
    end: int
    kind: str  # active, exosome, vitamin, toxin, product, service, microneedling
    slug: str | None  # the catalogue treatment it names, for prices


class Reading:
    """One advert, read once: folded text, sentences and the mentions in each."""

    def __init__(self, text: str, naive: bool = False):
        """`naive` reads every sentence for every word group and remembers nothing between
        detectors: the baseline bench/adverts.py times against, giving the same answers."""
        self.text = text
        self.naive = naive
        self.folded = fold(text)
        self.lex: Lexicon = lexicon()
        self.sentences = self._sentences()
        self._mentions: dict[Span, list[Mention]] = {}
        self._routes: dict[Span, list[tuple[re.Match, str]]] = {}
        self._gates: dict[Span, frozenset[str]] = {}
        self._attached: dict[tuple, list[Mention]] = {}
        self.memo: dict[str, object] = {}  # advert-wide facts a detector works out once

    def _sentences(self) -> list[Span]:
        spans = []
        for span in sentence_spans(self.folded):
            start = span.start
            while span.end - start > MAX_SENTENCE:
                cut = self.folded.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
                cut = cut if cut > start else start + MAX_SENTENCE
                spans.append(Span(start, cut))
                start = cut
            spans.append(Span(start, span.end))
        return spans

    def words(self, span: Span) -> str:
        return self.folded[span.start : span.end]

    @cached_property
    def offers(self) -> list[Span]:
        """The sentences that may offer something: not a denied question, not a warning about
        other clinics, not a question answered by the law."""
        kept = []
        for index, span in enumerate(self.sentences):
            following = self.sentences[index + 1] if index + 1 < len(self.sentences) else None
            words = self.words(span)
            if denied_question(self.folded, span, following):
                continue
            if WARNING_OPENER.match(words):
                continue
            if following is not None:
                answer = self.words(following)
                if THOSE_ARE_ILLEGAL.match(answer):
                    continue
                if words.rstrip().endswith("?") and LAW_WORDS.search(answer):
                    continue
            kept.append(span)
        return kept

    def find(self, pattern: re.Pattern, span: Span):
        gate = self.lex.gated.get(id(pattern))
        if gate is not None and not self.naive and gate not in self.gates(span):
            return iter(())
        return pattern.finditer(self.folded, span.start, span.end)

    def offers_opening(self, *gates: str) -> list[Span]:
        """The sentences that may offer something and may hold one of these groups of words."""
        if self.naive:
            return self.offers
        key = ("opening", gates)
        if key not in self.memo:
            self.memo[key] = [
                span for span in self.offers if not self.gates(span).isdisjoint(gates)
            ]
        return self.memo[key]

    def opens(self, span: Span, *gates: str) -> bool:
        """True when the sentence may hold any of these groups of words."""
        if self.naive:
            return True
        opened = self.gates(span)
        return any(gate in opened for gate in gates)

    def gates(self, span: Span) -> frozenset[str]:
        """The groups of words this sentence may hold, from the starts of its words."""
        opened = self._gates.get(span)
        if opened is None:
            known = _WORD_GATES
            if len(known) > 100_000:
                known.clear()
            found: set[str] = set()
            for word in set(TOKEN.findall(self.folded, span.start, span.end)):
                gates = known.get(word)
                if gates is None:
                    gates = known[word] = self._word_gates(word)
                found |= gates
            opened = self._gates[span] = frozenset(found)
        return opened

    def _word_gates(self, word: str) -> frozenset[str]:
        prefixes, whole = self.lex.gate_prefixes, self.lex.gate_words
        gates = set(whole.get(word, ()))
        for length in range(1, min(len(word), 9) + 1):
            gates.update(prefixes.get(word[:length], ()))
        return frozenset(gates)

    def negated(self, span: Span, start: int, end: int) -> bool:
        return negated(self.folded, span, start, end)

    def affirmed(self, pattern: re.Pattern, span: Span):
        """The matches of `pattern` in `span` that no negation governs."""
        for match in self.find(pattern, span):
            if not self.negated(span, match.start(), match.end()):
                yield match

    # --- mentions and routes ------------------------------------------------------------

    def mentions(self, span: Span) -> list[Mention]:
        """The products, ingredients and services named in a sentence, in order."""
        if self.naive:
            return self._sentence_mentions(span, self._find_mentions(span.start, span.end))
        if span not in self._mentions:
            self._read_block(span)
        return self._mentions[span]

    @cached_property
    def _sentence_index(self) -> dict[Span, int]:
        return {span: index for index, span in enumerate(self.sentences)}

    def sentence_index(self, span: Span) -> int:
        return self._sentence_index[span]

    def _read_block(self, span: Span) -> None:
        """Find the mentions of the run of sentences (about MENTION_BLOCK characters) holding
        `span` in one pass, and share them out: few regex calls for a long advert, and none for
        the parts no detector reaches."""
        index = self._sentence_index[span]
        first = index - index % MENTION_BLOCK_SENTENCES
        block = self.sentences[first : first + MENTION_BLOCK_SENTENCES]
        found = self._find_mentions(block[0].start, block[-1].end)
        starts = [m.start for m in found]
        for sentence in block:
            low = bisect.bisect_left(starts, sentence.start)
            high = bisect.bisect_left(starts, sentence.end)
            inside = [m for m in found[low:high] if m.end <= sentence.end]
            self._mentions[sentence] = self._sentence_mentions(sentence, inside)

    def _find_mentions(self, start: int, end: int) -> list[Mention]:
        lex = self.lex
        found: list[Mention] = []
        groups = lex.mention_groups
        for match in lex.mentions.finditer(self.folded, start, end):
            kind, slug = groups[match.lastgroup]
            if kind == "anti_wrinkle":
                following = self.folded[match.end() : min(end, match.end() + 60)]
                if lex.anti_wrinkle_product.match(following):
                    continue  # "anti-wrinkle cream" is not toxin
                kind = "toxin"
            found.append(Mention(match.start(), match.end(), kind, slug))
        return found

    def _sentence_mentions(self, span: Span, found: list[Mention]) -> list[Mention]:
        words = self.words(span)
        if (
            "polynucleotide" in words
            and "cocktail" not in words
            and not self.lex.exosomes.search(words)
        ):
            # "polynucleotides made from salmon DNA": the DNA describes the product
            return [
                Mention(m.start, m.end, "product", "polynucleotides")
                if m.kind == "active" and re.match(r"salmon|pdrn", self.folded[m.start : m.end])
                else m
                for m in found
            ]
        return found

    def routes(self, span: Span) -> list[tuple[re.Match, str]]:
        if self.naive:
            return self._find_routes(span)
        if span not in self._routes:
            self._routes[span] = self._find_routes(span)
        return self._routes[span]

    def _find_routes(self, span: Span) -> list[tuple[re.Match, str]]:
        lex = self.lex
        routes = [(m, "strong") for m in self.find(lex.strong_routes, span)]
        routes += [(m, "weak") for m in self.find(lex.weak_routes, span)]
        routes += [(m, "category") for m in self.find(lex.category_route, span)]
        return sorted(routes, key=lambda item: item[0].start())

    def attached(self, span: Span, route: re.Match, strength: str, mentions: list[Mention]):
        """The mentions a route word is about (empty when it is about nothing named)."""
        key = (span, route.start(), strength)
        if self.naive or key not in self._attached:
            self._attached[key] = self._attach(span, route, strength, mentions)
        return self._attached[key]

    def _attach(self, span: Span, route: re.Match, strength: str, mentions: list[Mention]):
        starts = [m.start for m in mentions]
        right_index = bisect.bisect_left(starts, route.end())
        left_index = right_index - 1
        while left_index >= 0 and mentions[left_index].end > route.start():
            left_index -= 1  # a mention overlapping the route word is not a neighbour
        best, best_gap = None, None
        candidates = []
        if left_index >= 0:
            candidates.append((left_index, "left"))
        if right_index < len(mentions):
            candidates.append((right_index, "right"))
        best_index = None
        for index, side in candidates:
            mention = mentions[index]
            if side == "left":
                between = self.folded[mention.end : route.start()]
            else:
                between = self.folded[route.end() : mention.start]
            # "Exosome hair treatment: injections into the scalp" names what it injects before
            # the colon; "Injectables: filler, exosome facial" is a heading over a list
            breaks = ";" in between if side == "left" else HARD_BREAK.search(between)
            if len(between) > ATTACH_REACH or breaks:
                continue
            if side == "right" and PURPOSE.match(between):
                continue  # "injected for hair loss": what it is for, not what is injected
            gap_words = len(TOKEN.findall(between))
            if strength == "weak" and (side == "right" or gap_words > 1):
                continue
            if strength == "category" and (side == "left" or gap_words > 3 or "," in between):
                continue
            if side == "left" and gap_words <= 2 and CLOSE_ROUTE.fullmatch(route.group()):
                # "growth factor serum injections for hair": a noun route names what is
                # injected just before it
                best, best_gap, best_index = mention, -1, index
                break
            gap = len(between) + (0 if side == "left" else 1)
            if best_gap is None or gap < best_gap:
                best, best_gap, best_index = mention, gap, index
        if best is None:
            best_index = self._delivered(span, route, mentions)
            best = mentions[best_index] if best_index is not None else None
        if best is None:
            return []
        group = self._coordinated(best_index, mentions)
        if best.kind == "service":
            # "exosome hair treatment: injections": only an ingredient named in the service
            return [m for m in group if m.kind in ("active", "exosome")]
        return [m for m in group if m.kind != "service"]

    def _delivered(self, span: Span, route: re.Match, mentions: list[Mention]):
        start, _end = clause_bounds(self.folded, span, route.start())
        verbs = list(DELIVERY.finditer(self.folded, start, route.start()))
        if not verbs:
            return None
        verb = verbs[-1]
        before = [
            index
            for index, m in enumerate(mentions)
            if start <= m.end <= verb.start() and verb.start() - m.end < 40
        ]
        return before[-1] if before else None

    def _coordinated(self, index: int, mentions: list[Mention]) -> list[Mention]:
        """The mention with the list it stands in and the active that qualifies it."""
        ordered = mentions  # already in order
        mention = ordered[index]
        group = [mention]
        for step in (-1, 1):
            current = index
            while 0 <= current + step < len(ordered):
                other, here = ordered[current + step], ordered[current]
                left, right = (other, here) if step < 0 else (here, other)
                between = self.folded[left.end : right.start]
                if other.kind == "service" or not COORDINATION.match(between):
                    break
                group.append(other)
                current += step
        # "exosome skin booster", "exosome facial": an active named just before the product
        for other in ordered[max(0, index - 1) : index]:
            if (
                other.kind in ("active", "exosome")
                and mention.start - other.end <= 30
                and COMPOUND_GAP.match(self.folded[other.end : mention.start])
            ):
                group.append(other)
        return group
