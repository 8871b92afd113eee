"""Forms that help (issue 18): the shipment form offers the obligations of the
partner's agreements only, asks again when the partner changes, and refuses one that
does not fit the partner with a message saying why."""

import datetime

import pytest
from django.urls import reverse

from shipments.models import Shipment
from tests.factories import AgreementFactory, ObligationFactory, PartnerFactory, ShipmentFactory
from tests.i18n_helpers import chinese
from tests.shipments.views_helpers import NEW_IN, NEW_OUT, edit, outgoing_data

pytestmark = pytest.mark.django_db

OBLIGATIONS = reverse("shipments:partner_obligations")


@pytest.fixture
def programme():
    """GB-BL (GB) and FR-BNF (FR); which obligation concerns whom, worked out by hand:
    - named_gb: names GB-BL                                   → GB-BL
    - named_fr: names FR-BNF                                  → FR-BNF
    - all_gb:   no partner, an agreement of GB and CN         → GB-BL
    - all_fr:   no partner, an agreement of FR                → FR-BNF
    - anyone:   no partner, an agreement of no country        → both
    - incoming: names GB-BL, the other direction              → neither (outgoing form)
    - expired:  names GB-BL, its agreement ended in 2020      → neither
    """
    gb = PartnerFactory(code="GB-BL", country="GB")
    fr = PartnerFactory(code="FR-BNF", country="FR")
    gb_cn = AgreementFactory(title="UK–China", countries=["GB", "CN"])
    france = AgreementFactory(title="France–China", countries=["FR"])
    nowhere = AgreementFactory(title="Library network", countries=[])
    ended = AgreementFactory(
        title="Old programme",
        valid_from=datetime.date(2015, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
    )
    made = {
        "named_gb": ObligationFactory(agreement=gb_cn, partner=gb),
        "named_fr": ObligationFactory(agreement=france, partner=fr),
        "all_gb": ObligationFactory(agreement=gb_cn),
        "all_fr": ObligationFactory(agreement=france),
        "anyone": ObligationFactory(agreement=nowhere),
        "incoming": ObligationFactory(agreement=gb_cn, partner=gb, direction="incoming"),
        "expired": ObligationFactory(agreement=ended, partner=gb),
    }
    return gb, fr, made


def offered(response) -> set[int]:
    choices = response.context["form"].fields["obligation"].widget.choices
    return {int(str(value)) for value, _ in choices if value}


def pks(made, *names) -> set[int]:
    return {made[name].pk for name in names}


def test_a_new_shipment_for_a_partner_offers_its_obligations_only(staff_client, programme):
    _, _, made = programme
    response = staff_client.get(NEW_OUT, {"partner": "gb-bl"})
    assert offered(response) == pks(made, "named_gb", "all_gb", "anyone")
    page = response.content.decode()
    assert f'<option value="{made["named_fr"].pk}"' not in page


def test_the_edit_form_offers_the_obligations_of_its_partner(staff_client, programme):
    _, fr, made = programme
    shipment = ShipmentFactory(partner=fr)
    assert offered(staff_client.get(edit(shipment))) == pks(made, "named_fr", "all_fr", "anyone")


def test_without_a_partner_yet_every_obligation_in_force_is_offered(staff_client, programme):
    _, _, made = programme
    response = staff_client.get(NEW_OUT)
    assert offered(response) == pks(made, "named_gb", "named_fr", "all_gb", "all_fr", "anyone")
    assert f'data-obligations-url="{OBLIGATIONS}"' in response.content.decode()


def test_an_obligation_of_another_partner_is_refused_and_nothing_is_saved(staff_client, programme):
    gb, _, made = programme
    for name, message in (
        ("named_fr", "This obligation is for another partner."),
        ("all_fr", "This partner is not in the agreement&#x27;s countries."),
    ):
        data = outgoing_data(gb, {"title": "Shiji"}, obligation=str(made[name].pk))
        response = staff_client.post(NEW_OUT, data)
        assert response.status_code == 200
        assert message in response.content.decode()
        # Shown again with the partner's obligations.
        assert offered(response) == pks(made, "named_gb", "all_gb", "anyone")
    assert not Shipment.objects.exists()


def test_an_obligation_of_the_partner_is_saved(staff_client, programme):
    gb, _, made = programme
    data = outgoing_data(gb, {"title": "Shiji"}, obligation=str(made["all_gb"].pk))
    assert staff_client.post(NEW_OUT, data).status_code == 302
    assert Shipment.objects.get().obligation == made["all_gb"]


def test_the_page_asks_for_the_obligations_of_the_partner_typed(staff_client, programme):
    _, _, made = programme
    answer = staff_client.get(OBLIGATIONS, {"partner": "FR-BNF", "direction": "outgoing"})
    assert answer.status_code == 200
    obligations = answer.json()["obligations"]
    assert {o["id"] for o in obligations} == pks(made, "named_fr", "all_fr", "anyone")
    made["named_fr"].refresh_from_db()
    assert str(made["named_fr"]) in [o["label"] for o in obligations]
    answer = staff_client.get(OBLIGATIONS, {"partner": "GB-BL", "direction": "incoming"})
    assert {o["id"] for o in answer.json()["obligations"]} == pks(made, "incoming")


@pytest.mark.parametrize(
    "query, message",
    [
        ({"partner": "GB-BL"}, "The direction is “outgoing” or “incoming”."),
        (
            {"partner": "GB-BL", "direction": "sideways"},
            "The direction is “outgoing” or “incoming”.",
        ),
        ({"direction": "outgoing"}, "Give the partner's code."),
        ({"partner": "ZZ-NONE", "direction": "outgoing"}, "No partner has the code “ZZ-NONE”."),
    ],
)
def test_a_bad_question_for_obligations_is_a_400_that_says_why(
    staff_client, programme, query, message
):
    answer = staff_client.get(OBLIGATIONS, query)
    assert answer.status_code == 400
    assert answer.json()["message"] == message


def test_the_obligations_are_for_staff_only(anon_client, head_client, admin_client, programme):
    query = {"partner": "GB-BL", "direction": "outgoing"}
    assert anon_client.get(OBLIGATIONS, query).status_code == 302
    assert head_client.get(OBLIGATIONS, query).status_code == 403
    assert admin_client.get(OBLIGATIONS, query).status_code == 200


def test_a_bad_direction_is_explained_in_chinese(staff_client, programme):
    answer = chinese(staff_client).get(OBLIGATIONS, {"partner": "GB-BL"})
    assert answer.json()["message"] == "方向应为“outgoing”（寄出）或“incoming”（收到）。"


def test_an_incoming_shipment_offers_the_incoming_obligations_of_its_partner(
    staff_client, programme
):
    _, _, made = programme
    assert offered(staff_client.get(NEW_IN, {"partner": "GB-BL"})) == pks(made, "incoming")


@pytest.mark.parametrize("query", [{}, {"partner": "GB-BL"}])
def test_the_new_form_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, programme, query
):
    # session, user, permissions and groups; the obligations offered (the partner's:
    # one query, the partner a subquery). No list of partners
    # (the field suggests as one types), no question about earlier items (no ISBN yet).
    with django_assert_num_queries(4):
        response = staff_client.get(NEW_OUT, query)
    assert response.status_code == 200
