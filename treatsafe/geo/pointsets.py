"""Counting who has a point within a circle, in memory: the same test as the database's (a box
on latitude and longitude, then a dot product of unit vectors), over columns of numbers.

A dense city puts tens of thousands of points within 25 miles. The database reads and tests them
one by one and then sorts their owners to count them once each (tens of milliseconds); here the
same arithmetic runs over arrays (NumPy), in the same order of floating-point operations, so the
answer is the same number, in a tenth of a millisecond per thousand points.

Points come in groups (say, one per treatment), each sorted by latitude, so a search reads only
the band of its box. Each point has an owner (counted once however many of its points are
inside), a last valid day (inclusive) and a region.
"""

import contextlib
import ctypes
import datetime as dt
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

logger = logging.getLogger(__name__)

NEVER = -1  # the last valid day of a point with none: before every day


@dataclass(frozen=True)
class Circle:
    """The database's test, as values: the box, then x*x0 + y*y0 + z*z0 >= cos_radius."""

    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float
    vector: tuple[float, float, float]
    cos_radius: float


@dataclass(frozen=True)
class Near:
    """An owner's nearest point inside a circle."""

    owner: int
    item: int  # the point's own id (a clinic, say)
    place: tuple[float, float]  # latitude, longitude


class PointSet:
    """Immutable once built; safe to read from many threads at once."""

    def __init__(self, chunks: Iterable[list[tuple]]):
        """chunks: lists of rows (group, owner, item, latitude, longitude, x, y, z, valid_until:
        date, ISO text or None, region), ordered by group then latitude. Each chunk becomes
        arrays before the next is read, so building never holds more than one chunk as rows."""
        group_codes: dict[str, int] = {}
        self.region_codes: dict[str, int] = {}
        days: dict = {None: NEVER}
        columns: list[list[np.ndarray]] = [[] for _ in range(10)]
        for chunk in chunks:
            groups, owners, items, lat, lon, x, y, z, until, regions = zip(*chunk, strict=True)
            converted = (
                _codes(groups, group_codes),
                np.array(owners, dtype=np.int64),
                np.array(items, dtype=np.int64),
                *(np.array(column, dtype=np.float64) for column in (lat, lon, x, y, z)),
                np.array([_ordinal(day, days) for day in until], dtype=np.int32),
                _codes(regions, self.region_codes),
            )
            for kept, array in zip(columns, converted, strict=True):
                kept.append(array)
        group, owner, self.item, self.latitude, self.longitude, self.x, self.y, self.z = (
            _joined(arrays, np.float64 if index > 2 else np.int64)
            for index, arrays in enumerate(columns[:8])
        )
        self.until, self.region = (_joined(arrays, np.int32) for arrays in columns[8:])
        # owners as 0..n-1 in the order of their ids: counting them once needs only an array
        # of n flags, and ordering by the number orders by the id
        self.owner_ids, dense = np.unique(owner, return_inverse=True)
        self.owner = dense.astype(np.int32)
        self.groups = _group_bounds(group, group_codes)
        if any(np.any(np.diff(self.latitude[a:b]) < 0) for a, b in self.groups.values()):
            raise ValueError("points must be ordered by group, then latitude")

    def __len__(self) -> int:
        return len(self.latitude)

    def count_owners(
        self, group: str, circle: Circle, from_day: dt.date, region: str | None = None
    ) -> int:
        """How many owners have a point of `group` inside `circle`, valid on `from_day` (and in
        `region`, if given)."""
        return self._count(*self._inside(group, circle, from_day, region)[:2])

    def nearest_and_count(
        self, group: str, circle: Circle, from_day: dt.date, region: str | None, want: int
    ) -> tuple[list[Near], int]:
        """nearest(...) and count_owners(...) of the same search, testing the points once."""
        tested = self._inside(group, circle, from_day, region)
        return self._nearest(*tested, want), self._count(*tested[:2])

    def _count(self, rows: slice, inside: np.ndarray) -> int:
        seen = np.zeros(len(self.owner_ids), dtype=np.bool_)
        seen[self.owner[rows][inside]] = True
        return int(np.count_nonzero(seen))

    def nearest(
        self, group: str, circle: Circle, from_day: dt.date, region: str | None, want: int
    ) -> list[Near]:
        """The `want` nearest owners inside the circle, each at its nearest point, nearest
        first; ties in order of owner id, then item id (as the database orders them)."""
        return self._nearest(*self._inside(group, circle, from_day, region), want)

    def _nearest(self, rows: slice, inside: np.ndarray, dot: np.ndarray, want: int) -> list[Near]:
        positions = np.flatnonzero(inside)
        dots = dot[positions]
        # rank only the points at least as near as the k-th nearest (all of its ties too):
        # every point left out comes after them in the full order
        k = min(len(positions), 2 * want + 8)
        while True:
            if k < len(positions):
                kth = np.partition(dots, len(dots) - k)[len(dots) - k]
                ranked = positions[dots >= kth]
            else:
                ranked = positions
            chosen = self._first_of_each_owner(ranked + rows.start, dot[ranked], want)
            if len(chosen) >= want or k >= len(positions):
                break
            k *= 4
        owners = self.owner_ids[self.owner[chosen]].tolist()
        items = self.item[chosen].tolist()
        places = zip(self.latitude[chosen].tolist(), self.longitude[chosen].tolist(), strict=True)
        return [Near(*near) for near in zip(owners, items, places, strict=True)]

    def _first_of_each_owner(self, candidates: np.ndarray, dots: np.ndarray, want: int) -> list:
        """Of these points, each owner's nearest, the `want` nearest owners first: nearest
        first, ties in order of owner id, then item id (as the database orders them)."""
        order = np.lexsort((self.item[candidates], self.owner[candidates], -dots))
        chosen, seen = [], set()
        for index, owner in zip(
            candidates[order].tolist(), self.owner[candidates[order]].tolist(), strict=True
        ):
            if owner not in seen:
                seen.add(owner)
                chosen.append(index)
                if len(chosen) == want:
                    break
        return chosen

    def _inside(self, group, circle: Circle, from_day: dt.date, region):
        """The band of the group's rows within the box's latitudes, which of them pass the
        whole test, and their dot products."""
        bounds = self.groups.get(group)
        if bounds is None or (region is not None and region not in self.region_codes):
            return slice(0, 0), np.zeros(0, dtype=np.bool_), np.zeros(0)
        start, end = bounds
        # latitude BETWEEN lat_min AND lat_max: a band of the sorted group
        band = self.latitude[start:end]
        low = start + int(np.searchsorted(band, circle.lat_min, side="left"))
        high = start + int(np.searchsorted(band, circle.lat_max, side="right"))
        rows = slice(low, max(low, high))
        lon = self.longitude[rows]
        inside = (lon >= circle.lon_min) & (lon <= circle.lon_max)
        inside &= self.until[rows] >= from_day.toordinal()
        if region is not None:
            inside &= self.region[rows] == self.region_codes[region]
        x0, y0, z0 = circle.vector
        # the database's order of operations, so a point on the edge falls the same way
        dot = self.x[rows] * x0 + self.y[rows] * y0 + self.z[rows] * z0
        inside &= dot >= circle.cos_radius
        return rows, inside, dot


