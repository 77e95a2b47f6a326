"""The uk_geo importer: counts against the files, idempotence, and broken files that must
stop the import with the file, line and problem, leaving the database exactly as it was."""

import gzip
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from tests.geo import datafiles
from treatsafe.core.models import ImportedDataset
from treatsafe.geo.models import (
    LocalAuthority,
    PlaceName,
    PostcodeArea,
    PostcodeDistrict,
    UnitPostcode,
)
from treatsafe.geo.postcodes import place_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def write_lock_first():
    """On SQLite, take the write lock before the test reads: a transaction that reads, then
    writes while another process has written meanwhile fails at once with "database is locked"
    (the test database file is shared by everyone running tests on this machine)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_importeddataset SET name = name WHERE 0")


def expected_counts() -> dict[str, int]:
    gb = {row["district"] for row in datafiles.rows("gb_postcode_district_country_2025.csv.gz")}
    doogal = datafiles.rows("postcode_districts.csv.gz")
    active = [row for row in doogal if row["Active postcodes"] != "0"]
    places = {(place_key(row["Post Town"]), row["Postcode"]) for row in active if row["Post Town"]}
    crown = {
        row["area"]: row["countries"]
        for row in datafiles.rows("postcode_areas.csv.gz")
        if row["jurisdiction"] == "Crown Dependency (not UK)"
    }
    for row in active:
        if dependency := crown.get(row["Postcode"][:2]):
            places.add((place_key(dependency), row["Postcode"]))
    return {
        "postcode areas": len(datafiles.rows("postcode_areas.csv.gz")),
        "local authorities": len(datafiles.rows("gb_local_authorities_2025.csv.gz")),
        "postcode districts": len(gb | {row["Postcode"] for row in doogal}),
        "unit postcodes": len(datafiles.units()),
        "place names": len(places),
    }


def table_counts() -> dict[str, int]:
    return {
        "postcode areas": PostcodeArea.objects.count(),
        "local authorities": LocalAuthority.objects.count(),
        "postcode districts": PostcodeDistrict.objects.count(),
        "unit postcodes": UnitPostcode.objects.count(),
        "place names": PlaceName.objects.count(),
    }


def snapshot() -> dict:
    """Counts, a sample row of each table and the recorded fingerprint."""
    return {
        "counts": table_counts(),
        "unit": UnitPostcode.objects.filter(postcode="SY10 0AA").values().get(),
        "district": PostcodeDistrict.objects.filter(district="TD15").values().get(),
        "area": PostcodeArea.objects.filter(code="JE").values().get(),
        "authority": LocalAuthority.objects.order_by("gss_code").values().first(),
        "place": PlaceName.objects.filter(district_id="CF10").values("key", "name").get(),
        "dataset": ImportedDataset.objects.filter(name="uk_geo").values("fingerprint").get(),
    }


def import_geo(*args: str) -> str:
    out = StringIO()
    call_command("import_data", "uk_geo", *args, stdout=out)
    return out.getvalue()


def test_imported_tables_hold_one_row_per_row_of_the_files():
    assert table_counts() == expected_counts()


def test_every_unit_postcode_of_the_files_is_loaded_with_its_nation():
    loaded = dict(UnitPostcode.objects.values_list("postcode", "nation"))
    from_files = {
        row["Postcode"]: datafiles.COUNTRY_CODES[row["Country_code"]] for row in datafiles.units()
    }
    assert loaded == from_files


def test_import_summary_reports_the_counts_of_the_files():
    output = import_geo("--force")
    assert output.startswith("uk_geo: imported")
    for table, count in expected_counts().items():
        assert f"{count:,} {table}" in output
    assert table_counts() == expected_counts()


def test_importing_the_same_files_again_changes_nothing_and_says_so():
    before = snapshot()
    output = import_geo()
    assert "uk_geo: unchanged, nothing to do" in output
    assert snapshot() == before


def test_a_forced_reimport_reproduces_the_same_tables():
    before = snapshot()
    import_geo("--force")
    assert snapshot() == before


def test_cross_border_districts_have_no_single_nation_and_list_their_nations():
    for code in datafiles.cross_border_districts():
        district = PostcodeDistrict.objects.get(district=code)
        assert district.cross_border
        assert district.nation == ""
        assert set(district.nations.split(";")) == datafiles.unit_nations(code)


# --- broken copies of the real files ----------------------------------------------------


@pytest.fixture
def broken_data(tmp_path):
    """A copy of the real uk_geo files; `break_file(name, edit)` rewrites one of them."""
    shutil.copytree(datafiles.UK_GEO, tmp_path / "uk_geo")

    def break_file(name: str, edit) -> None:
        path = tmp_path / "uk_geo" / name
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        path.write_bytes(gzip.compress(edit(text).encode("utf-8")))

    with override_settings(REFERENCE_DATA_DIR=tmp_path):
        yield break_file, tmp_path / "uk_geo"


def assert_import_fails_and_changes_nothing(*fragments: str) -> str:
    before = snapshot()
    with pytest.raises(CommandError) as failure:
        import_geo("--force")
    message = str(failure.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "Nothing was changed" in message
    assert snapshot() == before
    return message


def test_a_file_truncated_inside_a_quoted_field_names_the_file_and_line(broken_data):
    break_file, _ = broken_data
    cut = {}

    def truncate(text: str) -> str:
        # Cut inside the quoted "Nearby districts" field of a row two-thirds of the way down.
        start = text.index(',"', len(text) * 2 // 3) + 5
        cut["line"] = text.count("\n", 0, start) + 1
        return text[:start]

    break_file("postcode_districts.csv.gz", truncate)
    assert_import_fails_and_changes_nothing(
        f"postcode_districts.csv.gz, line {cut['line']}", "CSV syntax error"
    )


def test_a_file_truncated_inside_a_quoted_field_stops_the_import_naming_the_file(broken_data):
    break_file, _ = broken_data
    break_file("postcode_districts.csv.gz", lambda text: text[: text.index(',"', 1000) + 5])
    assert_import_fails_and_changes_nothing(
        "postcode_districts.csv.gz, line", "CSV syntax error: unexpected end of data"
    )


def test_a_file_missing_a_column_names_the_file_and_the_column(broken_data):
    break_file, _ = broken_data

    def drop_country_code(text: str) -> str:
        lines = text.split("\n")
        return "\n".join(",".join(line.split(",")[:4] + line.split(",")[5:]) for line in lines)

    break_file("codepoint_open_2025_W.csv.gz", drop_country_code)
    assert_import_fails_and_changes_nothing(
        "codepoint_open_2025_W.csv.gz, line 1", "missing column(s): Country_code"
    )


def test_text_in_a_latitude_names_the_file_line_and_value(broken_data):
    break_file, _ = broken_data
    line_number = 500

    def spoil_latitude(text: str) -> str:
        lines = text.split("\n")
        fields = lines[line_number - 1].split(",")
        fields[10] = "fifty-five"
        lines[line_number - 1] = ",".join(fields)
        return "\n".join(lines)

    break_file("codepoint_open_2025_cross_border.csv.gz", spoil_latitude)
    assert_import_fails_and_changes_nothing(
        f"codepoint_open_2025_cross_border.csv.gz, line {line_number}",
        "Latitude_WGS84 is not a number: 'fifty-five'",
    )


def test_a_row_with_a_missing_field_names_the_file_and_line(broken_data):
    break_file, _ = broken_data

    def drop_last_field(text: str) -> str:
        lines = text.split("\n")
        lines[99] = lines[99].rsplit(",", 1)[0]
        return "\n".join(lines)

    break_file("codepoint_open_2025_EH.csv.gz", drop_last_field)
    assert_import_fails_and_changes_nothing(
        "codepoint_open_2025_EH.csv.gz, line 100", "expected 12 fields, found 11"
    )


def test_an_unknown_country_code_names_the_file_and_line(broken_data):
    break_file, _ = broken_data

    def foreign_country(text: str) -> str:
        lines = text.split("\n")
        lines[1] = lines[1].replace("W92000004", "X99999999")
        return "\n".join(lines)

    break_file("codepoint_open_2025_CF.csv.gz", foreign_country)
    assert_import_fails_and_changes_nothing(
        "codepoint_open_2025_CF.csv.gz, line 2", "unknown Country_code 'X99999999'"
    )


def test_a_truncated_gzip_file_is_reported_as_damaged(broken_data):
    _, folder = broken_data
    path = folder / "gb_postcode_district_country_2025.csv.gz"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert_import_fails_and_changes_nothing(
        "gb_postcode_district_country_2025.csv.gz", "damaged or truncated gzip file"
    )


def test_a_missing_file_is_named(broken_data):
    _, folder = broken_data
    (folder / "postcode_areas.csv.gz").unlink()
    assert_import_fails_and_changes_nothing("postcode_areas.csv", "file not found")


def test_a_unit_postcode_in_a_district_the_district_file_lacks_is_refused(broken_data):
    break_file, _ = broken_data

    def unknown_district(text: str) -> str:
        lines = text.split("\n")
        lines[3] = "ZZ9" + lines[3][lines[3].index(" ") :]
        return "\n".join(lines)

    break_file("codepoint_open_2025_W.csv.gz", unknown_district)
    assert_import_fails_and_changes_nothing(
        "codepoint_open_2025_W.csv.gz, line 4", "district ZZ9 is not a GB district"
    )
