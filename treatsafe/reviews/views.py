"""Pages for verified reviews: leave one (the record holder), reply (the practitioner), report
one (anyone), moderate (assessors). Thin: each calls one service."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treatsafe.accounts.roles import assessor_required
from treatsafe.core.errors import DomainError, NotFound
from treatsafe.records import display
from treatsafe.records import services as records
from treatsafe.records.ratelimit import client_key
from treatsafe.records.views import _data, _private, practitioner_required
from treatsafe.reviews import services
from treatsafe.reviews.forms import FlagForm, ModerationForm, ReplyForm, ReviewForm
from treatsafe.reviews.models import Review, ReviewFlag


def _not_found(request):
    return _private(render(request, "core/404.html", status=404))


def _add(form, error: DomainError, default: str) -> None:
    field = error.details.get("field")
    form.add_error(field if field in form.fields else default, error.message)


def leave(request, token: str):
    try:
        record = records.for_patient(token)
    except NotFound:
        return _not_found(request)
    allowed, why = services.can_review(record)
    form = ReviewForm(_data(request))
    if allowed and request.method == "POST" and form.is_valid():
        try:
            review = services.leave_review(
                record, form.cleaned_data["rating"], form.cleaned_data["text"], client_key(request)
            )
        except DomainError as error:
            _add(form, error, "text")
        else:
            if review.status == Review.State.HELD:
                messages.success(
                    request,
                    "Thank you. Your review is held for a moderator because it "
                    f"{review.held_reason}: we publish reviews without personal details.",
                )
            else:
                messages.success(request, "Thank you: your review is published.")
            return redirect("records:patient", token=token)
    view = display.record_view(record)
    return _private(
        render(
            request,
            "reviews/leave.html",
            {"form": form, "token": token, "record": view, "allowed": allowed, "why": why},
        )
    )


@practitioner_required
def reply(request, review_id: int):
    review = Review.objects.filter(pk=review_id, practitioner__user=request.user).first()
    if review is None:
        return _not_found(request)
    form = ReplyForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.reply(request.user, review_id, form.cleaned_data["reply"])
        except DomainError as error:
            _add(form, error, "reply")
        else:
            messages.success(request, "Your reply is published with the review.")
            return redirect("register:listing", practitioner_id=review.practitioner_id)
    return render(
        request,
        "reviews/reply.html",
        {
            "form": form,
            "review": services.public_review(review),
            "replied": bool(review.replied_at),
        },
    )


def flag(request, review_id: int):
    review = Review.objects.filter(pk=review_id, status=Review.State.PUBLISHED).first()
    if review is None:
        return _not_found(request)
    form = FlagForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.flag(review_id, form.cleaned_data["reason"], client_key(request))
        except DomainError as error:
            _add(form, error, "reason")
        else:
            messages.success(request, "Thank you: the assessors will look at this review.")
            return redirect("register:listing", practitioner_id=review.practitioner_id)
    return render(
        request, "reviews/flag.html", {"form": form, "review": services.public_review(review)}
    )


@assessor_required
def queue(request):
    held = Review.objects.filter(status=Review.State.HELD).select_related("practitioner")[:100]
    flagged = (
        ReviewFlag.objects.filter(resolved_at__isnull=True)
        .select_related("review", "review__practitioner")
        .order_by("created_at")[:100]
    )
    return render(request, "reviews/queue.html", {"held": held, "flagged": flagged})


def _moderation_page(request, review, form=None, status=200):
    return render(
        request,
        "reviews/moderate.html",
        {
            "review": review,
            "public": services.public_review(review),
            "flags": review.flags.all(),
            "form": form or ModerationForm(),
        },
        status=status,
    )


@assessor_required
def moderate(request, review_id: int):
    review = Review.objects.select_related("practitioner").filter(pk=review_id).first()
    if review is None:
        return _not_found(request)
    return _moderation_page(request, review)


@require_POST
@assessor_required
def decide(request, review_id: int, action: str):
    review = Review.objects.select_related("practitioner").filter(pk=review_id).first()
    if review is None or action not in services.MODERATION:
        return _not_found(request)
    form = ModerationForm(request.POST)
    form.is_valid()
    try:
        services.moderate(request.user, review_id, action, form.cleaned_data.get("reason", ""))
    except DomainError as error:
        if error.status == 403:
            return render(request, "register/forbidden.html", status=403)
        form.add_error("reason", error.message)
        return _moderation_page(request, review, form)
    messages.success(
        request, f"Review {review_id}: {services.MODERATION[action][1].split('_')[1]}."
    )
    return redirect("reviews:moderate", review_id=review_id)
