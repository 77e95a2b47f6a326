"""Links higher apps add to a public listing page (watch it, its decisions feed), registered at
start-up, so the register links to them without importing them."""

from collections.abc import Callable

LinkSource = Callable[[int], list[tuple[str, str]]]
_sources: list[LinkSource] = []


def add_listing_links(source: LinkSource) -> None:
    if source not in _sources:
        _sources.append(source)


def listing_links(practitioner_id: int) -> list[tuple[str, str]]:
    """(text, url) pairs for the listing page."""
    return [link for source in _sources for link in source(practitioner_id)]
