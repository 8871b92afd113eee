"""Fixtures: one user per role and a client signed in as each, plus anonymous."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation

from exchange.core.roles import ADMINISTRATORS, HEADS, STAFF, ensure_roles


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The real hasher is slow on purpose; every test signs users up."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in Chinese leaves Chinese active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def roles(db):
    return ensure_roles()


def _user(username: str, group: str, **extra) -> User:
    user = User.objects.create_user(username=username, password="x-secret-pass-9", **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff_user(roles):
    return _user("staff", STAFF, first_name="Li", last_name="Wei")


@pytest.fixture
def head_user(roles):
    return _user("head", HEADS, first_name="Zhang", last_name="Min")


@pytest.fixture
def admin_user(roles):
    return _user("admin", ADMINISTRATORS, is_staff=True)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_user):
    return _client(staff_user)


@pytest.fixture
def head_client(head_user):
    return _client(head_user)


@pytest.fixture
def admin_client(admin_user):
    return _client(admin_user)


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def clients(anon_client, staff_client, head_client, admin_client):
    """Every role's client, for tests that check a page as each."""
    return {
        "anonymous": anon_client,
        "staff": staff_client,
        "head": head_client,
        "admin": admin_client,
    }
