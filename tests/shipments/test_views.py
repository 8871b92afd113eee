"""The shipment pages: list, detail with steps, entry forms, printed documents."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shipments.models import Shipment, ShipmentItem
from shipments.steps import ShipmentEvent
from tests.factories import (
    AddressFactory,
    ContactFactory,
    ItemFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    received,
    sent,
    valid_isbn,
)

pytestmark = pytest.mark.django_db
LIST = reverse("shipments:list")
NEW_OUT = reverse("shipments:create_outgoing")
NEW_IN = reverse("shipments:create_incoming")
TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
BAD_ISBN = "978-7-101-00313-1"  # the check digit should be 0


def detail(shipment):
    return reverse("shipments:detail", args=[shipment.reference])


def edit(shipment):
    return reverse("shipments:edit", args=[shipment.reference])


def step(shipment, name):
    return reverse("shipments:step", args=[shipment.reference, name])


def references(response) -> list[str]:
    return [shipment.reference for shipment in response.context["object_list"]]


def item_rows(*items, initial=0, prefix="items"):
    """POST data of the item formset; each item a dict of fields."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        row = {"material_type": "monograph", "quantity": "1", "pages": "", "unit_value": ""}
        row.update(item)
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def outgoing_data(partner, *items, **fields):
    data = {"partner": partner.code, "method": "surface", "parcels": "1"}
    data.update({"postage_cost": "0", "other_cost": "0"}, **fields)
    data.update(item_rows(*items))
    return data


THREE_ITEMS = (
    {"isbn": "978-7-101-00313-0", "title": "Shiji", "quantity": "2", "pages": "300"},
    {"title": "Annual report 2025", "unit_value": "12.50", "currency": "CNY"},
    {"isbn": valid_isbn(7), "title": "Atlas of China", "material_type": "map", "quantity": "3"},
)


# ---- access, as each role ----


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("staff", 200), ("head", 200), ("admin", 200)]
)
def test_list_detail_and_documents_are_open_to_every_signed_in_role(clients, role, status):
    outgoing = ShipmentFactory()
    incoming = received(PartnerFactory(), datetime.date(2025, 1, 1))
    urls = [
        LIST,
        detail(outgoing),
        reverse("shipments:dispatch_note", args=[outgoing.reference]),
        reverse("shipments:acknowledgement", args=[incoming.reference]),
    ]
    for url in urls:
        response = clients[role].get(url)
        assert response.status_code == status, url
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("staff", 200), ("head", 403), ("admin", 200)]
)
def test_only_those_who_record_shipments_open_the_forms(clients, role, status):
    shipment = ShipmentFactory()
    for url in (NEW_OUT, NEW_IN, edit(shipment), step(shipment, "pack")):
        assert clients[role].get(url).status_code == status, url


