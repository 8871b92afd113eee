"""The three roles as auth groups, with their permissions.

`ensure_roles()` is idempotent: `setup_roles` (called by `make run`) and the
tests run it, and it sets each group's permissions to exactly these.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.core.access import group_names

STAFF = "Acquisitions staff"
HEADS = "Department heads"
ADMINISTRATORS = "Administrators"

ROLE_LABELS = {
    STAFF: _("Acquisitions staff"),
    HEADS: _("Department head"),
    ADMINISTRATORS: _("Administrator"),
}

APPS = ("exchange", "partners", "shipments")
# Acquisitions staff record shipments and their items, and chase claims.
STAFF_CHANGES = {
    "shipments": ("shipment", "shipmentitem", "shipmentevent", "claim"),
    # The exchange itself: the stock, offer lists, selections, partners' offers, wants.
    "exchange": (
        "stockitem",
        "offerlist",
        "offerline",
        "selection",
        "selectionline",
        "partneroffer",
        "partnerofferline",
        "want",
    ),
}
# What department heads may do besides viewing: approve a selection above the threshold.
HEADS_CHANGES = ("approve_selection_as_head",)


# What only administrators may do, among the permissions of the models staff change.
ADMINISTRATORS_ONLY = ("replace_sent_shipment",)


def _app_permissions():
    return Permission.objects.filter(content_type__app_label__in=APPS).exclude(
        content_type__model__startswith="historical"
    )


def _view_permissions():
    return _app_permissions().filter(Q(codename__startswith="view_") | Q(codename="view_reports"))


def role_permissions() -> dict[str, list[Permission]]:
    views = list(_view_permissions())
    staff_changes = Q()
    for app, models in STAFF_CHANGES.items():
        staff_changes |= Q(content_type__app_label=app, content_type__model__in=models)
    staff = views + list(
        _app_permissions()
        .filter(staff_changes)
        .exclude(codename__startswith="view_")
        .exclude(codename__in=ADMINISTRATORS_ONLY)
        .exclude(codename__in=HEADS_CHANGES)
    )
    admin = (
        list(_app_permissions())
        + list(Permission.objects.filter(content_type__app_label="auth"))
        # Sign-in attempts (django-axes): administrators lift lock-outs.
        + list(Permission.objects.filter(content_type__app_label="axes"))
        + list(Permission.objects.filter(content_type__model__startswith="historical"))
    )
    heads = views + list(_app_permissions().filter(codename__in=HEADS_CHANGES))
    return {HEADS: heads, STAFF: staff, ADMINISTRATORS: admin}


def ensure_roles() -> dict[str, Group]:
    groups = {}
    for name, permissions in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        groups[name] = group
    return groups


def role_of(user) -> str:
    """The user's role name (the first of their groups we know), for display."""
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return ADMINISTRATORS
    names = group_names(user)
    for name in (ADMINISTRATORS, HEADS, STAFF):
        if name in names:
            return name
    return ""
