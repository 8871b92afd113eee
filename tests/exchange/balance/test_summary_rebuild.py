"""The balance summary's rebuild, its base currency and its data version."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from exchange.balance import summary
from exchange.balance.models import BalanceSummary
from exchange.balance.sums import partner_balances
from exchange.balance.totals import Period
from exchange.balance.unrated import missing_rates
from exchange.rates.models import ExchangeRate
from partners.models import Partner
from shipments.models import Shipment
from tests.exchange.balance.summary_helpers import (
    PERIODS,
    D,
    assert_exact,
    assert_reports_read_as_raw,
)
from tests.factories import ItemFactory, sent

pytestmark = pytest.mark.django_db


def test_rebuild_summary_repairs_a_damaged_summary(history):
    BalanceSummary.objects.filter(year=0).update(items=0)
    BalanceSummary.objects.filter(month=3).delete()
    out = io.StringIO()
    call_command("rebuild_summary", stdout=out)
    assert "summary rows" in out.getvalue()
    assert_exact()


def test_rebuild_summary_takes_the_base_currency_of_the_settings(history, settings):
    assert summary.installed_base_currency() == "CNY"
    settings.EXCHANGE_BASE_CURRENCY = "EUR"
    call_command("rebuild_summary", stdout=io.StringIO())
    assert summary.installed_base_currency() == "EUR"
    assert_exact()
    sent(history["british"], D(2024, 2, 1)).items.create(
        title="In euros", quantity=1, unit_value=Decimal("10"), currency="EUR"
    )
    assert_exact()


def test_before_the_rebuild_a_changed_base_currency_is_summed_from_raw_rows(history, settings):
    settings.EXCHANGE_BASE_CURRENCY = "USD"  # the summary was built for CNY
    assert_reports_read_as_raw(PERIODS)
    partners = Partner.objects.order_by("code")
    # 3.50 CNY lines now need a rate, and 9.99 USD ones count at 1.
    assert missing_rates(Period()) == [("CNY", D(2023, 12, 14)), ("CNY", D(2024, 1, 16))]
    [_fr, british] = partner_balances(partners, Period.year(2023))
    assert british.sent.value == Decimal("19.98")


@pytest.mark.django_db(transaction=True)
def test_the_data_version_moves_with_each_committed_change(history):
    before = summary.data_version()
    ItemFactory(shipment=Shipment.objects.counted().first(), quantity=1)
    after_item = summary.data_version()
    assert after_item > before
    Partner.objects.filter(pk=history["british"].pk).update(name="Renamed")
    after_partner = summary.data_version()
    assert after_partner > after_item
    with transaction.atomic():
        ExchangeRate.objects.filter(currency="USD").update(rate=Decimal("9"))
        Shipment.objects.filter(direction="incoming").update(notes="checked")
    assert summary.data_version() > after_partner