def test_a_department_head_cannot_create_change_or_step_a_shipment(head_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(partner=partner)
    assert head_client.post(NEW_OUT, outgoing_data(partner, THREE_ITEMS[0])).status_code == 403
    assert head_client.post(edit(shipment), outgoing_data(partner)).status_code == 403
    assert head_client.post(step(shipment, "pack"), {"pack-on": TODAY}).status_code == 403
    assert Shipment.objects.count() == 1
    shipment.refresh_from_db()
    assert shipment.status == "draft"


@pytest.mark.parametrize(("role", "shown"), [("staff", True), ("head", False), ("admin", True)])
def test_step_and_edit_controls_show_only_to_those_who_may_use_them(clients, role, shown):
    shipment = ShipmentFactory()
    page = clients[role].get(detail(shipment)).content.decode()
    assert (step(shipment, "pack") in page) is shown
    assert (edit(shipment) in page) is shown
    list_page = clients[role].get(LIST).content.decode()
    assert (NEW_OUT in list_page) is shown


@pytest.mark.parametrize(
    ("direction", "status", "steps"),
    [
        ("outgoing", "draft", ["pack", "cancel"]),
        ("outgoing", "packed", ["dispatch", "cancel"]),
        ("outgoing", "dispatched", ["deliver", "acknowledge", "lose", "return"]),
        ("outgoing", "delivered", ["acknowledge", "return"]),
        ("outgoing", "acknowledged", []),
        ("outgoing", "cancelled", []),
        ("incoming", "expected", ["receive", "cancel_incoming"]),
        ("incoming", "received", ["confirm"]),
        ("incoming", "acknowledged", []),
    ],
)
def test_the_page_offers_exactly_the_steps_allowed_from_the_status(
    staff_client, direction, status, steps
):
    dated = (
        {"dispatched_on": datetime.date(2025, 1, 1)}
        if status
        in (
            "dispatched",
            "delivered",
            "acknowledged",
        )
        and direction == "outgoing"
        else {}
    )
    if direction == "incoming" and status in ("received", "acknowledged"):
        dated = {"received_on": datetime.date(2025, 1, 1)}
    shipment = ShipmentFactory(direction=direction, status=status, **dated)
    response = staff_client.get(detail(shipment))
    assert [s["step"].name for s in response.context["steps"]] == steps
    page = response.content.decode()
    for name in steps:
        assert f'<dialog id="dialog-{name}"' in page
        assert f'action="{step(shipment, name)}"' in page


def test_every_step_form_posts_with_a_confirmation_and_no_inline_script(staff_client):
    shipment = ShipmentFactory(status="packed")
    page = staff_client.get(detail(shipment)).content.decode()
    assert 'method="post"' in page
    assert "data-dialog=" in page
    assert "<script>" not in page
    assert "onclick" not in page
    assert 'style="' not in page


# ---- the list ----


def test_list_filters_by_direction_several_statuses_partner_country_and_method(staff_client):
    gb = PartnerFactory(code="GB-BL", country="GB")
    fr = PartnerFactory(code="FR-BNF", country="FR")
    ShipmentFactory(reference="OUT-DRAFT", partner=gb, status="draft")
    ShipmentFactory(reference="OUT-PACKED", partner=fr, status="packed", method="air")
    sent(gb, datetime.date(2025, 3, 1), reference="OUT-SENT", method="surface")
    received(fr, datetime.date(2025, 4, 1), reference="IN-RCVD", method="air")

    def found(**params):
        return sorted(references(staff_client.get(LIST, params)))

    assert found(direction="incoming") == ["IN-RCVD"]
    assert found(status=["draft", "packed"]) == ["OUT-DRAFT", "OUT-PACKED"]
    assert found(partner="gb-bl") == ["OUT-DRAFT", "OUT-SENT"]
    assert found(country="FR") == ["IN-RCVD", "OUT-PACKED"]
    assert found(method="air", direction="outgoing") == ["OUT-PACKED"]


def test_list_dates_are_dispatch_or_receipt_dates_else_the_day_recorded(staff_client):
    partner = PartnerFactory()
    sent(partner, datetime.date(2024, 5, 1), reference="OUT-MAY")
    received(partner, datetime.date(2024, 6, 1), reference="IN-JUNE")
    ShipmentFactory(
        reference="OUT-DRAFT",
        partner=partner,
        created_at=datetime.datetime(2024, 7, 1, 10, tzinfo=datetime.UTC),
    )
    params = {"date_from": "2024-05-15", "date_to": "2024-07-01"}
    assert sorted(references(staff_client.get(LIST, params))) == ["IN-JUNE", "OUT-DRAFT"]
    page = staff_client.get(LIST).content.decode()
    assert "the dispatch date of outgoing shipments" in page


def test_free_text_finds_reference_title_and_isbn_with_or_without_hyphens(staff_client):
    shipment = ShipmentFactory(reference="OUT-2026-00042")
    ItemFactory(shipment=shipment, title="The Analects", isbn="9787101003130")
    ShipmentFactory(reference="OUT-2026-00043")
    for text in ("00042", "analects", "978-7-101-00313-0", "9787101003130"):
        assert references(staff_client.get(LIST, {"q": text})) == ["OUT-2026-00042"], text


def test_list_is_latest_first_and_sorts_by_whitelisted_keys(staff_client):
    partner = PartnerFactory()
    old = sent(partner, datetime.date(2020, 1, 1), reference="OUT-OLD")
    new = sent(partner, datetime.date(2025, 1, 1), reference="OUT-NEW")
    ItemFactory.create_batch(3, shipment=old)
    ItemFactory(shipment=new)
    assert references(staff_client.get(LIST)) == ["OUT-NEW", "OUT-OLD"]
    assert references(staff_client.get(LIST, {"sort": "date"})) == ["OUT-OLD", "OUT-NEW"]
    assert references(staff_client.get(LIST, {"sort": "-items"})) == ["OUT-OLD", "OUT-NEW"]
    assert references(staff_client.get(LIST, {"sort": "reference"})) == ["OUT-NEW", "OUT-OLD"]
    assert references(staff_client.get(LIST, {"sort": "notes"})) == ["OUT-NEW", "OUT-OLD"]


def test_list_totals_cover_the_whole_filtered_set_not_just_the_page(staff_client):
    partner = PartnerFactory(code="GB-BL")
    for day in range(1, 56):
        shipment = sent(partner, datetime.date(2024, 1, 1) + datetime.timedelta(days=day))
        ItemFactory(
            shipment=shipment, quantity=2, pages=10, unit_value=Decimal("0.10"), currency="USD"
        )
    other = sent(PartnerFactory(), datetime.date(2024, 1, 1))
    ItemFactory(shipment=other, quantity=100, unit_value=Decimal(1), currency="CNY")
    response = staff_client.get(LIST, {"partner": "GB-BL"})
    assert len(references(response)) == 50
    assert response.context["paginator"].count == 55
    totals = response.context["totals"]
    assert (totals["items"], totals["titles"], totals["pages"]) == (110, 55, 1100)
    assert totals["values"] == {"USD": Decimal("11.00")}
    page = response.content.decode()
    assert "11.00 USD" in page
    assert "CNY" not in page.split("totals-bar")[1].split("</dl>")[0]


def test_list_totals_of_a_large_set_are_added_up_when_asked(staff_client, monkeypatch):
    monkeypatch.setattr("shipments.views.TOTALS_AT_ONCE", 2)
    partner = PartnerFactory(code="GB-BL")
    for day in (1, 2, 3):
        shipment = sent(partner, datetime.date(2024, 1, day))
        ItemFactory(shipment=shipment, quantity=2, unit_value=Decimal(1), currency="USD")
    response = staff_client.get(LIST, {"partner": "GB-BL", "sort": "reference"})
    assert "totals" not in response.context
    page = response.content.decode()
    assert "Add them up" in page
    assert 'href="?partner=GB-BL&amp;sort=reference&amp;totals=1"' in page
    response = staff_client.get(LIST, {"partner": "GB-BL", "sort": "reference", "totals": "1"})
    assert response.context["totals"]["items"] == 6
    assert "6.00 USD" in response.content.decode()
    # Two shipments are added up at once.
    response = staff_client.get(LIST, {"partner": "GB-BL", "date_to": "2024-01-02"})
    assert response.context["totals"]["items"] == 4


@pytest.mark.parametrize("count", [2, 20])
def test_list_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    for day in range(1, count + 1):
        shipment = sent(PartnerFactory(), datetime.date(2024, 1, day))
        ItemFactory.create_batch(2, shipment=shipment, unit_value=Decimal(1), currency="CNY")
    # session, user, user permissions, group permissions, role (groups); the count, the
    # page of shipments with their partners and item sums, the totals of the filtered set
    with django_assert_num_queries(8):
        response = staff_client.get(LIST, {"status": ["dispatched"], "sort": "-items"})
    assert len(response.context["object_list"]) == count


def test_list_filtered_by_status_is_not_distinct(staff_client):
    """A status is a column of the shipment: no SELECT DISTINCT, which computed every
    column of every match (item counts included) before the page was cut."""
    sent(PartnerFactory(), datetime.date(2024, 1, 1), reference="OUT-1")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(LIST, {"status": ["dispatched", "delivered"]})
    assert references(response) == ["OUT-1"]
    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_list_order_and_date_filters_are_served_by_the_shipment_date_index(staff_client):
    """The index of migration 0003 matches the list's query: were its expression to drift
    from `shipment_date()`, PostgreSQL could not use it (here, told to avoid the
    alternatives, a sequential scan and a sort)."""
    partner = PartnerFactory()
    sent(partner, datetime.date(2024, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(LIST)
        staff_client.get(LIST, {"date_from": "2024-01-01", "date_to": "2024-12-31"})
    view_queries = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "shipments_shipment"."id"')
    ]
    assert len(view_queries) == 2
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        for sql in view_queries:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "shipment_date_idx" in plan, plan


# ---- the detail page ----


def test_detail_shows_items_totals_and_history(staff_client, staff_user):
    shipment = ShipmentFactory(reference="OUT-2026-00007")
    ItemFactory(shipment=shipment, title="Shiji", isbn="9787101003130", quantity=2, pages=300)
    ItemFactory(shipment=shipment, title="Report", unit_value=Decimal("12.5"), currency="CNY")
    ShipmentEvent.objects.create(shipment=shipment, status="draft", on=TODAY, user=staff_user)
    page = staff_client.get(detail(shipment)).content.decode()
    assert "Shiji" in page
    assert "978-7-101-00313-0" in page
    assert "12.50 CNY" in page
    assert "Status history" in page
    assert "Li Wei" in page


@pytest.mark.parametrize("count", [2, 20])
def test_detail_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    shipment = ShipmentFactory(status="packed")
    ItemFactory.create_batch(count, shipment=shipment)
    for _ in range(count):
        ShipmentEvent.objects.create(shipment=shipment, status="packed", on=TODAY)
    # session, user, user permissions, group permissions; the shipment with partner,
    # obligation and creator, its items, its events with users; role (groups); the
    # obligations it counts towards (none: no query); its history: the shipment's and
    # its items' records (with their users)
    with django_assert_num_queries(10):
        response = staff_client.get(detail(shipment))
    assert len(response.context["shipment"].items.all()) == count


@pytest.mark.parametrize("count", [2, 20])
def test_the_edit_form_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, count
):
    shipment = ShipmentFactory()
    ItemFactory.create_batch(count, shipment=shipment)
    # session, user, user permissions, group permissions; the shipment with its partner;
    # whether it has items, its items; the obligations to choose from, the partners to
    # suggest; role (groups)
    with django_assert_num_queries(10):
        response = staff_client.get(edit(shipment))
    assert len(response.context["formset"].forms) == count


def test_an_unknown_shipment_is_not_found(staff_client):
    assert staff_client.get(reverse("shipments:detail", args=["NOPE"])).status_code == 404


# ---- creating ----


def test_staff_create_an_outgoing_shipment_with_its_items(staff_client, staff_user):
    partner = PartnerFactory(code="GB-BL")
    response = staff_client.post(NEW_OUT, outgoing_data(partner, *THREE_ITEMS, notes="Box 1"))
    shipment = Shipment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(shipment)
    assert shipment.reference == f"OUT-{TODAY.year}-00001"
    assert (shipment.status, shipment.partner, shipment.created_by) == (
        "draft",
        partner,
        staff_user,
    )
    items = list(shipment.items.order_by("id"))
    assert [item.title for item in items] == ["Shiji", "Annual report 2025", "Atlas of China"]
    assert items[0].isbn == "9787101003130"
    assert (items[0].quantity, items[0].pages) == (2, 300)
    assert (items[1].unit_value, items[1].currency, items[1].pages) == (Decimal("12.50"), "CNY", 0)
    assert shipment.events.get().status == "draft"
    follow = staff_client.get(response["Location"]).content.decode()
    assert f"Shipment OUT-{TODAY.year}-00001 created." in follow


def test_the_form_comes_with_the_partner_from_its_page(staff_client):
    PartnerFactory(code="GB-BL")
    response = staff_client.get(NEW_OUT, {"partner": "GB-BL"})
    assert response.context["form"]["partner"].value() == "GB-BL"
    page = response.content.decode()
    assert 'id="partner-choices"' in page
    assert '<option value="GB-BL">' in page
    assert "js/items.js" in page
    assert "items-__prefix__-isbn" in page


def test_a_partner_can_be_typed_in_either_case_or_picked_as_suggested(staff_client):
    PartnerFactory(code="GB-BL", name="British Library")
    for typed in ("gb-bl", "GB-BL · British Library"):
        data = outgoing_data(PartnerFactory.build(code=typed), THREE_ITEMS[0])
        assert staff_client.post(NEW_OUT, data).status_code == 302
    assert Shipment.objects.filter(partner__code="GB-BL").count() == 2


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"title": "A", "quantity": "0"}, "quantity", "The quantity must be at least 1."),
        ({"title": "A", "quantity": "-2"}, "quantity", "The quantity must be at least 1."),
        ({"title": "A", "isbn": BAD_ISBN}, "isbn", "the check digit is wrong"),
        ({"title": "A", "unit_value": "-1", "currency": "CNY"}, "unit_value", "greater than"),
        ({"title": "A", "unit_value": "5"}, "currency", "Give the currency"),
        ({"title": "A", "currency": "XYZ", "unit_value": "1"}, "currency", "ISO 4217"),
        ({"isbn": valid_isbn(1)}, "title", "required"),
    ],
)
def test_bad_items_are_refused_next_to_the_field_and_nothing_is_written(
    staff_client, item, field, message
):
    partner = PartnerFactory()
    response = staff_client.post(NEW_OUT, outgoing_data(partner, THREE_ITEMS[0], item))
    assert response.status_code == 200
    errors = response.context["formset"].forms[1].errors
    assert message in " ".join(errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not Shipment.objects.exists()
    assert not ShipmentItem.objects.exists()


def test_an_outgoing_shipment_needs_at_least_one_item(staff_client):
    response = staff_client.post(
        NEW_OUT, outgoing_data(PartnerFactory(), {"title": "", "currency": "CNY"})
    )
    assert "Add at least one item." in response.context["formset"].non_form_errors()
    assert not Shipment.objects.exists()


def test_new_shipments_to_an_ended_partner_are_refused_on_the_partner_field(staff_client):
    partner = PartnerFactory(code="XX-END", status="ended")
    for url in (NEW_OUT, NEW_IN):
        response = staff_client.post(url, outgoing_data(partner, THREE_ITEMS[0]))
        assert "has ended" in response.context["form"].errors["partner"][0]
    assert not Shipment.objects.exists()


def test_an_unknown_partner_code_is_refused(staff_client):
    response = staff_client.post(NEW_OUT, outgoing_data(PartnerFactory.build(code="NO-SUCH")))
    assert "No partner has the code “NO-SUCH”." in response.context["form"].errors["partner"]


def test_staff_record_an_announced_incoming_shipment_without_items(staff_client):
    partner = PartnerFactory()
    data = {"partner": partner.code, "parcels": "1", "expected_on": "2026-12-01"}
    data.update(item_rows())
    response = staff_client.post(NEW_IN, data)
    shipment = Shipment.objects.get()
    assert response.status_code == 302
    assert (shipment.direction, shipment.status) == ("incoming", "expected")
    assert shipment.reference.startswith(f"IN-{TODAY.year}-")
    assert not shipment.items.exists()


def test_staff_record_an_incoming_parcel_as_received_in_one_go(staff_client):
    partner = PartnerFactory()
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1))
    data = {"partner": partner.code, "parcels": "1", "received_on": TODAY.isoformat()}
    data.update(item_rows({"title": "Report", "unit_value": "20", "currency": "usd"}))
    response = staff_client.post(NEW_IN, data)
    shipment = Shipment.objects.get()
    assert response.status_code == 302
    assert (shipment.status, shipment.received_on, shipment.counted_on) == (
        "received",
        TODAY,
        TODAY,
    )
    assert shipment.items.get().currency == "USD"
    assert "recorded as received" in staff_client.get(detail(shipment)).content.decode()


