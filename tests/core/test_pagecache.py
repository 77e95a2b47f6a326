"""Pages the same for everyone signed out are rendered once per process, and never shared with
a signed-in visitor or a visitor whose page carries their own token or cookie."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from tests.register.builders import make_user
from treatsafe.core import views
from treatsafe.core.pagecache import same_for_everyone_signed_out, served_from_memory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_pages():
    for view in (views.home, views.about, views.accessibility):
        view.rendered.clear()


@pytest.mark.parametrize("path", ["/", "/about/", "/accessibility/"])
def test_a_page_for_visitors_not_signed_in_is_rendered_once_and_served_the_same(client, path):
    first = client.get(path)
    again = client.get(path)
    assert first.templates and not again.templates  # the second was not rendered
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["Content-Type"] == first["Content-Type"]


def test_a_signed_in_visitor_gets_their_own_page_and_does_not_change_anyone_elses(client):
    assert b"Sign in" in client.get("/").content
    client.force_login(make_user())
    signed_in = client.get("/")
    assert b"Sign out" in signed_in.content and signed_in.templates
    client.logout()
    assert b"Sign in" in client.get("/").content


def test_a_page_that_hands_out_a_csrf_token_is_never_kept():
    @same_for_everyone_signed_out
    def with_form(request):
        return HttpResponse(get_token(request))

    def anonymous_get():
        request = RequestFactory().get("/form/")
        request.user = type("Anonymous", (), {"is_authenticated": False})()
        return request

    assert with_form(anonymous_get()).content != with_form(anonymous_get()).content
    assert not with_form.rendered


# The server's edge: whole responses replayed to cookie-less visitors without entering Django.


class CountingApplication:
    """Django's WSGI application, counting the requests that reached it."""

    def __init__(self):
        from django.core.wsgi import get_wsgi_application

        self.django = get_wsgi_application()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


def ask(application, path="/", method="GET", **headers):
    from wsgiref.util import setup_testing_defaults

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "localhost"}
    environ.update(headers)
    setup_testing_defaults(environ)
    sent = []
    body_parts = application(environ, lambda status, headers, *_: sent.append((status, headers)))
    body = b"".join(body_parts)
    getattr(body_parts, "close", lambda: None)()
    return sent[0][0], dict(sent[0][1]), body


@pytest.fixture
def django_app():
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # as Django's test client does: the test's transaction outlives each request
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield CountingApplication()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("path", ["/", "/about/", "/accessibility/"])
def test_the_edge_replays_a_shareable_page_without_entering_django(django_app, path):
    served = served_from_memory(django_app)
    first = ask(served, path)
    again = ask(served, path)
    assert django_app.calls == 1
    assert again == first
    assert first[0] == "200 OK" and b"Sign in" in first[2]
    assert first[1]["Content-Security-Policy"] and first[1]["X-Frame-Options"] == "DENY"


def test_the_edge_answers_head_from_the_kept_page_with_no_body(django_app):
    served = served_from_memory(django_app)
    status, headers, body = ask(served, "/")
    head_status, head_headers, head_body = ask(served, "/", method="HEAD")
    assert django_app.calls == 1
    assert (head_status, head_headers) == (status, headers) and head_body == b""


def test_a_visitor_with_a_cookie_always_reaches_django_and_sees_their_own_page(client, django_app):
    served = served_from_memory(django_app)
    ask(served, "/")
    client.force_login(make_user())
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    _, _, signed_in = ask(served, "/", HTTP_COOKIE=cookie)
    assert b"Sign out" in signed_in and django_app.calls == 2
    _, _, signed_out = ask(served, "/")
    assert b"Sign in" in signed_out and django_app.calls == 2


def test_a_host_django_refuses_is_never_replayed(django_app):
    served = served_from_memory(django_app)
    ask(served, "/")
    for _ in range(2):
        status, _, _ = ask(served, "/", HTTP_HOST="attacker.example")
        assert status.startswith("400")
    assert django_app.calls == 3 and len(served.kept) == 1


def test_each_language_asked_for_and_each_scheme_has_its_own_kept_response(django_app):
    served = served_from_memory(django_app)
    ask(served, "/", HTTP_ACCEPT_LANGUAGE="en-GB")
    ask(served, "/", HTTP_ACCEPT_LANGUAGE="fr-FR")
    ask(served, "/", **{"wsgi.url_scheme": "https"})
    assert django_app.calls == 3 and len(served.kept) == 3


def test_pages_made_for_each_request_are_never_replayed(django_app):
    served = served_from_memory(django_app)
    for _ in range(2):
        ask(served, "/labels/")
        ask(served, "/no-such-page/")
        ask(served, "/", method="POST")
    assert django_app.calls == 6 and not served.kept


def test_a_shareable_response_that_sets_a_cookie_is_never_replayed():
    calls = []

    def sets_a_cookie(environ, start_response):
        calls.append(1)
        response = HttpResponse(b"page")
        response.same_for_everyone = True
        start_response("200 OK", [("Set-Cookie", "visitor=1")])
        return response

    served = served_from_memory(sets_a_cookie)
    ask(served, "/")
    ask(served, "/")
    assert len(calls) == 2 and not served.kept


def test_the_kept_responses_are_bounded(django_app):
    served = served_from_memory(django_app, most=2)
    for language in ("en", "de", "fr", "es", "it"):
        ask(served, "/", HTTP_ACCEPT_LANGUAGE=language)
    assert 1 <= len(served.kept) <= 2
