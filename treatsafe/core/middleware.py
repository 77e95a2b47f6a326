"""Response headers every response carries (pages, API, static files), and the 429 page for a
rate limit passed deep inside a view.

Placed above WhiteNoise in settings.MIDDLEWARE, so static files get the same headers as pages.
The Content-Security-Policy itself is django-csp's (settings.CONTENT_SECURITY_POLICY), built
once per process (PolicyOnceMiddleware).
"""

import http
import re

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import RequestDataTooBig

from treatsafe.core.errors import NulCharacter
from treatsafe.core.ratelimit import RateLimited, too_many_requests


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None


_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)


class PolicyOnceMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once. A response that asks for nothing of
    its own (no nonce, no per-view change or exemption, no header already set) gets the same
    policy as every other; building it for each response cost a fifth of a home page's time.
    Any other response goes through django-csp unchanged."""

    def __init__(self, get_response):
        super().__init__(get_response)
        headers = [(HEADER, build_policy()), (HEADER_REPORT_ONLY, build_policy(report_only=True))]
        self.headers = [(name, value) for name, value in headers if value]
        excluded = []
        for setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
            excluded += (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        self.excluded = tuple(excluded)

    def _plain(self, request, response) -> bool:
        debug_page = settings.DEBUG and response.status_code in (
            http.HTTPStatus.INTERNAL_SERVER_ERROR,
            http.HTTPStatus.NOT_FOUND,
        )
        return not (
            debug_page
            or getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) for name in _PER_RESPONSE)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or (self.excluded and request.path_info.startswith(self.excluded))
        )

    def process_response(self, request, response):
        if not self._plain(request, response):
            return super().process_response(request, response)
        for name, value in self.headers:
            response[name] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class RefuseNullCharactersMiddleware:
    """A request with a NUL character in its address, in a plain form's field or in a JSON body's
    text is refused: no field of any form or operation takes one, PostgreSQL cannot store or
    compare one (a database error, a 500, before this), and a form shown again with it would hold
    a character HTML cannot carry. A page gets the 400 page; the API its JSON error `not_text`.
    Multipart bodies are left to their views (tests/core/test_hostile_parameters.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _holds_nul(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):  # the API's own error, in its one shape
            from treatsafe.api import domain_error

            return domain_error(request, NulCharacter())
        from treatsafe.core.views import bad_request

        return bad_request(request)


# a JSON string's NUL, "\u0000", not an escaped backslash before the letters "u0000"
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _holds_nul(request) -> bool:
    if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    try:
        if request.content_type == "application/json":
            return _JSON_NUL.search(request.body) is not None
        # a plain form only: reading a multipart body here would hide a malformed one from the view
        if request.content_type == "application/x-www-form-urlencoded":
            return any("\x00" in value for _, values in request.POST.lists() for value in values)
    except RequestDataTooBig:  # left to the view, which says so
        return False
    return False
