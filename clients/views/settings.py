"""The consultant's settings."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import actions
from ..forms import ProfileForm
from ..middleware import remember_time_zone
from .responses import simple_form


@require_http_methods(["GET", "POST"])
def profile_settings(request):
    profile = actions.profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if form.is_valid():
        profile = form.save()
        remember_time_zone(request, profile.time_zone)
        messages.success(request, _("Settings saved."))
        return redirect("settings")
    return simple_form(
        request,
        form,
        title=_("Settings"),
        submit=_("Save settings"),
        nav="settings",
        template="clients/settings.html",
    )
