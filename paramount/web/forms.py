from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from paramount.access.authentication import sign_in_attempt, sign_in_locked

# One message for a locked account, a locked unknown username and a locked client address, so
# the page tells nobody which it was or whether the username exists.
LOCKED = (
    "There have been too many attempts to sign in with this username or from this connection. "
    "Wait {minutes} minutes and try again, or ask your administrator."
)


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK-style messages. The same message is given for an unknown
    username and a wrong password, so the page does not reveal who has an account."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right. Check both and try again.",
        "inactive": "The username or password is not right. Check both and try again.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self):
        # Checked before the password, and for any username typed, so a lockout neither lets a
        # guess through nor tells anyone whether the username exists. The view counts a failure
        # against the same attempt.
        username = self.data.get("username", "")
        self.sign_in_attempt = sign_in_attempt(request=self.request, username=username)
        if username and sign_in_locked(self.sign_in_attempt):
            raise forms.ValidationError(
                LOCKED.format(minutes=settings.PARAMOUNT_LOCKOUT_MINUTES), code="locked"
            )
        return super().clean()


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        error_messages={"required": "Enter the code from your authenticator app"},
    )
