"""The label check's JSON is sent as built (not validated again on the way out): it must be
exactly what the documented schema, LabelOut, says, for real labels and every verdict."""

import json
from pathlib import Path

import pytest

from treatsafe.ingredients.schemas import LabelOut

pytestmark = pytest.mark.django_db

DATA = Path(__file__).with_name("data")
REAL = [json.loads(line)["text"] for line in (DATA / "real_labels.jsonl").open(encoding="utf-8")]
EVERY_VERDICT = [
    "Aqua, Glycerin, Niacinamide, Phenoxyethanol",  # ok, with limits for the maker
    "Aqua, Hydroquinone, Mercury",  # prohibited
    "Aqua, Glycerin, Zzqxv Extract",  # unknown ingredients
    "Aqua, Salicylic Acid 5%, Glycerin",  # a declared concentration over the maximum
    "Human Adipose Derived Stem Cell Conditioned Media, Aqua",  # human origin
]


@pytest.mark.parametrize("text", EVERY_VERDICT + REAL[::25])
def test_the_label_check_answer_is_exactly_the_documented_schema(client, text):
    response = client.post("/api/v1/labels/check", {"text": text}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    # validating would neither add, drop nor change anything
    assert LabelOut.model_validate(body).model_dump(mode="json") == body
