"""Structural checks applied to every HTML page the tests fetch (after GOV.UK Notify-admin):
the HTML parses, there is exactly one <h1>, the <title> starts with the h1's text (after
"Error: " on a page with an error summary, which must have it), no id is used twice, and every
form field has a label."""

import html5lib
from bs4 import BeautifulSoup

FIELD_TAGS = ("input", "select", "textarea")
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "image", "reset"}


class PageCheckError(AssertionError):
    pass


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _has_label(soup, field) -> bool:
    if field.get("aria-label") or field.get("aria-labelledby"):
        return True
    if field.find_parent("label"):
        return True
    field_id = field.get("id")
    return bool(field_id and soup.find("label", attrs={"for": field_id}))


def check_page(html: str, url: str = "") -> BeautifulSoup:
    """Raise PageCheckError naming every structural fault of `html`; return the parsed page."""
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(html)
    problems = [f"HTML parse error {code} at line {pos[0]}" for pos, code, _ in parser.errors]
    soup = BeautifulSoup(html, "html5lib")
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"expected exactly one <h1>, found {len(h1s)}")
    title = soup.find("title")
    if not title or not _text(title):
        problems.append("no <title>")
    else:
        # GOV.UK pattern: a page showing an error summary says so first in its title, so a
        # screen reader user hears it before anything else.
        title_text = _text(title)
        has_summary = soup.select_one(".govuk-error-summary") is not None
        if has_summary and not title_text.startswith("Error: "):
            problems.append(f"<title> {title_text!r} of a page with errors lacks 'Error: '")
        title_text = title_text.removeprefix("Error: ")
        if h1s and not title_text.startswith(_text(h1s[0])):
            problems.append(f"<title> {title_text!r} does not start with h1 {_text(h1s[0])!r}")
    seen: set[str] = set()
    for node in soup.find_all(id=True):
        if node["id"] in seen:
            problems.append(f"duplicate id {node['id']!r}")
        seen.add(node["id"])
    for field in soup.find_all(FIELD_TAGS):
        if field.name == "input" and field.get("type", "text") in UNLABELLED_INPUT_TYPES:
            continue
        if not _has_label(soup, field):
            problems.append(f"form field {field.get('name')!r} has no label")
    if problems:
        raise PageCheckError(f"{url}: " + "; ".join(problems))
    return soup
