"""Pages that are the same for every visitor who is not signed in (home, About, accessibility):
rendered once per process, path and language, then served from memory. Their templates read
nothing else from the request, and the rendered bytes are static for the life of the process
(templates and reference attributions change only with a deploy).

Two layers keep them:
- the view (`same_for_everyone_signed_out`) keeps the rendered bytes; the middleware still runs,
  so each response gets its own security headers;
- the server's edge (`served_from_memory`) keeps the whole response a cookie-less visitor was
  sent (status, headers and body) and replays it to the next one asking the same thing, without
  entering Django: a home page then costs a tenth of the CPU (README, Performance). Only a
  response the view marked as shareable, with no cookie set, is kept.
"""

import functools
from collections.abc import Callable

from django.http import HttpResponse
from django.utils.translation import get_language

SHAREABLE = "same_for_everyone"  # attribute the view sets on a response any visitor may be sent
MOST_KEPT_RESPONSES = 256  # per process; a flood of odd languages or hosts empties it, no more


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
            return _shareable(HttpResponse(content))
        response = view(request)
        # a page that asked for a CSRF token or set a cookie is this visitor's own: not kept
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Vary")
        ):
            rendered[key] = response.content
            _shareable(response)
        return response

    page.rendered = rendered  # for tests
    return page


def _shareable(response):
    setattr(response, SHAREABLE, True)
    return response


def shared_request_key(environ: dict) -> tuple | None:
    """What a shareable response depends on, or None for a request that must reach Django: one
    with any cookie (a session, a language or a message may change the page), credentials, or a
    method other than GET and HEAD. The host and scheme are part of the key, so a response is
    replayed only to a request Django has already accepted (ALLOWED_HOSTS, HTTPS headers)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if environ.get("HTTP_COOKIE") or environ.get("HTTP_AUTHORIZATION"):
        return None
    host = environ.get("HTTP_HOST")
    if not host:
        return None
    return (
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        host,
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_ACCEPT_LANGUAGE", ""),
    )


def served_from_memory(application: Callable, most: int = MOST_KEPT_RESPONSES) -> Callable:
    """The WSGI application with shareable responses kept and replayed (see the module's text)."""
    kept: dict[tuple, tuple[str, list, bytes]] = {}

    def serve(environ, start_response):
        key = shared_request_key(environ)
        if key is None:
            return application(environ, start_response)
        known = kept.get(key)
        if known is not None:
            status, headers, body = known
            start_response(status, headers)
            return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        sent: list = []

        def start_and_note(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        response = application(environ, start_and_note)
        if environ["REQUEST_METHOD"] == "GET" and _keepable(response, sent):
            if len(kept) >= most:
                kept.clear()
            kept[key] = (sent[0], list(sent[1]), response.content)
        return response

    serve.kept = kept  # for tests
    return serve


def _keepable(response, sent: list) -> bool:
    if not getattr(response, SHAREABLE, False) or not sent or not sent[0].startswith("200"):
        return False
    return not any(name.lower() == "set-cookie" for name, _ in sent[1])
