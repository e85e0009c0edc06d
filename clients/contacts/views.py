"""Planning the next contact with a client, its .ics file, the private feed, the morning note's
settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import actions
from ..throttle import Limit, client_address
from ..views.access import get_client_for_user
from ..views.responses import simple_form
from . import calendar
from .forms import DigestForm, PlannedContactForm
from .planned import plan_contact

# Wrong feed keys from one address, an hour: enough for a mistyped address, not for guessing.
WRONG_FEED_KEYS = Limit("calendar-feed-address", attempts=20, seconds=60 * 60)


def _back(request, client):
    """Return to the page the form was on: the call sheet or the client's page."""
    if request.POST.get("return_to") == "sheet":
        return redirect("client_prepare", client.pk)
    return redirect("client_detail", client.pk)


@require_http_methods(["GET", "POST"])
def planned_contact(request, pk):
    """Set the next contact with a client (from its page, its call sheet, or here)."""
    client = get_client_for_user(request, pk)
    form = PlannedContactForm(request.POST or None, client=client)
    if form.is_valid():
        plan_contact(client=client, planned=form.planned())
        messages.success(request, _("Next contact planned."))
        return _back(request, client)
    return simple_form(
        request,
        form,
        title=_("Plan the next contact with %(name)s") % {"name": client.name},
        submit=_("Plan the next contact"),
        nav="dashboard",
        client=client,
    )


@require_POST
def planned_contact_clear(request, pk):
    client = get_client_for_user(request, pk)
    plan_contact(client=client, planned=None)
    messages.success(request, _("Next contact taken off the plan."))
    return _back(request, client)


def _events(request, clients, *, with_note: bool):
    """Return the VEVENTs of these clients' planned contacts."""
    now = timezone.now()
    host = request.get_host().partition(":")[0] or "fitcheck"
    return [
        calendar.event(
            client,
            sheet_url=request.build_absolute_uri(reverse("client_prepare", args=[client.pk])),
            host=host,
            stamp=now,
            with_note=with_note,
        )
        for client in clients
    ]


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def planned_contact_ics(request, pk):
    """The planned contact as one event to add to a calendar."""
    client = get_client_for_user(request, pk)
    if client.next_contact_at is None:
        raise Http404
    return _ics(
        calendar.calendar(_events(request, [client], with_note=True)),
        f"next-contact-{client.pk}.ics",
    )


@login_not_required
@never_cache
@require_GET
def calendar_feed(request, token):
    """A consultant's planned contacts, for calendar apps: the secret key is the only login.

    Nothing in it but each contact's moment, kind and client name, and the call sheet's link
    (which asks to log in): never a note.
    """
    address = client_address(request)
    if WRONG_FEED_KEYS.reached(address):
        return HttpResponse(status=429)
    profile = calendar.profile_for_token(token)
    if profile is None:
        WRONG_FEED_KEYS.count(address)
        raise Http404
    clients = profile.user.clients.filter(archived=False, next_contact_at__isnull=False)
    with translation.override(profile.digest_language()):
        events = _events(request, clients.order_by("next_contact_at", "pk"), with_note=False)
        name = _("fitcheck: planned contacts")
    return _ics(calendar.calendar(events, name=name), "fitcheck.ics")


@require_POST
def calendar_feed_new(request):
    """Make a new feed address: the old one, if any, stops working."""
    profile = actions.profile_for(request.user)
    profile.calendar_token = calendar.new_token(profile)
    profile.save(update_fields=["calendar_token"])
    messages.success(
        request, _("Your calendar feed has a new address: subscribe to it in your calendar app.")
    )
    return redirect(reverse("settings") + "#calendar-heading")


@require_POST
def calendar_feed_revoke(request):
    profile = actions.profile_for(request.user)
    profile.calendar_token = ""
    profile.save(update_fields=["calendar_token"])
    messages.success(request, _("Your calendar feed is off: its address no longer works."))
    return redirect(reverse("settings") + "#calendar-heading")


@require_http_methods(["GET", "POST"])
def digest_settings(request):
    """The morning note's settings (also shown on the Settings page)."""
    form = DigestForm(request.POST or None, instance=actions.profile_for(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Morning note settings saved."))
        return redirect(reverse("settings") + "#digest-heading")
    return simple_form(
        request, form, title=_("Morning note"), submit=_("Save the morning note"), nav="settings"
    )
