from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from clients.throttle import ThrottledAdminAuthenticationForm, throttled_login
from clients.views.settings import switch_language
from fitcheck.healthz import healthz

# The admin's login counts failures with the app's: staff passwords are the most valuable.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", include("clients.urls")),
    path("accounts/login/", throttled_login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("accounts.urls")),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path(
        "favicon.ico",
        login_not_required(
            RedirectView.as_view(url=settings.STATIC_URL + "favicon.svg", permanent=True)
        ),
    ),
]

# The app's own pages for a refused body (what was too big, the limit) and for an outage
# (503 with Retry-After when PostgreSQL or Redis is out of reach); see fitcheck/errors.py.
handler400 = "fitcheck.errors.bad_request"
handler500 = "fitcheck.errors.server_error"

# The benchmark's floor page (see clients/bench_views.py), routed only while `make bench` runs.
if settings.BENCH_FLOOR:
    from clients.bench_views import floor

    urlpatterns.append(path("bench/floor/", floor, name="bench_floor"))
