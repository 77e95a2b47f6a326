"""Fast inserts for the demo loader: rows as plain tuples, written with one prepared INSERT per
table and `executemany`, ids assigned here so rows can refer to each other before they are
stored. Model objects and `bulk_create` cost about ten times as much CPU per row at 100,000
practitioners, and even a dict per row is a measurable share of the load.

Each table is declared with the fields its caller gives, in the order it gives them; every other
concrete field of the model is written with the model's own default (worked out once, or per
row for a callable default), so a field added later needs no change here."""

import datetime as dt
import json
import queue
import threading

import orjson
from django.db import connection, models
from django.utils import timezone


def _sqlite_datetime(value: dt.datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime (naive UTC), without its
    per-call settings look-ups."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return str(value)


def _json(field):
    """JSON as Django writes it: each distinct tuple (the checkers' cached reasons) once, and
    each other object once however often it is given (the history's states recur; an object
    given again must not have changed in between)."""
    if connection.vendor == "sqlite" and field.encoder is None:
        dump = json.dumps
    else:
        dump = lambda v: field.get_db_prep_save(v, connection)  # noqa: E731
    done: dict[tuple, object] = {}
    seen: dict[int, tuple[object, object]] = {}  # id: (the object, kept alive; its JSON)

    def convert(value):
        if type(value) is tuple:
            found = done.get(value)
            if found is None:
                found = done[value] = dump(list(value))
            return found
        known = seen.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if len(seen) >= 100_000:
            seen.clear()
        found = dump(value)
        seen[id(value)] = value, found
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
        if sqlite:  # what the adapter Django registers for Decimal gives sqlite3
            return _memo(str)
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
    """Pending rows of one table: `add(*values)` with the values of `given`, in that order.

    `fixed` gives fields whose value is the same for every row of the load, and `fan` a field
    and its values: each `add` then stands for one row per value, with consecutive ids (the
    first is returned), alike but for that field. On SQLite both, and every constant default,
    are written into the INSERT as literals, so only what varies is bound per row (binding a
    value costs about as much as SQLite's whole insert of a small row); elsewhere they are
    appended to each row."""

    def __init__(
        self,
        model,
        given: tuple[str, ...],
        fixed: dict | None = None,
        fan: tuple[str, tuple] | None = None,
    ):
        self.model = model
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        fixed = dict(fixed or {})
        fan_name, fan_values = fan or (None, (None,))
        named = [*given, *fixed, *([fan_name] if fan_name else [])]
        unknown = [name for name in named if name not in fields or name == "id"]
        if unknown or len(set(named)) != len(named):
            raise ValueError(f"{self.table}: no field, or a field given twice, in {named}")
        now = timezone.now()
        for f in fields.values():
            if f.attname != "id" and f.attname not in named and _constant(f):
                fixed[f.attname] = now if _auto(f) else f.get_default()
        fixed = {name: _convert(fields[name], value) for name, value in fixed.items()}
        self.per_row = [
            f for name, f in fields.items() if name != "id" and name not in named + [*fixed]
        ]  # callable defaults
        shared: dict = {}
        self.converts = [
            (i, convert)
            for i, name in enumerate(given, start=1)
            if (convert := _converter(fields[name], shared)) is not None
        ]
        self.sqlite = connection.vendor == "sqlite"
        literal = {k: v for k, v in fixed.items() if self.sqlite and _literal_ok(v)}
        self.bound = tuple(v for k, v in fixed.items() if k not in literal)  # added to each row
        bound_names = [*given, *(f.attname for f in self.per_row)]
        bound_names += [k for k in fixed if k not in literal]
        self.fanned = fan_name is not None
        self.fan = [_convert(fields[fan_name], v) for v in fan_values] if fan_name else [None]
        quote = connection.ops.quote_name
        order = ["id", *bound_names, *([fan_name] if fan_name else []), *literal]
        columns = ", ".join(quote(fields[name].column) for name in order)
        constants = [_literal(v) for v in literal.values()]
        marks = [
            ", ".join(
                [f"?1 + {k}" if k else "?1"]
                + [f"?{i}" for i in range(2, len(bound_names) + 2)]
                + ([_literal(value)] if fan_name else [])
                + constants
            )
            for k, value in enumerate(self.fan)
        ]
        self.sql = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({'), ('.join(marks)})"
        self.json_sql = _from_json(
            quote(self.table), columns, len(bound_names), self.fan if fan_name else None, literal
        )
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
        """Queue one row (or one per value of `fan`); its (first) id. The owner flushes: a row
        must reach SQLite after the rows it refers to (see demo_load.Tables.flush)."""
        pk = self.next_id
        if pk is None:
            pk = self._reserve()
        self.next_id = pk + len(self.fan)
        if self.converts:
            row = [pk, *values]
            for i, convert in self.converts:
                value = row[i]
                if value is not None:
                    row[i] = convert(value)
        else:
            row = (pk, *values)
        if self.per_row:
            row = (*row, *(_convert(f, f.get_default()) for f in self.per_row))
        if self.bound:
            row = (*row, *self.bound)
        self.pending.append(row)
        return pk

    def flush(self, writer: "BackgroundWriter | None" = None) -> None:
        """Write the pending rows: PostgreSQL's COPY (a fifth of the time of an INSERT per
        row there); on SQLite, with a writer, one statement for them all, as JSON, run by its
        thread; else one prepared INSERT run for every row."""
        if self.pending:
            self.count += len(self.pending) * len(self.fan)
            if writer is not None:
                writer.submit(self.json_sql, orjson.dumps(self.pending))
                self.pending = []
                return
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(self.copy) as copy:
                        for row in self.pending:
                            if not self.fanned:
                                copy.write_row(row)
                                continue
                            for k, value in enumerate(self.fan):
                                copy.write_row((row[0] + k, *row[1:], value))
                else:
                    cursor.executemany(self.sql, self.pending)
            self.pending = []

    def finish(self, writer: "BackgroundWriter | None" = None) -> None:
        """Write what is pending and move the table's id sequence past the rows written."""
        self.flush(writer)
        if connection.vendor == "postgresql" and self.next_id is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [self.table, self.next_id - 1],
                )


