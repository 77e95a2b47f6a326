"""The one shape of every error the API returns (treatsafe.api maps errors to it)."""

from ninja import Schema


class ErrorOut(Schema):
    """An error: `error` is a stable code (invalid, not_found, forbidden, conflict, too_large,
    rate_limited, unavailable ...), `message` says what went wrong in plain English. Some
    errors add fields: `detail` (what in the request was not valid), `retry_after` (seconds,
    as in the Retry-After header)."""

    error: str
    message: str
    detail: list[dict] | None = None
    retry_after: int | None = None
