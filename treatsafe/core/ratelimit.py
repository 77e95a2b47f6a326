"""Rate limits: how often one client (or one email address) may do something.

Each limit has a name and a rate in settings.TREATSAFE_RATE_LIMITS ("5/h", "20/15m"; None turns
it off). Counting is django-ratelimit's (`get_usage`: fixed windows staggered per client, kept in
the default cache, which every server process shares: the database cache unless configured
otherwise). Going over raises `RateLimited`, a DomainError answered with 429 and `Retry-After`:
as JSON by the API (treatsafe.api) and as a page everywhere else (`rate_limit` decorator, and
treatsafe.core.middleware for errors raised deeper down).

Other apps use it in one line:

    @rate_limit("review")                     # a page view: POSTs count, per client address
    ratelimit.hit(request, "review")          # anywhere else (an API operation, a service call)
    ratelimit.hit(request, "mail", value=email)   # per email address instead of per client
"""

import functools
import hashlib

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from treatsafe.core.clientip import client_ip
from treatsafe.core.errors import DomainError


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int):
        self.retry_after = max(1, int(retry_after))
        super().__init__(
            f"Too many requests. Try again in {wait_text(self.retry_after)}.",
            retry_after=self.retry_after,
        )


def wait_text(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    if minutes < 90:
        return f"{minutes} minutes"
    hours = (minutes + 59) // 60
    return f"{hours} hours"


def hit(request, name: str, *, value: str | None = None) -> None:
    """Count one action against limit `name` for this client (or for `value`, such as an email
    address); raise RateLimited once the limit is passed."""
    rate = settings.TREATSAFE_RATE_LIMITS.get(name)
    if not rate:
        return
    if value is not None:
        # The address itself is never a cache key: a digest of it is.
        digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()

        def key(group, request):
            return digest
    else:

        def key(group, request):
            return client_ip(request)

    usage = get_usage(
        request, group=f"treatsafe.{name}", key=key, rate=rate, method=ALL, increment=True
    )
    if usage and usage["should_limit"]:
        raise RateLimited(usage["time_left"])


def too_many_requests(request, error: RateLimited):
    """The 429 page (GOV.UK style), with Retry-After."""
    response = render(
        request,
        "core/429.html",
        {"wait": wait_text(error.retry_after)},
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def rate_limit(name: str, *, methods: tuple[str, ...] = ("POST",)):
    """Decorate a page view: each request with one of `methods` counts against limit `name`
    for the client's address, and past the limit the 429 page is shown instead."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    hit(request, name)
                except RateLimited as error:
                    return too_many_requests(request, error)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
