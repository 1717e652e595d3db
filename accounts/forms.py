from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import ErrorDict


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Contact Ofsted inspection support.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # GOV.UK pages do not autofocus: it skips the skip link and confuses screen readers.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.helper = FormHelper()
        # The template draws the <form> itself, to carry the "next" address.
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Button("submit", "Sign in"),
        )


LOCKED_OUT = ("You have tried to sign in too many times. Wait {minutes} minutes and try again, "
              "or contact Ofsted inspection support.")


def locked_out_form(request) -> SignInForm:
    """The sign-in form as submitted, with the one message a lockout shows: the same for
    every username, whether or not it has an account. The password is never checked."""
    form = SignInForm(request, data=request.POST)
    form.cleaned_data = {}
    form._errors = ErrorDict()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form.add_error(None, LOCKED_OUT.format(minutes=minutes))
    return form


class _CodeForm(forms.Form):
    label, hint, button = "", "", "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = self.label
        self.fields["code"].help_text = self.hint
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("code", field_width=10, label_size="m"),
            Button("submit", self.button),
        )


_CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false",
               "autocapitalize": "none"}


class SecurityCodeForm(_CodeForm):
    """A 6-digit code from an authenticator app, as the GOV.UK pattern asks for one."""

    label = "Security code"
    hint = "The 6-digit code shown in your authenticator app"
    code = forms.CharField(
        max_length=12, widget=forms.TextInput(attrs=_CODE_ATTRS),
        error_messages={"required": "Enter the security code from your authenticator app"})

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The security code is 6 digits, like 123456")
        return code


class RecoveryCodeForm(_CodeForm):
    label = "Recovery code"
    hint = "One of the recovery codes you saved when you set up two-factor authentication"
    code = forms.CharField(
        max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off",
                                                     "spellcheck": "false",
                                                     "autocapitalize": "none"}),
        error_messages={"required": "Enter one of your recovery codes"})


class ResetTwoFactorForm(forms.Form):
    username = forms.CharField(
        label="Username", max_length=150,
        help_text="The username of the person whose authenticator app was lost",
        error_messages={"required": "Enter the username of the person"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("username", field_width=20),
                                    Button.warning("submit", "Reset two-factor authentication"))

    def clean_username(self):
        from accounts.models import User

        user = User.objects.filter(username=self.cleaned_data["username"]).first()
        if user is None:
            raise forms.ValidationError("There is no account with that username")
        self.user = user
        return user.username


class ChangePasswordForm(forms.Form):
    """The current password (checked as a sign-in is, so guesses count towards a lockout)
    and a new one, which Django's validators check when it is set."""

    current_password = forms.CharField(
        label="Current password", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"})
    new_password = forms.CharField(
        label="New password", strip=False,
        help_text="At least 12 characters. A few words you can remember work well.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a new password"})

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("current_password", field_width=20),
                                    Field.text("new_password", field_width=20),
                                    Button("submit", "Change password"))

    def clean_current_password(self):
        from django.contrib.auth import authenticate

        password = self.cleaned_data["current_password"]
        user = self.request.user
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError("Your current password is not right")
        return password
