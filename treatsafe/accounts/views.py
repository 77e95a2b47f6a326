"""Account pages. Thin: the rules are in services.py, the forms in forms.py."""

import axes.utils
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import login, user_login_failed
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator

from treatsafe.accounts import services
from treatsafe.accounts.errors import AlreadyVerified, VerificationLinkExpired, WrongPassword
from treatsafe.accounts.forms import (
    ConfirmEmailForm,
    EmailAuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignUpForm,
)
from treatsafe.accounts.lockout import username as lockout_username
from treatsafe.accounts.roles import is_assessor
from treatsafe.core import ratelimit
from treatsafe.core.clientip import client_ip
from treatsafe.core.errors import DomainError

# Where a practitioner lands after signing in or confirming their email address.
PRACTITIONER_HOME = "/register/my-listing/"
# Where an assessor lands: the register's back office (a URL, since accounts sits below register).
ASSESSOR_HOME = "/register/assess/"
BACKEND = "treatsafe.accounts.backends.EmailBackend"


def home_for(user) -> str:
    return ASSESSOR_HOME if is_assessor(user) else PRACTITIONER_HOME


def may_mail(request, address: str) -> bool:
    """Whether another email may go to `address` now (limit "mail", per address). Past the
    limit the page says what it always says and nothing is sent, so the answer tells nobody
    whether an account exists and no inbox can be flooded."""
    try:
        ratelimit.hit(request, "mail", value=address)
    except ratelimit.RateLimited:
        return False
    return True


def signup(request):
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            try:
                ratelimit.hit(request, "signup")
            except ratelimit.RateLimited as error:
                return ratelimit.too_many_requests(request, error)
            if may_mail(request, form.cleaned_data["email"]):
                services.sign_up(
                    form.cleaned_data["email"],
                    form.cleaned_data["password"],
                    form.cleaned_data["full_name"],
                    link=request.build_absolute_uri,
                )
            request.session["signup_email"] = services.normalise_email(form.cleaned_data["email"])
            return redirect("accounts:signup_done")
    else:
        form = SignUpForm()
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    email = request.session.get("signup_email")
    return render(
        request, "accounts/signup_done.html", {"email": email, "expiry": _verification_expiry()}
    )


def _verification_expiry() -> str:
    hours = int(services.verification_max_age().total_seconds() // 3600)
    return f"{hours // 24} days" if hours % 24 == 0 and hours >= 48 else f"{hours} hours"


@ratelimit.rate_limit("login")  # the password asked for here is a guess like any sign-in
def verify(request, token):
    """The emailed link: opening it (GET) asks for the password; the account is activated only
    when the link works AND the password is the account's (POST), so an impostor who signed up
    with someone else's address cannot have them activate it."""
    form = ConfirmEmailForm(request.POST if request.method == "POST" else None)
    try:
        if form.is_bound and form.is_valid():
            try:
                user = services.verify_email(token, form.cleaned_data["password"])
            except WrongPassword:
                form.add_error("password", "Your password is not correct")
            else:
                login(request, user, backend=BACKEND)
                return redirect(PRACTITIONER_HOME)
        user = services.check_verification_link(token)
    except AlreadyVerified:
        return render(request, "accounts/verify_used.html")
    except VerificationLinkExpired:
        context = {"expired": True, "expiry": _verification_expiry()}
        return render(request, "accounts/verify_failed.html", context, status=400)
    except DomainError:
        return render(request, "accounts/verify_failed.html", {"expired": False}, status=400)
    return render(request, "accounts/verify_confirm.html", {"form": form, "email": user.email})


@method_decorator(ratelimit.rate_limit("login"), name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return home_for(self.request.user)

    def form_invalid(self, form):
        # A correct password for an account still waiting for email verification: send a new
        # link, as the error message promises.
        user = form.get_user()
        if (
            user is not None
            and not user.is_active
            and user.email_verified_at is None
            and may_mail(self.request, user.email)
        ):
            services.send_verification_email(user, self.request.build_absolute_uri)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    next_page = "/"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        try:
            ratelimit.hit(request, "password_reset")
        except ratelimit.RateLimited as error:
            return ratelimit.too_many_requests(request, error)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if may_mail(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        return redirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        days = settings.PASSWORD_RESET_TIMEOUT // 86400
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        expiry = f"{days} days" if days > 1 else f"{hours} hours"
        return super().get_context_data(expiry=expiry, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The link came to the account's inbox: that confirms the address of an account still
        # waiting for verification (its owner may have forgotten the password they signed up with).
        services.verify_after_password_reset(form.user)
        # A new password ends any lockout on the account: its owner has proved who they are.
        axes.utils.reset(username=form.user.email.lower())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """A wrong old password counts as a failed sign-in to the account (django-axes), so a
    borrowed session cannot be used to guess the password: past the limit the form is locked
    like sign-in is."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def _credentials(self) -> dict:
        return {"username": self.request.user.email.lower()}

    def post(self, request, *args, **kwargs):
        if AxesProxyHandler.is_locked(request, self._credentials()):
            return locked_out(request, credentials=self._credentials())
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            # django-axes records it; past the limit its middleware answers with locked_out
            user_login_failed.send(
                sender=type(self), credentials=self._credentials(), request=self.request
            )
        return super().form_invalid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def lockout_remaining(request, credentials=None) -> int:
    """Seconds until the lockout for this account and address ends (the cool-off runs from the
    latest failure)."""
    cooloff = settings.AXES_COOLOFF_TIME
    latest = (
        AccessAttempt.objects.filter(
            username=lockout_username(request, credentials), ip_address=client_ip(request)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    remaining = cooloff - (timezone.now() - latest) if latest else cooloff
    return max(1, int(remaining.total_seconds()))


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows after too many failed sign-ins (AXES_LOCKOUT_CALLABLE)."""
    seconds = lockout_remaining(request, credentials)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "wait": ratelimit.wait_text(seconds)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
