"""The per-process memos of the label checker: labels repeat names, so answers are kept, up to a
bound. When one is full, its oldest tenth goes (dictionaries keep insertion order): clearing all
the answers at once cost the unlucky label tens of milliseconds and every name after it a
cold start."""

from itertools import islice

# Each memo is a worker's own memory: at 50,000 entries a worker that had checked 50,000 varied
# labels was 85 MB larger and still growing; at 20,000, 53 MB and levelling off (README,
# Performance). A common name dropped with the oldest costs one look-up the next time it is seen.
MEMO_SIZE = 20_000
EVICT = MEMO_SIZE // 10


def make_room(memo: dict) -> None:
    """Drop the oldest entries of a full memo."""
    if len(memo) >= MEMO_SIZE:
        for key in list(islice(memo, EVICT)):
            del memo[key]
