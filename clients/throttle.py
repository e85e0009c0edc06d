"""Slow down password guessing: after a few failed logins for one account or from one
address, refuse further attempts for a while, with a clear message.

Counts live in Django's cache (the default local-memory cache per process is enough for
one server; configure a shared cache for several).
"""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

MAX_FAILURES = getattr(settings, "LOGIN_MAX_FAILURES", 5)
LOCKOUT_SECONDS = getattr(settings, "LOGIN_LOCKOUT_SECONDS", 15 * 60)


def _keys(request) -> list[str]:
    # Hashed: a username may hold spaces or control characters no cache key accepts.
    username = request.POST.get("username", "")[:150].strip().lower()
    address = request.META.get("REMOTE_ADDR", "")
    return [
        f"login-failures:user:{hashlib.sha256(username.encode()).hexdigest()}",
        f"login-failures:addr:{hashlib.sha256(address.encode()).hexdigest()}",
    ]


def is_locked(request) -> bool:
    """Return True when this account or this address failed too often recently."""
    return any(cache.get(key, 0) >= MAX_FAILURES for key in _keys(request))


def record_failure(request) -> None:
    for key in _keys(request):
        cache.add(key, 0, LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, LOCKOUT_SECONDS)


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self):
        if is_locked(self.request):
            raise ValidationError(
                _(
                    "Too many failed logins for this account or from this address. "
                    "Wait %(minutes)d minutes and try again."
                ),
                code="throttled",
                params={"minutes": LOCKOUT_SECONDS // 60},
            )
        try:
            return super().clean()
        except ValidationError:
            record_failure(self.request)
            raise


throttled_login = login_not_required(
    never_cache(auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm))
)
