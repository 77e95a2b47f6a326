"""Fast inserts for the demo loader: rows as plain tuples, written with one prepared INSERT per
table and `executemany`, ids assigned here so rows can refer to each other before they are
stored. Model objects and `bulk_create` cost about ten times as much CPU per row at 100,000
practitioners, and even a dict per row is a measurable share of the load.

Each table is declared with the fields its caller gives, in the order it gives them; every other
concrete field of the model is written with the model's own default (worked out once, or per
row for a callable default), so a field added later needs no change here."""

import datetime as dt
import json

from django.db import connection, models
from django.utils import timezone

FLUSH_EVERY = 5000


def _sqlite_datetime(value: dt.datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime (naive UTC), without its
    per-call settings look-ups."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return str(value)


def _json(field):
    """JSON as Django writes it: each distinct tuple (the checkers' cached reasons) once, and
    the same object given twice in a row (a state that is one entry's after and the next
    one's before) once."""
    if connection.vendor == "sqlite" and field.encoder is None:
        dump = json.dumps
    else:
        dump = lambda v: field.get_db_prep_save(v, connection)  # noqa: E731
    done: dict[tuple, object] = {}
    last = [None, None]

    def convert(value):
        if value is last[0]:
            return last[1]
        if type(value) is tuple:
            found = done.get(value)
            if found is None:
                found = done[value] = dump(list(value))
        else:
            found = dump(value)
        last[:] = value, found
        return found

    return convert


def _memo(convert, size: int = 100_000):
    """`convert` remembered for each value (dates, prices and times repeat across a load)."""
    done: dict = {}

    def remembered(value):
        found = done.get(value)
        if found is None:
            if len(done) >= size:
                done.clear()
            found = done[value] = convert(value)
        return found

    return remembered


def _converter(field, shared: dict | None = None):
    """How a value of `field` is written; JSON fields of one table share one converter
    (`shared`), so a state written as one entry's `after` and the next one's `before` is
    dumped once."""
    ops = connection.ops
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.DateTimeField):
        return _memo(_sqlite_datetime if sqlite else ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _memo(ops.adapt_datefield_value)
    if isinstance(field, models.DecimalField):
        return _memo(
            lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
        )
    if isinstance(field, models.JSONField):
        if shared is None:
            return _json(field)
        return shared.setdefault(("json", field.encoder), _json(field))
    return None


def _convert(field, value):
    convert = _converter(field)
    return convert(value) if convert and value is not None else value


class Rows:
    """Pending rows of one table: `add(*values)` with the values of `given`, in that order."""

    def __init__(self, model, given: tuple[str, ...]):
        self.model = model
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in given if name not in fields or name == "id"]
        if unknown:
            raise ValueError(f"{self.table} has no field to give for {unknown}")
        now = timezone.now()
        rest = [f for name, f in fields.items() if name != "id" and name not in given]
        fixed = [f for f in rest if _constant(f)]
        self.constants = tuple(_convert(f, now if _auto(f) else f.get_default()) for f in fixed)
        self.per_row = [f for f in rest if not _constant(f)]  # callable defaults
        shared: dict = {}
        self.converts = [
            (i, convert)
            for i, name in enumerate(given, start=1)
            if (convert := _converter(fields[name], shared)) is not None
        ]
        order = ["id", *given, *(f.attname for f in fixed + self.per_row)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(fields[name].column) for name in order)
        marks = ", ".join(["%s"] * len(order))
        self.sql = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})"
        self.copy = f"COPY {quote(self.table)} ({columns}) FROM STDIN"
        self.pending: list = []
        self.next_id: int | None = None
        self.count = 0

    def _reserve(self) -> int:
        """The first id above every id this table has ever given (never reusing a deleted
        one: the audit log still names deleted demo listings)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {quote(self.table)} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [self.table])
                return cursor.fetchone()[0]
            cursor.execute(f"SELECT MAX(id) FROM {quote(self.table)}")
            highest = cursor.fetchone()[0] or 0
            if connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                found = cursor.fetchone()
                highest = max(highest, found[0] if found else 0)
            return highest + 1

    def add(self, *values) -> int:
        """Queue one row; its id."""
        pk = self.next_id
        if pk is None:
            pk = self._reserve()
        self.next_id = pk + 1
        row = [pk, *values]
        for i, convert in self.converts:
            value = row[i]
            if value is not None:
                row[i] = convert(value)
        row += self.constants
        for field in self.per_row:
            row.append(_convert(field, field.get_default()))
        self.pending.append(row)
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()
        return pk

    def flush(self) -> None:
        """Write the pending rows: PostgreSQL's COPY (a fifth of the time of an INSERT per
        row there), one prepared INSERT run for every row elsewhere."""
        if self.pending:
            self.count += len(self.pending)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(self.copy) as copy:
                        for row in self.pending:
                            copy.write_row(row)
                else:
                    cursor.executemany(self.sql, self.pending)
            self.pending = []

    def finish(self) -> None:
        """Write what is pending and move the table's id sequence past the rows written."""
        self.flush()
        if connection.vendor == "postgresql" and self.next_id is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [self.table, self.next_id - 1],
                )


def _auto(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _constant(field) -> bool:
    """A default that is the same for every row of one load."""
    if _auto(field) or not field.has_default():
        return True
    return not callable(field.default) or field.default in (dict, list, tuple, str)
