"""Typed domain errors. Each app raises a subclass; the API and pages map them to HTTP in one
place (treatsafe.api), so no view tells errors apart by their message text."""


class DomainError(Exception):
    """A request the service understood but cannot answer. `status` is the HTTP status."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class NulCharacter(InvalidInput):
    """A NUL character in a request (core.middleware refuses it before any view)."""

    code = "not_text"

    def __init__(self):
        super().__init__(
            "The request holds a NUL character, which is not text: no field takes one."
        )
