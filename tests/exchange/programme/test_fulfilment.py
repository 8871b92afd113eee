"""Obligation fulfilment from the balance rules, hand-computed, and the at-risk rule."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from exchange.programme.fulfilment import (
    State,
    agreement_years,
    at_risk,
    fulfilments,
    fulfilments_in_year,
    obligations_counting,
)
from shipments.forms import ShipmentForm
from shipments.models import Shipment
from tests.factories import (
    AgreementFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    received,
    sent,
)

pytestmark = pytest.mark.django_db
YEAR = 2025
TODAY = datetime.date(2026, 3, 1)  # 2025 is over: its states are final


def achieved(obligation, year=YEAR, today=TODAY):
    return fulfilments_in_year([obligation], year, today)[0].achieved


def sent_items(partner, on, quantity=1, pages=100, **kwargs):
    shipment = sent(partner, on, **kwargs)
    ItemFactory(shipment=shipment, quantity=quantity, pages=pages)
    return shipment


def received_items(partner, on, quantity=1, pages=100, **kwargs):
    shipment = received(partner, on, **kwargs)
    ItemFactory(shipment=shipment, quantity=quantity, pages=pages)
    return shipment


@pytest.fixture
def gb():
    return PartnerFactory(code="GB-BL", country="GB")


@pytest.fixture
def agreement():
    return AgreementFactory(countries=["GB", "FR"])


# Whose shipments count -------------------------------------------------------------


def test_a_partner_obligation_counts_only_that_partners_shipments(gb, agreement):
    other_gb = PartnerFactory(country="GB")
    obligation = ObligationFactory(agreement=agreement, partner=gb, measure="items")
    sent_items(gb, datetime.date(YEAR, 5, 1), quantity=3)
    sent_items(gb, datetime.date(YEAR, 6, 1), quantity=4)
    sent_items(other_gb, datetime.date(YEAR, 6, 1), quantity=50)
    assert achieved(obligation) == 7


def test_a_country_obligation_counts_every_partner_in_the_agreements_countries(gb, agreement):
    fr = PartnerFactory(country="FR")
    de = PartnerFactory(country="DE")
    obligation = ObligationFactory(agreement=agreement, partner=None, measure="items")
    sent_items(gb, datetime.date(YEAR, 5, 1), quantity=3)
    sent_items(fr, datetime.date(YEAR, 5, 1), quantity=5)
    sent_items(de, datetime.date(YEAR, 5, 1), quantity=100)
    assert achieved(obligation) == 8


def test_an_outgoing_obligation_ignores_what_we_receive_and_the_reverse(gb, agreement):
    outgoing = ObligationFactory(agreement=agreement, partner=gb, direction="outgoing")
    incoming = ObligationFactory(agreement=agreement, partner=gb, direction="incoming")
    sent_items(gb, datetime.date(YEAR, 5, 1), quantity=2)
    received_items(gb, datetime.date(YEAR, 5, 2), quantity=9)
    assert achieved(outgoing) == 2
    assert achieved(incoming) == 9


def test_shipments_count_whether_or_not_they_name_the_obligation(gb, agreement):
    obligation = ObligationFactory(agreement=agreement, partner=gb)
    sent_items(gb, datetime.date(YEAR, 5, 1), quantity=2, obligation=obligation)
    sent_items(gb, datetime.date(YEAR, 5, 2), quantity=3)
    assert achieved(obligation) == 5


def test_a_shipment_naming_the_obligation_counts_in_its_own_year_only(gb, agreement):
    obligation = ObligationFactory(agreement=agreement, partner=gb)
    sent_items(gb, datetime.date(YEAR - 1, 12, 31), quantity=2, obligation=obligation)
    assert achieved(obligation) == 0
    assert achieved(obligation, YEAR - 1) == 2


def test_partner_and_country_obligations_of_one_agreement_are_computed_together(
    gb, agreement, django_assert_num_queries
):
    fr = PartnerFactory(country="FR")
    by_partner = ObligationFactory(agreement=agreement, partner=gb, measure="items")
    by_country = ObligationFactory(agreement=agreement, partner=None, measure="pages")
    elsewhere = ObligationFactory(
        agreement=AgreementFactory(countries=["DE"]), partner=None, measure="titles"
    )
    sent_items(gb, datetime.date(YEAR, 5, 1), quantity=2, pages=10)
    sent_items(fr, datetime.date(YEAR, 5, 1), quantity=3, pages=10)
    obligations = [by_partner, by_country, elsewhere]
    # the item sums and the shipment counts, grouped by partner, country and year
    with django_assert_num_queries(1):
        found = fulfilments(obligations, [YEAR - 1, YEAR], TODAY)
    assert found[(by_partner.pk, YEAR)].achieved == 2
    assert found[(by_country.pk, YEAR)].achieved == 50
    assert found[(elsewhere.pk, YEAR)].achieved == 0
    assert found[(by_partner.pk, YEAR - 1)].achieved == 0


# Each measure ------------------------------------------------------------------------


def test_items_titles_and_pages_follow_the_counting_rules(gb, agreement):
    shipment = sent(gb, datetime.date(YEAR, 5, 1))
    ItemFactory(shipment=shipment, quantity=3, pages=200)
    ItemFactory(shipment=shipment, quantity=1, pages=50)
    expected = {"items": 4, "titles": 2, "pages": 650}
    for measure, figure in expected.items():
        obligation = ObligationFactory(agreement=agreement, partner=gb, measure=measure)
        assert achieved(obligation) == figure


def test_value_is_converted_at_the_rate_of_the_day_and_rounded_after_summing(gb, agreement):
    RateFactory(currency="USD", valid_from=datetime.date(YEAR, 1, 1), rate=Decimal("7.123457"))
    RateFactory(currency="USD", valid_from=datetime.date(YEAR, 7, 1), rate=Decimal("7.5"))
    early = sent(gb, datetime.date(YEAR, 6, 30))
    ItemFactory(shipment=early, quantity=1, unit_value=Decimal("0.01"), currency="USD")
    ItemFactory(shipment=early, quantity=1, unit_value=Decimal("0.01"), currency="USD")
    late = sent(gb, datetime.date(YEAR, 7, 1))
    ItemFactory(shipment=late, quantity=2, unit_value=Decimal("10.00"), currency="USD")
    base = sent(gb, datetime.date(YEAR, 8, 1))
    ItemFactory(shipment=base, quantity=1, unit_value=Decimal("5.55"), currency="CNY")
    obligation = ObligationFactory(agreement=agreement, partner=gb, measure="value")
    # 2 × 0.01 × 7.123457 = 0.14246914 (0.07 per line would give 0.14); 20 × 7.5 = 150
    assert achieved(obligation) == Decimal("155.69")


# Period boundaries and what does not count ------------------------------------------


def test_the_period_is_the_calendar_year_both_ends_included(gb, agreement):
    obligation = ObligationFactory(agreement=agreement, partner=gb)
    sent_items(gb, datetime.date(YEAR - 1, 12, 31), quantity=100)
    sent_items(gb, datetime.date(YEAR, 1, 1), quantity=1)
    sent_items(gb, datetime.date(YEAR, 12, 31), quantity=2)
    sent_items(gb, datetime.date(YEAR + 1, 1, 1), quantity=100)
    assert achieved(obligation) == 3


@pytest.mark.parametrize("status", ["dispatched", "delivered", "acknowledged"])
def test_outgoing_shipments_count_once_dispatched(gb, agreement, status):
    obligation = ObligationFactory(agreement=agreement, partner=gb)
    sent_items(gb, datetime.date(YEAR, 5, 1), quantity=2, status=status)
    assert achieved(obligation) == 2


@pytest.mark.parametrize("status", ["lost", "returned"])
def test_lost_and_returned_shipments_do_not_count(gb, agreement, status):
    obligation = ObligationFactory(agreement=agreement, partner=gb)
    sent_items(gb, datetime.date(YEAR, 5, 1), quantity=2, status=status)
    assert achieved(obligation) == 0


@pytest.mark.parametrize("status", ["draft", "packed", "cancelled"])
def test_undispatched_shipments_do_not_count(gb, agreement, status):
    obligation = ObligationFactory(agreement=agreement, partner=gb)
    shipment = ShipmentFactory(partner=gb, status=status, obligation=obligation)
    ItemFactory(shipment=shipment, quantity=5)
    assert achieved(obligation) == 0


def test_incoming_shipments_count_once_received(gb, agreement):
    obligation = ObligationFactory(agreement=agreement, partner=gb, direction="incoming")
    received_items(gb, datetime.date(YEAR, 5, 1), quantity=2)
    received_items(gb, datetime.date(YEAR, 5, 2), quantity=3, status="acknowledged")
    for status in ("expected", "cancelled"):
        shipment = ShipmentFactory(
            partner=gb, direction="incoming", status=status, reference=f"IN-X-{status}"
        )
        ItemFactory(shipment=shipment, quantity=50)
    assert achieved(obligation) == 5


# Naming an obligation ----------------------------------------------------------------


def test_a_shipment_naming_an_obligation_of_another_partner_is_refused(gb, agreement):
    obligation = ObligationFactory(agreement=agreement, partner=PartnerFactory(country="GB"))
    shipment = ShipmentFactory.build(partner=gb, obligation=obligation, reference="OUT-X-1")
    with pytest.raises(ValidationError) as error:
        shipment.full_clean()
    assert "another partner" in str(error.value.message_dict["obligation"])


def test_a_shipment_naming_an_obligation_of_the_other_direction_is_refused(gb, agreement):
    obligation = ObligationFactory(agreement=agreement, partner=gb, direction="incoming")
    shipment = ShipmentFactory.build(partner=gb, obligation=obligation, reference="OUT-X-1")
    with pytest.raises(ValidationError) as error:
        shipment.full_clean()
    assert "other direction" in str(error.value.message_dict["obligation"])


def test_a_shipment_naming_a_country_obligation_of_another_country_is_refused(agreement):
    obligation = ObligationFactory(agreement=agreement, partner=None)
    de = PartnerFactory(country="DE")
    shipment = ShipmentFactory.build(partner=de, obligation=obligation, reference="OUT-X-1")
    with pytest.raises(ValidationError) as error:
        shipment.full_clean()
    assert "agreement's countries" in str(error.value.message_dict["obligation"])


def test_the_shipment_form_refuses_an_obligation_of_another_partner(gb, agreement):
    obligation = ObligationFactory(agreement=agreement, partner=PartnerFactory(country="GB"))
    form = ShipmentForm(
        {"partner": gb.code, "obligation": obligation.pk, "parcels": 1},
        instance=Shipment(direction="outgoing", status="draft"),
    )
    assert not form.is_valid()
    assert "another partner" in str(form.errors["obligation"])


def test_a_shipment_may_name_its_partners_obligation_or_its_countrys(gb, agreement):
    for partner in (gb, None):
        obligation = ObligationFactory(agreement=agreement, partner=partner)
        shipment = ShipmentFactory.build(partner=gb, obligation=obligation, reference="OUT-X-1")
        shipment.full_clean()


# Progress, what is due, time left and states ------------------------------------------


def _fulfilment(gb, agreement, quantity, today, target=Decimal(100), year=2026):
    obligation = ObligationFactory(agreement=agreement, partner=gb, target=target)
    if quantity:
        sent_items(gb, datetime.date(year, 1, 15), quantity=quantity)
    return fulfilments_in_year([obligation], year, today)[0]


def test_progress_shows_percent_still_due_and_days_left(gb, agreement):
    f = _fulfilment(gb, agreement, 30, datetime.date(2026, 12, 30))
    assert (f.percent, f.bar_percent, f.still_due, f.days_left) == (30, 30, Decimal(70), 2)
    assert f.days_total == 365


def test_percent_is_rounded_down_and_the_bar_stops_at_full(gb, agreement):
    nearly = _fulfilment(gb, agreement, 199, datetime.date(2026, 6, 1), target=Decimal(200))
    assert (nearly.percent, nearly.state) == (99, State.ON_TRACK)
    over = _fulfilment(PartnerFactory(), agreement, 150, datetime.date(2026, 6, 1))
    assert (over.percent, over.bar_percent, over.still_due) == (150, 100, 0)
    assert over.state == State.MET


@pytest.mark.parametrize(
    ("today", "quantity", "state"),
    [
        (datetime.date(2026, 10, 1), 0, State.ON_TRACK),  # 92 days of 365 left: > a quarter
        (datetime.date(2026, 10, 2), 0, State.AT_RISK),  # 91 days left: a quarter
        (datetime.date(2026, 12, 31), 49, State.AT_RISK),  # 49 % met
        (datetime.date(2026, 12, 31), 50, State.ON_TRACK),  # half met
        (datetime.date(2026, 12, 31), 100, State.MET),
        (datetime.date(2027, 1, 1), 99, State.MISSED),
        (datetime.date(2027, 1, 1), 100, State.MET),
        (datetime.date(2025, 12, 31), 0, State.UPCOMING),
    ],
)
def test_states_around_their_thresholds(gb, agreement, today, quantity, state):
    assert _fulfilment(gb, agreement, quantity, today).state == state


def test_in_a_leap_year_the_quarter_also_begins_on_2_october(gb, agreement):
    on_1st = _fulfilment(gb, agreement, 0, datetime.date(2024, 10, 1), year=2024)
    on_2nd = _fulfilment(PartnerFactory(), agreement, 0, datetime.date(2024, 10, 2), year=2024)
    assert (on_1st.days_left, on_1st.state) == (92, State.ON_TRACK)
    assert (on_2nd.days_left, on_2nd.state) == (91, State.AT_RISK)


def test_a_value_target_is_at_risk_below_half_to_the_cent(gb, agreement):
    obligation = ObligationFactory(
        agreement=agreement, partner=gb, measure="value", target=Decimal("100.00")
    )
    shipment = sent(gb, datetime.date(2026, 2, 1))
    ItemFactory(shipment=shipment, unit_value=Decimal("49.99"), currency="CNY")
    f = fulfilments_in_year([obligation], 2026, datetime.date(2026, 11, 1))[0]
    assert (f.achieved, f.state) == (Decimal("49.99"), State.AT_RISK)


def test_at_risk_lists_this_years_obligations_of_agreements_in_force(gb):
    current = AgreementFactory(valid_from=datetime.date(2020, 1, 1), valid_to=None)
    ended = AgreementFactory(
        valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2025, 6, 30)
    )
    risky = ObligationFactory(agreement=current, partner=gb)
    ObligationFactory(agreement=ended, partner=gb)
    safe = ObligationFactory(agreement=current, partner=gb, target=Decimal(2))
    sent_items(gb, datetime.date(2026, 3, 1), quantity=2)
    found = at_risk(datetime.date(2026, 11, 1))
    assert [f.obligation for f in found] == [risky]
    assert safe not in [f.obligation for f in found]


def test_an_agreements_years_run_from_its_start_to_this_year_at_most():
    today = datetime.date(2026, 5, 1)
    open_ended = AgreementFactory.build(valid_from=datetime.date(2023, 4, 1), valid_to=None)
    ended = AgreementFactory.build(
        valid_from=datetime.date(2019, 1, 1), valid_to=datetime.date(2021, 12, 31)
    )
    future = AgreementFactory.build(valid_from=datetime.date(2027, 1, 1), valid_to=None)
    assert agreement_years(open_ended, today) == [2026, 2025, 2024, 2023]
    assert agreement_years(ended, today) == [2021, 2020, 2019]
    assert agreement_years(future, today) == [2027]


# The obligations a shipment counts towards -------------------------------------------


def test_a_shipment_counts_towards_its_partners_and_its_countrys_obligations(gb, agreement):
    own = ObligationFactory(agreement=agreement, partner=gb)
    country = ObligationFactory(agreement=agreement, partner=None)
    ObligationFactory(agreement=agreement, partner=PartnerFactory(country="FR"))  # another
    ObligationFactory(agreement=agreement, partner=gb, direction="incoming")  # other way
    ObligationFactory(agreement=AgreementFactory(countries=["DE"]), partner=None)
    expired = AgreementFactory(countries=["GB"], valid_to=datetime.date(2024, 12, 31))
    ObligationFactory(agreement=expired, partner=gb)  # not valid in the shipment's year
    shipment = sent(gb, datetime.date(YEAR, 5, 1))
    assert {o.pk for o in obligations_counting(shipment)} == {own.pk, country.pk}


def test_a_shipment_not_yet_counted_lists_only_the_obligation_it_names(gb, agreement):
    named = ObligationFactory(agreement=agreement, partner=gb)
    ObligationFactory(agreement=agreement, partner=None)
    assert obligations_counting(ShipmentFactory(partner=gb)) == []
    shipment = ShipmentFactory(partner=gb, obligation=named)
    assert obligations_counting(shipment) == [named]


def test_the_shipment_include_lists_its_obligations_with_their_progress(
    gb, agreement, django_assert_num_queries
):
    own = ObligationFactory(agreement=agreement, partner=gb, target=Decimal(10))
    shipment = sent_items(gb, datetime.date(YEAR, 5, 1), quantity=4, obligation=own)
    shipment = Shipment.objects.select_related("partner").get(pk=shipment.pk)  # as its page does
    template = Template('{% include "includes/shipment_obligations.html" %}')
    # the obligations, then their fulfilment (item sums and shipment counts)
    with django_assert_num_queries(2):
        html = template.render(Context({"shipment": shipment}))
    assert f"{agreement.get_absolute_url()}?year={YEAR}#obligation-{own.pk}" in html
    assert "4 / 10 · 40 %" in html
    assert "named on this shipment" in html
