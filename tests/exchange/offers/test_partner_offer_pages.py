"""Partners' offers through the pages: upload (all or nothing), the marks "wanted" and
"already received", marking, the request (an expected shipment and its letter), as
each role."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.offers.models import PartnerOffer, PartnerOfferLine, Want
from shipments.models import Shipment
from tests.factories import ItemFactory, PartnerFactory, received

pytestmark = pytest.mark.django_db

UPLOAD = reverse("offers:partner_offer_upload")
HEADER = "title,author,isbn,issn,material_type,language,year,quantity,pages,unit_value,currency"


def csv_file(*rows, name="offer.csv"):
    content = "\n".join([HEADER, *rows]).encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


def upload(client, partner, *rows):
    return client.post(
        UPLOAD,
        {
            "partner": partner.code,
            "title": "Duplicates, spring 2026",
            "received_on": "2026-04-01",
            "file": csv_file(*rows),
            "encoding": "utf-8",
        },
    )


def offer_with(partner, *titles):
    offer = PartnerOffer.objects.create(
        partner=partner, title="Offer", received_on=datetime.date(2026, 4, 1)
    )
    for number, (title, year, isbn) in enumerate(titles, start=1):
        PartnerOfferLine.objects.create(
            offer=offer, number=number, title=title, year=year, isbn=isbn
        )
    return offer


def test_staff_upload_a_partners_list(staff_client):
    partner = PartnerFactory(code="FR-BNF")
    response = upload(
        staff_client,
        partner,
        "Les Misérables,Victor Hugo,9782070409228,,monograph,fre,1995,2,1500,,",
        "Revue historique,,,0035-3264,serial,fre,2024,,120,,",
    )
    offer = PartnerOffer.objects.get()
    assert response.status_code == 302 and response["Location"] == offer.get_absolute_url()
    assert offer.partner == partner and offer.uploaded_by.username == "staff"
    lines = list(offer.lines.order_by("number"))
    assert [(line.number, line.title, line.quantity) for line in lines] == [
        (1, "Les Misérables", 2),
        (2, "Revue historique", 1),  # an empty quantity is one copy
    ]
    assert lines[1].issn == "00353264"


def test_a_list_with_a_problem_leaves_nothing(staff_client):
    response = upload(
        staff_client,
        PartnerFactory(),
        "Good title,,,,,,2020,1,,,",
        ",,9782070409220,,,,2020,1,,,",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "row 3, column title: This cell cannot be empty." in page
    assert "row 3, column isbn:" in page
    assert not PartnerOffer.objects.exists() and not PartnerOfferLine.objects.exists()


def test_a_file_of_another_kind_is_refused_on_its_field(staff_client):
    response = staff_client.post(
        UPLOAD,
        {
            "partner": PartnerFactory().code,
            "title": "Offer",
            "received_on": "2026-04-01",
            "file": SimpleUploadedFile("offer.pdf", b"%PDF"),
        },
    )
    assert "Choose a .csv or an .xlsx file." in response.content.decode()
    assert not PartnerOffer.objects.exists()


def test_each_line_says_whether_we_want_it_or_already_received_it(head_client):
    partner = PartnerFactory()
    Want.objects.create(isbn="7101003044")  # an ISBN-10: the line has its ISBN-13
    shipment = received(PartnerFactory(), datetime.date(2025, 5, 1))
    ItemFactory(shipment=shipment, title="Çağdaş Türk Şiiri", year=2019, isbn="")
    offer = offer_with(
        partner,
        ("Shiji", 1959, "9787101003048"),
        ("Cagdas turk siiri!", 2019, ""),
        ("Cagdas turk siiri", 2020, ""),  # another year: another book
    )
    page = head_client.get(offer.get_absolute_url()).content.decode()
    rows = page.split("<tbody>")[1].split("</tr>")
    assert "badge--wanted" in rows[0] and "badge--received" not in rows[0]
    assert "badge--received" in rows[1] and "badge--wanted" not in rows[1]
    assert "badge--" not in rows[2].replace("badge--open", "")
    assert 'name="marked"' not in page  # heads see, staff mark


def test_staff_mark_and_request_the_titles_then_print_the_letter(staff_client):
    partner = PartnerFactory(code="DE-DNB")
    offer = offer_with(partner, ("Wanted one", 2020, ""), ("Not this", 2021, ""))
    wanted = offer.lines.get(number=1)
    response = staff_client.post(offer.get_absolute_url(), {"marked": [str(wanted.pk)]})
    assert response.status_code == 302
    assert list(offer.lines.filter(marked=True)) == [wanted]
    response = staff_client.post(reverse("offers:partner_offer_request", args=[offer.pk]))
    assert response["Location"] == reverse("offers:partner_offer_letter", args=[offer.pk])
    shipment = Shipment.objects.get()
    assert (shipment.direction, shipment.status, shipment.partner) == (
        "incoming",
        "expected",
        partner,
    )
    assert list(shipment.items.values_list("title", flat=True)) == ["Wanted one"]
    letter = staff_client.get(response["Location"]).content.decode()
    assert "Wanted one" in letter and "Not this" not in letter
    assert shipment.reference in letter
    again = staff_client.post(reverse("offers:partner_offer_request", args=[offer.pk]))
    assert Shipment.objects.count() == 1
    assert "already requested" in staff_client.get(again["Location"]).content.decode()


def test_nothing_marked_cannot_be_requested(staff_client):
    offer = offer_with(PartnerFactory(), ("A title", 2020, ""))
    response = staff_client.post(
        reverse("offers:partner_offer_request", args=[offer.pk]), follow=True
    )
    assert "Mark the titles we want first." in response.content.decode()
    assert not Shipment.objects.exists()


def test_who_may_do_what(clients):
    offer = offer_with(PartnerFactory(), ("A title", 2020, ""))
    line = offer.lines.get()
    pages = [
        reverse("offers:partner_offers"),
        offer.get_absolute_url(),
        reverse("offers:partner_offer_letter", args=[offer.pk]),
    ]
    for role in ("staff", "head", "admin"):
        for page in pages:
            assert clients[role].get(page).status_code == 200, (role, page)
    assert clients["staff"].get(UPLOAD).status_code == 200
    assert clients["head"].get(UPLOAD).status_code == 403
    assert clients["head"].post(offer.get_absolute_url(), {"marked": [line.pk]}).status_code == 403
    request = reverse("offers:partner_offer_request", args=[offer.pk])
    assert clients["head"].post(request).status_code == 403
    assert not PartnerOfferLine.objects.filter(marked=True).exists()
    for page in [*pages, UPLOAD]:
        response = clients["anonymous"].get(page)
        assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    for _ in range(count):
        offer_with(PartnerFactory(), ("A title", 2020, ""))
    # session, user, permissions and groups, the count, the page (partners, counts)
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("offers:partner_offers"))
    assert response.context["paginator"].count == count


def test_the_page_of_an_offer_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries
):
    few = offer_with(PartnerFactory(), *[(f"Title {n}", 2020, "") for n in range(2)])
    many = offer_with(PartnerFactory(), *[(f"Title {n}", 2020, "") for n in range(20)])
    # session, user, permissions and groups, the offer, its lines, the wants, what we
    # received of their years (and of their identifiers, had they any)
    for offer in (few, many):
        with django_assert_num_queries(7):
            staff_client.get(offer.get_absolute_url())


def test_the_request_button_takes_the_boxes_as_ticked(staff_client):
    offer = offer_with(PartnerFactory(), ("Ticked", 2020, ""), ("Not ticked", 2021, ""))
    ticked = offer.lines.get(number=1)
    request = reverse("offers:partner_offer_request", args=[offer.pk])
    staff_client.post(request, {"marked": [str(ticked.pk)], "request": "1"})
    shipment = Shipment.objects.get()
    assert list(shipment.items.values_list("title", flat=True)) == ["Ticked"]
    assert list(offer.lines.filter(marked=True)) == [ticked]
