"""GOV.UK pagination for any list: which page links to show, each keeping the rest of the
query string, so every paged page (register search, back-office queue) pages the same way."""

from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the ellipsis
    url: str
    current: bool = False


def _url(query: QueryDict, page: int, name: str) -> str:
    params = query.copy()
    params[name] = str(page)
    return "?" + params.urlencode()


def pagination(query: QueryDict, page: int, pages: int, name: str = "page") -> dict | None:
    """Context for `core/_pagination.html`: previous, next, and the page numbers (first, last,
    and those next to the current page, gaps shown as an ellipsis). None for a single page."""
    if pages <= 1:
        return None
    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    items: list[PageLink] = []
    for number in shown:
        if items and items[-1].number is not None and number - items[-1].number > 1:
            items.append(PageLink(None, ""))
        items.append(PageLink(number, _url(query, number, name), number == page))
    return {
        "previous": _url(query, page - 1, name) if page > 1 else None,
        "next": _url(query, page + 1, name) if page < pages else None,
        "items": items,
    }
