"""A small fixed-window rate limit over Django's cache.

A stand-in until the shared core helper (branch `hardening`) lands: callers use only `check`,
so swapping the implementation touches this file alone."""

from django.core.cache import cache

from treatsafe.core.errors import DomainError


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"


def client_key(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def check(scope: str, key: str, *, limit: int, window: int, message: str) -> None:
    """Count one attempt for (scope, key); raise RateLimited past `limit` in `window` seconds."""
    name = f"ratelimit:{scope}:{key}"
    if cache.add(name, 1, timeout=window):
        return
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window)
        return
    if count > limit:
        raise RateLimited(message, retry_after=window)
