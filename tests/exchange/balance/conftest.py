"""Fixtures of the balance summary's tests: rates, and shipments either side of a year's end."""

import datetime
from decimal import Decimal

import pytest

from tests.exchange.balance.summary_helpers import D
from tests.factories import (
    ItemFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    received,
    sent,
)


@pytest.fixture
def rates():
    RateFactory(currency="USD", valid_from=D(2023, 1, 1), rate=Decimal("7.000000"))
    RateFactory(currency="USD", valid_from=D(2024, 1, 15), rate=Decimal("7.123457"))
    RateFactory(currency="EUR", valid_from=D(2023, 6, 1), rate=Decimal("7.800000"))


@pytest.fixture
def history(rates):
    """Two partners, a few months either side of a year's end, every kind of shipment."""
    british = PartnerFactory(code="GB-BL", country="GB")
    french = PartnerFactory(code="FR-BNF", country="FR", kind="university")
    for day, partner in ((D(2023, 12, 14), british), (D(2024, 1, 16), french)):
        shipment = sent(partner, day)
        ItemFactory(
            shipment=shipment, quantity=2, pages=100, unit_value=Decimal("9.99"), currency="USD"
        )
        ItemFactory(
            shipment=shipment, quantity=1, pages=50, unit_value=Decimal("3.50"), currency="CNY"
        )
        ItemFactory(
            shipment=received(partner, day + datetime.timedelta(days=20)),
            quantity=3,
            unit_value=Decimal("12.00"),
            currency="EUR",
        )
    ItemFactory(shipment=ShipmentFactory(partner=british, status="draft"), quantity=9)
    sent(french, D(2024, 2, 29), status="acknowledged")  # counted, without items
    return {"british": british, "french": french}
