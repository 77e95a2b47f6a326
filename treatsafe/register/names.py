"""Finding listings by a practitioner's or clinic's name (the look-up's name reading).

Names are found with the database's own trigram index over folded text (accents and case
removed, `indexing.fold`): on SQLite an FTS5 table with the trigram tokenizer, on PostgreSQL a
pg_trgm GIN index (migration 0004). A look-up first asks, in one query, for every listing whose
names contain each word: the index reads the distinctive words, and words in half the register's
clinic names ("clinic", "aesthetics") or under three letters are checked on the rows it finds,
never read from the index. Only when no listing has every word does it correct slips: each word
stands for itself and for the words of the register within one or two edits of it (a letter
dropped, doubled, changed or two swapped; `Vocabulary`), and the index is asked once for the
listings holding, for every word, one of those. Candidates are ranked by rapidfuzz's token-set
similarity, the same on both databases; a listing with every word whole in one of its names
scores 100 whatever the rest, so the others are scored only when a page needs them.
"""

from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from treatsafe.register.indexing import KEY_SEPARATOR, fold, vocabulary
from treatsafe.register.models import NameEntry
from treatsafe.register.search import InvalidSearch

MIN_LETTERS = 3
MAX_CANDIDATES = 1000  # more matches than this are counted, and the index's first kept
FUZZY_MIN_SCORE = 80  # rapidfuzz token-set ratio a corrected match must reach
TITLES = {"dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "nurse"}
# Words in so many clinic names that the index would read half the register for them: checked
# on the rows the other words find, and asked of the index only when alone.
COMMON_WORDS = {
    "aesthetic",
    "aesthetics",
    "and",
    "beauty",
    "centre",
    "center",
    "clinic",
    "clinics",
    "cosmetic",
    "laser",
    "medical",
    "skin",
    "studio",
    "the",
}
NAME_TABLE = NameEntry._meta.db_table


def query_words(text: str) -> list[str]:
    words = fold(text).split()
    meaningful = [w for w in words if w not in TITLES]
    return meaningful or words


def score(words: list[str], key: str) -> float:
    """How well the query matches the best of the listing's names (practitioner, clinics)."""
    query = " ".join(words)
    return max(fuzz.token_set_ratio(query, part) for part in key.split(KEY_SEPARATOR))


def scores(words: list[str], rows: list[tuple[int, str]]) -> list[tuple[int, str, float]]:
    """`score` of every row, in rapidfuzz's own loop over all their names at once."""
    names, owners = [], []
    for i, (_, key) in enumerate(rows):
        for part in key.split(KEY_SEPARATOR):
            names.append(part)
            owners.append(i)
    best = [0.0] * len(rows)
    for _, value, j in process.extract(
        " ".join(words), names, scorer=fuzz.token_set_ratio, limit=None
    ):
        i = owners[j]
        if value > best[i]:
            best[i] = value
    return [(pk, key, best[i]) for i, (pk, key) in enumerate(rows)]


def is_perfect(words: set[str], key: str) -> bool:
    """Whether `score` is 100 without computing it: token-set similarity is 100 exactly when
    one name's set of words holds the query's, or the query's holds the name's."""
    for part in key.split(KEY_SEPARATOR):
        tokens = set(part.split())
        if tokens and (words <= tokens or tokens <= words):
            return True
    return False


def max_edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def near(word: str, listed: tuple[str, ...]) -> list[str]:
    """Words of the register within one slip (two for words of five letters or more) of
    `word`, at least MIN_LETTERS long, without the common clinic words."""
    found = process.extract(
        word, listed, scorer=OSA.distance, score_cutoff=max_edits(word), limit=None
    )
    return [w for w, _, _ in found if len(w) >= MIN_LETTERS and w not in COMMON_WORDS]


# --- the text index, per database -----------------------------------------------------------


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _where(groups: list[list[str]], checks: list[str]) -> tuple[str, str, list]:
    """FROM and WHERE: every group must match (any of its strings will do), through the text
    index; every check must match too, tested on the rows the index finds."""
    if connection.vendor == "sqlite":
        if groups:
            match = " AND ".join(
                "(" + " OR ".join('"' + s.replace('"', '""') + '"' for s in group) + ")"
                for group in groups
            )
            source = (
                f"register_name_fts f JOIN {NAME_TABLE} e ON e.id = f.rowid "
                "WHERE register_name_fts MATCH %s"
            )
            params = [match]
        else:
            source, params = f"{NAME_TABLE} e WHERE 1 = 1", []
        tests = "".join(" AND instr(e.key, %s) > 0" for _ in checks)
        return source, tests, [*params, *checks]
    # PostgreSQL: pg_trgm's GIN index serves LIKE and ORs of them; strpos() it never reads
    likes = " AND ".join("(" + " OR ".join(["e.key LIKE %s"] * len(g)) + ")" for g in groups)
    params = [f"%{_escape_like(s)}%" for group in groups for s in group]
    tests = "".join(" AND strpos(e.key, %s) > 0" for _ in checks)
    return f"{NAME_TABLE} e WHERE {likes or '1 = 1'}", tests, [*params, *checks]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def candidates(
    groups: list[list[str]], checks: list[str], limit: int = MAX_CANDIDATES, count: bool = True
) -> tuple[list[tuple[int, str]], int]:
    """Listings whose names hold, for every group, one of its strings (each 3 letters or more,
    read from the index), and every check, up to `limit`; and how many there are. When there
    are more (and `count`), the first `limit` by name and id, counted in the same query: a
    page of equally good matches is then the same whichever page asked."""
    source, tests, params = _where(groups, checks)
    select = f"SELECT e.practitioner_id, e.key FROM {source}{tests}"
    rows = _fetch(f"{select} LIMIT %s", [*params, limit + 1])
    if len(rows) <= limit or not count:
        return rows[:limit], min(len(rows), limit)
    by_name = "e.key" if connection.vendor == "sqlite" else 'e.key COLLATE "C"'
    rows = _fetch(
        f"SELECT e.practitioner_id, e.key, COUNT(*) OVER () FROM {source}{tests} "
        f"ORDER BY {by_name}, e.practitioner_id LIMIT %s",
        [*params, limit],
    )
    return [(pk, key) for pk, key, _ in rows], rows[0][2]


def containing(words: list[str], limit: int) -> tuple[list[tuple[int, str]], int]:
    """Listings whose names contain every word (up to `limit`), and how many there are."""
    indexed = [w for w in words if len(w) >= MIN_LETTERS and w not in COMMON_WORDS]
    indexed = indexed or [w for w in words if len(w) >= MIN_LETTERS][:1]
    checks = [w for w in dict.fromkeys(words) if w not in indexed]
    return candidates([[w] for w in indexed], checks, limit)


def corrections(word: str, listed: tuple[str, ...]) -> list[str] | None:
    """What a typed word may stand for: itself (inside a longer name too) and the register's
    words within one slip of it, leaving out those holding another of them (the index finds
    "edward" in "edwards"); None when it is in no name of the register nor near one."""
    found = near(word, listed)
    if not found and not any(word in known for known in listed):
        return None
    kept: list[str] = []
    for w in sorted({*found, word}, key=len):
        if not any(k in w for k in kept):
            kept.append(w)
    return kept


def similar(words: list[str]) -> list[tuple[int, str, float]]:
    """Listings for a name with slips, ranked, scoring FUZZY_MIN_SCORE or more: first those
    holding, for every word the register knows as it is, that word, and for every other, the
    word or one within a slip of it; if none scores enough, every word may stand for one within
    a slip (a slip can make another real name). A word that is in no name of the register, nor
    near one, is left out when another word remains."""
    words = [w for w in dict.fromkeys(words) if len(w) >= MIN_LETTERS and w not in COMMON_WORDS]
    if not words:
        return []
    listed = vocabulary.words()
    every = {w: corrections(w, listed) for w in words}
    tries = [{w: [w] if w in vocabulary else every[w] for w in words}, every]
    for groups in tries if tries[0] != tries[1] else tries[:1]:
        alive = [group for group in groups.values() if group]
        if not alive:
            return []
        rows, _ = candidates(alive, [], count=False)
        scored = scores(words, rows)
        ranked = [r for r in scored if r[2] >= FUZZY_MIN_SCORE]
        if ranked:
            return sorted(ranked, key=lambda r: (-r[2], r[1], r[0]))
    return []


# --- ranking --------------------------------------------------------------------------------


@dataclass
class NameMatches:
    words: list[str]
    rows: list[tuple[int, str]]  # practitioner id, key: the candidates (see `candidates`)
    total: int
    approximate: bool  # found by correcting slips, not by every word
    _ranked: list[tuple[int, str, float]] | None = field(default=None, repr=False)

    @property
    def ranked(self) -> list[tuple[int, str, float]]:
        """Every candidate with its score, best first (equal scores by name, then id)."""
        if self._ranked is None:
            scored = scores(self.words, self.rows)
            self._ranked = sorted(scored, key=lambda r: (-r[2], r[1], r[0]))
        return self._ranked

    def page(self, start: int, end: int) -> list[int]:
        """The ids ranked start to end: when that many candidates score 100 (every word whole
        in one name), they are the first by name and nothing else needs scoring."""
        if self._ranked is None:
            wanted, perfect = set(self.words), []
            for key, pk in sorted((key, pk) for pk, key in self.rows):
                if is_perfect(wanted, key):
                    perfect.append(pk)
                    if len(perfect) == end:
                        return perfect[start:end]
        return [pk for pk, _, _ in self.ranked[start:end]]

    @property
    def ids(self) -> list[int]:
        return [pk for pk, _ in self.rows]


def find_names(text: str, want: int = 0) -> NameMatches:
    """The listings a name finds; `want` ranked ones at least (a later page) when there are."""
    words = query_words(text)
    if sum(len(w) for w in words) < MIN_LETTERS:
        raise InvalidSearch(f"Enter at least {MIN_LETTERS} letters of a name.", field="q")
    rows, total = containing(words, max(MAX_CANDIDATES, want))
    if rows:
        return NameMatches(words, rows, total, approximate=False)
    ranked = similar(words)
    rows = [(pk, key) for pk, key, _ in ranked]
    return NameMatches(words, rows, len(rows), approximate=True, _ranked=ranked)
