"""Small fixtures shared by the suite: consultants, the default catalogue, clients."""

import pytest
from django.contrib.auth import get_user_model

from clients.models import Client, FlagCatalogue

PASSWORD = "a-long-test-password-9"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash passwords with MD5 in tests: PBKDF2 costs a third of a second per consultant."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue(db):
    """Return the default catalogue the data migration created."""
    return FlagCatalogue.objects.get(is_default=True)


@pytest.fixture
def make_user(db):
    def make(username="consultant", **extra):
        return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)

    return make


@pytest.fixture
def consultant(make_user):
    return make_user("ada")


@pytest.fixture
def other_consultant(make_user):
    return make_user("grace")


@pytest.fixture
def make_client(catalogue):
    def make(owner, name="Acme", **extra):
        return Client.objects.create(owner=owner, catalogue=catalogue, name=name, **extra)

    return make


@pytest.fixture
def logged_in(client, consultant):
    """Return the test client, logged in as `consultant`."""
    client.force_login(consultant)
    return client
