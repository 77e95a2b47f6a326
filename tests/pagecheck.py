"""Structural checks applied to every HTML page the tests fetch (after GOV.UK Notify-admin):
the HTML parses, there is exactly one <h1>, the <title> starts with the h1's text, no id is
used twice, and every form field has a label."""

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
    elif h1s and not _text(title).startswith(_text(h1s[0])):
        problems.append(f"<title> {_text(title)!r} does not start with h1 {_text(h1s[0])!r}")
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
