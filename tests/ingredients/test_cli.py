"""`treatsafe check-label`: a table, --json, batch mode, and clear errors."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.ingredients.test_photos import label_photo, needs_ocr

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("check_label", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_label_file_is_printed_as_a_table_with_the_verdict_first(tmp_path):
    label = tmp_path / "label.txt"
    label.write_text("Ingredients: Aqua, Hydroquinone, Glycern.")
    output = run(str(label))
    assert output.startswith("Verdict: Do not use: this product contains a banned ingredient")
    assert "HYDROQUINONE" in output and "Annex II/1339" in output
    assert "except in nail products (Annex III/14)" in output
    assert "fuzzy" in output
    assert "In this list:" in output


def test_json_output_follows_the_result_contract(tmp_path):
    label = tmp_path / "label.txt"
    label.write_text("Aqua, Human Adipose Stromal Cell Exosomes")
    body = json.loads(run(str(label), "--json"))
    assert body["verdict"] == "prohibited"
    assert body["ingredients"][1]["flags"] == ["human_origin", "exosome"]


def test_standard_input_is_read_with_a_dash(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Aqua, Glycerin")))
    assert json.loads(run("-", "--json"))["verdict"] == "ok"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "Enter the ingredient list"), (b"\xff\x00\x81\x00junk", "not text")],
)
def test_bad_files_give_a_clear_error(tmp_path, content, message):
    label = tmp_path / "label.txt"
    label.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(label))


def test_a_missing_file_gives_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.txt"))


def test_a_directory_or_a_device_is_not_mistaken_for_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        run(str(tmp_path))
    with pytest.raises(CommandError, match="Enter the ingredient list"):
        run("/dev/null")


def test_batch_mode_writes_one_result_per_row_including_rows_that_fail(tmp_path):
    labels = tmp_path / "labels.csv"
    with labels.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["product", "ingredients"])
        writer.writerow(["serum", "Aqua, Glycerin, Niacinamide 5%"])
        writer.writerow(["empty", ""])
        writer.writerow(["exosomes", "Aqua, Human Adipose Stromal Cell Exosomes"])
    output = tmp_path / "results.jsonl"
    run("--batch", str(labels), "--column", "ingredients", "--output", str(output))
    results = [json.loads(line) for line in output.read_text().splitlines()]
    assert [r["row"] for r in results] == [1, 2, 3]
    assert results[0]["verdict"] == "ok"
    assert results[1]["error"] == "empty_label"
    assert results[2]["verdict"] == "prohibited"


def test_batch_mode_names_a_missing_column(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("product,inci\nserum,Aqua\n")
    with pytest.raises(CommandError, match="no column 'ingredients'"):
        run("--batch", str(labels), "--column", "ingredients")


@needs_ocr
def test_a_photo_of_a_label_is_read_and_checked(tmp_path):
    photo = tmp_path / "label.jpg"
    photo.write_bytes(label_photo())
    body = json.loads(run(str(photo), "--photo", "--json"))
    assert "Niacinamide 5%" in body["text"]
    assert [i["inci"] for i in body["ingredients"]][:3] == ["AQUA", "GLYCERIN", "NIACINAMIDE"]
    table = run(str(photo), "--photo")
    assert table.startswith("Text read from the photo")
    assert "HYDROQUINONE" in table


def test_a_text_file_given_as_a_photo_gets_a_clear_error(tmp_path):
    label = tmp_path / "label.txt"
    label.write_text("Aqua, Glycerin")
    with pytest.raises(CommandError, match="JPEG, PNG or HEIC"):
        run(str(label), "--photo")
