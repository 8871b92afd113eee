"""The shipment pages' addresses, dates and the POST data of their forms, for the view tests."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import valid_isbn

LIST = reverse("shipments:list")
NEW_OUT = reverse("shipments:create_outgoing")
NEW_IN = reverse("shipments:create_incoming")
TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
BAD_ISBN = "978-7-101-00313-1"  # the check digit should be 0


def detail(shipment):
    return reverse("shipments:detail", args=[shipment.reference])


def edit(shipment):
    return reverse("shipments:edit", args=[shipment.reference])


def step(shipment, name):
    return reverse("shipments:step", args=[shipment.reference, name])


def references(response) -> list[str]:
    return [shipment.reference for shipment in response.context["object_list"]]


def item_rows(*items, initial=0, prefix="items"):
    """POST data of the item formset; each item a dict of fields."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        row = {"material_type": "monograph", "quantity": "1", "pages": "", "unit_value": ""}
        row.update(item)
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def outgoing_data(partner, *items, **fields):
    data = {"partner": partner.code, "method": "surface", "parcels": "1"}
    data.update({"postage_cost": "0", "other_cost": "0"}, **fields)
    data.update(item_rows(*items))
    return data


THREE_ITEMS = (
    {"isbn": "978-7-101-00313-0", "title": "Shiji", "quantity": "2", "pages": "300"},
    {"title": "Annual report 2025", "unit_value": "12.50", "currency": "CNY"},
    {"isbn": valid_isbn(7), "title": "Atlas of China", "material_type": "map", "quantity": "3"},
)
