"""Who may do what. Roles are Django groups: `practitioners` edit their own listing and apply for
assessment; `assessors` work in the back office (the Django admin) on the register's models.
Admins are superusers and count as assessors."""

from functools import wraps

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

PRACTITIONERS = "practitioners"
ASSESSORS = "assessors"

# The register app's models that assessors work on, by permission codename prefix. Not delete:
# assessment records are history, only an admin removes them.
ASSESSOR_APP_LABEL = "register"
ASSESSOR_PERMISSION_PREFIXES = ("view_", "add_", "change_")


def _in_group(user, name: str) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(name=name).exists()


def is_practitioner(user) -> bool:
    return _in_group(user, PRACTITIONERS)


def is_assessor(user) -> bool:
    if user and user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return _in_group(user, ASSESSORS)


def assessor_permissions():
    """The permissions assessors hold: view, add and change on every model of the register."""
    permissions = Permission.objects.filter(content_type__app_label=ASSESSOR_APP_LABEL)
    return [p for p in permissions if p.codename.startswith(ASSESSOR_PERMISSION_PREFIXES)]


def grant_assessor_permissions() -> Group:
    """Make sure the assessors group exists and holds `assessor_permissions()`. Idempotent; run
    after every migrate and by `treatsafe create-assessor`."""
    group, _ = Group.objects.get_or_create(name=ASSESSORS)
    group.permissions.add(*assessor_permissions())
    return group


def make_assessor(user) -> None:
    """Give `user` the assessor role: the group, its permissions and access to the back office."""
    group = grant_assessor_permissions()
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def make_practitioner(user) -> None:
    group, _ = Group.objects.get_or_create(name=PRACTITIONERS)
    user.groups.add(group)


def forbidden_page(request):
    return render(request, "accounts/forbidden.html", status=403)


def assessor_required(view):
    """Decorate a view so only assessors reach it: anonymous people are sent to sign in, anyone
    else signed in gets a 403 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_assessor(request.user):
            return forbidden_page(request)
        return view(request, *args, **kwargs)

    return wrapped


class AssessorRequiredMixin:
    """The class-based view form of `assessor_required`."""

    def dispatch(self, request, *args, **kwargs):
        return assessor_required(super().dispatch)(request, *args, **kwargs)
