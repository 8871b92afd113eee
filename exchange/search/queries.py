"""The search page's groups: each kind of record found by its owner's search."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exchange.programme.models import CulturalAgreement
from partners.models import Partner
from shipments.models import Shipment

# The first results of each group; its list has them all.
FIRST = 10


@dataclass
class Group:
    key: str
    title: str
    count: int
    rows: list
    all_url: str


def _partners(text):
    return Partner.objects.search(text).best_first(text)


def _shipments(text):
    return (
        Shipment.objects.search(text)
        .select_related("partner")
        .with_date()
        .order_by("-shipment_date", "-created_at", "-pk")
    )


def _agreements(text):
    return CulturalAgreement.objects.search(text)


# (key, title, permission, the found records, the list that finds the same)
KINDS = (
    ("partners", _("Partners"), "partners.view_partner", _partners, "partners:list"),
    ("shipments", _("Shipments"), "shipments.view_shipment", _shipments, "shipments:list"),
    (
        "agreements",
        _("Agreements"),
        "exchange.view_culturalagreement",
        _agreements,
        "exchange:agreement_list",
    ),
)


def search_groups(text: str, user) -> list[Group]:
    """The groups the user may see, each with its count and first results (two queries
    a group, whatever the number of records)."""
    text = " ".join(text.replace("\x00", " ").split())
    if not text:
        return []
    groups = []
    for key, title, permission, found, list_name in KINDS:
        if not user.has_perm(permission):
            continue
        records = found(text)
        count = records.count()
        rows = list(records[:FIRST]) if count else []
        url = f"{reverse(list_name)}?{urlencode({'q': text})}"
        groups.append(Group(key, title, count, rows, url))
    return groups
