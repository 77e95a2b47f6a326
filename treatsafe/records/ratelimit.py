"""Rate limits for records and reviews, counted in the shared cache by client address.

The counting window and limit are per action (a patient's record page allows more than an
anonymous report); going over raises core's `RateLimited`, which the API and pages answer with
429 and `Retry-After` like every other limit (treatsafe.core.ratelimit)."""

from django.core.cache import cache

from treatsafe.core.clientip import client_ip
from treatsafe.core.ratelimit import RateLimited

__all__ = ["RateLimited", "check", "client_key"]


def client_key(request) -> str:
    """The client's address, read through trusted proxies only."""
    return client_ip(request) or "unknown"


def check(scope: str, key: str, *, limit: int, window: int, message: str = "") -> None:
    """Count one attempt for (scope, key); raise RateLimited past `limit` in `window` seconds.
    The default cache is the database cache every server process shares."""
    name = f"ratelimit:{scope}:{key}"
    if cache.add(name, 1, timeout=window):
        return
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window)
        return
    if count > limit:
        raise RateLimited(window)
