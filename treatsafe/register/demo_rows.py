"""Fast inserts for the demo loader: rows as plain values, written with one prepared INSERT per
table and `executemany`, ids assigned here so rows can refer to each other before they are
stored. Model objects and `bulk_create` cost about ten times as much CPU per row at 100,000
practitioners. Every concrete field of the model is written, with the model's own default
when a row leaves it out, so a field added later needs no change here."""

import datetime as dt
import json

from django.db import connection, models
from django.utils import timezone

FLUSH_EVERY = 2000
_MISSING = object()


def _sqlite_datetime(value: dt.datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime (naive UTC), without its
    per-call settings look-ups."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return str(value)


def _converter(field):
    ops = connection.ops
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime if sqlite else ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        if sqlite and field.encoder is None:
            return lambda v: json.dumps(v)
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda: now
    return field.get_default


class Rows:
    """Pending rows of one table."""

    def __init__(self, model):
        self.model = model
        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields]
        now = timezone.now()
        self.plan = [(f.attname, _converter(f), _default(f, now)) for f in fields]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})"
        self.pending: list[list] = []
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

    def add(self, **values) -> int:
        if "id" not in values:
            if self.next_id is None:
                self.next_id = self._reserve()
            values["id"] = self.next_id
            self.next_id += 1
        row = []
        for attname, convert, default in self.plan:
            value = values.get(attname, _MISSING)
            if value is _MISSING:
                value = default()
            row.append(convert(value) if convert and value is not None else value)
        self.pending.append(row)
        self.count += 1
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()
        return values["id"]

    def flush(self) -> None:
        if self.pending:
            with connection.cursor() as cursor:
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


def values_of(instance: models.Model) -> dict:
    """A model object's field values (for rows another module builds as objects)."""
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
