"""Every choice of a partner is the same text field over the partner search: the claim
form, the shipment form, the shipment and claim lists' filters."""

import pytest
from django.urls import reverse

from exchange.claims.models import Claim
from shipments.models import Shipment
from tests.factories import ClaimFactory, PartnerFactory, ShipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(db):
    return {
        "ndl": PartnerFactory(code="JP-NDL", name="National Diet Library", country="JP"),
        "kul": PartnerFactory(code="JP-KUL", name="Kyoto University Library", country="JP"),
        "bl": PartnerFactory(code="GB-BL", name="British Library", country="GB"),
    }


def claim(partner: str) -> dict:
    return {"partner": partner, "claimed_on": "2026-01-05", "subject": "Not received"}


def test_the_claim_form_offers_a_combobox_not_a_drop_down_of_every_partner(partners, staff_client):
    page = staff_client.get(reverse("exchange:claim_create")).content.decode()
    assert 'role="combobox"' in page
    assert "<option" not in page.split('name="partner"')[1].split("</div>")[0]


@pytest.mark.parametrize("typed", ["JP-NDL", "jp-ndl", "Diet", "JP-NDL · National Diet Library"])
def test_a_claim_is_recorded_for_the_partner_a_code_or_name_gives(partners, staff_client, typed):
    response = staff_client.post(reverse("exchange:claim_create"), claim(typed))
    assert response.status_code == 302
    assert Claim.objects.get().partner == partners["ndl"]


def test_a_name_of_several_partners_is_refused_with_them_listed(partners, staff_client):
    response = staff_client.post(reverse("exchange:claim_create"), claim("Japan"))
    assert response.status_code == 200
    assert "names several partners (JP-KUL, JP-NDL)" in response.content.decode()
    assert not Claim.objects.exists()


def test_the_claim_form_opened_for_a_partner_shows_it(partners, staff_client):
    response = staff_client.get(reverse("exchange:claim_create"), {"partner": "GB-BL"})
    assert 'value="GB-BL · British Library"' in response.content.decode()


@pytest.mark.parametrize("role", ["head", "anonymous"])
def test_others_record_no_claim(partners, clients, role):
    clients[role].post(reverse("exchange:claim_create"), claim("JP-NDL"))
    assert not Claim.objects.exists()


def test_the_shipment_form_takes_a_partner_by_name(partners, staff_client):
    data = {
        "partner": "British",
        "parcels": "1",
        "expected_on": "2026-12-01",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }
    response = staff_client.post(reverse("shipments:create_incoming"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Shipment.objects.get().partner == partners["bl"]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("JP-NDL", ["JP-NDL"]),  # the code: that partner only
        ("jp-ndl", ["JP-NDL"]),
        ("Japan", ["JP-KUL", "JP-NDL"]),  # a name of several: all of them
        ("JP-KUL · Kyoto University Library", ["JP-KUL"]),
    ],
)
def test_the_shipment_list_filters_by_a_partner_code_or_name(partners, head_client, typed, found):
    for partner in partners.values():
        ShipmentFactory(partner=partner)
    response = head_client.get(reverse("shipments:list"), {"partner": typed})
    shown = sorted({shipment.partner.code for shipment in response.context["object_list"]})
    assert shown == found


def test_the_claim_list_filters_by_a_partner_name(partners, head_client):
    for partner in partners.values():
        ClaimFactory(partner=partner)
    response = head_client.get(reverse("exchange:claim_list"), {"partner": "British"})
    assert [claim.partner.code for claim in response.context["object_list"]] == ["GB-BL"]
    assert 'role="combobox"' in response.content.decode()
