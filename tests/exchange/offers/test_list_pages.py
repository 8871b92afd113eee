"""The exchange's home and the offer list pages: list, create and edit (never addressed
to nobody), the entries and who asked for what, adding titles from the stock, the steps,
the printed list and its export."""

import csv
import io

import pytest
from django.urls import reverse

from exchange.offers.models import OfferList, PartnerOffer, StockItem
from exchange.offers.services import Asked, place_selection
from tests.factories import (
    OfferListFactory,
    PartnerFactory,
    StockItemFactory,
    offer_list_with,
)

pytestmark = pytest.mark.django_db


def select(offer_list, partner, *copies):
    lines = list(offer_list.lines.order_by("number"))
    asked = [Asked(line, n) for line, n in zip(lines, copies, strict=False) if n]
    return place_selection(offer_list=offer_list, partner=partner, asked=asked, source="letter")


def texts(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def offer_list():
    return offer_list_with(
        StockItemFactory(
            title="Atlas of Yunnan",
            author="Li Bai",
            publisher="Yunnan Press",
            year=2024,
            isbn="9787040414412",
            language="chi",
            copies=3,
            pages=120,
        ),
        StockItemFactory(title="=Poems", issn="03785955", copies=2),
        reference="OL-2026-01",
        reply_by="2026-04-30",
    )


LIST_DATA = {
    "reference": "OL-2026-09",
    "title": "Duplicates, spring",
    "title_zh": "",
    "offered_on": "2026-03-01",
    "reply_by": "",
    "note": "",
}


# Each page as each role ---------------------------------------------------------------

READERS = {"anonymous": 302, "staff": 200, "head": 200, "admin": 200}
WRITERS = {"anonymous": 302, "staff": 200, "head": 403, "admin": 200}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("home", READERS),
        ("list_list", READERS),
        ("list_detail", READERS),
        ("list_print", READERS),
        ("list_export", READERS),
        ("list_create", WRITERS),
        ("list_edit", WRITERS),
        ("list_titles", WRITERS),
    ],
)
def test_each_role_sees_the_pages_it_may(clients, offer_list, name, expected):
    args = {
        "home": [],
        "list_list": [],
        "list_create": [],
        "list_export": [offer_list.pk, "csv"],
    }.get(name, [offer_list.pk])
    url = reverse(f"offers:{name}", args=args)
    for role, status in expected.items():
        response = clients[role].get(url)
        assert response.status_code == status, role
        if status == 302:
            assert response.url.startswith(reverse("login"))


def test_only_staff_step_a_list(clients, offer_list):
    url = reverse("offers:list_step", args=[offer_list.pk, "closed"])
    assert clients["anonymous"].post(url).url.startswith(reverse("login"))
    assert clients["head"].post(url).status_code == 403
    assert clients["staff"].get(url).status_code == 405
    offer_list.refresh_from_db()
    assert offer_list.status == "open"
    assert clients["staff"].post(url).status_code == 302
    offer_list.refresh_from_db()
    assert offer_list.status == "closed"


# The home page ------------------------------------------------------------------------


def test_the_home_page_counts_what_waits(staff_client, offer_list, django_assert_num_queries):
    OfferListFactory(status="draft")
    partner = PartnerFactory()
    select(offer_list, partner, 1)
    approved = select(offer_list, PartnerFactory(), 1)
    approved.status = "approved"
    approved.save()
    PartnerOffer.objects.create(partner=partner, title="Their list", received_on="2026-03-01")
    # session, user, permissions and groups, selections' counts, open lists, open offers
    with django_assert_num_queries(6):
        response = staff_client.get(reverse("offers:home"))
    context = response.context
    assert (context["open_lists"], context["to_approve"], context["to_ship"]) == (1, 1, 1)
    assert context["partner_offers"] == 1
    for name in ("stock_list", "list_list", "selection_list", "partner_offers", "want_list"):
        assert reverse(f"offers:{name}") in response.text


