"""The dashboard: each role's section, its figures, the lists they link to, its queries."""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exchange.core.dates import years_before
from exchange.core.roles import ADMINISTRATORS, HEADS, STAFF
from exchange.dashboard.sections import (
    admin_section,
    heads_section,
    staff_section,
    year_on_year,
)
from exchange.offers.models import PartnerOffer, PartnerOfferLine, Selection, Want
from shipments.steps import ShipmentEvent
from tests.factories import (
    AddressFactory,
    AgreementFactory,
    ClaimFactory,
    ContactFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    StockItemFactory,
    offer_list_with,
    received,
    sent,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def dataset(n: int, today: datetime.date) -> None:
    """n partners with something in every figure of every section."""
    last_year_day = years_before(today, 1)
    expiring = AgreementFactory(
        countries=["GB", "FR"], valid_from=today - 1000 * DAY, valid_to=today + 60 * DAY
    )
    AgreementFactory(countries=["DE"], valid_from=today - 1000 * DAY, valid_to=today + 400 * DAY)
    ObligationFactory(agreement=expiring, partner=None, measure="pages", target=Decimal(10**9))
    RateFactory(currency="EUR")
    offer_list = offer_list_with(StockItemFactory())
    Want.objects.create(isbn="9787101003048")
    for i in range(n):
        country = ("GB", "FR", "DE")[i % 3]
        partner = PartnerFactory(country=country)
        if i % 2:
            AddressFactory(partner=partner)
            ContactFactory(partner=partner)
        if country != "DE":
            ObligationFactory(agreement=expiring, partner=partner, target=Decimal(10**6))
        draft = ShipmentFactory(partner=partner)
        ItemFactory(shipment=draft, unit_value=Decimal(5), currency="USD")  # no USD rate
        ItemFactory(shipment=draft, unit_value=Decimal(5), currency="EUR")
        ShipmentFactory(partner=partner, status="packed")
        ShipmentFactory(
            partner=partner,
            direction="incoming",
            status="expected",
            expected_on=today - 10 * DAY,
            reference=f"IN-LATE-{i}",
        )
        unconfirmed = received(partner, today)
        ItemFactory(shipment=unconfirmed, quantity=2)
        ItemFactory(shipment=sent(partner, today), quantity=3)
        done = {"status": "acknowledged", "acknowledged_on": today}
        ItemFactory(shipment=sent(partner, last_year_day, **done), quantity=5)
        ItemFactory(shipment=received(partner, last_year_day, **done), quantity=7)
        sent(partner, last_year_day + DAY, **done)  # after the same day last year
        sent(partner, today - 200 * DAY, status="delivered", delivered_on=today)
        ClaimFactory(partner=partner, claimed_on=today - 5 * DAY)
        ClaimFactory(partner=partner, claimed_on=today - 9 * DAY, replied_on=today, reply="ok")
        ShipmentEvent.objects.create(shipment=draft, status="draft", on=today)
        ShipmentEvent.objects.create(shipment=unconfirmed, status="received", on=today)
        silent = PartnerFactory(country=country, exchange_since=datetime.date(2000, 1, 1))
        sent(silent, today - 30 * DAY)
        PartnerFactory(country=country, exchange_since=datetime.date(2000, 1, 1))  # dormant
        exchange(partner, offer_list, today)


def exchange(partner, offer_list, today) -> None:
    """A selection to approve, one approved by staff and waiting for a head (also to
    approve), one approved to ship; a partner's offer waiting, with a wanted title."""
    staff = User.objects.get_or_create(username="dataset-staff")[0]
    Selection.objects.create(offer_list=offer_list, partner=partner, source="letter")
    Selection.objects.create(
        offer_list=offer_list, partner=partner, source="email", approved_by=staff
    )
    Selection.objects.create(
        offer_list=offer_list, partner=partner, source="email", status="approved"
    )
    offer = PartnerOffer.objects.create(partner=partner, title="Offer", received_on=today)
    PartnerOfferLine.objects.create(offer=offer, number=1, title="Shiji", isbn="9787101003048")


@pytest.fixture
def late_in_the_year(monkeypatch):
    """Today is 15 November 2026: unmet obligations are at risk, so every figure has rows."""
    today = datetime.date(2026, 11, 15)
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    return today


def member_of(*groups: str) -> Client:
    user = User.objects.create_user(username="-".join(groups), password="x-secret-pass-9")
    user.groups.add(*Group.objects.filter(name__in=groups))
    client = Client()
    client.force_login(user)
    return client


def figures_of(response) -> dict:
    return {
        figure.key: figure for section in response.context["sections"] for figure in section.figures
    }


# Who sees what -------------------------------------------------------------------------


def test_the_dashboard_is_the_home_page_and_asks_anonymous_users_to_sign_in(anon_client):
    assert reverse("dashboard") == "/"
    response = anon_client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "sections"), [("staff", ["staff"]), ("head", ["heads"]), ("admin", ["admin"])]
)
def test_each_role_sees_its_own_section(clients, role, sections):
    response = clients[role].get("/")
    assert response.status_code == 200
    assert [section.key for section in response.context["sections"]] == sections
    for key in ("staff", "heads", "admin"):
        assert (f'id="section-{key}"' in response.text) == (key in sections)


