"""The "to claim" and "to confirm" lists, with dates around their thresholds."""

import datetime

import pytest
from django.test import override_settings

from exchange.claims.queries import (
    claim_window_start,
    overdue_incoming,
    silent_partners,
    to_confirm,
)
from tests.factories import ClaimFactory, PartnerFactory, ShipmentFactory, received, sent

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 15)
WINDOW_START = datetime.date(2025, 3, 15)  # twelve months before TODAY
DAY = datetime.timedelta(days=1)


def expected(partner, on, **kwargs):
    kwargs.setdefault("reference", f"IN-EXP-{on.isoformat()}-{partner.code}")
    return ShipmentFactory(
        partner=partner, direction="incoming", status="expected", expected_on=on, **kwargs
    )


# Overdue incoming shipments --------------------------------------------------------


def test_an_incoming_shipment_is_overdue_from_the_day_after_its_expected_date():
    partner = PartnerFactory()
    due_today = expected(partner, TODAY)
    due_yesterday = expected(partner, TODAY - DAY)
    listed = list(overdue_incoming(TODAY))
    assert due_yesterday in listed
    assert due_today not in listed


def test_received_cancelled_and_undated_incoming_shipments_are_not_overdue():
    partner = PartnerFactory()
    received(partner, TODAY - DAY, expected_on=TODAY - 30 * DAY)
    ShipmentFactory(
        partner=partner,
        direction="incoming",
        status="cancelled",
        expected_on=TODAY - 30 * DAY,
        reference="IN-CANCELLED",
    )
    ShipmentFactory(partner=partner, direction="incoming", status="expected", reference="IN-X")
    assert list(overdue_incoming(TODAY)) == []


def test_overdue_shipments_come_oldest_first_with_their_latest_claim():
    partner = PartnerFactory()
    newer = expected(partner, TODAY - 2 * DAY)
    older = expected(partner, TODAY - 40 * DAY)
    ClaimFactory(partner=partner, shipment=older, claimed_on=TODAY - 20 * DAY)
    ClaimFactory(partner=partner, shipment=older, claimed_on=TODAY - 5 * DAY)
    rows = list(overdue_incoming(TODAY))
    assert rows == [older, newer]
    assert (rows[0].last_claimed_on, rows[1].last_claimed_on) == (TODAY - 5 * DAY, None)


# Partners gone silent --------------------------------------------------------------


def test_the_window_is_twelve_months_by_default_and_a_setting():
    assert claim_window_start(TODAY) == WINDOW_START
    with override_settings(EXCHANGE_CLAIM_AFTER_MONTHS=6):
        assert claim_window_start(TODAY) == datetime.date(2025, 9, 15)


def test_a_partner_we_send_to_that_sent_nothing_in_the_window_is_to_claim():
    partner = PartnerFactory()
    sent(partner, TODAY - 30 * DAY)
    received(partner, WINDOW_START - DAY)
    assert list(silent_partners(TODAY)) == [partner]
    assert silent_partners(TODAY).get().last_received_on == WINDOW_START - DAY


def test_something_received_on_the_first_day_of_the_window_is_enough():
    partner = PartnerFactory()
    sent(partner, TODAY - 30 * DAY)
    received(partner, WINDOW_START)
    assert list(silent_partners(TODAY)) == []


def test_only_partners_we_sent_to_within_the_window_are_claimed():
    on_first_day = PartnerFactory()
    sent(on_first_day, WINDOW_START)
    before = PartnerFactory()
    sent(before, WINDOW_START - DAY)
    assert list(silent_partners(TODAY)) == [on_first_day]


def test_shipments_that_do_not_count_neither_make_a_sender_nor_save_a_partner():
    draft_only = PartnerFactory()
    ShipmentFactory(partner=draft_only, status="packed")
    lost = PartnerFactory()
    sent(lost, TODAY - 10 * DAY, status="lost")
    only_expected = PartnerFactory()
    sent(only_expected, TODAY - 10 * DAY)
    expected(only_expected, TODAY - 10 * DAY)
    assert list(silent_partners(TODAY)) == [only_expected]


def test_inactive_and_new_partners_are_not_claimed():
    suspended = PartnerFactory(status="suspended")
    sent(suspended, TODAY - 10 * DAY)
    new = PartnerFactory(exchange_since=WINDOW_START)
    sent(new, TODAY - 10 * DAY)
    older = PartnerFactory(exchange_since=WINDOW_START - DAY)
    sent(older, TODAY - 10 * DAY)
    assert list(silent_partners(TODAY)) == [older]


def test_the_months_setting_moves_the_window():
    partner = PartnerFactory()
    sent(partner, TODAY - 30 * DAY)
    received(partner, datetime.date(2025, 9, 14))
    assert list(silent_partners(TODAY)) == []
    with override_settings(EXCHANGE_CLAIM_AFTER_MONTHS=6):
        assert list(silent_partners(TODAY)) == [partner]


def test_a_silent_partner_shows_its_latest_claim():
    partner = PartnerFactory()
    sent(partner, TODAY - 30 * DAY)
    ClaimFactory(partner=partner, claimed_on=TODAY - 60 * DAY)
    ClaimFactory(partner=partner, claimed_on=TODAY - 9 * DAY)
    assert silent_partners(TODAY).get().last_claimed_on == TODAY - 9 * DAY


# To confirm --------------------------------------------------------------------------


def test_a_shipment_is_to_confirm_after_120_days_without_acknowledgement():
    partner = PartnerFactory()
    day_120 = sent(partner, TODAY - 120 * DAY)
    day_121 = sent(partner, TODAY - 121 * DAY)
    delivered = sent(partner, TODAY - 200 * DAY, status="delivered", delivered_on=TODAY)
    assert list(to_confirm(TODAY)) == [day_121, delivered]
    assert day_120 not in to_confirm(TODAY)


@pytest.mark.parametrize("status", ["acknowledged", "lost", "returned"])
def test_acknowledged_lost_and_returned_shipments_are_not_to_confirm(status):
    sent(PartnerFactory(), TODAY - 300 * DAY, status=status)
    assert list(to_confirm(TODAY)) == []


def test_incoming_and_undispatched_shipments_are_not_to_confirm():
    partner = PartnerFactory()
    received(partner, TODAY - 300 * DAY)
    ShipmentFactory(partner=partner, status="packed")
    assert list(to_confirm(TODAY)) == []


def test_the_days_setting_moves_the_threshold():
    shipment = sent(PartnerFactory(), TODAY - 31 * DAY)
    assert list(to_confirm(TODAY)) == []
    with override_settings(EXCHANGE_CONFIRM_AFTER_DAYS=30):
        assert list(to_confirm(TODAY)) == [shipment]
