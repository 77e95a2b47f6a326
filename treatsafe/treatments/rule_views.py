"""The rules' change log page (its JSON twin is GET /api/v1/rules/changes in api.py)."""

from django.shortcuts import render

from treatsafe.treatments.rules import get_ruleset


def rule_changes(request):
    """What changed in the rules, by date, newest first (the JSON twin: /api/v1/rules/changes)."""
    ruleset = get_ruleset()
    titles = {rule.id: rule.title for rule in ruleset.rules}
    days: dict = {}
    for change in ruleset.changes:
        named = [(rule_id, titles.get(rule_id)) for rule_id in change.rule_ids]
        days.setdefault(change.date, []).append((change, named))
    return render(
        request,
        "treatments/rule_changes.html",
        {"days": list(days.items()), "rules_count": len(ruleset.rules)},
    )
