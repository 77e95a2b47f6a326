"""`treatsafe check-treatment` and `treatsafe check-advert`, run through the real CLI entry point
against the test database."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from treatsafe.cli import _treatsafe_commands

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_commands_are_listed_with_their_help_line():
    commands = _treatsafe_commands()
    assert (
        commands["check-treatment"] == "Check whether a treatment offer is lawful and appropriate."
    )
    assert "check-advert" in commands


def test_check_treatment_json_follows_the_contract_from_the_issue():
    out = run("check_treatment", "--treatment", "exosomes", "--source", "plant", "--route",
              "topical", "--postcode", "CF10 1AA", "--json")  # fmt: skip
    data = json.loads(out)
    assert set(data) >= {"verdict", "reasons", "questions", "next_steps"}
    assert data["verdict"] == "lawful"
    assert {"rule_id", "verdict", "text", "citations"} <= set(data["reasons"][0])


def test_check_treatment_refuses_an_under_18_toxin_in_england_in_plain_text():
    out = run("check_treatment", "--treatment", "botulinum-toxin", "--route", "injected",
              "--postcode", "W1G 9PF", "--age", "17", "--prescriber", "yes")  # fmt: skip
    assert out.startswith("Verdict: AGAINST THE LAW (unlawful)")
    assert "under-18-toxin-and-fillers-england" in out
    assert "https://www.legislation.gov.uk/ukpga/2021/19" in out


def test_check_treatment_reads_a_label_file(tmp_path):
    label = tmp_path / "label.txt"
    label.write_text("Aqua, Human Adipocyte Conditioned Media Extract")
    out = run("check_treatment", "--treatment", "exosomes", "--source", "plant", "--route",
              "topical", "--jurisdiction", "England", "--label", str(label), "--json")  # fmt: skip
    assert json.loads(out)["verdict"] == "unlawful"


def test_check_treatment_reports_bad_input_as_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="near a border"):
        run("check_treatment", "--treatment", "exosomes", "--postcode", "SY10")
    with pytest.raises(CommandError, match="no such file"):
        run("check_treatment", "--treatment", "exosomes", "--jurisdiction", "England",
            "--label", str(tmp_path / "missing.txt"))  # fmt: skip


def test_check_advert_reads_a_file(tmp_path):
    advert = tmp_path / "advert.txt"
    text = "Umbilical cord exosome injections \u2013 guaranteed results"
    advert.write_text(text)
    data = json.loads(run("check_advert", str(advert), "--json"))
    flags = {flag["claim"]: flag for flag in data["flags"]}
    assert set(flags) == {"human_origin", "unlicensed_medicine", "absolute_claim"}
    for flag in flags.values():
        assert flag["citations"]
        for quote in flag["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"]


def test_check_advert_prints_each_flag_with_its_words_and_sources(tmp_path):
    advert = tmp_path / "advert.txt"
    advert.write_text("Baby botox \u00a3150, today only!")
    out = run("check_advert", str(advert))
    assert '"Baby botox" (characters 0-10)' in out
    assert "advert-prescription-only-medicine" in out and "Source: " in out


def test_check_advert_says_when_nothing_is_found_without_calling_it_safe(tmp_path):
    advert = tmp_path / "advert.txt"
    advert.write_text("Plant exosome facial, applied to the skin. Ask to see the ingredients.")
    out = run("check_advert", str(advert))
    assert "No warning signs found" in out and "does not make a treatment safe" in out
