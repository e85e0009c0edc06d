"""The session store's side of an account: a deleted account, or one whose password changed,
keeps no session.

Django already refuses such sessions (the user is gone, or the password hash in the session
no longer matches), but their rows would stay until `clearsessions`, each still holding what
the consultant last did. These functions delete them from the store.

Only a store that can be listed is swept: the database ones (`db`, `cached_db`, the default).
With the `cache`, `file` or `signed_cookies` engines, Django's refusal is all there is.
"""

from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db.models.signals import post_delete, post_save, pre_save


def _store_class() -> type:
    return import_module(settings.SESSION_ENGINE).SessionStore


def end_sessions(user_pk, *, keep: Callable[[dict], bool] = lambda data: False) -> int:
    """Delete every stored session of the user unless `keep(data)`; return how many."""
    store = _store_class()
    if not issubclass(store, DatabaseStore):
        return 0
    user_id = str(user_pk)
    doomed = []
    decoder = store()
    rows = store.get_model_class().objects.values_list("session_key", "session_data")
    for session_key, session_data in rows.iterator():
        data = decoder.decode(session_data)
        if data.get(SESSION_KEY) == user_id and not keep(data):
            doomed.append(session_key)
    for session_key in doomed:
        store(session_key).delete(session_key)  # cached_db forgets its cached copy too
    return len(doomed)


def _remember_password(sender, instance, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    instance._password_before_save = stored.first()


def _end_sessions_of_old_password(sender, instance, created=False, **kwargs) -> None:
    before = instance.__dict__.pop("_password_before_save", None)
    if created or before is None or before == instance.password:
        return
    # A session made with the new password (the one that changed it, once Django updated its
    # hash) stays; every other one ends.
    current = instance.get_session_auth_hash()
    end_sessions(instance.pk, keep=lambda data: data.get(HASH_SESSION_KEY) == current)


def _end_sessions_of_deleted_account(sender, instance, **kwargs) -> None:
    end_sessions(instance.pk)


def connect() -> None:
    """Sweep the session store whenever an account is deleted or its password changes,
    however it happens (the account pages, a reset link, the admin, `changepassword`)."""
    user_model = get_user_model()
    uid = "accounts.sessions"
    pre_save.connect(_remember_password, sender=user_model, dispatch_uid=uid)
    post_save.connect(_end_sessions_of_old_password, sender=user_model, dispatch_uid=uid)
    post_delete.connect(_end_sessions_of_deleted_account, sender=user_model, dispatch_uid=uid)
