"""Loading reference data files into tables: one transaction per dataset, idempotent by file
fingerprint, and a precise error (file, line, problem) that leaves the database as it was.

Each app declares its datasets in `<app>/datasets.py` as `DATASETS = [Dataset(...)]`; the
`import-data` command runs them in INSTALLED_APPS order.
"""

import csv
import gzip
import hashlib
import importlib
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

csv.field_size_limit(10_000_000)


class DataFileError(Exception):
    """A reference data file is malformed. The message names the file, the line and the problem."""

    def __init__(self, path: Path | str, line: int | None, problem: str):
        self.path, self.line, self.problem = Path(path), line, problem
        where = f"{self.path.name}, line {line}" if line else self.path.name
        super().__init__(f"{where}: {problem}")


def data_path(relative: str) -> Path:
    """Find a shipped reference file, compressed or not."""
    base = Path(settings.REFERENCE_DATA_DIR) / relative
    for candidate in (base.with_name(base.name + ".gz"), base):
        if candidate.exists():
            return candidate
    raise DataFileError(base, None, "file not found in the reference data directory")


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def get(self, column: str, default: str = "") -> str:
        return self.values.get(column, default)


def read_csv(path: Path, required_columns: list[str]) -> Iterator[CsvRow]:
    """Yield each record of an RFC 4180 CSV with the physical line it ends on.

    Fails with DataFileError on a missing column, a record with the wrong number of fields,
    a quoted field left open at end of file, invalid UTF-8, or a damaged gzip stream.
    """
    try:
        with _open_text(path) as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if not header:
                raise DataFileError(path, 1, "the file is empty (no header row)")
            missing = [c for c in required_columns if c not in header]
            if missing:
                raise DataFileError(path, 1, f"missing column(s): {', '.join(missing)}")
            width = len(header)
            for fields in reader:
                if not fields:
                    continue
                if len(fields) != width:
                    raise DataFileError(
                        path,
                        reader.line_num,
                        f"expected {width} fields, found {len(fields)} (truncated or malformed)",
                    )
                yield CsvRow(reader.line_num, dict(zip(header, fields, strict=True)))
    except csv.Error as error:
        raise DataFileError(path, reader.line_num, f"CSV syntax error: {error}") from error
    except UnicodeDecodeError as error:
        raise DataFileError(path, None, f"not valid UTF-8: {error}") from error
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DataFileError(path, None, f"damaged or truncated gzip file: {error}") from error


def _parse_number(row: CsvRow, column: str, path: Path, convert, kind: str, blank_ok: bool):
    text = row.get(column).strip()
    if not text:
        if blank_ok:
            return None
        raise DataFileError(path, row.line, f"{column} is blank")
    try:
        return convert(text)
    except ValueError:
        raise DataFileError(path, row.line, f"{column} is not {kind}: {text!r}") from None


def parse_float(row: CsvRow, column: str, path: Path, *, blank_ok: bool = True) -> float | None:
    return _parse_number(row, column, path, float, "a number", blank_ok)


def parse_int(row: CsvRow, column: str, path: Path, *, blank_ok: bool = True) -> int | None:
    return _parse_number(row, column, path, int, "a whole number", blank_ok)


@dataclass
class Dataset:
    """A named group of files loaded together in one transaction.

    `load(paths, progress)` replaces the dataset's rows and returns counts per table;
    `progress(path)` wraps an iterable of rows with a progress bar. Bump `loader_version` when
    the loader changes what it stores, so databases loaded by the old code reload.
    """

    name: str
    files: list[str]
    load: Callable[[dict[str, Path], Callable], dict[str, int]]
    loader_version: str = "1"

    def paths(self) -> dict[str, Path]:
        return {relative: data_path(relative) for relative in self.files}

    def fingerprint(self) -> str:
        digest = hashlib.sha256(f"loader {self.loader_version}".encode())
        for relative, path in self.paths().items():
            digest.update(relative.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()


def all_datasets() -> list[Dataset]:
    datasets = []
    for config in apps.get_app_configs():
        if not config.name.startswith("treatsafe."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.datasets")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.datasets":
                raise
            continue
        datasets.extend(module.DATASETS)
    return datasets


@dataclass
class ImportOutcome:
    name: str
    changed: bool
    counts: dict[str, int]


def import_dataset(dataset: Dataset, progress: Callable, force: bool = False) -> ImportOutcome:
    from treatsafe.core.models import ImportedDataset

    fingerprint = dataset.fingerprint()
    existing = ImportedDataset.objects.filter(name=dataset.name).first()
    if existing and existing.fingerprint == fingerprint and not force:
        return ImportOutcome(dataset.name, False, existing.counts)
    with transaction.atomic():
        counts = dataset.load(dataset.paths(), progress)
        ImportedDataset.objects.update_or_create(
            name=dataset.name, defaults={"fingerprint": fingerprint, "counts": counts}
        )
    return ImportOutcome(dataset.name, True, counts)


def analyze(tables: list[str] | None = None) -> None:
    """Refresh the query planner's statistics after a bulk load (all tables, or these).

    Without them SQLite guesses every index equally selective, and once chose a plan for the
    place search whose correlated subquery rescanned the whole search box for every row of the
    ring (seconds per search at 100,000 listings); PostgreSQL's autovacuum would analyze a
    freshly loaded table only some time later."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for statement in [f"ANALYZE {quote(t)}" for t in tables] if tables else ["ANALYZE"]:
            cursor.execute(statement)
