"""Confirmation emails to one address, limited (no account, so watching must not become a way
to flood someone's inbox). The per-client limit is core.ratelimit's "watch" (in the view and
the API); this per-address count is local and can move to core.ratelimit's "mail" limit."""

from django.core.cache import cache

from treatsafe.core.errors import DomainError


class TooManyRequests(DomainError):
    status = 429
    code = "too_many_requests"


def allow(key: str, limit: int, window_seconds: int) -> None:
    """Count one use of `key`; raise TooManyRequests past `limit` within the window."""
    name = f"treatsafe-throttle:{key}"
    cache.add(name, 0, window_seconds)
    try:
        used = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, window_seconds)
        used = 1
    if used > limit:
        raise TooManyRequests(
            "Too many requests to watch listings from here: try again in an hour."
        )
