"""`get_<field>_display()` found without translating every label: the same as Django's."""

import pytest
from django.db import models
from django.utils import translation

from partners.models import Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment


def djangos_display(instance, field):
    return models.Model._get_FIELD_display(instance, field)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Partner, "kind"),
        (Partner, "status"),
        (Partner, "exchange_basis"),
        (Shipment, "status"),
        (Shipment, "method"),
        (Shipment, "direction"),
        (ShipmentItem, "material_type"),
    ],
)
def test_every_label_is_djangos_in_each_language(model, name, language):
    field = model._meta.get_field(name)
    display = getattr(model, f"get_{name}_display")
    with translation.override(language):
        for value in [choice for choice, _label in field.flatchoices] + ["not-a-choice", ""]:
            instance = model(**{name: value})
            assert display(instance) == djangos_display(instance, field), value
            assert isinstance(display(instance), str)


def test_labels_follow_the_active_language():
    shipment = Shipment(status="draft")
    with translation.override("en"):
        english = shipment.get_status_display()
    with translation.override("zh-hans"):
        chinese = shipment.get_status_display()
    assert english == "Draft"
    assert chinese != english
