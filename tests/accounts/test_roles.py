import io

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from tests.accounts.builders import create_assessor, create_practitioner, links_in, path_of
from tests.pagecheck import check_page
from treatsafe.accounts.models import User
from treatsafe.accounts.roles import (
    ASSESSORS,
    PRACTITIONERS,
    AssessorRequiredMixin,
    assessor_permissions,
    assessor_required,
    is_assessor,
    is_practitioner,
)

pytestmark = pytest.mark.django_db


@assessor_required
def back_office_view(request):
    return HttpResponse("back office")


class BackOfficeView(AssessorRequiredMixin, View):
    def get(self, request):
        return HttpResponse("back office")


def request_as(user):
    request = RequestFactory().get("/back-office/")
    request.user = user
    return request


def test_the_role_groups_exist_after_migrate():
    assert set(
        Group.objects.filter(name__in=[PRACTITIONERS, ASSESSORS]).values_list("name", flat=True)
    ) == {
        "practitioners",
        "assessors",
    }


def test_role_helpers_tell_practitioners_assessors_and_admins_apart(django_user_model):
    practitioner = create_practitioner()
    assessor = create_assessor()
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x" * 16)
    assert is_practitioner(practitioner) and not is_assessor(practitioner)
    assert is_assessor(assessor) and not is_practitioner(assessor)
    assert is_assessor(admin)
    assert not is_assessor(AnonymousUser()) and not is_practitioner(AnonymousUser())


def test_a_deactivated_account_has_no_role():
    practitioner = create_practitioner()
    practitioner.is_active = False
    assert not is_practitioner(practitioner)


@pytest.mark.parametrize("view", [back_office_view, BackOfficeView.as_view()])
def test_assessor_required_sends_anonymous_people_to_sign_in(view):
    response = view(request_as(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/back-office/"


@pytest.mark.parametrize("view", [back_office_view, BackOfficeView.as_view()])
def test_assessor_required_refuses_practitioners_with_a_403_page(view):
    response = view(request_as(create_practitioner()))
    assert response.status_code == 403
    assert check_page(response.content.decode()).h1.get_text() == "You cannot see this page"


@pytest.mark.parametrize("view", [back_office_view, BackOfficeView.as_view()])
def test_assessor_required_lets_assessors_in(view):
    response = view(request_as(create_assessor()))
    assert response.status_code == 200
    assert response.content == b"back office"


def test_migrate_gives_the_assessors_group_its_permissions_on_the_register_models():
    expected = {p.codename for p in assessor_permissions()}
    assert "view_practitioner" in expected and "change_practitioner" in expected
    granted = set(Group.objects.get(name=ASSESSORS).permissions.values_list("codename", flat=True))
    assert granted == expected


def test_assessors_are_staff_with_view_add_change_but_not_delete_on_the_register():
    assessor = create_assessor()
    assert assessor.has_perm("register.change_practitioner")
    assert assessor.is_staff and not assessor.is_superuser
    granted = set(Group.objects.get(name=ASSESSORS).permissions.values_list("codename", flat=True))
    assert granted == {p.codename for p in assessor_permissions()}
    assert all(p.content_type.app_label == "register" for p in assessor_permissions())
    assert not any(code.startswith("delete_") for code in granted)
    assert not assessor.has_perm("accounts.change_user")


def test_practitioners_cannot_use_the_back_office(client):
    client.force_login(create_practitioner())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_create_assessor_makes_a_staff_account_and_emails_a_link_to_set_a_password(client):
    call_command(
        "create_assessor", "Ada@Example.com", "--name", "Ada Lovelace", stdout=io.StringIO()
    )
    user = User.objects.get(email="ada@example.com")
    assert is_assessor(user) and user.is_staff and user.is_active
    assert not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    (link,) = links_in(message)
    assert link.startswith("http://127.0.0.1:8000/accounts/password-reset/")
    form = client.get(path_of(link), follow=True)
    password = "an assessor passphrase"
    response = client.post(
        form.request["PATH_INFO"], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302
    signed_in = client.post(
        "/accounts/login/", {"username": "ada@example.com", "password": password}
    )
    assert signed_in["Location"] == "/register/assess/"


def test_create_assessor_promotes_an_existing_account_without_touching_its_password():
    practitioner = create_practitioner(email="pat@example.com")
    old_hash = practitioner.password
    call_command("create_assessor", "pat@example.com", stdout=io.StringIO())
    practitioner.refresh_from_db()
    assert is_assessor(practitioner) and practitioner.password == old_hash
    assert mail.outbox == []


def test_create_assessor_refuses_something_that_is_not_an_email():
    with pytest.raises(CommandError, match="not an email address"):
        call_command("create_assessor", "not an email")
    assert not User.objects.exists()