def _joined(arrays: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)


def _codes(values: tuple, codes: dict) -> np.ndarray:
    """Names as small numbers, the same name the same number across chunks; None as -1."""
    return np.array(
        [-1 if value is None else codes.setdefault(value, len(codes)) for value in values],
        dtype=np.int32,
    )


def _ordinal(day, known: dict) -> int:
    """A day (a date or ISO text, as each database returns it) as its ordinal; None as NEVER."""
    ordinal = known.get(day)
    if ordinal is None:
        date = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        ordinal = known[day] = date.toordinal()
    return ordinal


def _group_bounds(group: np.ndarray, codes: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Each group's rows as (start, end); a group's rows must all be together."""
    if np.any(np.diff(group) < 0):  # codes are given in order of first sight
        raise ValueError("points must be ordered by group, then latitude")
    return {
        name: (
            int(np.searchsorted(group, code, "left")),
            int(np.searchsorted(group, code, "right")),
        )
        for name, code in codes.items()
    }


class KeptPointSet:
    """A PointSet read from a store at one version of its data, kept while that version holds,
    and read again in a background thread (at most once per `min_interval` seconds) once a
    caller sees a newer version: a reader is never made to wait for a build, and uses the
    points only when the version it read itself is theirs."""

    def __init__(
        self,
        read_version: Callable[[], object],
        read_chunks: Callable[[], Iterable[list[tuple]]],
        after_thread: Callable[[], None] = lambda: None,
        min_interval: float = 30.0,
    ):
        self._read_version = read_version
        self._read_chunks = read_chunks
        self._after_thread = after_thread  # e.g. closing the thread's database connection
        self._min_interval = min_interval
        self._kept: tuple[object, PointSet] | None = None
        self._lock = threading.Lock()
        self._builder: threading.Thread | None = None
        self._last_start = -math.inf

    @property
    def version(self):
        kept = self._kept
        return kept[0] if kept else None

    def snapshot(self) -> tuple[object, PointSet] | None:
        """(version, points) as kept now: one read, so the two always belong together."""
        return self._kept

    def build(self) -> bool:
        """Read the points now. The version is read before and after: a write between the two
        (which changes it) makes this read worthless, and the old points are kept."""
        before = self._read_version()
        if before is None:
            return False
        points = PointSet(self._read_chunks())
        if self._read_version() != before:
            return False
        self._kept = (before, points)
        return True

    def refresh_soon(self, version) -> None:
        """A caller saw `version`: if the points are older, read them again in the background."""
        if version is None or version == self.version:
            return
        with self._lock:
            busy = self._builder is not None and self._builder.is_alive()
            if busy or time.monotonic() - self._last_start < self._min_interval:
                return
            self._last_start = time.monotonic()
            self._builder = threading.Thread(target=self._build_then_tidy, daemon=True)
            self._builder.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until a background read has finished (for tests and orderly shutdown)."""
        builder = self._builder
        if builder is not None:
            builder.join(timeout)

    def forget(self) -> None:
        """Drop the points, after any background read under way has finished."""
        self.wait()
        self._kept = None
        self._last_start = -math.inf

    def _build_then_tidy(self) -> None:
        try:
            self.build()
        except Exception:  # a failed read leaves the old points, which no stale reader uses
            logger.exception("Reading the points again failed")
        finally:
            self._after_thread()
            _give_back_freed_memory()


def _give_back_freed_memory() -> None:
    """glibc keeps the memory of the read's freed rows for reuse, which left a process that
    read 200,000 points again some 17 MB larger for good (twice the points' own size)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL("libc.so.6").malloc_trim(0)
