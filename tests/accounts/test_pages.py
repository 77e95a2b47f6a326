import pytest
from django.urls import URLPattern, reverse

from tests.accounts.builders import create_practitioner
from treatsafe.accounts import urls

pytestmark = pytest.mark.django_db

PAGES_WITHOUT_ARGUMENTS = [
    p.name for p in urls.urlpatterns if isinstance(p, URLPattern) and not p.pattern.converters
]
SIGNED_IN_ONLY = {"password_change", "password_change_done"}
POST_ONLY = {"logout"}


def test_every_account_page_is_listed_here():
    assert {"signup", "login", "logout", "password_reset", "password_change"} <= set(
        PAGES_WITHOUT_ARGUMENTS
    )


@pytest.mark.parametrize("name", PAGES_WITHOUT_ARGUMENTS)
def test_every_account_page_passes_the_page_checks_for_the_right_people(client, name):
    url = reverse(f"accounts:{name}")
    if name in POST_ONLY:
        assert client.get(url).status_code == 405
        return
    if name in SIGNED_IN_ONLY:
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))
        client.force_login(create_practitioner())
    response = client.get(url)
    assert response.status_code == 200
    assert response.soup.h1.get_text(strip=True)
