from django import forms

RATINGS = [(str(n), f"{n} star{'s' if n > 1 else ''}") for n in range(5, 0, -1)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Your rating",
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating from 1 to 5 stars."},
    )
    text = forms.CharField(
        label="Your review",
        widget=forms.Textarea,
        max_length=3000,
        error_messages={"required": "Write your review."},
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="Your reply",
        widget=forms.Textarea,
        max_length=3000,
        error_messages={"required": "Write your reply."},
    )


class FlagForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this review?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say what is wrong with the review."},
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label="Reason (needed to hide a review)", widget=forms.Textarea, required=False
    )
