"""The selection pages: the list, recording a partner's selection with its balance
beside, a selection's page with its approvals and balance effect, and its actions; and
the whole flow from a new offer list to the draft shipment, through the pages."""

import pytest
from django.urls import reverse

from exchange.offers.models import OfferList, Selection, SelectionLine, StockItem
from exchange.offers.services import Asked, place_selection
from shipments.models import Shipment
from tests.factories import PartnerFactory, StockItemFactory, offer_list_with

pytestmark = pytest.mark.django_db


def select(offer_list, partner, *copies):
    lines = list(offer_list.lines.order_by("number"))
    asked = [Asked(line, n) for line, n in zip(lines, copies, strict=False) if n]
    return place_selection(offer_list=offer_list, partner=partner, asked=asked, source="letter")


def texts(response):
    return [str(message) for message in response.context["messages"]]


# The whole flow -----------------------------------------------------------------------


def test_from_a_new_list_to_the_draft_shipment_through_the_pages(
    staff_client, head_client, settings
):
    settings.EXCHANGE_APPROVAL_THRESHOLD = "100"
    settings.EXCHANGE_BASE_CURRENCY = "CNY"
    atlas = StockItemFactory(title="Atlas of Yunnan", copies=3, pages=120, unit_value=80)
    poems = StockItemFactory(title="Tang poems", copies=2, pages=300, unit_value=40)
    first, second = PartnerFactory(code="GB-BL"), PartnerFactory(code="FR-BNF")

    # Build the list: create it, add titles, open it.
    response = staff_client.post(
        reverse("offers:list_create"),
        {
            "reference": "OL-2026-01",
            "title": "Our publications 2026",
            "offered_on": "2026-03-01",
            "reply_by": "2026-04-30",
            "to_all_active": "on",
            "note": "",
        },
    )
    offer_list = OfferList.objects.get(reference="OL-2026-01")
    assert response.status_code == 302
    assert response.url == reverse("offers:list_titles", args=[offer_list.pk])
    response = staff_client.post(
        response.url,
        {"title": [atlas.pk, poems.pk], f"copies_{atlas.pk}": "3", f"copies_{poems.pk}": ""},
    )
    assert response.status_code == 302
    assert [(line.number, line.stock_item, line.copies) for line in offer_list.lines.all()] == [
        (1, atlas, 3),
        (2, poems, 2),
    ]
    staff_client.post(reverse("offers:list_step", args=[offer_list.pk, "open"]))
    offer_list.refresh_from_db()
    assert offer_list.status == "open"
    atlas_line, poems_line = offer_list.lines.order_by("number")

    # Two partners choose; the second asks for more atlases than remain.
    create_url = reverse("offers:selection_create", args=[offer_list.pk])
    response = staff_client.post(
        create_url,
        {
            "partner": "GB-BL",
            "source": "letter",
            "note": "Letter of 3 March",
            f"copies_{atlas_line.pk}": "2",
            f"copies_{poems_line.pk}": "1",
        },
        follow=True,
    )
    mine = Selection.objects.get(partner=first)
    assert response.redirect_chain[-1][0] == mine.get_absolute_url()
    assert "2 lines reserved, 0 refused." in texts(response)
    response = staff_client.post(
        create_url,
        {"partner": "FR-BNF", "source": "email", f"copies_{atlas_line.pk}": "2"},
        follow=True,
    )
    theirs = Selection.objects.get(partner=second)
    assert theirs.lines.get().status == "refused"
    assert "0 lines reserved, 1 refused. entry 1: 2 asked, 1 available." in texts(response)

    # Worth 2 × 80 + 40 = 200 CNY, above the threshold: staff, then a head, approve.
    action = reverse("offers:selection_action", args=[mine.pk, "approve"])
    response = staff_client.post(action, follow=True)
    mine.refresh_from_db()
    assert mine.status == "requested" and mine.approved_by.username == "staff"
    assert "awaits another approval" in texts(response)[0]
    response = head_client.get(mine.get_absolute_url())
    assert response.context["may_approve"] and not response.context["may_ship"]
    head_client.post(action)
    mine.refresh_from_db()
    assert mine.status == "approved" and mine.head_approved_by.username == "head"

    # Ship: the draft shipment holds the reserved copies.
    response = staff_client.post(
        reverse("offers:selection_action", args=[mine.pk, "ship"]), follow=True
    )
    mine.refresh_from_db()
    shipment = Shipment.objects.get(selection=mine)
    assert mine.status == "shipped" and shipment.status == "draft"
    assert shipment.partner == first and shipment.direction == "outgoing"
    assert sorted((item.title, item.quantity) for item in shipment.items.all()) == [
        ("Atlas of Yunnan", 2),
        ("Tang poems", 1),
    ]
    assert shipment.get_absolute_url() in response.text
    assert StockItem.objects.get(pk=atlas.pk).copies == 1


