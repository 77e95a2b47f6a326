"""Counting owners of points within a circle in memory gives the database's own answer: the
same box, the same dot product in the same order of operations, each owner once."""

import datetime as dt
import math
import random
import threading

import pytest

from treatsafe.geo.pointsets import Circle, KeptPointSet, PointSet
from treatsafe.geo.postcodes import cos_of_miles, unit_vector

TODAY = dt.date(2026, 11, 28)


def circle(latitude, longitude, miles):
    d_lat = miles / 69.05
    d_lon = miles / (69.05 * math.cos(math.radians(abs(latitude) + d_lat)))
    return Circle(
        latitude - d_lat,
        latitude + d_lat,
        longitude - d_lon,
        longitude + d_lon,
        unit_vector(latitude, longitude),
        cos_of_miles(miles),
    )


def point(group, owner, latitude, longitude, until=TODAY, region="england", item=0):
    vector = unit_vector(latitude, longitude)
    return (group, owner, item, latitude, longitude, *vector, until, region)


def in_order(rows):
    return sorted(rows, key=lambda row: (row[0], row[3]))


def counted_one_by_one(rows, group, where: Circle, day, region=None) -> int:
    """The database's test, row by row, as SQL states it."""
    owners = set()
    for g, owner, _, lat, lon, x, y, z, until, reg in rows:
        if g != group or until is None or until < day or (region and reg != region):
            continue
        if not (where.lat_min <= lat <= where.lat_max and where.lon_min <= lon <= where.lon_max):
            continue
        x0, y0, z0 = where.vector
        if x * x0 + y * y0 + z * z0 >= where.cos_radius:
            owners.add(owner)
    return len(owners)


def random_register(seed: int, size: int = 3000) -> list[tuple]:
    rng = random.Random(seed)
    rows = []
    for owner in range(size):
        clinics = 1 if rng.random() < 0.8 else rng.randint(2, 4)  # some listings have several
        until = rng.choice(
            [None, TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=90)]
        )
        for _ in range(clinics):
            lat, lon = rng.uniform(50.0, 53.0), rng.uniform(-3.0, 0.5)
            for group in rng.sample(["*", "fillers", "peels"], rng.randint(1, 3)):
                rows.append(
                    point(
                        group, owner * 7 + 1000, lat, lon, until, rng.choice(["england", "wales"])
                    )
                )
    return in_order(rows)


def test_counts_are_the_databases_test_row_by_row_on_random_registers():
    for seed in range(3):
        rows = random_register(seed)
        points = PointSet([rows[i : i + 500] for i in range(0, len(rows), 500)])
        rng = random.Random(seed + 100)
        for _ in range(150):
            where = circle(
                rng.uniform(50.0, 53.0), rng.uniform(-3.0, 0.5), rng.choice([1, 5, 10, 25, 50])
            )
            group = rng.choice(["*", "fillers", "peels", "unknown"])
            day = rng.choice([TODAY, TODAY + dt.timedelta(days=30)])
            region = rng.choice([None, "england", "wales", "scotland"])
            expected = counted_one_by_one(rows, group, where, day, region)
            assert points.count_owners(group, where, day, region) == expected


def nearest_one_by_one(rows, group, where: Circle, day, region, want):
    """The database's nearest: every row inside, ordered by dot product (largest first), owner
    and item; each owner's first row; the first `want` owners."""
    x0, y0, z0 = where.vector
    inside = []
    for row in rows:
        g, owner, item, lat, lon, x, y, z, until, reg = row
        if g != group or until is None or until < day or (region and reg != region):
            continue
        if not (where.lat_min <= lat <= where.lat_max and where.lon_min <= lon <= where.lon_max):
            continue
        dot = x * x0 + y * y0 + z * z0
        if dot >= where.cos_radius:
            inside.append((-dot, owner, item, lat, lon))
    chosen = {}
    for _, owner, item, lat, lon in sorted(inside):
        chosen.setdefault(owner, (owner, item, (lat, lon)))
    return list(chosen.values())[:want]


def test_the_nearest_owners_are_the_databases_in_its_order_ties_included():
    rng = random.Random(11)
    rows = random_register(4, size=1500)
    # owners sharing a clinic's exact place, and one owner at two clinics in one place: ties
    for owner in range(20):
        rows.append(point("*", 90_000 + owner % 7, 51.5, -0.12, item=500 + owner))
    rows = in_order(rows)
    points = PointSet([rows])
    for _ in range(200):
        lat, lon = rng.choice([(51.5, -0.12), (rng.uniform(50, 53), rng.uniform(-3, 0.5))])
        where = circle(lat, lon, rng.choice([1, 5, 10, 25]))
        group, want = rng.choice(["*", "fillers"]), rng.choice([1, 5, 20, 45])
        region = rng.choice([None, "england"])
        expected = nearest_one_by_one(rows, group, where, TODAY, region, want)
        found = points.nearest(group, where, TODAY, region, want)
        assert [(n.owner, n.item, n.place) for n in found] == expected
        count = counted_one_by_one(rows, group, where, TODAY, region)
        assert points.nearest_and_count(group, where, TODAY, region, want) == (found, count)


