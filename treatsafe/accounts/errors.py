"""The accounts app's typed errors (mapped to HTTP in one place by treatsafe.core.errors users)."""

from treatsafe.core.errors import Conflict, InvalidInput


class VerificationLinkInvalid(InvalidInput):
    code = "verification_link_invalid"


class VerificationLinkExpired(InvalidInput):
    code = "verification_link_expired"


class AlreadyVerified(Conflict):
    code = "already_verified"


class WrongPassword(InvalidInput):
    code = "wrong_password"
