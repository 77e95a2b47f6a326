"""The reference-data import framework (treatsafe.core.importing and `import-data`): precise
errors for damaged files, idempotence by fingerprint, and one transaction per dataset."""

import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.dbstats import planner_rows
from treatsafe.core.importing import (
    DataFileError,
    Dataset,
    data_path,
    import_dataset,
    parse_float,
    parse_int,
    read_csv,
)
from treatsafe.core.management.commands import import_data
from treatsafe.core.models import ImportedDataset

REAL_FILE = Path(__file__).parents[2] / "data" / "uk_geo" / "postcode_areas.csv.gz"


def no_progress(iterable, path):
    return iterable


def write_gz(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    return path


def real_text() -> str:
    return gzip.decompress(REAL_FILE.read_bytes()).decode("utf-8")


def problem(path: Path, columns: list[str]) -> DataFileError:
    with pytest.raises(DataFileError) as error:
        list(read_csv(path, columns))
    return error.value


# --- read_csv -----------------------------------------------------------------------------


def test_read_csv_yields_every_record_of_a_real_file_with_its_line_number():
    rows = list(read_csv(REAL_FILE, ["area", "jurisdiction"]))
    assert len(rows) == real_text().count("\n") - 1
    assert rows[0].line == 2
    assert rows[-1].line == len(rows) + 1
    assert rows[0]["area"] == real_text().splitlines()[1].split(",")[0]


def test_a_record_spanning_lines_reports_the_line_it_ends_on(tmp_path):
    path = write_gz(tmp_path / "multi.csv.gz", 'a,b\n1,"two\nlines"\n3,4\n')
    rows = list(read_csv(path, ["a", "b"]))
    assert [(row.line, row["b"]) for row in rows] == [(3, "two\nlines"), (4, "4")]


def test_a_damaged_gzip_stream_is_reported_by_file_name(tmp_path):
    path = tmp_path / "postcode_areas.csv.gz"
    path.write_bytes(REAL_FILE.read_bytes()[: REAL_FILE.stat().st_size // 2])
    error = problem(path, ["area"])
    assert error.path == path
    assert "damaged or truncated gzip file" in str(error)
    assert str(error).startswith("postcode_areas.csv.gz")


def test_a_file_that_is_not_gzip_at_all_is_reported(tmp_path):
    path = tmp_path / "fake.csv.gz"
    path.write_bytes(b"area,area_name\nAB,Aberdeen\n")
    assert "damaged or truncated gzip file" in str(problem(path, ["area"]))


def test_invalid_utf8_is_reported_by_file_name(tmp_path):
    path = tmp_path / "latin1.csv.gz"
    path.write_bytes(
        gzip.compress(real_text().replace("Aberdeen", "Ab\xe9rdeen").encode("latin-1"))
    )
    error = problem(path, ["area"])
    assert "not valid UTF-8" in str(error)
    assert str(error).startswith("latin1.csv.gz")


def test_a_row_with_too_few_fields_names_its_line(tmp_path):
    lines = real_text().split("\n")
    lines[10] = lines[10].rsplit(",", 1)[0]
    path = write_gz(tmp_path / "short.csv.gz", "\n".join(lines))
    error = problem(path, ["area"])
    assert error.line == 11
    assert "expected 8 fields, found 7" in str(error)
    assert str(error).startswith("short.csv.gz, line 11:")


def test_a_row_with_too_many_fields_names_its_line(tmp_path):
    lines = real_text().split("\n")
    lines[4] += ",extra"
    path = write_gz(tmp_path / "long.csv.gz", "\n".join(lines))
    error = problem(path, ["area"])
    assert error.line == 5
    assert "expected 8 fields, found 9" in str(error)


def test_a_missing_column_is_named_on_line_1(tmp_path):
    text = real_text().replace("jurisdiction", "legal_status", 1)
    path = write_gz(tmp_path / "renamed.csv.gz", text)
    error = problem(path, ["area", "jurisdiction"])
    assert error.line == 1
    assert "missing column(s): jurisdiction" in str(error)


def test_an_empty_file_is_reported(tmp_path):
    path = write_gz(tmp_path / "empty.csv.gz", "")
    assert "the file is empty" in str(problem(path, ["area"]))


def test_a_file_truncated_inside_a_quoted_field_is_a_csv_syntax_error(tmp_path):
    text = real_text()
    path = write_gz(tmp_path / "cut.csv.gz", text[: text.index(',"') + 4])
    error = problem(path, ["area"])
    assert "CSV syntax error" in str(error)
    assert error.line is not None


def test_a_csv_syntax_error_names_the_line_it_is_on(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('a,b\n1,2\n3,"x"y\n5,6\n')
    assert problem(path, ["a"]).line == 3


def test_a_plain_csv_file_is_read_as_well_as_a_gzip_one(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text(real_text())
    assert len(list(read_csv(path, ["area"]))) == len(list(read_csv(REAL_FILE, ["area"])))


# --- parse_float and parse_int --------------------------------------------------------------


def rows_of(tmp_path: Path, text: str):
    path = tmp_path / "values.csv"
    path.write_text(text)
    return path, list(read_csv(path, ["x"]))


def test_parse_float_names_the_line_and_the_bad_value(tmp_path):
    path, rows = rows_of(tmp_path, "x\n1.5\n\nnorth\n")
    assert parse_float(rows[0], "x", path) == 1.5
    with pytest.raises(DataFileError) as error:
        parse_float(rows[1], "x", path)
    assert str(error.value) == "values.csv, line 4: x is not a number: 'north'"


def test_parse_int_refuses_a_blank_only_when_told_to(tmp_path):
    path, rows = rows_of(tmp_path, "x\n \n2.5\n")
    assert parse_int(rows[0], "x", path) is None
    with pytest.raises(DataFileError, match="line 2: x is blank"):
        parse_int(rows[0], "x", path, blank_ok=False)
    with pytest.raises(DataFileError, match="line 3: x is not a whole number"):
        parse_int(rows[1], "x", path)


# --- data_path, fingerprints and transactions -------------------------------------------------


def test_data_path_prefers_the_gzip_copy_and_names_a_missing_file(tmp_path):
    (tmp_path / "set").mkdir()
    write_gz(tmp_path / "set" / "a.csv.gz", "x\n1\n")
    with override_settings(REFERENCE_DATA_DIR=tmp_path):
        assert data_path("set/a.csv") == tmp_path / "set" / "a.csv.gz"
        with pytest.raises(DataFileError, match="file not found"):
            data_path("set/b.csv")


def test_a_dataset_fingerprint_changes_when_a_file_changes(tmp_path):
    write_gz(tmp_path / "a.csv.gz", "x\n1\n")
    dataset = Dataset("probe", ["a.csv"], load=lambda paths, progress: {})
    with override_settings(REFERENCE_DATA_DIR=tmp_path):
        before = dataset.fingerprint()
        assert dataset.fingerprint() == before
        write_gz(tmp_path / "a.csv.gz", "x\n2\n")
        assert dataset.fingerprint() != before


def test_a_new_loader_version_changes_the_fingerprint_so_old_databases_reload(tmp_path):
    write_gz(tmp_path / "a.csv.gz", "x\n1\n")
    old = Dataset("probe", ["a.csv"], load=lambda paths, progress: {})
    new = Dataset("probe", ["a.csv"], load=lambda paths, progress: {}, loader_version="2")
    with override_settings(REFERENCE_DATA_DIR=tmp_path):
        assert old.fingerprint() != new.fingerprint()


def counting_dataset(tmp_path: Path, calls: list) -> Dataset:
    write_gz(tmp_path / "a.csv.gz", "x\n1\n2\n")

    def load(paths, progress):
        rows = list(progress(read_csv(paths["a.csv"], ["x"]), paths["a.csv"]))
        calls.append(len(rows))
        return {"rows": len(rows)}

    return Dataset("probe", ["a.csv"], load=load)


@pytest.mark.django_db
def test_importing_an_unchanged_dataset_again_does_not_reload_it(tmp_path):
    calls = []
    dataset = counting_dataset(tmp_path, calls)
    with override_settings(REFERENCE_DATA_DIR=tmp_path):
        first = import_dataset(dataset, no_progress)
        second = import_dataset(dataset, no_progress)
        forced = import_dataset(dataset, no_progress, force=True)
    assert (first.changed, second.changed, forced.changed) == (True, False, True)
    assert first.counts == second.counts == {"rows": 2}
    assert calls == [2, 2]


@pytest.mark.django_db
def test_a_failing_load_rolls_back_everything_it_wrote(tmp_path):
    write_gz(tmp_path / "a.csv.gz", "x\n1\nnot a number\n")

    def load(paths, progress):
        ImportedDataset.objects.create(name="written-before-the-error", fingerprint="x")
        for row in read_csv(paths["a.csv"], ["x"]):
            parse_int(row, "x", paths["a.csv"])
        return {}

    with (
        override_settings(REFERENCE_DATA_DIR=tmp_path),
        pytest.raises(DataFileError, match="a.csv.gz, line 3"),
    ):
        import_dataset(Dataset("probe", ["a.csv"], load=load), no_progress)
    assert not ImportedDataset.objects.filter(name__in=["probe", "written-before-the-error"])


@pytest.mark.django_db
def test_import_data_refuses_an_unknown_dataset_name():
    with pytest.raises(CommandError, match="unknown dataset"):
        call_command("import_data", "no_such_dataset", stdout=StringIO())


@pytest.mark.django_db
def test_import_data_says_when_a_dataset_is_unchanged():
    out = StringIO()
    call_command("import_data", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines
    assert all("unchanged, nothing to do" in line for line in lines)


@pytest.mark.django_db
def test_import_data_refreshes_the_query_planners_statistics_after_a_change(tmp_path, monkeypatch):
    dataset = counting_dataset(tmp_path, [])
    monkeypatch.setattr(import_data, "all_datasets", lambda: [dataset])
    for i in range(7):
        ImportedDataset.objects.create(name=f"padding-{i}", fingerprint="x")
    assert planner_rows("core_importeddataset") != ImportedDataset.objects.count() + 1
    with override_settings(REFERENCE_DATA_DIR=tmp_path):
        call_command("import_data", stdout=StringIO())
    assert planner_rows("core_importeddataset") == ImportedDataset.objects.count()
