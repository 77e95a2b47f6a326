"""Rate limits on the public writes and the checkers: 429 with Retry-After, as a GOV.UK page or
as the API's JSON error, counted in the cache every server process shares."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.pagecheck import check_page
from tests.register.builders import make_listing
from treatsafe.register.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.TREATSAFE_RATE_LIMITS = {
        **settings.TREATSAFE_RATE_LIMITS,
        "report": "3/h",
        "label_check": "3/m",
        "photo_check": "2/m",
    }


def test_public_reports_from_one_address_are_limited_and_nothing_more_is_stored(client, limits):
    listing = make_listing(status="accredited")
    path = reverse("register:report", args=[listing.pk])
    for _ in range(3):
        assert client.post(path, {"description": "Injects in a car park"}).status_code == 302
    response = client.post(path, {"description": "Injects in a car park"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = check_page(response.content.decode(), path)
    assert page.h1.get_text(strip=True) == "Sorry, there have been too many requests"
    assert Report.objects.filter(practitioner=listing).count() == 3


def test_the_label_checker_page_is_limited(client, limits):
    path = reverse("ingredients:check")
    for _ in range(3):
        assert client.post(path, {"text": "Aqua, Glycerin"}).status_code == 200
    response = client.post(path, {"text": "Aqua, Glycerin"})
    assert response.status_code == 429 and int(response["Retry-After"]) <= 60


def test_the_label_check_api_answers_429_in_its_json_error_shape(client, limits):
    for _ in range(3):
        response = client.post(
            "/api/v1/labels/check", {"text": "Aqua"}, content_type="application/json"
        )
        assert response.status_code == 200
    response = client.post(
        "/api/v1/labels/check", {"text": "Aqua"}, content_type="application/json"
    )
    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "rate_limited"
    assert body["retry_after"] == int(response["Retry-After"]) > 0


def test_the_photo_check_api_is_limited_before_reading_anything(client, limits):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload():
        photo = SimpleUploadedFile("label.png", b"not really a png", content_type="image/png")
        return client.post("/api/v1/labels/check-image", {"image": photo})

    for _ in range(2):
        assert upload().status_code in {400, 503}  # not a photo, or no OCR on this machine
    response = upload()
    assert response.status_code == 429 and response["Retry-After"]


def test_the_counters_increase_atomically_and_keep_their_window():
    # The shared database cache counts in place: the expiry set when a window opens stays.
    cache.add("rl-test", 1, 120)
    for _ in range(5):
        cache.incr("rl-test")
    assert cache.get("rl-test") == 6
    cache.add("rl-short", 1, 1)
    time.sleep(2.1)
    with pytest.raises(ValueError):
        cache.incr("rl-short")


def test_every_limit_in_settings_has_a_valid_rate(settings):
    from django_ratelimit.core import _split_rate

    assert {"login", "signup", "password_reset", "mail", "report", "label_check"} <= set(
        settings.TREATSAFE_RATE_LIMITS
    )
    for rate in settings.TREATSAFE_RATE_LIMITS.values():
        count, seconds = _split_rate(rate)
        assert count > 0 and seconds > 0