def _literal_ok(value) -> bool:
    return value is None or type(value) in (bool, int) or isinstance(value, str)


def _literal(value, raw: bool = False) -> str:
    """`value` as an SQLite literal, in a query that Django's cursor still reads for `%s`
    placeholders (so a `%` is doubled), or `raw` for sqlite3's own."""
    if value is None:
        return "NULL"
    if type(value) is bool:
        return "1" if value else "0"
    if type(value) is int:
        return str(value)
    if isinstance(value, str):  # str.replace: a text choice's own value, not its name
        quoted = str.replace(value, "'", "''")
        return "'" + (quoted if raw else str.replace(quoted, "%", "%%")) + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def _from_json(table: str, columns: str, bound: int, fan: list | None, literal: dict) -> str:
    """INSERT of every pending row given as one JSON array of rows (id, then the bound values):
    SQLite reads the array itself (json_each), so binding costs nothing per row. A fanned
    table's rows come once per fan value, as with the VALUES form; then the constants."""
    values = "".join(f", value ->> {i}" for i in range(1, bound + 1))
    constants = "".join(f", {_literal(v, raw=True)}" for v in literal.values())
    selects = [
        f"SELECT (value ->> 0) + {k}{values}"
        + (f", {_literal(fan_value, raw=True)}" if fan is not None else "")
        + f"{constants} FROM json_each(?1)"
        for k, fan_value in enumerate(fan if fan is not None else [None])
    ]
    return f"INSERT INTO {table} ({columns}) " + " UNION ALL ".join(selects)


class BackgroundWriter:
    """Runs the demo loader's SQLite inserts on a thread of their own, in submission order, on
    the loader's own connection and transaction: SQLite does the work of a whole JSON batch in
    one step without Python's global lock, so making the next batch (Python) and storing this
    one (C) share the machine's two cores. Every other statement on the connection waits until
    the writer is idle (`waiting`), so the two threads never use it at once."""

    def __init__(self, raw_connection):
        self._raw = raw_connection
        self._jobs: queue.Queue = queue.Queue(maxsize=12)  # bounds the memory held in JSON
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="demo-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                if self._error is None:  # after a failure the rest is skipped
                    self._raw.execute(*job)
            except BaseException as error:  # noqa: BLE001 - handed to the loader's thread
                self._error = error
            finally:
                self._jobs.task_done()
        self._jobs.task_done()

    def submit(self, sql: str, payload: bytes) -> None:
        self._raise()
        self._jobs.put((sql, (payload.decode(),)))

    def wait(self) -> None:
        """Until every submitted batch is stored; raises what a batch raised."""
        self._jobs.join()
        self._raise()

    def waiting(self, execute, sql, params, many, context):
        """A Django execute wrapper: the loader's own statements wait for the writer."""
        self._jobs.join()
        return execute(sql, params, many, context)

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


def _auto(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _constant(field) -> bool:
    """A default that is the same for every row of one load."""
    if _auto(field) or not field.has_default():
        return True
    return not callable(field.default) or field.default in (dict, list, tuple, str)