# The list of lists --------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_of_lists_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, n
):
    item = StockItemFactory(copies=100)
    for _ in range(n):
        select(offer_list_with(item, copies=1), PartnerFactory(), 1)
    # session, user, permissions and groups, the count, the page of lists with counts
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("offers:list_list"))
    rows = list(response.context["object_list"])
    assert len(rows) == n
    assert {(row.title_count, row.selection_count) for row in rows} == {(1, 1)}


def test_the_list_of_lists_filters_and_sorts(staff_client, offer_list):
    draft = OfferListFactory(reference="OL-2025-07", title="Maps", status="draft")
    url = reverse("offers:list_list")

    def found(query):
        return list(staff_client.get(url, query).context["object_list"])

    assert found({"status": "draft"}) == [draft]
    assert found({"q": "maps"}) == [draft]
    assert found({"q": "2026-01"}) == [offer_list]
    assert found({"sort": "reference"}) == [draft, offer_list]
    assert found({"sort": "-titles"}) == [offer_list, draft]


# Create and edit ----------------------------------------------------------------------


def test_a_list_addressed_to_nobody_is_refused_and_nothing_written(staff_client):
    response = staff_client.post(reverse("offers:list_create"), LIST_DATA)
    assert response.status_code == 200
    assert "Address the list to someone" in response.text
    assert not OfferList.objects.exists()


def test_a_list_to_partners_countries_and_kinds(staff_client):
    partner = PartnerFactory(code="GB-BL")
    PartnerFactory(code="XX-OLD", status="ended")
    response = staff_client.get(reverse("offers:list_create"))
    codes = [p.code for p in response.context["form"].fields["partners"].queryset]
    assert codes == ["GB-BL"]
    data = {
        **LIST_DATA,
        "partners": [partner.pk],
        "countries": ["FR", "DE"],
        "kind_choices": ["university", "research"],
    }
    response = staff_client.post(reverse("offers:list_create"), data)
    offer_list = OfferList.objects.get()
    assert response.url == reverse("offers:list_titles", args=[offer_list.pk])
    assert list(offer_list.partners.all()) == [partner]
    assert offer_list.kinds == "university,research"
    assert offer_list.created_by.username == "staff"
    assert offer_list.status == "draft"
    response = staff_client.get(offer_list.get_absolute_url())
    assert response.context["audience"] == [
        "Partners: GB-BL",
        "Partners in: Germany, France",
        "Partners of the kinds: University library, Research library or academy",
    ]


def test_editing_keeps_the_kinds_and_refuses_a_reply_before_the_list(staff_client, offer_list):
    url = reverse("offers:list_edit", args=[offer_list.pk])
    offer_list.kinds = "public"
    offer_list.save()
    form = staff_client.get(url).context["form"]
    assert form["kind_choices"].value() == ["public"]
    data = {**LIST_DATA, "reference": "OL-2026-01", "to_all_active": "on"}
    response = staff_client.post(url, {**data, "reply_by": "2026-02-01"})
    assert response.status_code == 200
    offer_list.refresh_from_db()
    assert offer_list.title != "Duplicates, spring"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    offer_list.refresh_from_db()
    assert offer_list.title == "Duplicates, spring" and offer_list.kinds == ""


# The list's page ----------------------------------------------------------------------


def test_the_page_shows_who_asked_for_what(staff_client, offer_list, django_assert_num_queries):
    first, second = PartnerFactory(code="GB-BL"), PartnerFactory(code="FR-BNF")
    mine = select(offer_list, first, 2, 1)
    select(offer_list, second, 2)
    response = staff_client.get(offer_list.get_absolute_url())
    atlas, poems = response.context["rows"]
    assert (atlas["taken"], atlas["left"]) == (2, 1)
    assert (poems["taken"], poems["left"]) == (1, 1)
    assert [(a.selection.partner.code, a.status) for a in atlas["asked"]] == [
        ("GB-BL", "reserved"),
        ("FR-BNF", "refused"),
    ]
    assert "2 asked, refused (1 available)" in response.text
    partners = dict(response.context["partners"])
    assert partners[first] == [mine] and partners[first][0].reserved == 2
    assert reverse("offers:selection_create", args=[offer_list.pk]) in response.text


