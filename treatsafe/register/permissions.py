"""Who may do what in the register: one place, so views, API and services agree."""

from treatsafe.core.errors import Forbidden, NotFound

try:  # the accounts app owns roles; fall back to the group names until it lands
    from treatsafe.accounts.roles import is_assessor, is_practitioner
except ImportError:  # pragma: no cover

    def _in_group(user, name):
        return bool(
            user
            and user.is_authenticated
            and user.is_active
            and user.groups.filter(name=name).exists()
        )

    def is_assessor(user) -> bool:
        if user and user.is_authenticated and user.is_superuser:
            return True
        return _in_group(user, "assessors")

    def is_practitioner(user) -> bool:
        return _in_group(user, "practitioners")


__all__ = ["is_assessor", "is_practitioner", "require_assessor", "require_owner"]


def require_assessor(user, practitioner=None) -> None:
    """Assessors only, and never on a listing of their own."""
    if not is_assessor(user):
        raise Forbidden("Only an assessor can do this.")
    if practitioner is not None and practitioner.user_id and practitioner.user_id == user.pk:
        raise Forbidden("You cannot assess or change the accreditation of your own listing.")


def require_owner(user, practitioner) -> None:
    """The listing's own practitioner only. Someone else's listing is 'not found', so ids of
    private drafts do not leak."""
    if not user or not user.is_authenticated or practitioner.user_id != user.pk:
        raise NotFound("There is no listing of yours with that number.")
