"""Exports of partners, shipments and rates from the lists and the admin, as each role."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exchange.rates.models import ExchangeRate
from exchange.transfer.exports import export_partners, export_rates, export_shipments
from partners.models import Partner
from shipments.models import Shipment
from tests.exchange.transfer.views_helpers import DAY
from tests.factories import ItemFactory, PartnerFactory, RateFactory, ShipmentFactory, sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("british_library_and_usd_rate")]


def test_partner_export_uses_the_list_filters(head_client):
    PartnerFactory(code="JP-NDL", country="JP", name_original="国立国会図書館")

    response = head_client.get(reverse("partners:export"), {"country": "jp", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.getvalue() == export_partners(Partner.objects.filter(code="JP-NDL"))
    assert response["Content-Disposition"].startswith('attachment; filename="partners-')


def test_shipment_export_uses_the_list_filters_and_offers_xlsx(staff_client):
    partner = Partner.objects.get(code="GB-BL")
    ItemFactory(shipment=sent(partner, DAY, reference="OUT-A"))
    ItemFactory(shipment=ShipmentFactory(partner=partner, reference="OUT-B"))

    response = staff_client.get(reverse("shipments:export"), {"status": "dispatched"})
    xlsx = staff_client.get(reverse("shipments:export"), {"status": "draft", "format": "xlsx"})

    assert response.getvalue() == export_shipments(Shipment.objects.filter(reference="OUT-A"))
    rows = list(load_workbook(io.BytesIO(xlsx.getvalue())).worksheets[0].values)
    assert [row[0] for row in rows] == ["reference", "OUT-B"]


def test_rate_export_as_each_role(clients):
    assert clients["head"].get(reverse("exchange:export_rates")).getvalue() == export_rates()
    assert (
        clients["admin"].get(reverse("exchange:export_rates"), {"format": "xlsx"}).status_code
        == 200
    )
    assert (
        clients["admin"].get(reverse("exchange:export_rates"), {"format": "pdf"}).status_code == 404
    )


@pytest.mark.parametrize("count", [2, 20])
def test_exports_take_the_same_queries_for_any_number_of_rows(
    head_client, count, django_assert_num_queries
):
    partner = Partner.objects.get(code="GB-BL")
    for n in range(count):
        ItemFactory(shipment=sent(partner, DAY, reference=f"OUT-{n}"))
        PartnerFactory()
    # Session, user, the user's permissions and groups; the rows counted (items and
    # shipments without any, or the partners: under JOBS_SYNC_ROWS, downloaded at once);
    # then the shipments (with their partners) and their items, or the partners (these
    # two as the file is sent).
    with django_assert_num_queries(7):
        head_client.get(reverse("shipments:export")).getvalue()
    with django_assert_num_queries(5):
        head_client.get(reverse("partners:export")).getvalue()


def test_the_rates_admin_exports_the_selected_rates(admin_client):
    RateFactory(currency="EUR", valid_from=datetime.date(2024, 1, 1), rate=Decimal("7.8"))
    eur = ExchangeRate.objects.get(currency="EUR")

    response = admin_client.post(
        reverse("admin:exchange_exchangerate_changelist"),
        {"action": "export_rates_csv", "_selected_action": [eur.pk]},
    )

    assert response.getvalue() == export_rates(ExchangeRate.objects.filter(pk=eur.pk))
