"""The rule files: every rule is cited, dated and well formed, the change log matches the rules,
and a broken rule file stops start-up with a message naming the rule."""

import shutil

import pytest
from django.apps import apps

from treatsafe.treatments import rules as rules_module
from treatsafe.treatments.catalogue import TREATMENTS
from treatsafe.treatments.changes import changes_for
from treatsafe.treatments.rules import RULES_DIR, RuleFileError, get_ruleset, load_rules

RULESET = get_ruleset()


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda rule: rule.id)
def test_every_rule_that_decides_or_explains_a_verdict_cites_a_source(rule):
    if rule.fallback:
        assert rule.needs_source and not rule.citations and rule.verdict == "caution"
        return
    assert rule.citations
    for citation in rule.citations:
        assert citation.source.title and citation.source.issuer
        assert citation.source.evidence in ("primary", "secondary")


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda rule: rule.id)
def test_every_rule_has_a_status_a_verdict_and_a_verification_date(rule):
    assert rule.status in ("in_force", "enacted_not_commenced", "proposed")
    assert rule.verdict in ("unlawful", "red_flag", "caution", "lawful")
    assert rule.last_verified.isoformat() in ("2026-11-25", "2026-11-28")
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
    assert RULESET.get("england-licensing-scheme-injectables").status == "proposed"


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


def _cut_citations(path, rule_id, next_rule_id, extra=""):
    text = path.read_text()
    start = text.index(f"  - id: {rule_id}")
    block_end = text.index(f"  - id: {next_rule_id}")
    block = text[start:block_end]
    cut = block[: block.index("    citations:")] + extra + "    citations: []\n\n"
    path.write_text(text[:start] + cut + text[block_end:])


def test_start_up_fails_on_a_rule_that_decides_a_verdict_without_a_citation(rules_copy):
    _cut_citations(
        rules_copy / "injectables.yaml",
        "under-18-toxin-and-fillers-wales",
        "under-18-toxin-and-fillers-northern-ireland",
    )
    with pytest.raises(RuleFileError, match="under-18-toxin-and-fillers-wales.*cites nothing"):
        load_rules(rules_copy)


def test_saying_a_rule_needs_a_source_does_not_excuse_it_from_citing_one(rules_copy):
    _cut_citations(
        rules_copy / "injectables.yaml",
        "skin-booster-medical-device",
        "prp-not-a-prescription-medicine",
        extra="    needs_source: true\n",
    )
    with pytest.raises(RuleFileError, match="skin-booster-medical-device.*cites nothing"):
        load_rules(rules_copy)


def test_a_rule_without_a_source_may_not_call_something_unlawful(rules_copy):
    _break(
        rules_copy / "exosomes.yaml",
        """    verdict: caution
    needs_source: true
    explanation: >-
      We have not found a source on exosome-like""",
        """    verdict: unlawful
    needs_source: true
    explanation: >-
      We have not found a source on exosome-like""",
    )
    with pytest.raises(RuleFileError, match="exosomes-synthetic-source.*cannot state"):
        load_rules(rules_copy)


def test_a_background_rule_names_only_treatments_in_the_catalogue(rules_copy):
    _break(rules_copy / "places.yaml", "    concerns: []", "    concerns: [tattooing]")
    with pytest.raises(RuleFileError, match="wales-special-procedures-licence.*concerns"):
        load_rules(rules_copy)


# --- The change log ------------------------------------------------------------------------


def test_every_rule_has_the_date_it_was_added_in_the_change_log():
    for rule in RULESET.rules:
        history = changes_for(RULESET.changes, rule.id)
        assert any(change.kind == "added" for change in history), rule.id


def test_the_change_log_is_newest_first_and_names_removed_rules_that_are_gone():
    dates = [change.date for change in RULESET.changes]
    assert dates == sorted(dates, reverse=True)
    removed = {i for c in RULESET.changes if c.kind == "removed" for i in c.rule_ids}
    assert "prp-unverified" in removed
    assert not removed & {rule.id for rule in RULESET.rules}


def test_a_new_rule_with_no_added_entry_stops_start_up(rules_copy):
    _break(rules_copy / "changes.yaml", "      - label-human-origin\n", "")
    with pytest.raises(RuleFileError, match="no `added` entry for label-human-origin"):
        load_rules(rules_copy)


def test_a_change_naming_an_unknown_rule_stops_start_up(rules_copy):
    _break(
        rules_copy / "changes.yaml", "rules: [prp-not-a-prescription-medicine]", "rules: [prp-x]"
    )
    with pytest.raises(RuleFileError, match="unknown rule 'prp-x'"):
        load_rules(rules_copy)


def test_a_removed_rule_must_really_be_gone(rules_copy):
    _break(rules_copy / "changes.yaml", "rules: [vitamin-injection-prescription-only]",
           "rules: [vitamin-injection-with-prescriber]")  # fmt: skip
    with pytest.raises(RuleFileError, match="removed but still a rule"):
        load_rules(rules_copy)


STATUS_CHANGE = """
  - date: 2027-09-06
    change: status_changed
    rules: [scotland-2026-act-permitted-premises]
    from: enacted_not_commenced
    to: {to}
    summary: Commencement regulations brought section 3 into force.
"""


def test_a_status_change_must_match_the_status_of_the_rule(rules_copy):
    with (rules_copy / "changes.yaml").open("a") as log:
        log.write(STATUS_CHANGE.format(to="in_force"))
    with pytest.raises(RuleFileError, match="scotland-2026-act-permitted-premises"):
        load_rules(rules_copy)


def test_a_status_change_that_matches_the_rule_is_the_newest_entry(rules_copy):
    _break(
        rules_copy / "places.yaml",
        "    status: enacted_not_commenced\n    takes_effect: 2027-09-06\n    last_verified: "
        "2026-11-28\n    citations:\n      - source: scotland-act-2026\n        clause: section 3 "
        "(offence",
        "    status: in_force\n    takes_effect: 2027-09-06\n    last_verified: "
        "2026-11-28\n    citations:\n      - source: scotland-act-2026\n        clause: section 3 "
        "(offence",
    )
    with (rules_copy / "changes.yaml").open("a") as log:
        log.write(STATUS_CHANGE.format(to="in_force"))
    newest = load_rules(rules_copy).changes[0]
    assert newest.kind == "status_changed"
    assert (newest.status_from, newest.status_to) == ("enacted_not_commenced", "in_force")


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
