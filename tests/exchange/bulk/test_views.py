"""The bulk action page (exchange:bulk) as each role, from the shipment list and the
claims lists: choosing, confirming, the result; bad input writes nothing."""

import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from exchange.claims.models import Claim
from shipments.models import Shipment
from shipments.steps import ShipmentEvent
from tests.factories import (
    ContactFactory,
    ItemFactory,
    PartnerFactory,
    ShipmentFactory,
    received,
    sent,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LONG_AGO = TODAY - 200 * DAY
URL = reverse("exchange:bulk")


@pytest.fixture
def receipts():
    """Five receipts not acknowledged, and a draft of ours."""
    partner = PartnerFactory(code="GB-BL")
    shipments = [received(partner, LONG_AGO, reference=f"IN-2025-0000{n}") for n in range(1, 6)]
    draft = ShipmentFactory(partner=partner, reference="OUT-2026-00001")
    return shipments, draft


def chosen(*shipments) -> list[str]:
    return [f"{s.pk}:{s.version}" for s in shipments]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def acknowledged() -> int:
    return Shipment.objects.filter(status="acknowledged").count()


# Acknowledging ------------------------------------------------------------------------


def test_acknowledging_asks_for_the_date_first_and_writes_nothing_yet(staff_client, receipts):
    shipments, draft = receipts
    data = {"action": "acknowledge", "selected": chosen(*shipments, draft)}
    response = staff_client.post(URL, data)
    assert response.status_code == 200
    html = response.text
    assert "6 shipments chosen on the list." in html
    assert 'name="on"' in html and "Acknowledge: 6 shipments" in html
    assert acknowledged() == 0


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_acknowledging_shows_what_was_done_and_what_was_refused(clients, role, receipts):
    shipments, draft = receipts
    data = {
        "action": "acknowledge",
        "selected": chosen(*shipments, draft),
        "confirmed": "1",
        "on": TODAY.isoformat(),
    }
    response = clients[role].post(URL, data)
    assert response.status_code == 200
    html = response.text
    assert 'data-done="5"' in html and 'data-refused="1"' in html
    assert "OUT-2026-00001" in html and "cannot be changed by" in html
    assert acknowledged() == 5
    assert ShipmentEvent.objects.filter(status="acknowledged", on=TODAY).count() == 5


def test_heads_may_not_acknowledge(head_client, receipts):
    shipments, _draft = receipts
    data = {"action": "acknowledge", "selected": chosen(*shipments), "confirmed": "1"}
    response = head_client.post(URL, {**data, "on": TODAY.isoformat()})
    assert response.status_code == 403
    assert acknowledged() == 0


def test_anonymous_users_are_sent_to_sign_in(anon_client, receipts):
    shipments, _draft = receipts
    response = anon_client.post(URL, {"action": "letters", "selected": chosen(*shipments)})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("on", "error"),
    [
        ("", "This field is required."),
        ("2026-13-45", "Enter a valid date."),
        ("0999-01-01", "Give a date between"),
        ((TODAY + DAY).isoformat(), "The date cannot be in the future."),
    ],
)
def test_a_bad_date_is_shown_on_the_form_and_nothing_is_written(staff_client, receipts, on, error):
    shipments, _draft = receipts
    data = {"action": "acknowledge", "selected": chosen(*shipments), "confirmed": "1", "on": on}
    response = staff_client.post(URL, data)
    assert response.status_code == 200
    assert error in response.text
    assert acknowledged() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "acknowledge"}, "Choose at least one shipment."),
        ({"action": "acknowledge", "selected": ["abc"]}, "was not understood"),
        ({"action": "acknowledge", "selected": ["1:x"]}, "was not understood"),
        ({"action": "acknowledge", "selected": ["99999:1"]}, "no longer exist"),
        ({"action": "acknowledge", "scope": "nowhere", "all": "1"}, "was not understood"),
        ({"action": "delete_everything", "all": "1"}, "Choose an action."),
        ({"action": "acknowledge", "all": "1", "date_from": "yesterday"}, "filters are not valid"),
        ({"action": "acknowledge", "all": "1", "partner": "XX-NONE"}, "No shipment matches"),
    ],
)
def test_bad_input_goes_back_to_the_list_with_the_reason_and_writes_nothing(
    staff_client, receipts, data, message
):
    response = staff_client.post(URL, {**data, "confirmed": "1", "on": TODAY.isoformat()})
    assert response.status_code == 302
    assert any(message in m for m in messages_of(response)), messages_of(response)
    assert acknowledged() == 0 and not ShipmentEvent.objects.exists()


def test_going_back_keeps_the_lists_filters(staff_client, receipts):
    data = {"action": "acknowledge", "all": "1", "scope": "to_confirm", "partner": "XX-NONE"}
    response = staff_client.post(URL, data)
    assert response["Location"] == reverse("exchange:to_confirm") + "?partner=XX-NONE"


