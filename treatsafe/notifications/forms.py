from django import forms


class WatchForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
    )
