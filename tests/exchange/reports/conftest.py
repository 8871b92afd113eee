"""Fixtures of the report pages' tests: the British Library and the BnF in 2025."""

from decimal import Decimal

import pytest

from tests.exchange.reports.views_helpers import D
from tests.factories import ItemFactory, PartnerFactory, RateFactory, received, sent


@pytest.fixture
def exchange():
    """The British Library and the BnF in 2025; figures worked out in the tests."""
    RateFactory(currency="GBP", valid_from=D(2025, 1, 1), rate=Decimal("9.000000"))
    bl = PartnerFactory(code="GB-BL", name="British Library", country="GB")
    bnf = PartnerFactory(
        code="FR-BNF", name="Bibliothèque nationale de France", country="FR", kind="national"
    )
    out = sent(bl, D(2025, 3, 1), postage_cost=Decimal("40.00"))
    ItemFactory(shipment=out, quantity=2, pages=100, unit_value=Decimal("10.00"), currency="GBP")
    back = received(bl, D(2025, 9, 1))
    ItemFactory(shipment=back, quantity=5, pages=20, unit_value=Decimal("1.00"), currency="GBP")
    ItemFactory(shipment=sent(bnf, D(2024, 5, 1)), quantity=7)
    return bl
