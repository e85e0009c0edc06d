"""The consultant's settings, and the header's language switch."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from .. import actions
from ..forms import ProfileForm
from ..middleware import remember_language, remember_time_zone
from .responses import simple_form


@require_http_methods(["GET", "POST"])
def profile_settings(request):
    profile = actions.profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if form.is_valid():
        profile = form.save()
        remember_time_zone(request, profile.time_zone)
        remember_language(request, profile.language)
        # "Settings saved." in the language the next page speaks.
        translation.activate(profile.language or translation.get_language_from_request(request))
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


# Switching language must work on the login page too.
@login_not_required
def switch_language(request):
    """Django's language switch (a cookie); a logged-in consultant's choice also goes to their
    profile, so every page of theirs follows it, on any browser."""
    response = set_language(request)
    code = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and code in dict(settings.LANGUAGES):
        profile = actions.profile_for(request.user)
        profile.language = code
        profile.save(update_fields=["language"])
        remember_language(request, code)
    return response
