"""The account forms: email, deleting the account, password reset, creating a consultant."""

import logging
from concurrent.futures import ThreadPoolExecutor
from unicodedata import normalize

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clients.throttle import Limit, client_address

logger = logging.getLogger(__name__)

RESET_PER_EMAIL = Limit("reset-email", attempts=3, seconds=60 * 60)
RESET_PER_ADDRESS = Limit("reset-address", attempts=20, seconds=60 * 60)

# The reset mails leave from here, after the answer: a mail server's delay would otherwise
# tell, by the answer's time, which addresses have an account. Its threads are started on the
# first mail and are not daemons, so a worker that stops gracefully sends what it holds first.
RESET_MAILER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="reset-mail")


def same_address(first: str, second: str) -> bool:
    """Return True when two email addresses are the same, whatever their case."""
    return normalize("NFKC", first).casefold() == normalize("NFKC", second).casefold()


def email_taken(email: str, *, by_other_than=None) -> bool:
    """Return True when another account already uses this address (case does not matter)."""
    users = get_user_model().objects.filter(email__iexact=email)
    if by_other_than is not None:
        users = users.exclude(pk=by_other_than.pk)
    return users.exists()


class CurrentPasswordForm(forms.Form):
    """Ask for the consultant's password before a change that matters."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your password."), code="wrong_password")
        return password


class EmailChangeForm(CurrentPasswordForm):
    email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        help_text=_("Password reset links are sent to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["email", "password"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email_taken(email, by_other_than=self.user):
            raise ValidationError(_("Another account uses this address."), code="email_taken")
        return email


class DeleteAccountForm(CurrentPasswordForm):
    pass


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, limited per address and per email, counted whether or not an
    account has that email (so the limit reveals nothing either); its mail leaves after the
    answer (so the answer's time reveals nothing)."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"]
        address = client_address(self.request)
        if RESET_PER_EMAIL.reached(email) or RESET_PER_ADDRESS.reached(address):
            raise ValidationError(
                _("Too many reset requests. Wait an hour, or ask an administrator."),
                code="throttled",
            )
        RESET_PER_EMAIL.count(email)
        RESET_PER_ADDRESS.count(address)
        return email

    def get_users(self, email):
        # Unlike Django's default, an invited consultant who has not set a password yet
        # (unusable password) may ask for a new link too.
        # The comparison in Python, as Django's: a database's case-insensitive match may
        # equate different Unicode addresses.
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if same_address(user.email, email))

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Render and send the mail in RESET_MAILER's thread, in the language of the request."""
        language = translation.get_language()
        send = super().send_mail  # logs a mail server's refusal itself

        def send_in_language():
            try:
                with translation.override(language):
                    send(subject_template_name, email_template_name, context, *args, **kwargs)
            except Exception:  # a template that fails to render: logged, as a refusal is
                logger.exception("The reset mail to consultant %s failed", context["user"].pk)
            finally:
                connections.close_all()  # this thread's own, should a template have queried

        RESET_MAILER.submit(send_in_language)


class ConsultantCreationForm(forms.ModelForm):
    """A new consultant, with a password set here or an invitation to choose one."""

    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    invite = forms.BooleanField(
        label=_("Send an invitation instead"),
        required=False,
        help_text=_("Emails a link where the consultant chooses their own password."),
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "email", "first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email_taken(email):
            raise ValidationError(_("Another account uses this address."), code="email_taken")
        return email

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password1"), cleaned.get("password2")
        if cleaned.get("invite"):
            if password or again:
                raise ValidationError(
                    _("Either set a password or send an invitation, not both."), code="both"
                )
            if not settings.SENDS_EMAIL:
                raise ValidationError(
                    _("This fitcheck cannot send email (no EMAIL_HOST): set a password instead."),
                    code="no_mail",
                )
        elif not password:
            self.add_error("password1", _("Set a password, or send an invitation."))
        elif password != again:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # Here, as in Django's own form, the instance holds the username and email the
        # password must not resemble.
        password = self.cleaned_data.get("password1")
        if password and not self.has_error("password1") and not self.has_error("password2"):
            try:
                validate_password(password, self.instance)
            except ValidationError as error:
                self.add_error("password1", error)

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data["invite"]:
            user.set_unusable_password()
        else:
            user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user
