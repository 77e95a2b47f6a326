"""How many accredited search rows lie in each small cell of the map, per treatment: a hint for
the size of a search's first box (search.py)."""

import math
import threading
import time

from django.db import connection

from treatsafe.register.accreditation import Status
from treatsafe.register.models import SearchEntry

MILES_PER_DEGREE_LAT = 69.05
MIN_FIRST_MILES = 0.05  # the first box's half-side, by the density around the point
MAX_FIRST_MILES = 25.0
EMPTY_FIRST_MILES = 15.0  # no accredited listing in the cells around the point
CELLS_PER_DEGREE = 10
DENSITY_TTL_SECONDS = 600
SEARCH_TABLE = SearchEntry._meta.db_table


class Density:
    """How many accredited search rows lie in each 0.1-degree cell, per treatment: a hint for
    the size of the first box, so that a dense city (thousands of listings a square mile in
    central London) reads a few dozen rows, not thousands, and the countryside starts wide.
    Only a hint: answers never depend on it. Counted in one query, again after
    DENSITY_TTL_SECONDS (and before the server forks its workers)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._cells: dict[tuple[str, int, int], int] | None = None
        self._counted_at = float("-inf")

    def _count(self) -> dict:
        sql = (
            f"SELECT treatment, ROUND(latitude * {CELLS_PER_DEGREE}), "
            f"ROUND(longitude * {CELLS_PER_DEGREE}), COUNT(*) FROM {SEARCH_TABLE} "
            "WHERE status = %s GROUP BY 1, 2, 3"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [Status.ACCREDITED])
            return {(t, int(i), int(j)): n for t, i, j, n in cursor.fetchall()}

    def cells(self) -> dict:
        cells = self._cells
        if cells is None or time.monotonic() - self._counted_at > DENSITY_TTL_SECONDS:
            with self._lock:  # one thread counts; the others wait for its answer
                if self._cells is None or time.monotonic() - self._counted_at > DENSITY_TTL_SECONDS:
                    self._cells, self._counted_at = self._count(), time.monotonic()
                cells = self._cells
        return cells

    def first_box_miles(self, query, want: int) -> float:
        """Half the side of a box expected to hold about twice `want` rows (from the cell
        around the point, or with its eight neighbours where it holds few)."""
        cells = self.cells()
        treatment = query.treatment or SearchEntry.ANY
        i = round(query.latitude * CELLS_PER_DEGREE)
        j = round(query.longitude * CELLS_PER_DEGREE)
        side = MILES_PER_DEGREE_LAT / CELLS_PER_DEGREE
        cell_area = side * side * math.cos(math.radians(query.latitude))
        count, area = cells.get((treatment, i, j), 0), cell_area
        if count < 2 * want:  # too few to judge by the cell alone: its neighbours too
            count = sum(
                cells.get((treatment, i + di, j + dj), 0) for di in (-1, 0, 1) for dj in (-1, 0, 1)
            )
            area = 9 * cell_area
        if not count:
            return EMPTY_FIRST_MILES
        # a box of half-side r holds about 4 r^2 times the density
        r = math.sqrt(2 * want / (4 * count / area))
        return max(MIN_FIRST_MILES, min(MAX_FIRST_MILES, r))

    def clear(self) -> None:
        with self._lock:
            self._cells = None


density = Density()
