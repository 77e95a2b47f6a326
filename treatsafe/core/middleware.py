"""Response headers every response carries (pages, API, static files), and the 429 page for a
rate limit passed deep inside a view.

Placed above WhiteNoise in settings.MIDDLEWARE, so static files get the same headers as pages.
The Content-Security-Policy itself is django-csp's (settings.CONTENT_SECURITY_POLICY), built
once per process (PolicyOnceMiddleware).
"""

import http

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

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
    """A page asked for with a NUL character (%00) in its address, or sent a form with one in a
    field, gets the 400 page: no field of any form takes one, and a form shown again with it
    would hold a character HTML cannot carry. The API answers such values itself, in JSON, and
    uploaded files are not fields (tests/core/test_hostile_parameters.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and _holds_nul(request):
            from treatsafe.core.views import bad_request

            return bad_request(request)
        return self.get_response(request)


def _holds_nul(request) -> bool:
    if "%00" in request.META.get("QUERY_STRING", ""):
        return True
    # a plain form only: reading a multipart body here would hide a malformed one from the view
    if request.method != "POST" or request.content_type != "application/x-www-form-urlencoded":
        return False
    try:
        fields = request.POST
    except Exception:  # a body Django cannot read (too large): left to the view, which says so
        return False
    return any("\x00" in value for _, values in fields.lists() for value in values)
