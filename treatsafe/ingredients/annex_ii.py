"""Annex II entries that do not ban every product whose label names the ingredient, read from the
wording of the entry itself (data, not a list of ingredients). Pure functions.

Annex II lists what a cosmetic product must not contain, but some entries carry their own
exception or scope, which only the maker can show is met; the label cannot show it is broken:
- an exception about how it was made or sourced: "Petrolatum, except if the full refining
  history is known and it can be shown that the substance from which it is produced is not a
  carcinogen" (II/904, and
  the petroleum distillates and alkanes like it), "Furocoumarines ... except for normal content
  in natural essences used" (II/358, linked to every citrus oil and extract);
- an entry for the nano form only ("Styrene/Acrylates copolymer (nano)", II/1725): a nano
  ingredient must be labelled "(nano)" (Regulation (EC) No 1223/2009, Article 19(1)(g)), so a
  label without it names the ordinary form;
- animal by-products of Category 1 or 2 (II/419): the entry bans a source, not a substance, so
  squalene or tallow from other sources is not caught by it.
Such an entry is a limit the maker must keep to, never "Do not use". An entry without such
wording (hydroquinone, II/1339) is an outright ban.
"""

import re

# only exceptions that are facts about how the maker made or sourced the ingredient; "with the
# exception of <other substances or entries>" (hydroquinone, barium salts) still bans this one
EXCEPTION = re.compile(
    r"\bexcept\s+if\s+the\s+full\s+refining\s+history"
    r"|\bexcept\s+for\s+(?:the\s+)?normal\s+content\s+in\s+(?:the\s+)?natural\s+essences",
    re.IGNORECASE,
)
NANO_ONLY = re.compile(r"\(\s*nano\s*\)", re.IGNORECASE)
SOURCE_ONLY = re.compile(r"^\s*category\s+1\s+material\b", re.IGNORECASE)


def ban_exception(entry_name: str, label_text: str = "") -> str:
    """Why this Annex II entry does not ban a product just because its label names the
    ingredient ("" when it does): the exception or scope, in plain words."""
    name = " ".join(entry_name.split())
    if NANO_ONLY.search(name) and not re.search(r"\bnano\b", label_text, re.IGNORECASE):
        return (
            "Annex II bans only the nano form, which a label must declare as '(nano)'; "
            "this label does not, so it names the ordinary form."
        )
    if SOURCE_ONLY.search(name):
        return (
            "Annex II bans this only when it is made from Category 1 or 2 animal by-products; "
            "the maker must be able to show it is not."
        )
    found = EXCEPTION.search(name)
    if found:
        condition = name[found.start() :].rstrip(". ")
        return f"Annex II bans this {condition}: the maker must be able to show that."
    return ""
