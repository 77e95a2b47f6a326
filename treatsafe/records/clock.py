"""The one clock of records and reviews. Tests patch `now` (or, for a running server, set
TREATSAFE_CLOCK_OFFSET_FILE to a file holding a number of days to run ahead by), so rules that
depend on time, such as 'a review from 7 days after the treatment', can be tested."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def offset() -> dt.timedelta:
    path = getattr(settings, "CLOCK_OFFSET_FILE", "")
    if not path:
        return dt.timedelta()
    try:
        return dt.timedelta(days=float(Path(path).read_text().strip() or 0))
    except (OSError, ValueError):
        return dt.timedelta()


def now() -> dt.datetime:
    return timezone.now() + offset()


def today() -> dt.date:
    return timezone.localdate(now())
