"""The per-process memos of the label checker: labels repeat names, so answers are kept, up to a
bound. When one is full, its oldest tenth goes (dictionaries keep insertion order): clearing all
50,000 answers at once cost the unlucky label tens of milliseconds and every name after it a
cold start."""

from itertools import islice

MEMO_SIZE = 50_000
EVICT = MEMO_SIZE // 10


def make_room(memo: dict) -> None:
    """Drop the oldest entries of a full memo."""
    if len(memo) >= MEMO_SIZE:
        for key in list(islice(memo, EVICT)):
            del memo[key]
