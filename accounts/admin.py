"""Staff create consultants in the admin: with a password, or with an invitation by email."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import ConsultantCreationForm
from accounts.invitations import send_invitation

User = get_user_model()
# Registered by django.contrib.auth (listed before this app): replaced, to add consultants.
admin.site.unregister(User)


@admin.register(User)
class ConsultantAdmin(UserAdmin):
    add_form = ConsultantCreationForm
    add_form_template = None
    add_fieldsets = (
        (None, {"fields": ("username", "email", "first_name", "last_name")}),
        (
            gettext_lazy("Password"),
            {
                "description": gettext_lazy(
                    "Set a password and tell it to the consultant, or send an invitation."
                ),
                "fields": ("password1", "password2", "invite"),
            },
        ),
    )

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {"title": _("Add a consultant"), **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and form.cleaned_data.get("invite"):
            site_url = f"{request.scheme}://{request.get_host()}"
            transaction.on_commit(lambda: self._invite(request, obj, site_url))

    def _invite(self, request, user, site_url):
        if send_invitation(user, site_url=site_url):
            messages.success(request, _("An invitation was sent to %s.") % user.email)
        else:
            messages.error(
                request,
                _(
                    "The invitation to %s could not be sent (see the server log). "
                    "Set a password instead, or ask them to use “Forgot your password?”."
                )
                % user.email,
            )
