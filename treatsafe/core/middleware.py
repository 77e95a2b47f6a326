"""Response headers every response carries (pages, API, static files), and the 429 page for a
rate limit passed deep inside a view.

Placed above WhiteNoise in settings.MIDDLEWARE, so static files get the same headers as pages.
The Content-Security-Policy itself is django-csp's (settings.CONTENT_SECURITY_POLICY).
"""

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
