"""The three roles and what each may do."""

import pytest
from django.contrib.auth.models import Group

from exchange.core.roles import ADMINISTRATORS, HEADS, STAFF, ensure_roles, role_of

pytestmark = pytest.mark.django_db


def test_setting_up_roles_twice_changes_nothing():
    first = {
        g.name: set(g.permissions.values_list("codename", flat=True))
        for g in ensure_roles().values()
    }
    second = {
        g.name: set(g.permissions.values_list("codename", flat=True))
        for g in ensure_roles().values()
    }
    assert first == second
    assert Group.objects.count() == 3


def test_heads_read_everything_and_change_nothing_but_approve_selections(head_user):
    assert head_user.has_perm("exchange.view_reports")
    assert head_user.has_perm("partners.view_partner")
    assert head_user.has_perm("shipments.view_shipment")
    perms = head_user.get_all_permissions() - {"exchange.approve_selection_as_head"}
    assert perms and all(p.split(".")[1].startswith("view_") for p in perms)
    # Their one write (issue 21): a selection above the approval threshold.
    assert head_user.has_perm("exchange.approve_selection_as_head")
    assert not head_user.has_perm("exchange.change_selection")


def test_staff_keep_the_exchange_but_do_not_approve_as_heads(staff_user):
    for perm in ("add_stockitem", "change_offerlist", "add_selection", "change_partneroffer"):
        assert staff_user.has_perm(f"exchange.{perm}")
    assert not staff_user.has_perm("exchange.approve_selection_as_head")


def test_staff_add_and_change_shipments_and_items_but_not_partners(staff_user):
    for perm in ("add_shipment", "change_shipment", "add_shipmentitem", "change_shipmentitem"):
        assert staff_user.has_perm(f"shipments.{perm}")
    assert staff_user.has_perm("exchange.view_reports")
    assert not staff_user.has_perm("partners.change_partner")
    assert not staff_user.has_perm("exchange.change_exchangerate")
    assert not staff_user.has_perm("exchange.change_culturalagreement")


def test_administrators_change_everything(admin_user):
    for perm in (
        "partners.change_partner",
        "partners.delete_contact",
        "exchange.add_culturalagreement",
        "exchange.change_exchangerate",
        "shipments.change_shipment",
        "auth.change_user",
        "exchange.view_reports",
    ):
        assert admin_user.has_perm(perm), perm


def test_role_of_names_the_users_role(staff_user, head_user, admin_user):
    assert role_of(staff_user) == STAFF
    assert role_of(head_user) == HEADS
    assert role_of(admin_user) == ADMINISTRATORS