def test_a_tampered_id_among_good_ones_writes_nothing(staff_client, receipts):
    shipments, _draft = receipts
    data = {"action": "acknowledge", "selected": [*chosen(*shipments), "99999:1"]}
    response = staff_client.post(URL, {**data, "confirmed": "1", "on": TODAY.isoformat()})
    assert response.status_code == 302 and acknowledged() == 0


def test_a_shipment_changed_after_it_was_chosen_is_refused(staff_client, receipts):
    shipments, _draft = receipts
    tokens = chosen(*shipments)
    Shipment.objects.filter(pk=shipments[0].pk).update(version=7)
    data = {"action": "acknowledge", "selected": tokens, "confirmed": "1", "on": TODAY.isoformat()}
    response = staff_client.post(URL, data)
    assert 'data-done="4"' in response.text and "changed by someone else" in response.text
    assert Shipment.objects.get(pk=shipments[0].pk).status == "received"


# All matching the filters -------------------------------------------------------------


def test_all_matching_the_filters_is_counted_again_and_must_be_the_number_confirmed(
    staff_client, receipts
):
    filters = {"direction": "incoming", "status": "received"}
    first = staff_client.post(URL, {"action": "acknowledge", "all": "1", **filters})
    assert "All 5 shipments matching the list" in first.text
    assert 'name="expected" value="5"' in first.text

    received(PartnerFactory(), LONG_AGO, reference="IN-2025-00099")  # someone records one more
    data = {"action": "acknowledge", "all": "1", "expected": "5", "confirmed": "1", **filters}
    changed = staff_client.post(URL, {**data, "on": TODAY.isoformat()})
    assert changed.status_code == 200
    assert "The list changed meanwhile: 6 shipments" in changed.text
    assert 'name="expected" value="6"' in changed.text
    assert acknowledged() == 0

    done = staff_client.post(URL, {**data, "expected": "6", "on": TODAY.isoformat()})
    assert 'data-done="6"' in done.text and acknowledged() == 6


def test_too_many_at_once_is_refused_with_the_number(staff_client, receipts, monkeypatch):
    monkeypatch.setattr("exchange.bulk.views.MAX_AT_ONCE", 3)
    response = staff_client.post(
        URL, {"action": "acknowledge", "all": "1", "direction": "incoming"}
    )
    assert response.status_code == 302
    assert any("5 shipments are chosen; at most 3" in m for m in messages_of(response))


# Claims, letters, exports -------------------------------------------------------------


def test_a_bulk_claim_from_the_to_confirm_list_links_to_one_letter_per_partner(staff_client):
    partners = [PartnerFactory(code=code) for code in ("AA-ONE", "BB-TWO", "CC-THREE")]
    for partner, count in zip(partners, (3, 2, 2), strict=True):
        for _ in range(count):
            sent(partner, LONG_AGO)
    data = {"action": "confirm", "scope": "to_confirm", "all": "1", "expected": "7"}
    response = staff_client.post(URL, {**data, "confirmed": "1", "on": TODAY.isoformat()})
    assert 'data-done="7"' in response.text and "Print 3 letters" in response.text
    ids = ",".join(str(pk) for pk in Claim.objects.order_by("pk").values_list("pk", flat=True))
    assert f"{reverse('exchange:claim_letters')}?claims={ids}" in response.text


def test_heads_may_not_claim(head_client):
    shipment = sent(PartnerFactory(), LONG_AGO)
    data = {"action": "confirm", "selected": chosen(shipment), "confirmed": "1"}
    assert head_client.post(URL, {**data, "on": TODAY.isoformat()}).status_code == 403
    assert not Claim.objects.exists()


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_letters_print_one_per_shipment_that_has_one(clients, role):
    partner = PartnerFactory(code="SG-NUS")
    ContactFactory(partner=partner, name="李明", language="zh")
    ours = sent(partner, LONG_AGO, reference="OUT-2025-00001")
    ItemFactory(shipment=ours, title="红楼梦")
    theirs = received(PartnerFactory(code="GB-BL"), LONG_AGO, reference="IN-2025-00001")
    coming = ShipmentFactory(
        partner=partner, direction="incoming", status="expected", reference="IN-2025-00002"
    )
    response = clients[role].post(
        URL, {"action": "letters", "selected": chosen(ours, theirs, coming)}
    )
    html = response.text
    assert response.status_code == 200
    assert html.count('class="letter-page"') == 2
    assert "Acknowledgement of receipt" in html and "发运单及装箱清单" in html and "红楼梦" in html
    assert "IN-2025-00002 is expected: it has no letter to print yet." in html


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_export_writes_the_chosen_rows_in_the_lists_columns(clients, role, receipts):
    shipments, _draft = receipts
    for shipment in shipments:
        ItemFactory(shipment=shipment)
    response = clients[role].post(URL, {"action": "csv", "selected": chosen(*shipments[:2])})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert sorted({row["reference"] for row in rows}) == ["IN-2025-00001", "IN-2025-00002"]
    xlsx = clients[role].post(URL, {"action": "xlsx", "selected": chosen(*shipments[:2])})
    assert xlsx.status_code == 200 and xlsx.getvalue()[:2] == b"PK"