def test_a_user_in_several_groups_sees_each_of_their_sections(roles):
    response = member_of(STAFF, HEADS, ADMINISTRATORS).get("/")
    assert [section.key for section in response.context["sections"]] == [
        "staff",
        "heads",
        "admin",
    ]


def test_a_user_without_a_role_is_told_to_ask_for_one(roles):
    client = Client()
    client.force_login(User.objects.create_user(username="nobody"))
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["sections"] == []
    assert "no role yet" in response.text


# The figures -------------------------------------------------------------------------


def test_the_staff_figures_count_what_is_waiting(db):
    today = timezone.localdate()
    dataset(3, today)
    figures = {figure.key: figure.count for figure in staff_section(today).figures}
    assert figures == {
        "drafts": 3,
        "packed": 3,
        "overdue": 3,
        "silent": 3,
        "unconfirmed": 3,
        "to_confirm": 3,
        "awaiting_reply": 3,
        "to_approve": 6,
        "to_ship": 3,
        "offers_waiting": 3,
        "wanted_on_offer": 3,
    }


def test_recent_activity_lists_the_latest_events_first(db):
    today = timezone.localdate()
    dataset(6, today)
    recent = staff_section(today).extra["recent"]
    assert len(recent) == 10
    assert recent == sorted(recent, key=lambda event: (event.at, event.id), reverse=True)


def test_the_heads_figures_count_obligations_at_risk_and_agreements_expiring(late_in_the_year):
    dataset(3, late_in_the_year)
    section = heads_section(late_in_the_year)
    figures = {figure.key: figure.count for figure in section.figures}
    # the country obligation and the two partner obligations of GB and FR partners
    assert figures == {"at_risk": 3, "expiring": 1, "awaiting_head": 3}


def test_this_year_is_compared_with_last_year_to_the_same_day():
    today = datetime.date(2026, 5, 10)
    partner = PartnerFactory()
    ItemFactory(shipment=sent(partner, datetime.date(2026, 1, 1)), quantity=1)
    ItemFactory(shipment=sent(partner, today), quantity=2)
    ItemFactory(shipment=sent(partner, datetime.date(2025, 1, 1)), quantity=10)
    ItemFactory(shipment=sent(partner, datetime.date(2025, 5, 10)), quantity=20)
    ItemFactory(shipment=sent(partner, datetime.date(2025, 5, 11)), quantity=400)
    ItemFactory(shipment=received(partner, datetime.date(2025, 3, 1)), quantity=7)
    ItemFactory(shipment=sent(partner, datetime.date(2024, 12, 31)), quantity=800)
    this, last = year_on_year(today)
    assert (this.sent.items, this.sent.shipments, this.received.items) == (3, 2, 0)
    assert (last.sent.items, last.sent.shipments, last.received.items) == (30, 2, 7)


