"""Slow down password guessing: after a few failed logins for one account, or many from one
address, refuse further attempts for a while, with a clear message.

The account limit is low (5) and holds whatever the address, so spreading guesses over many
addresses does not help. The address limit is higher (50), so one client's mistakes never
lock out the other consultants who come through the same proxy or office network.

Counts live in Django's default cache: local memory is enough for one process; several
processes or servers share one through `CACHE_URL` (Redis), where the increments are atomic.

Every limit keys on `identity_key(value)`: all the spellings that reach one account (`ada`,
`ADA`, `ａda` in fullwidth letters, `ſ` for `s`…) count as one.
"""

import hashlib
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

LOCKOUT_SECONDS = getattr(settings, "LOGIN_LOCKOUT_SECONDS", 15 * 60)


def identity_key(value: str) -> str:
    """Return the form of a username or email address that every spelling of it shares.

    It is coarser than each look-up that finds an account, so no spelling escapes a limit:
    the login form strips the username and normalises it with NFKC before its exact look-up
    (`ａda` logs in as `ada`); the reset form's `email__iexact` compares `UPPER()`s on
    PostgreSQL (`ſ` and `ı` become `S` and `I`), then Python's NFKC and casefold as Django
    does. Uppercasing before casefolding joins what `UPPER()` joins and casefold alone does
    not (`ı` and `i`); the NFKC at the end recomposes what casefolding decomposed.
    """
    value = unicodedata.normalize("NFKC", value.strip())
    return unicodedata.normalize("NFKC", value.upper().casefold()).strip()


@dataclass(frozen=True)
class Limit:
    """At most `attempts` counted events per value (an account, an address, an email)
    within `seconds` of the first one. Values count as one when their `identity_key` is."""

    name: str
    attempts: int
    seconds: int = LOCKOUT_SECONDS

    def _key(self, value: str) -> str:
        # Hashed: a username may hold spaces or control characters no cache key accepts.
        digest = hashlib.sha256(identity_key(value).encode(errors="surrogatepass")).hexdigest()
        return f"throttle:{self.name}:{digest}"

    def reached(self, value: str) -> bool:
        """Return True when `value` used up its attempts."""
        return cache.get(self._key(value), 0) >= self.attempts

    def count(self, value: str) -> None:
        """Count one event for `value` (atomically on Redis: several servers share it)."""
        key = self._key(value)
        cache.add(key, 0, self.seconds)
        try:
            counted = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.seconds)
            return
        if counted == 1:
            # Redis's INCR recreates a key that expired after the check, without a lifetime.
            cache.touch(key, self.seconds)

    def clear(self, value: str) -> None:
        cache.delete(self._key(value))


ACCOUNT_FAILURES = Limit("login-account", getattr(settings, "LOGIN_MAX_FAILURES", 5))
ADDRESS_FAILURES = Limit("login-address", getattr(settings, "LOGIN_MAX_ADDRESS_FAILURES", 50))


def client_address(request) -> str:
    """Return the address of the person's device.

    Behind a proxy every request comes from the proxy's address: with TRUST_X_FORWARDED_FOR
    the last entry of X-Forwarded-For is used, the one the proxy itself appended (earlier
    entries come from the client and may be forged).
    """
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def _account(request) -> str:
    return request.POST.get("username", "")


def forget_account_failures(username: str) -> None:
    """Unlock an account whose owner proved who they are (logged in, or reset the password)."""
    ACCOUNT_FAILURES.clear(username)


def is_locked(request) -> bool:
    """Return True when this account or this address failed too often recently."""
    return ACCOUNT_FAILURES.reached(_account(request)) or ADDRESS_FAILURES.reached(
        client_address(request)
    )


def record_failure(request) -> None:
    ACCOUNT_FAILURES.count(_account(request))
    ADDRESS_FAILURES.count(client_address(request))


def _throttled_error() -> ValidationError:
    return ValidationError(
        _(
            "Too many failed logins for this account or from this address. "
            "Wait %(minutes)d minutes and try again."
        ),
        code="throttled",
        params={"minutes": LOCKOUT_SECONDS // 60},
    )


class ThrottledLoginMixin:
    """Refuse a locked account or address before checking the password; count failures."""

    def clean(self):
        if is_locked(self.request):
            raise _throttled_error()
        try:
            cleaned = super().clean()
        except ValidationError:
            # A right password refused for another reason (an inactive account, not staff
            # on the admin) is no guess.
            if self.get_user() is None:
                record_failure(self.request)
            raise
        if self.get_user() is not None:  # None when a field was left empty
            forget_account_failures(self.get_user().get_username())
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


throttled_login = login_not_required(
    never_cache(auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm))
)
