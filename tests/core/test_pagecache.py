"""Pages the same for everyone signed out are rendered once per process, and never shared with
a signed-in visitor or a visitor whose page carries their own token or cookie."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from tests.register.builders import make_user
from treatsafe.core import views
from treatsafe.core.pagecache import same_for_everyone_signed_out

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
