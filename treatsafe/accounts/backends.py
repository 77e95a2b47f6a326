"""Sign in with an email address (any letter case) and password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Authenticate by email address, falling back to the username (for admins made with
    `createsuperuser`). An account waiting for email verification authenticates, so the sign-in
    form can tell its owner to confirm their address; it is never logged in (the form refuses
    inactive accounts) and `get_user` only returns active accounts."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.EMAIL_FIELD)
        if not username or password is None:
            return None
        user = (
            User._default_manager.filter(email__iexact=username.strip()).first()
            or User._default_manager.filter(username=username).first()
        )
        if user is None:
            User().set_password(password)  # same time as a real check: no user enumeration
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user) -> bool:
        return user.is_active or user.email_verified_at is None

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
