"""The consultant's own account: email, password, deletion; the password reset by email."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.actions import delete_account
from accounts.forms import DeleteAccountForm, EmailChangeForm, ThrottledPasswordResetForm
from clients.throttle import Limit, forget_account_failures

# The account's forms: under Settings in the header, Cancel goes back to the account.
ACCOUNT_FORM = {"nav": "settings", "cancel_url": reverse_lazy("account")}

# Wrong current passwords in a row, per session: whoever holds a session without knowing its
# password (a borrowed computer, a stolen cookie) gets a few guesses, then the session ends.
# The owner is never locked out: they log in again. Counted in the cache, as the login
# failures are, so that concurrent requests cannot each read the same count.
WRONG_CURRENT_PASSWORDS = Limit("current-password", attempts=5, seconds=settings.SESSION_COOKIE_AGE)


def _end_session_after_wrong_passwords(request, form, field, code) -> HttpResponse | None:
    """Validate the posted `form` and count its current password (`field`, refused with
    `code` when wrong) for this session. Return the way to the login page, having logged out,
    when that was the fifth wrong one in a row; return None otherwise."""
    if not form.is_bound:  # a GET, or a POST without any field
        return None
    session = request.session.session_key
    # A session already at the limit (concurrent guesses) ends without another check.
    if not WRONG_CURRENT_PASSWORDS.reached(session):
        form.is_valid()
        if not form.has_error(field, code):
            if field in form.cleaned_data:
                WRONG_CURRENT_PASSWORDS.clear(session)
            return None
        WRONG_CURRENT_PASSWORDS.count(session)
        if not WRONG_CURRENT_PASSWORDS.reached(session):
            return None
    WRONG_CURRENT_PASSWORDS.clear(session)
    logout(request)
    messages.error(
        request,
        _("You were logged out after %(count)d wrong passwords in a row. Log in again to go on.")
        % {"count": WRONG_CURRENT_PASSWORDS.attempts},
    )
    return redirect("login")


@require_http_methods(["GET", "HEAD"])
def account(request):
    return render(request, "accounts/account.html", {"nav": "settings"})


@require_http_methods(["GET", "HEAD", "POST"])
def account_email(request):
    initial = {"email": request.user.email}
    form = EmailChangeForm(request.user, request.POST or None, initial=initial)
    if ended := _end_session_after_wrong_passwords(request, form, "password", "wrong_password"):
        return ended
    if form.is_valid():
        request.user.email = form.cleaned_data["email"]
        request.user.save(update_fields=["email"])
        messages.success(request, _("Your email address is changed."))
        return redirect("account")
    context = {"form": form, "title": _("Change email"), "submit": _("Change email")}
    return render(request, "clients/simple_form.html", context | ACCOUNT_FORM)


@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if ended := _end_session_after_wrong_passwords(request, form, "password", "wrong_password"):
        return ended
    if form.is_valid():
        delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and everything in it are deleted."))
        return redirect("login")
    return render(request, "accounts/delete.html", {"form": form, "nav": "settings"})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "clients/simple_form.html"
    success_url = reverse_lazy("account")
    extra_context = {"submit": gettext_lazy("Change password"), **ACCOUNT_FORM}
    title = gettext_lazy("Change password")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        field, code = "old_password", "password_incorrect"
        if ended := _end_session_after_wrong_passwords(request, form, field, code):
            return ended
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by email; without a mail server, say whom to ask instead."""

    form_class = ThrottledPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    title = gettext_lazy("Forgot your password?")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"sends_email": settings.SENDS_EMAIL}

    def post(self, request, *args, **kwargs):
        if not settings.SENDS_EMAIL:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)


password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html", title=gettext_lazy("Check your email")
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        # The link proves who they are: a login lock from forgotten passwords ends here.
        forget_account_failures(form.user.get_username())
        return super().form_valid(form)


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