# Each page as each role ---------------------------------------------------------------


@pytest.fixture
def offered():
    """An open list of two titles (3 and 2 copies) and a selection from it."""
    offer_list = offer_list_with(
        StockItemFactory(title="Atlas", copies=3), StockItemFactory(title="Poems", copies=2)
    )
    selection = select(offer_list, PartnerFactory(code="GB-BL"), 1, 1)
    return offer_list, selection


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("list", {"anonymous": 302, "staff": 200, "head": 200, "admin": 200}),
        ("detail", {"anonymous": 302, "staff": 200, "head": 200, "admin": 200}),
        ("create", {"anonymous": 302, "staff": 200, "head": 403, "admin": 200}),
    ],
)
def test_each_role_sees_the_pages_it_may(clients, offered, page, expected):
    offer_list, selection = offered
    url = {
        "list": reverse("offers:selection_list"),
        "detail": selection.get_absolute_url(),
        "create": reverse("offers:selection_create", args=[offer_list.pk]),
    }[page]
    for role, status in expected.items():
        response = clients[role].get(url)
        assert response.status_code == status, role
        if status == 302:
            assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("action", ["approve", "decline", "ship"])
def test_anonymous_users_are_sent_to_sign_in_by_the_actions(anon_client, offered, action):
    _offer_list, selection = offered
    response = anon_client.post(reverse("offers:selection_action", args=[selection.pk, action]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    line = selection.lines.first()
    response = anon_client.post(reverse("offers:selection_withdraw", args=[line.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("action", ["decline", "ship"])
def test_a_head_may_not_decline_or_ship(head_client, offered, action):
    _offer_list, selection = offered
    response = head_client.post(reverse("offers:selection_action", args=[selection.pk, action]))
    assert response.status_code == 403
    line = selection.lines.first()
    assert head_client.post(reverse("offers:selection_withdraw", args=[line.pk])).status_code == 403
    selection.refresh_from_db()
    assert selection.status == "requested"


def test_a_head_has_no_approval_to_give_below_the_threshold(head_client, offered):
    _offer_list, selection = offered
    response = head_client.get(selection.get_absolute_url())
    assert not response.context["may_approve"]
    assert reverse("offers:selection_action", args=[selection.pk, "approve"]) not in response.text
    response = head_client.post(reverse("offers:selection_action", args=[selection.pk, "approve"]))
    assert response.status_code == 403
    selection.refresh_from_db()
    assert selection.approved_by is None and selection.head_approved_by is None


def test_an_unknown_action_is_not_found(staff_client, offered):
    _offer_list, selection = offered
    response = staff_client.post(reverse("offers:selection_action", args=[selection.pk, "eat"]))
    assert response.status_code == 404


def test_staff_see_the_buttons_their_permissions_allow(staff_client, offered):
    _offer_list, selection = offered
    response = staff_client.get(selection.get_absolute_url())
    context = response.context
    assert context["may_approve"] and context["may_decline"] and context["may_withdraw"]
    assert not context["may_ship"]
    line = selection.lines.first()
    assert reverse("offers:selection_withdraw", args=[line.pk]) in response.text


# The list -----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 20])
def test_the_selection_list_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, n
):
    offer_list = offer_list_with(StockItemFactory(copies=100))
    for _ in range(n):
        select(offer_list, PartnerFactory(), 1)
    # session, user, permissions and groups, the offer lists of the filter, the count,
    # the page of selections with partner, list and line counts
    with django_assert_num_queries(6):
        response = staff_client.get(reverse("offers:selection_list"))
    assert response.context["paginator"].count == n


def test_the_selection_list_filters_by_status_partner_and_list(staff_client, offered):
    offer_list, selection = offered
    other = select(offer_list_with(StockItemFactory()), PartnerFactory(code="FR-BNF"), 1)
    url = reverse("offers:selection_list")

    def found(query):
        return list(staff_client.get(url, query).context["object_list"])

    assert found({"partner": "GB-BL"}) == [selection]
    assert found({"offer_list": offer_list.pk}) == [selection]
    assert found({"status": "approved"}) == []
    assert found({"sort": "partner"}) == [other, selection]
    assert found({"sort": "-partner"}) == [selection, other]


# Recording a selection ----------------------------------------------------------------


def test_the_partner_chosen_by_its_code_shows_its_balance(staff_client, offered):
    offer_list, _selection = offered
    url = reverse("offers:selection_create", args=[offer_list.pk])
    response = staff_client.get(url, {"partner": "GB-BL"})
    assert response.context["partner"].code == "GB-BL"
    assert [label for label, _balance in response.context["balance_periods"]][0] == "All time"
    assert response.context["form"]["partner"].value() == "GB-BL"
    assert staff_client.get(url).context["balance_periods"] == []


def test_a_selection_asking_for_nothing_is_refused_and_nothing_written(staff_client, offered):
    offer_list, _selection = offered
    url = reverse("offers:selection_create", args=[offer_list.pk])
    before = Selection.objects.count()
    response = staff_client.post(url, {"partner": "GB-BL", "source": "letter"})
    assert response.status_code == 200
    assert "Ask for at least one title." in response.text
    line = offer_list.lines.first()
    response = staff_client.post(
        url, {"partner": "GB-BL", "source": "portal", f"copies_{line.pk}": "-1"}
    )
    assert set(response.context["form"].errors) == {"source", f"copies_{line.pk}"}
    assert Selection.objects.count() == before


def test_the_service_refusal_shows_on_the_form(staff_client):
    offer_list = offer_list_with(StockItemFactory(), to_all_active=False, kinds="university")
    line = offer_list.lines.get()
    PartnerFactory(code="GB-BL", kind="national")
    response = staff_client.post(
        reverse("offers:selection_create", args=[offer_list.pk]),
        {"partner": "GB-BL", "source": "letter", f"copies_{line.pk}": "1"},
    )
    assert response.status_code == 200
    assert "This list is not addressed to this partner." in response.text
    assert not Selection.objects.exists()


# A selection's page and actions ------------------------------------------------------


def test_the_page_shows_the_balance_now_and_after_shipping(staff_client, offered, settings):
    settings.EXCHANGE_BASE_CURRENCY = "CNY"
    _offer_list, selection = offered
    response = staff_client.get(selection.get_absolute_url())
    effect = {str(e.label): (e.now, e.after) for e in response.context["effect"]}
    # One atlas and one book of poems, 200 pages and 50 CNY each.
    assert effect["Items"] == (0, 2)
    assert effect["Pages"] == (0, 400)
    assert effect["Value (CNY)"][1] == 100


def test_staff_withdraw_a_line_until_the_selection_is_approved(staff_client, offered):
    _offer_list, selection = offered
    first, second = selection.lines.order_by("offer_line__number")
    staff_client.post(reverse("offers:selection_withdraw", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == SelectionLine.Status.WITHDRAWN
    staff_client.post(reverse("offers:selection_action", args=[selection.pk, "approve"]))
    response = staff_client.post(
        reverse("offers:selection_withdraw", args=[second.pk]), follow=True
    )
    second.refresh_from_db()
    assert second.status == SelectionLine.Status.RESERVED
    assert "The selection is approved: its lines can no longer be withdrawn." in texts(response)


def test_staff_decline_with_a_reason(staff_client, offered):
    _offer_list, selection = offered
    url = reverse("offers:selection_action", args=[selection.pk, "decline"])
    response = staff_client.post(url, {"reason": "x" * 301}, follow=True)
    selection.refresh_from_db()
    assert selection.status == "requested"
    assert any("at most 300" in text for text in texts(response))
    staff_client.post(url, {"reason": "Out of scope"})
    selection.refresh_from_db()
    assert (selection.status, selection.decided_note) == ("declined", "Out of scope")
    assert set(selection.lines.values_list("status", flat=True)) == {"declined"}


def test_shipping_a_selection_not_approved_says_why(staff_client, offered):
    _offer_list, selection = offered
    response = staff_client.post(
        reverse("offers:selection_action", args=[selection.pk, "ship"]), follow=True
    )
    assert "Only an approved selection can be shipped." in texts(response)
    assert not Shipment.objects.exists()