def test_an_owner_with_several_points_inside_is_counted_once():
    rows = in_order(
        [point("*", 1, 51.50, -0.12), point("*", 1, 51.51, -0.12), point("*", 2, 51.52, -0.12)]
    )
    assert PointSet([rows]).count_owners("*", circle(51.5, -0.12, 5), TODAY) == 2


def test_a_point_past_its_last_day_or_without_one_is_not_counted():
    rows = in_order(
        [
            point("*", 1, 51.50, -0.12, until=TODAY - dt.timedelta(days=1)),
            point("*", 2, 51.50, -0.12, until=None),
            point("*", 3, 51.50, -0.12, until=TODAY.isoformat()),  # as SQLite returns it
        ]
    )
    assert PointSet([rows]).count_owners("*", circle(51.5, -0.12, 5), TODAY) == 1


def test_a_point_just_outside_the_radius_is_not_counted():
    miles_per_degree = 3958.8 * math.pi / 180
    rows = [
        point("*", 1, 51.5 + 10.01 / miles_per_degree, -0.12),
        point("*", 2, 51.5 + 9.99 / miles_per_degree, -0.12),
    ]
    points = PointSet([in_order(rows)])
    assert points.count_owners("*", circle(51.5, -0.12, 10), TODAY) == 1


def test_points_not_grouped_or_not_in_latitude_order_are_refused():
    with pytest.raises(ValueError, match="ordered"):
        PointSet([[point("*", 1, 52.0, 0.0), point("*", 2, 51.0, 0.0)]])
    with pytest.raises(ValueError, match="ordered"):
        PointSet([[point("a", 1, 51.0, 0.0), point("b", 2, 51.0, 0.0), point("a", 3, 52.0, 0.0)]])


def test_an_unknown_group_or_region_and_an_empty_set_count_nothing():
    points = PointSet([[point("*", 1, 51.5, -0.12)]])
    assert points.count_owners("botox", circle(51.5, -0.12, 5), TODAY) == 0
    assert points.count_owners("*", circle(51.5, -0.12, 5), TODAY, "scotland") == 0
    assert PointSet([]).count_owners("*", circle(51.5, -0.12, 5), TODAY) == 0


# --- kept while their version holds -------------------------------------------------------


class Store:
    def __init__(self):
        self.version = 1
        self.rows = [point("*", 1, 51.5, -0.12)]
        self.reads = 0
        self.during_read = None  # called between reading the version and the rows

    def read_version(self):
        return self.version

    def read_chunks(self):
        self.reads += 1
        if self.during_read:
            self.during_read()
        return [list(self.rows)]


def test_points_are_kept_with_the_version_they_were_read_at():
    store = Store()
    kept = KeptPointSet(store.read_version, store.read_chunks)
    assert kept.snapshot() is None
    assert kept.build()
    version, points = kept.snapshot()
    assert version == 1 and len(points) == 1


def test_points_read_while_the_data_changed_are_not_kept():
    store = Store()
    kept = KeptPointSet(store.read_version, store.read_chunks)
    kept.build()

    def a_write():
        store.version = 2
        store.rows.append(point("*", 2, 51.5, -0.12))

    store.during_read = a_write
    assert not kept.build()
    assert kept.snapshot()[0] == 1 and len(kept.snapshot()[1]) == 1  # the old, whole


def kept_from(store: Store, min_interval: float) -> tuple[KeptPointSet, threading.Event]:
    """Points read once from the store, and an event set when a background read has tidied."""
    tidied = threading.Event()
    kept = KeptPointSet(
        store.read_version, store.read_chunks, after_thread=tidied.set, min_interval=min_interval
    )
    kept.build()
    return kept, tidied


def test_a_newer_version_seen_is_read_again_in_the_background_at_most_once_an_interval():
    store = Store()
    kept, finished = kept_from(store, min_interval=3600)
    kept.refresh_soon(1)  # the same version: nothing to read
    assert store.reads == 1
    store.version, store.rows = 2, store.rows * 2
    kept.refresh_soon(2)
    kept.wait(10)
    assert finished.is_set() and kept.snapshot()[0] == 2 and len(kept.snapshot()[1]) == 2
    store.version = 3
    kept.refresh_soon(3)  # within the interval: the database counts meanwhile
    kept.wait(10)
    assert store.reads == 2 and kept.snapshot()[0] == 2


def test_a_failed_background_read_keeps_the_old_points_and_tidies_up():
    store = Store()
    kept, tidied = kept_from(store, min_interval=0)

    def broken():
        raise RuntimeError("database went away")

    store.during_read, store.version = broken, 2
    kept.refresh_soon(2)
    kept.wait(10)
    assert tidied.is_set() and kept.snapshot()[0] == 1
