"""A user's permissions and groups, read in one query (exchange.core.access), are
those Django's ModelBackend reads in two, for each role and for one's own."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission, User

from exchange.core.access import AccessBackend, group_names
from exchange.core.roles import ADMINISTRATORS, HEADS, STAFF, ensure_roles, role_of


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def roles(db):
    return ensure_roles()


@pytest.mark.parametrize("role", [STAFF, HEADS, ADMINISTRATORS])
def test_each_role_has_what_model_backend_gives(roles, role, django_assert_num_queries):
    user = User.objects.create_user("someone")
    user.groups.add(roles[role])
    user.user_permissions.add(Permission.objects.get(codename="add_exchangerate"))
    expected = ModelBackend().get_all_permissions(fresh(user))
    assert "exchange.add_exchangerate" in expected
    user = fresh(user)
    with django_assert_num_queries(1):
        assert AccessBackend().get_all_permissions(user) == expected
        assert group_names(user) == {role}
        assert role_of(user) == role
        assert user.has_perm("exchange.add_exchangerate")
    assert AccessBackend().get_user_permissions(user) == {"exchange.add_exchangerate"}
    assert AccessBackend().get_group_permissions(user) == ModelBackend().get_group_permissions(
        fresh(user)
    )


def test_no_role_and_no_permission(roles):
    user = User.objects.create_user("nobody")
    assert AccessBackend().get_all_permissions(fresh(user)) == set()
    assert role_of(fresh(user)) == ""
    assert not fresh(user).has_perm("partners.view_partner")


def test_an_inactive_user_has_nothing(roles):
    user = User.objects.create_user("gone", is_active=False)
    user.groups.add(roles[ADMINISTRATORS])
    assert AccessBackend().get_all_permissions(fresh(user)) == set()


def test_a_superuser_has_every_permission(roles, django_assert_num_queries):
    user = User.objects.create_superuser("root")
    assert AccessBackend().get_all_permissions(fresh(user)) == ModelBackend().get_all_permissions(
        fresh(user)
    )
    with django_assert_num_queries(0):
        assert role_of(user) == ADMINISTRATORS


def test_a_change_of_role_applies_on_the_next_request(roles):
    user = User.objects.create_user("mover")
    user.groups.add(roles[HEADS])
    assert not fresh(user).has_perm("shipments.add_shipment")
    user.groups.add(roles[STAFF])
    assert fresh(user).has_perm("shipments.add_shipment")
