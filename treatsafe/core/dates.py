"""One date style everywhere a person reads a date (GOV.UK style: 28 November 2026). APIs and
exports keep ISO 8601; pages, emails and messages use `govuk_date`."""

import datetime as dt


def as_date(value) -> dt.date | None:
    """A date from a date, a datetime (in its own time zone) or an ISO 8601 string."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def govuk_date(value) -> str:
    """'28 November 2026' (no leading zero, full month); '' for no date; text that is not a
    date is returned as it is."""
    day = as_date(value)
    if day is None:
        return "" if value in (None, "") else str(value)
    return f"{day.day} {day.strftime('%B')} {day.year}"


def days_between(earlier, later) -> int | None:
    a, b = as_date(earlier), as_date(later)
    return None if a is None or b is None else (b - a).days
