from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from clients.middleware import remember_language_at_login, remember_time_zone_at_login

        from . import sessions

        sessions.connect()
        user_logged_in.connect(remember_time_zone_at_login, dispatch_uid="accounts.time_zone")
        user_logged_in.connect(remember_language_at_login, dispatch_uid="accounts.language")
