"""The rule files: every rule is cited (or visibly needs a source), dated and well formed, and a
broken rule file stops start-up with a message naming the rule."""

import shutil

import pytest
from django.apps import apps

from treatsafe.treatments import rules as rules_module
from treatsafe.treatments.catalogue import TREATMENTS
from treatsafe.treatments.rules import RULES_DIR, RuleFileError, get_ruleset, load_rules

RULESET = get_ruleset()


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda rule: rule.id)
def test_every_rule_cites_a_source_or_is_visibly_marked_as_needing_one(rule):
    assert rule.citations or rule.needs_source
    for citation in rule.citations:
        assert citation.source.title and citation.source.issuer
        assert citation.source.evidence in ("primary", "secondary")


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda rule: rule.id)
def test_every_rule_has_a_status_a_verdict_and_a_verification_date(rule):
    assert rule.status in ("in_force", "enacted_not_commenced", "proposed")
    assert rule.verdict in ("unlawful", "red_flag", "caution", "lawful")
    assert rule.last_verified.isoformat() == "2026-11-25"
    assert len(rule.explanation) > 40


def test_a_rule_without_a_source_never_states_the_law():
    for rule in RULESET.rules:
        if rule.needs_source and not rule.citations:
            assert rule.verdict in ("caution", "red_flag"), rule.id


def test_every_unlawful_rule_in_force_cites_a_primary_source():
    for rule in RULESET.rules:
        if rule.verdict == "unlawful" and rule.in_force:
            assert any(c.source.evidence == "primary" for c in rule.citations), rule.id


def test_every_treatment_in_the_catalogue_is_named_by_some_rule():
    named = set().union(*(rule.when.get("treatment", set()) for rule in RULESET.rules))
    assert {treatment.slug for treatment in TREATMENTS} <= named


def test_the_scottish_act_is_not_in_force_and_englands_licensing_is_only_proposed():
    assert RULESET.get("scotland-2026-act-under-18").status == "enacted_not_commenced"
    assert RULESET.get("england-licensing-scheme-amber").status == "proposed"


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def _break(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_copy_of_the_shipped_rules_loads(rules_copy):
    assert len(load_rules(rules_copy).rules) == len(RULESET.rules)


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("exosomes.yaml", "verdict: unlawful", "verdict: illegal", "verdict 'illegal'"),
    ("exosomes.yaml", "source: dbt-5news-exosomes", "source: daily-rumour", "daily-rumour"),
    ("exosomes.yaml", "      source: [human]", "      source: [alien]", "'alien'"),
    ("exosomes.yaml", "    status: in_force", "    status: maybe", "status 'maybe'"),
    ("exosomes.yaml", "    last_verified: 2026-11-25", "    last_verified: soon", "soon"),
])  # fmt: skip
def test_a_malformed_rule_fails_with_a_message_naming_the_rule(rules_copy, file, old, new, message):
    _break(rules_copy / file, old, new)
    with pytest.raises(RuleFileError) as error:
        load_rules(rules_copy)
    assert "exosomes-human-origin-prohibited" in str(error.value)
    assert message in str(error.value)
    assert file in str(error.value)


def test_a_rule_that_cites_nothing_fails_unless_it_says_it_needs_a_source(rules_copy):
    path = rules_copy / "injectables.yaml"
    text = path.read_text()
    start = text.index("  - id: under-18-toxin-and-fillers-wales")
    block_end = text.index("  - id: under-18-toxin-and-fillers-northern-ireland")
    block = text[start:block_end]
    cut = block[: block.index("    citations:")] + "    citations: []\n\n"
    path.write_text(text[:start] + cut + text[block_end:])
    with pytest.raises(RuleFileError, match="under-18-toxin-and-fillers-wales.*cites nothing"):
        load_rules(rules_copy)


def test_a_rule_without_a_source_may_not_call_something_unlawful(rules_copy):
    _break(
        rules_copy / "injectables.yaml",
        """    verdict: caution
    needs_source: true
    explanation: >-
      We have not verified whether polynucleotide""",
        """    verdict: unlawful
    needs_source: true
    explanation: >-
      We have not verified whether polynucleotide""",
    )
    with pytest.raises(RuleFileError, match="polynucleotides-status-unverified.*cannot state"):
        load_rules(rules_copy)


def test_an_unquoted_yes_in_a_rule_file_is_caught(rules_copy):
    _break(rules_copy / "injectables.yaml", 'prescriber: ["yes"]', "prescriber: [yes]")
    with pytest.raises(RuleFileError, match="quote yes/no"):
        load_rules(rules_copy)


def test_a_rule_file_that_is_not_yaml_fails_naming_the_file(rules_copy):
    (rules_copy / "broken.yaml").write_text("rules: [\n  - id: x\n")
    with pytest.raises(RuleFileError, match="broken.yaml"):
        load_rules(rules_copy)


def test_a_duplicate_rule_id_fails(rules_copy):
    shutil.copy(rules_copy / "adverts.yaml", rules_copy / "adverts_again.yaml")
    with pytest.raises(RuleFileError, match="duplicate id"):
        load_rules(rules_copy)


def test_start_up_fails_with_the_rule_named_when_a_rule_file_is_broken(rules_copy, monkeypatch):
    _break(rules_copy / "adverts.yaml", "verdict: red_flag", "verdict: dubious")
    monkeypatch.setattr(rules_module, "RULES_DIR", rules_copy)
    monkeypatch.setattr(rules_module, "_RULESET", None)
    with pytest.raises(RuleFileError, match="advert-absolute-claims"):
        apps.get_app_config("treatments").ready()
