"""How django-axes names the account in a sign-in attempt: the email address as typed, in lower
case, so `Name@Example.com` and `name@example.com` share one count of failures."""


def username(request, credentials=None) -> str:
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return (value or "").strip().lower()