def test_a_receipt_date_in_the_future_is_refused_on_its_field(staff_client):
    partner = PartnerFactory()
    data = {"partner": partner.code, "parcels": "1", "received_on": TOMORROW.isoformat()}
    data.update(item_rows({"title": "Report"}))
    response = staff_client.post(NEW_IN, data)
    assert "The date cannot be in the future." in response.context["form"].errors["received_on"]
    assert not Shipment.objects.exists()


def test_a_currency_without_a_rate_on_the_receipt_date_is_refused_on_the_item(staff_client):
    partner = PartnerFactory()
    RateFactory(currency="USD", valid_from=TOMORROW)
    data = {"partner": partner.code, "parcels": "1", "received_on": TODAY.isoformat()}
    data.update(
        item_rows(
            {"title": "Free", "currency": "EUR"},
            {"title": "Priced", "unit_value": "5", "currency": "USD"},
        )
    )
    response = staff_client.post(NEW_IN, data)
    message = f"There is no exchange rate for USD on {TODAY.isoformat()}. Add one first."
    assert message in response.context["form"].non_field_errors()
    forms = response.context["formset"].forms
    assert message in forms[1].errors["currency"]
    assert "currency" not in forms[0].errors
    assert message in response.content.decode()
    assert not Shipment.objects.exists()


