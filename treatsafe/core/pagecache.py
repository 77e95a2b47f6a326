"""Pages that are the same for every visitor who is not signed in (home, About, accessibility):
rendered once per process, path and language, then served from memory. Their templates read
nothing else from the request, and the rendered bytes are static for the life of the process
(templates and reference attributions change only with a deploy). The middleware still runs for
every response, so each keeps its own security headers."""

import functools

from django.http import HttpResponse
from django.utils.translation import get_language


def same_for_everyone_signed_out(view):
    rendered: dict[tuple[str, str], bytes] = {}

    @functools.wraps(view)
    def page(request, *args, **kwargs):
        if args or kwargs or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            return view(request)
        key = (request.path, get_language())
        content = rendered.get(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request)
        # a page that asked for a CSRF token or set a cookie is this visitor's own: not kept
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Vary")
        ):
            rendered[key] = response.content
        return response

    page.rendered = rendered  # for tests
    return page
