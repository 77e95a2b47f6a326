"""Links that leave the site (emails, feeds): always on the configured address
(`TREATSAFE_SITE_URL`), never on whatever host a request happened to name."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """`/register/` -> `https://treatsafe.example/register/`."""
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def absolute_url(name: str, *args, **kwargs) -> str:
    return absolute(reverse(name, args=args or None, kwargs=kwargs or None))