# ---- changing ----


def test_staff_change_a_draft_and_its_items(staff_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(partner=partner)
    keep = ItemFactory(shipment=shipment, title="Keep")
    drop = ItemFactory(shipment=shipment, title="Drop")
    data = outgoing_data(partner, notes="Second box")
    data.update(
        item_rows(
            {"id": keep.pk, "title": "Kept and renamed", "quantity": "4"},
            {"id": drop.pk, "title": "Drop", "DELETE": "on"},
            {"title": "New one"},
            initial=2,
        )
    )
    data["version"] = shipment.version
    response = staff_client.post(edit(shipment), data)
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.notes == "Second box"
    assert shipment.version == 2
    titles = sorted(shipment.items.values_list("title", "quantity"))
    assert titles == [("Kept and renamed", 4), ("New one", 1)]


def test_a_draft_keeps_its_untouched_items_when_only_its_details_change(staff_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(partner=partner)
    item = ItemFactory(shipment=shipment, title="Untouched", quantity=1, pages=100)
    data = outgoing_data(partner, notes="Only the notes")
    data.update(
        item_rows(
            {
                "id": item.pk,
                "title": "Untouched",
                "isbn": item.isbn,
                "language": "zh",
                "year": "2024",
                "pages": "100",
                "unit_value": "0.00",
            },
            initial=1,
        )
    )
    data["version"] = shipment.version
    response = staff_client.post(edit(shipment), data)
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.notes == "Only the notes"
    assert list(shipment.items.values_list("title", flat=True)) == ["Untouched"]


def test_removing_every_item_of_an_outgoing_shipment_is_refused(staff_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(partner=partner)
    item = ItemFactory(shipment=shipment)
    data = outgoing_data(partner)
    data.update(item_rows({"id": item.pk, "title": item.title, "DELETE": "on"}, initial=1))
    data["version"] = shipment.version
    response = staff_client.post(edit(shipment), data)
    assert "Add at least one item." in response.context["formset"].non_form_errors()
    assert shipment.items.count() == 1


def test_a_dispatched_shipment_can_no_longer_be_changed(staff_client):
    shipment = sent(PartnerFactory(), datetime.date(2025, 1, 1))
    response = staff_client.get(edit(shipment))
    assert response.status_code == 302
    follow = staff_client.get(response["Location"]).content.decode()
    assert "can no longer be changed" in follow
    response = staff_client.post(edit(shipment), outgoing_data(shipment.partner, notes="x"))
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.notes == ""


def test_items_are_added_to_an_expected_shipment_when_it_is_received(staff_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(
        reference="IN-2026-00001", direction="incoming", status="expected", partner=partner
    )
    data = {"partner": partner.code, "parcels": "2", "received_on": TODAY.isoformat()}
    data.update(item_rows({"title": "Journal", "quantity": "3"}, {"title": "Map"}))
    data["version"] = shipment.version
    response = staff_client.post(edit(shipment), data)
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.status, shipment.received_on, shipment.items.count()) == (
        "received",
        TODAY,
        2,
    )
    assert shipment.events.get().status == "received"


# ---- status steps ----


def test_staff_pack_and_dispatch_with_date_method_and_tracking(staff_client, staff_user):
    shipment = ShipmentFactory()
    ItemFactory(shipment=shipment)
    response = staff_client.post(step(shipment, "pack"), {"pack-on": TODAY.isoformat()})
    assert response.status_code == 302
    data = {
        "dispatch-on": TODAY.isoformat(),
        "dispatch-method": "air",
        "dispatch-tracking_number": "RR123456789CN",
        "dispatch-note": "Two boxes",
    }
    response = staff_client.post(step(shipment, "dispatch"), data)
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.status, shipment.dispatched_on, shipment.counted_on) == (
        "dispatched",
        TODAY,
        TODAY,
    )
    assert (shipment.method, shipment.tracking_number) == ("air", "RR123456789CN")
    events = list(shipment.events.values_list("status", "note", "user"))
    assert events == [("packed", "", staff_user.pk), ("dispatched", "Two boxes", staff_user.pk)]
    follow = staff_client.get(response["Location"]).content.decode()
    assert "is now dispatched" in follow


def test_the_confirmation_page_works_without_javascript(staff_client):
    shipment = ShipmentFactory(status="packed")
    page = staff_client.get(step(shipment, "dispatch")).content.decode()
    assert 'name="dispatch-on"' in page
    assert 'name="dispatch-tracking_number"' in page
    assert "counts in the balance of exchange" in page


def test_a_dispatch_date_in_the_future_is_refused_on_its_field(staff_client):
    shipment = ShipmentFactory(status="packed")
    response = staff_client.post(
        step(shipment, "dispatch"), {"dispatch-on": TOMORROW.isoformat(), "dispatch-method": "air"}
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.context["form"].errors["on"]
    shipment.refresh_from_db()
    assert shipment.status == "packed"
    assert not shipment.events.exists()


def test_dispatch_is_refused_when_a_valued_item_has_no_rate_on_that_date(staff_client):
    shipment = ShipmentFactory(status="packed")
    ItemFactory(shipment=shipment, unit_value=Decimal(3), currency="JPY")
    response = staff_client.post(
        step(shipment, "dispatch"), {"dispatch-on": TODAY.isoformat(), "dispatch-method": "air"}
    )
    message = f"There is no exchange rate for JPY on {TODAY.isoformat()}. Add one first."
    assert message in response.content.decode()
    shipment.refresh_from_db()
    assert (shipment.status, shipment.dispatched_on) == ("packed", None)


def test_a_step_not_allowed_from_the_status_is_refused_with_a_message(staff_client):
    shipment = ShipmentFactory(status="draft")
    response = staff_client.post(step(shipment, "deliver"), {"deliver-on": TODAY.isoformat()})
    assert response.status_code == 302
    follow = staff_client.get(response["Location"]).content.decode()
    assert "A shipment that is draft cannot be changed by “Mark delivered”." in follow
    shipment.refresh_from_db()
    assert shipment.status == "draft"


def test_a_step_of_the_other_direction_is_refused(staff_client):
    shipment = ShipmentFactory(direction="incoming", status="expected", reference="IN-1")
    response = staff_client.post(step(shipment, "pack"), {"pack-on": TODAY.isoformat()})
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == "expected"


def test_an_unknown_step_is_not_found(staff_client):
    shipment = ShipmentFactory()
    assert staff_client.post(step(shipment, "teleport"), {}).status_code == 404


def test_an_incoming_shipment_is_received_then_acknowledged(staff_client):
    shipment = ShipmentFactory(direction="incoming", status="expected", reference="IN-2")
    ItemFactory(shipment=shipment)
    staff_client.post(step(shipment, "receive"), {"receive-on": TODAY.isoformat()})
    staff_client.post(step(shipment, "confirm"), {"confirm-on": TODAY.isoformat()})
    shipment.refresh_from_db()
    assert (shipment.status, shipment.received_on, shipment.acknowledged_on) == (
        "acknowledged",
        TODAY,
        TODAY,
    )


# ---- printed documents ----


def test_the_dispatch_note_is_addressed_from_the_partners_records(staff_client):
    partner = PartnerFactory(code="GB-BL", name="British Library")
    AddressFactory(partner=partner, kind="postal", lines="PO Box 1")
    AddressFactory(partner=partner, kind="shipping", lines="Boston Spa", postcode="LS23 7BQ")
    ContactFactory(partner=partner, name="Jane Smith", role="Exchange librarian")
    shipment = sent(partner, datetime.date(2025, 5, 1), tracking_number="RR1CN")
    ItemFactory(shipment=shipment, title="Shiji", quantity=2)
    page = staff_client.get(reverse("shipments:dispatch_note", args=[shipment.reference]))
    text = page.content.decode()
    assert "Boston Spa" in text
    assert "PO Box 1" not in text
    assert "UNITED KINGDOM" in text
    assert "Jane Smith" in text
    assert "Shiji" in text
    assert "National Library of China" in text
    assert "中国国家图书馆" in text
    assert "css/print.css" in text
    assert "data-print" in text


def test_the_acknowledgement_letter_thanks_the_partner_for_what_arrived(staff_client):
    partner = PartnerFactory()
    ContactFactory(partner=partner, name="Dr Müller")
    shipment = received(partner, datetime.date(2025, 5, 2))
    ItemFactory.create_batch(3, shipment=shipment)
    text = staff_client.get(
        reverse("shipments:acknowledgement", args=[shipment.reference])
    ).content.decode()
    assert "Dear Dr Müller," in text
    assert "2025-05-02" in text
    assert "3 titles" in text


def test_documents_exist_only_for_their_direction_and_status(staff_client):
    expected = ShipmentFactory(direction="incoming", status="expected", reference="IN-3")
    outgoing = ShipmentFactory()
    assert (
        staff_client.get(
            reverse("shipments:acknowledgement", args=[expected.reference])
        ).status_code
        == 404
    )
    assert (
        staff_client.get(
            reverse("shipments:acknowledgement", args=[outgoing.reference])
        ).status_code
        == 404
    )
    assert (
        staff_client.get(reverse("shipments:dispatch_note", args=[expected.reference])).status_code
        == 404
    )


@pytest.mark.parametrize("count", [2, 20])
def test_documents_run_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    partner = PartnerFactory()
    AddressFactory.create_batch(2, partner=partner)
    ContactFactory.create_batch(2, partner=partner)
    shipment = sent(partner, datetime.date(2025, 1, 1))
    ItemFactory.create_batch(count, shipment=shipment)
    # session, user, user permissions, group permissions; the shipment with its
    # partner, its items, the partner's addresses and contacts; role (groups)
    with django_assert_num_queries(9):
        staff_client.get(reverse("shipments:dispatch_note", args=[shipment.reference]))


# ---- the ISBN check ----


def test_the_isbn_check_answers_with_the_hyphenated_form(staff_client):
    answer = json.loads(
        staff_client.get(reverse("shipments:check_isbn"), {"isbn": "9787101003130"}).content
    )
    assert answer == {"valid": True, "isbn": "9787101003130", "formatted": "978-7-101-00313-0"}


def test_the_isbn_check_says_what_is_wrong(staff_client):
    answer = json.loads(
        staff_client.get(reverse("shipments:check_isbn"), {"isbn": BAD_ISBN}).content
    )
    assert answer["valid"] is False
    assert "the check digit is wrong" in answer["message"]


def test_the_isbn_check_needs_sign_in(anon_client):
    response = anon_client.get(reverse("shipments:check_isbn"), {"isbn": "9787101003130"})
    assert response.status_code == 302