def test_opening_a_list_without_titles_says_why(staff_client):
    offer_list = OfferListFactory(status="draft")
    response = staff_client.post(
        reverse("offers:list_step", args=[offer_list.pk, "open"]), follow=True
    )
    assert "Add titles to the list before opening it." in texts(response)
    offer_list.refresh_from_db()
    assert offer_list.status == "draft"
    url = reverse("offers:list_step", args=[offer_list.pk, "draft"])
    assert staff_client.post(url).status_code == 404


# Adding titles ------------------------------------------------------------------------


def test_the_stock_to_choose_from_filters_and_leaves_out_the_lists_titles(staff_client, offer_list):
    maps = StockItemFactory(title="Maps of Tibet", subject="Geography", year=2020, copies=4)
    gone = StockItemFactory(title="Maps gone", copies=0)
    url = reverse("offers:list_titles", args=[offer_list.pk])

    def found(query):
        return list(staff_client.get(url, query).context["object_list"])

    assert found({}) == [gone, maps]
    assert found({"available": "on"}) == [maps]
    assert found({"subject": "geo", "year": "2020"}) == [maps]
    assert found({"q": "tibet"}) == [maps]


def test_adding_too_many_copies_is_refused_and_nothing_written(staff_client):
    offer_list = OfferListFactory(status="draft")
    item = StockItemFactory(copies=2)
    url = reverse("offers:list_titles", args=[offer_list.pk])
    response = staff_client.post(url, {"title": [item.pk], f"copies_{item.pk}": "3"})
    assert response.status_code == 200
    assert "offer between 1 and 2 copies" in response.text
    response = staff_client.post(url, {})
    assert "Tick the titles to add." in response.text
    assert not offer_list.lines.exists()


def test_titles_are_numbered_after_the_last_entry(staff_client, offer_list):
    item = StockItemFactory(title="Zither music", copies=4)
    url = reverse("offers:list_titles", args=[offer_list.pk])
    staff_client.post(url, {"title": [item.pk], f"copies_{item.pk}": "2"})
    line = offer_list.lines.get(stock_item=item)
    assert (line.number, line.copies) == (3, 2)


def test_a_closed_list_takes_no_titles(staff_client, offer_list):
    offer_list.status = "closed"
    offer_list.save()
    item = StockItemFactory()
    url = reverse("offers:list_titles", args=[offer_list.pk])
    response = staff_client.post(url, {"title": [item.pk]})
    assert "The list is closed: nothing can be added to it." in response.text
    assert not offer_list.lines.filter(stock_item=item).exists()


# Print and export ---------------------------------------------------------------------


def test_the_printed_list_has_the_descriptions_and_a_blank_reply_column(staff_client, offer_list):
    response = staff_client.get(reverse("offers:list_print", args=[offer_list.pk]))
    text = response.text
    assert "OL-2026-01" in text and "Atlas of Yunnan" in text and "Yunnan Press" in text
    assert "978-7-04-041441-2" in text and "0378-5955" in text
    assert "Copies wanted" in text and "return this list" in text
    assert "Please reply by" in text


def test_the_printed_list_in_chinese(staff_client, offer_list):
    staff_client.cookies["django_language"] = "zh-hans"
    response = staff_client.get(reverse("offers:list_print", args=[offer_list.pk]))
    assert response.status_code == 200
    assert response.headers.get("Content-Language", "").startswith("zh")


def test_the_export_has_an_empty_copies_wanted_column(staff_client, offer_list):
    response = staff_client.get(reverse("offers:list_export", args=[offer_list.pk, "csv"]))
    assert 'filename="offer_list_OL-2026-01.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["number"] for row in rows] == ["1", "2"]
    assert rows[1]["title"] == "'=Poems"
    assert rows[1]["issn"] == "0378-5955"
    assert rows[0]["copies_offered"] == "3" and rows[0]["copies_wanted"] == ""
    response = staff_client.get(reverse("offers:list_export", args=[offer_list.pk, "xlsx"]))
    assert response.status_code == 200
    assert (
        staff_client.get(reverse("offers:list_export", args=[offer_list.pk, "pdf"])).status_code
        == 404
    )
    assert StockItem.objects.count() == 2
