"""Fixtures of the import tests, each used by its modules' `pytestmark`: the partners
and the rate a shipments file refers to, and those the import pages' tests upload to."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import PartnerFactory, RateFactory


@pytest.fixture
def partners_and_usd_rate(db):
    """For tests/exchange/transfer/test_shipments_*.py."""
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7"))
    return {
        "GB-BL": PartnerFactory(code="GB-BL", name="British Library"),
        "JP-NDL": PartnerFactory(code="JP-NDL", name="National Diet Library", country="JP"),
    }


@pytest.fixture
def british_library_and_usd_rate(db):
    """For tests/exchange/transfer/test_views_*.py."""
    PartnerFactory(code="GB-BL", name="British Library")
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7.1"))
