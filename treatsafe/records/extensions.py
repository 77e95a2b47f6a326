"""Extension point for apps above records (reviews), so records never imports them.

`RECORD_SECTIONS`: functions (record, viewer) -> {"template": ..., **context} or None, rendered
on the record page; viewer is "patient", "practitioner" or "assessor"."""

from collections.abc import Callable

RECORD_SECTIONS: list[Callable] = []


def record_sections(record, viewer: str) -> list[dict]:
    return [section for fn in RECORD_SECTIONS if (section := fn(record, viewer))]


def add_once(registry: list, item) -> None:
    if item not in registry:
        registry.append(item)