# The lists' checkboxes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("staff", ["acknowledge", "confirm", "claim", "letters", "csv"], []),
        ("head", ["letters", "csv"], ["acknowledge", "confirm", "claim"]),
    ],
)
def test_the_shipment_list_offers_the_actions_the_role_may_take(clients, role, shown, hidden):
    sent(PartnerFactory(), LONG_AGO)
    html = clients[role].get(reverse("shipments:list")).text
    assert "data-bulk-row" in html and "data-bulk-page" in html and 'name="all"' in html
    for action in shown:
        assert f'value="{action}"' in html
    for action in hidden:
        assert f'value="{action}"' not in html


def test_the_bulk_form_carries_the_lists_filters(staff_client):
    sent(PartnerFactory(code="GB-BL"), LONG_AGO)
    html = staff_client.get(
        reverse("shipments:list") + "?partner=GB-BL&status=dispatched&page=1"
    ).text
    assert '<input type="hidden" name="partner" value="GB-BL">' in html
    assert '<input type="hidden" name="status" value="dispatched">' in html
    assert '<input type="hidden" name="page"' not in html


@pytest.mark.parametrize("n", [3, 30])
def test_the_lists_with_checkboxes_run_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, n
):
    partner = PartnerFactory()
    for _ in range(n):
        sent(partner, LONG_AGO)
        ShipmentFactory(
            partner=partner, direction="incoming", status="expected", expected_on=LONG_AGO
        )
    # session, user, permissions and groups, the count, the page (partner and item
    # counts), the totals... as before the checkboxes: none per row
    with django_assert_num_queries(6):
        assert staff_client.get(reverse("shipments:list")).text.count("data-bulk-row") == min(
            2 * n, 50
        )
    # session, user, permissions and groups, the count, the page: the to-confirm list
    with django_assert_num_queries(5):
        assert staff_client.get(reverse("exchange:to_confirm")).text.count("data-bulk-row") == n
    with django_assert_num_queries(5):
        assert staff_client.get(reverse("exchange:claims")).text.count("data-bulk-row") == n


@pytest.mark.parametrize("n", [2, 12])
def test_a_bulk_acknowledgement_costs_only_each_shipments_writes(
    staff_client, django_assert_num_queries, n
):
    partner = PartnerFactory()
    shipments = [received(partner, LONG_AGO) for _ in range(n)]
    data = {"action": "acknowledge", "selected": chosen(*shipments), "confirmed": "1"}
    # session, user, permissions and groups (one query), the ids checked, the
    # transaction (savepoint, release), the rows locked with their partners; per
    # shipment only its UPDATE, historical record and status event
    with django_assert_num_queries(7 + 3 * n):
        staff_client.post(URL, {**data, "on": TODAY.isoformat()})
    assert acknowledged() == n


def test_the_confirmation_names_the_filters_as_the_list_does(staff_client, receipts):
    data = {"action": "acknowledge", "all": "1", "direction": "incoming", "country": "GB"}
    html = staff_client.post(URL, data).text
    assert "<dt>Direction</dt><dd>Incoming (we receive)</dd>" in html
    assert "<dt>Partner&#x27;s country</dt><dd>United Kingdom</dd>" in html


def test_all_of_a_list_without_filters_is_not_said_to_match_filters(staff_client):
    sent(PartnerFactory(), LONG_AGO, method="air")
    sent(PartnerFactory(), LONG_AGO, method="surface")
    html = staff_client.get(reverse("exchange:to_confirm")).text
    assert "all 2 shipments of this list" in html
    filtered = staff_client.get(reverse("exchange:to_confirm") + "?method=air").text
    assert "the 1 shipment matching these filters" in filtered


def test_claiming_every_overdue_shipment_of_the_to_claim_page(staff_client):
    partner = PartnerFactory(code="RU-NLR")
    for n in range(3):
        ShipmentFactory(
            partner=partner,
            direction="incoming",
            status="expected",
            expected_on=LONG_AGO,
            reference=f"IN-2025-0000{n}",
        )
    not_yet_due = ShipmentFactory(
        partner=partner, direction="incoming", status="expected", expected_on=TODAY + DAY
    )
    page = staff_client.get(reverse("exchange:claims")).text
    assert 'name="scope" value="overdue"' in page and "all 3 shipments of this list" in page
    data = {"action": "claim", "scope": "overdue", "all": "1", "expected": "3", "confirmed": "1"}
    response = staff_client.post(URL, {**data, "on": TODAY.isoformat()})
    assert 'data-done="3"' in response.text and "Print 1 letter" in response.text
    assert Claim.objects.filter(partner=partner).count() == 3
    assert not Claim.objects.filter(shipment=not_yet_due).exists()
