"""Account forms, with error messages in plain English (GOV.UK style: say what to do)."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db.models import Q


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    password = forms.CharField(
        label="Create a password",
        strip=False,
        max_length=4096,
        error_messages={"required": "Enter a password"},
    )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = get_user_model()(
                email=cleaned.get("email", ""), full_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    """Django's sign-in form with the username labelled as an email address."""

    username = forms.CharField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address"},
    )
    password = forms.CharField(
        label="Password", strip=False, error_messages={"required": "Enter your password"}
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Confirm your email address before you sign in. We have sent you a new "
        "link: check your email.",
    }

    def get_invalid_login_error(self):
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class ConfirmEmailForm(forms.Form):
    """The password, asked for when someone opens the link to confirm their email address."""

    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=4096,
        error_messages={"required": "Enter your password"},
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def get_users(self, email):
        """Django's rule (active accounts with a usable password), plus accounts still waiting
        for email verification: their owner may have forgotten the password they signed up
        with. The reset link proves control of the inbox, so resetting also confirms the
        address. Accounts an administrator deactivated still get nothing."""
        User = get_user_model()
        candidates = User._default_manager.filter(
            Q(is_active=True) | Q(email_verified_at__isnull=True), email__iexact=email
        )
        return (
            u
            for u in candidates
            if u.has_usable_password() and auth_forms._unicode_ci_compare(email, u.email)
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Choose a new password (after a reset link). Field names: new_password1, new_password2."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = ""
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The passwords do not match",
        }


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.error_messages["password_incorrect"] = "Your current password is not correct"
