"""Extension points for the apps above the register (records, reviews), so the register never
imports them: they add themselves here when Django starts (their AppConfig.ready).

- `LISTING_SECTIONS`: functions (listing) -> {"template": ..., **context} or None, rendered on
  the public listing page below the treatments.
- `EXPORT_SECTIONS`: (key, function () -> iterable of JSON-ready dicts) appended to the JSON
  open-data export as extra top-level lists.
- `DEMO_HOOKS`: functions (seed) -> str run by `treatsafe demo-data` after the register's own demo
  data; each returns one line for the command's output.
- `LINKS`: {"assessor": [...], "practitioner": [...]} of (text, URL name) pairs, shown on the
  assessors' queue and the practitioner's listing page.
- `DEMO_REMOVERS`: functions () -> None run (last added first) before the register replaces its
  demo data, so nothing of theirs still points at a demo listing.
"""

from collections.abc import Callable, Iterable

LISTING_SECTIONS: list[Callable] = []
EXPORT_SECTIONS: list[tuple[str, Callable[[], Iterable[dict]]]] = []
DEMO_HOOKS: list[Callable[[int], str]] = []
DEMO_REMOVERS: list[Callable[[], None]] = []
LINKS: dict[str, list[tuple[str, str]]] = {"assessor": [], "practitioner": []}


def add_once(registry: list, item) -> None:
    if item not in registry:
        registry.append(item)


def listing_sections(listing) -> list[dict]:
    return [section for fn in LISTING_SECTIONS if (section := fn(listing))]
