import zoneinfo
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadhandler import FileUploadHandler
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone, translation

from fitcheck.errors import FileNotAccepted, bad_request

from .models import ConsultantProfile, known_time_zones


def htmx_login_redirect(request, login_url: str) -> HttpResponse:
    """Return a 401 whose HX-Redirect sends the whole page to the login form.

    A redirect would make htmx swap the login page into a fragment.
    """
    # Come back to the page the user was on, not to the fragment's URL.
    try:
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        page = current.path + (f"?{current.query}" if current.query else "") or "/"
    except ValueError:  # a malformed header
        page = "/"
    response = HttpResponse(status=401)
    response["HX-Redirect"] = resolve_url(login_url) + "?" + urlencode({"next": page})
    return response


class HtmxAwareLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required middleware, answering HTMX requests with 401 and HX-Redirect."""

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") != "true":
            return super().handle_no_permission(request, view_func)
        return htmx_login_redirect(request, self.get_login_url(view_func))


class DeletedAccountMiddleware:
    """Answer the login page to a request that failed because its account was deleted meanwhile.

    Another session of the consultant deleting the account takes their rows away under a
    write in flight: the write fails (a foreign key, a row gone) and is rolled back. That is
    no server error; the session is over, as the next request would find anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        user = getattr(request, "user", None)
        try:
            if user is None or not user.is_authenticated or _account_exists(user.pk):
                return None
        except DatabaseError:  # the database is down: the outage page says so
            return None
        logout(request)
        if request.headers.get("HX-Request") == "true":
            return htmx_login_redirect(request, "login")
        return redirect_to_login(request.get_full_path())


def _account_exists(pk) -> bool:
    # The lock waits for a deletion still committing, so its outcome is the one seen.
    with transaction.atomic():
        accounts = get_user_model()._default_manager.select_for_update(no_key=True)
        return bool(list(accounts.filter(pk=pk).values_list("pk")))


# The views that take a file: the restore of an export and the catalogue imports.
TAKES_FILES = {"import_data", "admin:clients_flagcatalogue_import", "my_flags_import"}


class _RefuseFiles(FileUploadHandler):
    """Stop a multipart body at its first file, before a byte of it reaches memory or disk."""

    def new_file(self, *args, **kwargs):
        raise FileNotAccepted("A file was sent to a form that takes none.")

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class NoFileUnlessAcceptedMiddleware:
    """Refuse a file sent to a form that takes none, with the app's 400 page.

    Django would otherwise write a large file to a temporary file on disk, then ignore it.
    It must come before CsrfViewMiddleware, which reads the whole form to find its token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        if request.resolver_match and request.resolver_match.view_name in TAKES_FILES:
            return None
        request.upload_handlers = [_RefuseFiles(request)]
        try:
            request.POST  # noqa: B018 (parsed here, so that a file stops it)
        except FileNotAccepted as refused:
            return bad_request(request, refused)
        return None


# The consultant's time zone rides in the session, so a page costs no query to know it: set at
# login (accounts.apps) and when Settings are saved. "" is the server's zone.
TIME_ZONE_SESSION_KEY = "fitcheck_time_zone"


def remember_time_zone(request, name: str) -> None:
    """Keep the consultant's time zone (a profile's `time_zone`) in their session."""
    request.session[TIME_ZONE_SESSION_KEY] = name


def remember_time_zone_at_login(sender, request, user, **kwargs) -> None:
    """Keep the time zone of the consultant who just logged in in their session."""
    if request is None or not hasattr(request, "session"):
        return
    zones = ConsultantProfile.objects.filter(user=user).values_list("time_zone", flat=True)
    remember_time_zone(request, zones.first() or "")


class TimeZoneMiddleware:
    """Show and read every date and time of a consultant's pages in their own time zone.

    Django's `date` filter, `localtime`, `localdate` and the forms' date fields all follow the
    zone activated here. Pages open to anybody (login, password reset, health) keep the
    server's zone and leave the session alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The server's zone until process_view knows the consultant; afterwards, the thread's
        # zone as it was, so nothing of this request leaks into the next one on this thread.
        with timezone.override(None):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or not request.user.is_authenticated:
            return None
        name = request.session.get(TIME_ZONE_SESSION_KEY)
        if name is None:  # a session from before time zones: once, from the profile
            remember_time_zone_at_login(None, request, request.user)
            name = request.session[TIME_ZONE_SESSION_KEY]
        # A zone the server no longer knows leaves the server's own.
        if name and name in known_time_zones():
            timezone.activate(zoneinfo.ZoneInfo(name))
        return None


# The consultant's language (a profile's `language`) rides in the session as well, so a page
# costs no query to know it: set at login (accounts.apps), when Settings are saved and when the
# header's switch is used. "" is the browser's language (LocaleMiddleware's choice).
LANGUAGE_SESSION_KEY = "fitcheck_language"


def remember_language(request, code: str) -> None:
    """Keep the consultant's language (a profile's `language`) in their session."""
    request.session[LANGUAGE_SESSION_KEY] = code


def remember_language_at_login(sender, request, user, **kwargs) -> None:
    """Keep the language of the consultant who just logged in in their session."""
    if request is None or not hasattr(request, "session"):
        return
    languages = ConsultantProfile.objects.filter(user=user).values_list("language", flat=True)
    remember_language(request, languages.first() or "")


class LanguageMiddleware:
    """Show every page of a consultant who chose a language in Settings in that language.

    After LocaleMiddleware, which picks the switch's cookie or the browser's language for
    everybody else, and after the authentication. In the request phase, so an error page
    (a 404 included) speaks it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.session.get(LANGUAGE_SESSION_KEY)
        if code is None and request.user.is_authenticated:
            # A session from before languages: once, from the profile.
            remember_language_at_login(None, request, request.user)
            code = request.session[LANGUAGE_SESSION_KEY]
        # A language the server no longer offers leaves the browser's.
        if code and code in dict(settings.LANGUAGES):
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)