def test_the_administrators_figures_find_the_data_to_put_right(db):
    today = timezone.localdate()
    dataset(4, today)
    # 4 partners of the dataset, half without address and contact; 4 silent ones and
    # 4 dormant ones have neither; the dormant ones and, having no counted shipment in
    # three years, nobody else
    figures = {figure.key: figure.count for figure in admin_section(today).figures}
    assert figures == {"address": 10, "contact": 10, "shipments": 4, "currencies": 1}
    assert [row["currency"] for row in admin_section(today).extra["currencies"]] == ["USD"]


def test_a_partner_with_only_a_postal_address_has_an_address_to_ship_to(db):
    AddressFactory(kind="postal")
    figures = {figure.key: figure.count for figure in admin_section(timezone.localdate()).figures}
    assert figures["address"] == 0


# Every figure links to a list of as many ------------------------------------------------


def list_count(client, url: str, dashboard) -> int:
    """The number of rows of the list a figure's link lands on."""
    parts = urlsplit(url)
    if not parts.path:  # an anchor on the dashboard itself
        return len(dashboard.context["sections"][-1].extra[parts.fragment])
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    if parts.fragment in ("overdue", "silent"):
        return len(context[parts.fragment])
    if "paginator" in context and context["paginator"] is not None:
        return context["paginator"].count
    for key in ("rows", "shipments"):
        if key in context:
            return len(context[key])
    raise AssertionError(f"no list at {url}")


def test_each_figure_links_to_a_list_of_as_many(roles, late_in_the_year):
    dataset(4, late_in_the_year)
    client = member_of(STAFF, HEADS, ADMINISTRATORS)
    dashboard = client.get("/")
    figures = figures_of(dashboard)
    assert len(figures) == 18
    for figure in figures.values():
        assert figure.count, figure.key  # the dataset has something in every figure …
        assert list_count(client, figure.url, dashboard) == figure.count, figure.key
        assert f'href="{figure.url.replace("&", "&amp;")}"' in dashboard.text


def test_the_year_on_year_shipment_counts_link_to_lists_of_as_many(roles, late_in_the_year):
    dataset(3, late_in_the_year)
    client = member_of(HEADS)
    dashboard = client.get("/")
    row = dashboard.context["sections"][0].extra["comparisons"][0]
    pairs = [
        (row.sent, row.sent_url),
        (row.sent_last_year, row.sent_last_year_url),
        (row.received, row.received_url),
        (row.received_last_year, row.received_last_year_url),
    ]
    assert all(count for count, _url in pairs)
    for count, url in pairs:
        assert list_count(client, url, dashboard) == count, url


def test_heads_follow_an_obligation_at_risk_to_its_agreement(head_client, late_in_the_year):
    obligation = ObligationFactory(target=Decimal(100))
    response = head_client.get("/")
    link = f"{obligation.agreement.get_absolute_url()}#obligation-{obligation.pk}"
    assert link in response.text
    assert f'id="obligation-{obligation.pk}"' in head_client.get(link).text


# Queries -------------------------------------------------------------------------------


# session, user, the user's permissions and groups (the sections, the menu and the
# header's role), then each section's own
QUERIES = {
    # shipment counts, silent partners, claims awaiting, recent events; selections,
    # partners' offers waiting, the wants and the lines on offer
    "staff": 3 + 4 + 4,
    # obligations at risk (obligations, item sums and shipment counts), agreements
    # expiring, year on year (item sums and shipment counts), the unbalanced partners
    # (partners, item sums and shipment counts, the last receipts of those with none
    # in the five years), the selections waiting for a head
    "head": 3 + 7 + 1,
    # the partner checks, the currencies with rates, the valued items of the others
    "admin": 3 + 3,
}


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
@pytest.mark.parametrize("n", [3, 30])
def test_the_dashboard_runs_a_fixed_number_of_queries(clients, django_assert_num_queries, role, n):
    dataset(n, timezone.localdate())
    with django_assert_num_queries(QUERIES[role]):
        response = clients[role].get("/")
    assert response.status_code == 200
