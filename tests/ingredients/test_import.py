"""`treatsafe import-data cosing`: real files in, proper tables out; broken files change nothing."""

import csv
import gzip
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from treatsafe.ingredients import cosing
from treatsafe.ingredients.cosing import ban_condition
from treatsafe.ingredients.models import AnnexEntry, AnnexLink, Ingredient, Synonym

pytestmark = pytest.mark.django_db
DATA = Path(settings.REFERENCE_DATA_DIR)


def file_rows(relative):
    with gzip.open(DATA / f"{relative}.gz", "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def table_counts():
    return {
        "ingredients": Ingredient.objects.count(),
        "entries": AnnexEntry.objects.count(),
        "links": AnnexLink.objects.count(),
        "synonyms": Synonym.objects.count(),
        "functions": Ingredient.functions.through.objects.count(),
    }


def test_every_inventory_row_becomes_one_ingredient():
    assert Ingredient.objects.count() == len(file_rows(cosing.INVENTORY))


@pytest.mark.parametrize("annex", ["II", "III", "IV", "V", "VI"])
def test_every_annex_row_becomes_one_entry_even_where_reference_numbers_repeat(annex):
    rows = file_rows(cosing.ANNEX_FILES[annex])
    assert AnnexEntry.objects.filter(annex=annex).count() == len(rows)


def test_repeated_reference_numbers_are_kept_as_separate_entries():
    assert AnnexEntry.objects.filter(annex="II", reference="38").count() == 3


def test_functions_are_split_into_their_own_table():
    phenoxyethanol = Ingredient.objects.get(inci_name="PHENOXYETHANOL")
    assert set(phenoxyethanol.functions.values_list("name", flat=True)) == {
        "ANTIMICROBIAL",
        "PRESERVATIVE",
    }


def test_a_restriction_cell_with_two_references_links_both_annex_entries():
    hydroquinone = Ingredient.objects.get(inci_name="HYDROQUINONE")
    linked = {(e.annex, e.reference) for e in hydroquinone.annex_entries.all()}
    assert {("II", "1339"), ("III", "14")} <= linked


def test_a_restriction_cell_that_makes_a_ban_conditional_links_as_conditional():
    link = AnnexLink.objects.get(entry__annex="II", ingredient__inci_name="CYCLOMETHICONE")
    assert (link.entry.reference, link.source) == ("1388", "conditional")


def test_identified_ingredients_link_an_entry_to_inventory_names():
    link = AnnexLink.objects.get(
        entry__annex="II",
        entry__reference="416",
        ingredient__inci_name="HUMAN ADIPOCYTE CONDITIONED MEDIA EXTRACT",
    )
    assert link.source in {"identified", "restriction"}
    assert AnnexLink.objects.filter(source="identified").exists()


def test_maximum_concentration_is_parsed_only_where_it_is_one_plain_percentage():
    assert cosing.parse_max_percent("8 %") == 8.0
    assert cosing.parse_max_percent("7,34 %") == 7.34
    assert cosing.parse_max_percent("0.5% (acid)") == 0.5
    assert cosing.parse_max_percent("(a) 8%\n(b) 11%") is None
    assert cosing.parse_max_percent("a) 2.5% (acid)\nb) 1.7% (acid)") is None
    assert cosing.parse_max_percent("") is None
    # a limit on something other than the ingredient, or a garbled figure, is not a limit
    assert cosing.parse_max_percent("Maximum secondary amine content: 0.5%") is None
    assert cosing.parse_max_percent("0 15%") is None
    phenoxyethanol = AnnexEntry.objects.get(annex="V", reference="29")
    assert phenoxyethanol.max_percent == 1.0


def test_importing_the_same_files_again_is_a_no_op_that_says_so():
    before = table_counts()
    out = StringIO()
    call_command("import_data", "cosing", stdout=out)
    assert "unchanged" in out.getvalue()
    assert table_counts() == before


def test_a_forced_reimport_replaces_the_rows_with_the_same_counts():
    before = table_counts()
    out = StringIO()
    call_command("import_data", "cosing", "--force", stdout=out)
    assert "cosing: imported" in out.getvalue()
    assert f"{before['ingredients']:,} ingredients" in out.getvalue()
    assert table_counts() == before


def broken_copy(tmp_path, relative, damage):
    """A copy of the reference data where one file's text is passed through `damage`."""
    for name in cosing.FILES:
        target = tmp_path / f"{name}.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / f"{name}.gz", target)
    path = tmp_path / f"{relative}.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        text = handle.read()
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        handle.write(damage(text))
    return tmp_path


def truncate_inside_a_quoted_field(text):
    # cut the file just after the opening quote of a multi-line Annex III cell
    return text[: text.index('"(a) Hair products') + 5]


def drop_the_inci_column(text):
    header, rest = text.split("\n", 1)
    return header.replace("INCI name", "INCI_name") + "\n" + rest


def spoil_a_date(text):
    lines = text.split("\n")
    lines[5] = lines[5][: lines[5].rindex(",")] + ",31/02/2019"
    return "\n".join(lines)


def spoil_a_reference_number(text):
    lines = text.split("\n")
    lines[3] = "abc" + lines[3][lines[3].index(",") :]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("relative", "damage", "line", "problem"),
    [
        (cosing.ANNEX_FILES["III"], truncate_inside_a_quoted_field, "line", "CSV syntax error"),
        (cosing.INVENTORY, drop_the_inci_column, "line 1", "missing column(s): INCI name"),
        (cosing.INVENTORY, spoil_a_date, "line 6", "not a dd/mm/yyyy date"),
        (cosing.INVENTORY, spoil_a_reference_number, "line 4", "COSING Ref No is not a number"),
    ],
)
def test_a_broken_file_stops_the_import_naming_file_and_line_and_changes_nothing(
    tmp_path, relative, damage, line, problem
):
    before = table_counts()
    sample = Ingredient.objects.get(inci_name="NIACINAMIDE")
    data_dir = broken_copy(tmp_path, relative, damage)
    with override_settings(REFERENCE_DATA_DIR=data_dir), pytest.raises(CommandError) as raised:
        call_command("import_data", "cosing", "--force", verbosity=0)
    message = str(raised.value)
    assert Path(relative).name in message
    assert line in message
    assert problem in message
    assert "Nothing was changed" in message
    assert table_counts() == before
    assert Ingredient.objects.get(cosing_ref=sample.cosing_ref).inci_name == "NIACINAMIDE"


@pytest.mark.parametrize(
    ("cell", "reference", "condition"),
    [
        ("II/335 if free cholecalciferol is present", ("II", "335"), "if free cholecalciferol"),
        ("II/1388", ("II", "1388"), ""),
        ("III/14 (only for nail systems) II/1339", ("II", "1339"), ""),
        (
            "Entry 1388 of Annex II: D4. If Cyclomethicone contains D4 then entry II/1388 applies",
            ("II", "1388"),
            "If Cyclomethicone contains D4",
        ),
        ("II/306 X as such. It is prohibited (II/306), if prepared from a", ("II", "306"), "if"),
    ],
)
def test_a_ban_condition_is_read_from_the_restriction_cell(cell, reference, condition):
    found = ban_condition(cell, *reference)
    assert (condition in found) if condition else found == ""
