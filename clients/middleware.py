from urllib.parse import urlencode, urlsplit

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse
from django.shortcuts import resolve_url


class HtmxAwareLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required middleware, answering HTMX requests with 401.

    A redirect would make htmx swap the login page into a fragment; a 401 with
    HX-Redirect sends the whole page to the login form instead.
    """

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") != "true":
            return super().handle_no_permission(request, view_func)
        # Come back to the page the user was on, not to the fragment's URL.
        try:
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            page = current.path + (f"?{current.query}" if current.query else "") or "/"
        except ValueError:  # a malformed header
            page = "/"
        response = HttpResponse(status=401)
        response["HX-Redirect"] = (
            resolve_url(self.get_login_url(view_func)) + "?" + urlencode({"next": page})
        )
        return response
