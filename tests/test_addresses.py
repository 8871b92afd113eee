"""Partner codes and shipment references are the last part of their pages' addresses:
one that is the address of another page ("new", "export", "check-isbn") is refused
wherever it is entered, so that every partner and shipment can be opened."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from exchange.transfer.partners import import_partners
from exchange.transfer.shipments import import_shipments
from partners.models import PARTNER_COLUMNS
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.models import Shipment
from tests.exchange.import_files import csv_bytes, table
from tests.factories import PartnerFactory, ShipmentFactory

pytestmark = pytest.mark.django_db

PARTNER_PAGES = ["new", "export"]
SHIPMENT_PAGES = ["check-isbn", "export"]


@pytest.mark.parametrize("code", PARTNER_PAGES)
def test_a_partner_code_that_is_another_pages_address_is_refused(code):
    partner = PartnerFactory.build(code=code)
    with pytest.raises(ValidationError) as refused:
        partner.full_clean()
    assert refused.value.message_dict["code"] == [
        f"“{code}” is the address of another page; choose another."
    ]


@pytest.mark.parametrize("code", PARTNER_PAGES)
def test_the_partner_import_refuses_a_code_that_is_another_pages_address(code):
    row = {"code": code, "name": "X", "kind": "national", "country": "GB", "status": "active"}
    content = csv_bytes(PARTNER_COLUMNS, table(PARTNER_COLUMNS, {}, row))
    result = import_partners(io.BytesIO(content), "partners.csv")
    assert [str(problem) for problem in result.problems] == [
        f"row 2, column code: “{code}” is the address of another page; choose another."
    ]


def test_the_partner_form_makes_codes_capitals_so_new_opens_its_own_page(admin_client):
    management = {
        f"{prefix}-{count}": "0"
        for prefix in ("addresses", "contacts")
        for count in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    fields = {"name": "New Library", "kind": "national", "status": "active", "country": "GB"}
    response = admin_client.post(
        reverse("partners:create"), {"code": "new", **fields, **management}
    )
    assert response.status_code == 302
    assert admin_client.get(response.url).context["object"].code == "NEW"


@pytest.mark.parametrize("reference", SHIPMENT_PAGES)
def test_a_shipment_reference_that_is_another_pages_address_is_refused(reference):
    shipment = ShipmentFactory.build(reference=reference, partner=PartnerFactory())
    with pytest.raises(ValidationError) as refused:
        shipment.full_clean()
    assert refused.value.message_dict["reference"] == [
        f"“{reference}” is the address of another page; choose another."
    ]


@pytest.mark.parametrize("reference", SHIPMENT_PAGES)
def test_the_shipment_import_refuses_a_reference_that_is_another_pages_address(reference):
    PartnerFactory(code="GB-BL")
    row = {
        "reference": reference,
        "direction": "outgoing",
        "partner_code": "GB-BL",
        "status": "draft",
        "title": "Selected poems",
        "quantity": "1",
    }
    content = csv_bytes(SHIPMENT_IMPORT_COLUMNS, table(SHIPMENT_IMPORT_COLUMNS, {}, row))
    result = import_shipments(io.BytesIO(content), "shipments.csv")
    assert f"row 2, column reference: “{reference}” is the address of another page" in str(
        result.problems[0]
    )
    assert not Shipment.objects.exists()


def test_codes_and_references_that_are_no_other_pages_address_open_their_own_pages(
    staff_client,
):
    partner = PartnerFactory(code="NEW")
    shipment = ShipmentFactory(reference="new-export", partner=partner)
    partner.full_clean()
    shipment.full_clean()
    assert staff_client.get(partner.get_absolute_url()).context["object"] == partner
    assert staff_client.get(shipment.get_absolute_url()).context["object"] == shipment
