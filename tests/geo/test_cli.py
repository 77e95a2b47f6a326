"""`treatsafe postcode TEXT [--json]`: the same lookup on the command line."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("postcode", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("query", ["w1g9pf", "SY10", "TD15 1BT", "JE2 3AB", "Cardiff"])
def test_json_output_is_identical_to_the_api_body(client, query):
    api = client.get("/api/v1/places", {"q": query})
    assert api.status_code == 200
    assert json.loads(run(query, "--json")) == api.json()


def test_json_output_for_a_postcode_equals_the_postcode_route(client):
    api = client.get("/api/v1/postcodes/w1g9pf").json()
    assert json.loads(run("w1g9pf", "--json")) == api


def test_human_output_names_the_postcode_nation_and_authority():
    output = run("w1g9pf")
    assert "W1G 9PF" in output
    assert "England" in output
    assert "City of Westminster" in output


def test_human_output_for_a_cross_border_district_lists_the_candidates_and_the_caveat():
    output = run("SY10")
    assert "not known: one of England, Wales" in output
    assert "crosses the border" in output


@pytest.mark.parametrize(
    ("query", "message"),
    [("W1G 9CI", "is not a valid UK postcode"), ("ZZ1 1AA", "No UK postcode starts with ZZ")],
)
def test_invalid_or_unknown_input_fails_with_the_message(query, message):
    with pytest.raises(CommandError) as error:
        run(query)
    assert message in str(error.value)


def test_the_command_is_listed_in_treatsafe_help():
    result = subprocess.run(
        [sys.executable, "-m", "treatsafe.cli", "--help"], capture_output=True, text=True
    )
    assert "postcode" in result.stdout
    assert "Look up a UK postcode, district or place name." in result.stdout
