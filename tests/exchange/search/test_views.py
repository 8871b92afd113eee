"""The search page: partners, shipments and agreements found, grouped and counted, with
a link to all of them in their list; as each role; its queries do not grow with data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AgreementFactory, ItemFactory, PartnerFactory, ShipmentFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("search:results")


@pytest.fixture
def world(db):
    ndl = PartnerFactory(
        code="JP-NDL", name="National Diet Library", name_zh="日本国立国会图书馆", country="JP"
    )
    PartnerFactory(code="JP-KUL", name="Kyoto University Library", country="JP", city="Kyoto")
    bl = PartnerFactory(code="GB-BL", name="British Library", country="GB")
    ShipmentFactory(reference="OUT-2026-00001", partner=ndl, tracking_number="RR123456789CN")
    shipment = ShipmentFactory(
        reference="IN-2026-00007", direction="incoming", status="expected", partner=bl
    )
    ItemFactory(shipment=shipment, title="Tokyo in the Meiji era", isbn="9784061596108")
    ItemFactory(
        shipment=ShipmentFactory(reference="OUT-2026-00002", partner=bl),
        title="Serial",
        isbn="",
        issn="03785955",
    )
    AgreementFactory(
        title="Executive programme of cultural exchange with Japan",
        title_zh="中日文化交流执行计划",
        reference="CN-JP-2025",
        countries=["JP"],
    )


def groups(response) -> dict:
    return {group.key: group for group in response.context["groups"]}


def found(response, key) -> list[str]:
    group = groups(response)[key]
    return [getattr(row, "code", None) or getattr(row, "reference", None) for row in group.rows]


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_finds_partners_shipments_and_agreements(world, clients, role):
    response = clients[role].get(SEARCH, {"q": "Japan"})
    assert response.status_code == 200
    assert sorted(found(response, "partners")) == ["JP-KUL", "JP-NDL"]
    assert groups(response)["agreements"].count == 1
    page = response.content.decode()
    assert "Executive programme of cultural exchange with Japan" in page
    assert f'href="{reverse("partners:list")}?q=Japan"' in page


def test_anonymous_users_are_sent_to_sign_in(world, anon_client):
    response = anon_client.get(SEARCH, {"q": "Japan"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("text", "references"),
    [
        ("OUT-2026-00001", ["OUT-2026-00001"]),
        ("rr123456789cn", ["OUT-2026-00001"]),  # the tracking number, in any case
        ("978-4-06-159610-8", ["IN-2026-00007"]),  # an ISBN-13 with hyphens
        ("4-06-159610-X", []),  # an ISBN-10 with a wrong check digit is only text
        ("0378-5955", ["OUT-2026-00002"]),  # an ISSN
        ("meiji", ["IN-2026-00007"]),  # an item's title
    ],
)
def test_shipments_are_found_by_reference_tracking_number_isbn_issn_or_title(
    world, staff_client, text, references
):
    response = staff_client.get(SEARCH, {"q": text})
    assert found(response, "shipments") == references


def test_an_isbn_10_finds_the_item_stored_as_isbn_13(world, staff_client):
    response = staff_client.get(SEARCH, {"q": "4-06-159610-1"})
    assert found(response, "shipments") == ["IN-2026-00007"]


@pytest.mark.parametrize("text", ["中日文化", "CN-JP-2025", "cultural exchange", "日本"])
def test_agreements_are_found_by_title_in_either_language_reference_or_country(
    world, head_client, text
):
    response = head_client.get(SEARCH, {"q": text})
    assert groups(response)["agreements"].count == 1


def test_the_chinese_search_finds_in_chinese(world, staff_client):
    staff_client.cookies["django_language"] = "zh-hans"
    response = staff_client.get(SEARCH, {"q": "日本"})
    assert sorted(found(response, "partners")) == ["JP-KUL", "JP-NDL"]
    assert "日本国立国会图书馆" in response.content.decode()


def test_each_group_shows_its_first_ten_and_links_to_all_of_them(staff_client):
    PartnerFactory.create_batch(12, country="FR")
    response = staff_client.get(SEARCH, {"q": "France"})
    partners = groups(response)["partners"]
    assert (partners.count, len(partners.rows)) == (12, 10)
    page = response.content.decode()
    assert "All 12 in the list" in page
    listed = staff_client.get(partners.all_url)
    assert listed.context["paginator"].count == 12


@pytest.mark.parametrize("text", ["", "   ", "x" * 70000, "GB\x00", "%", "'\""])
def test_any_text_is_answered(world, staff_client, text):
    response = staff_client.get(SEARCH, {"q": text})
    assert response.status_code in (200, 404)  # a NUL is a 404 before the view
    if response.status_code == 200 and not text.strip():
        assert response.context["groups"] == []


def test_nothing_found_says_so(world, staff_client):
    response = staff_client.get(SEARCH, {"q": "Atlantis"})
    assert "Nothing found for “Atlantis”." in response.content.decode()


def test_the_search_box_is_on_every_page_for_signed_in_users(world, clients):
    for role in ("staff", "head", "admin"):
        page = clients[role].get(reverse("dashboard")).content.decode()
        assert 'id="site-search"' in page and 'aria-keyshortcuts="/"' in page
        assert '<label for="site-search"' in page
    assert 'id="site-search"' not in clients["anonymous"].get(reverse("login")).content.decode()


def test_the_page_costs_the_same_queries_with_ten_times_the_records(
    staff_client, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            partner = PartnerFactory(country="JP")
            ItemFactory(
                shipment=ShipmentFactory(partner=partner, tracking_number=f"JP{i}"),
                title=f"Japan {i}",
            )
            AgreementFactory(title=f"Japan agreement {i}", countries=["JP"])

    def search():
        # session, user, the user's permissions and groups; per group (partners,
        # shipments, agreements) a count and the first ten: 9.
        with django_assert_num_queries(9):
            response = staff_client.get(SEARCH, {"q": "Japan"})
        assert all(group.count for group in response.context["groups"])

    add(3)
    search()
    add(27)
    search()


def test_the_search_page_of_the_header_keeps_the_text(world, staff_client):
    page = staff_client.get(SEARCH, {"q": "Japan"}).content.decode()
    assert 'id="site-search" type="search" name="q" value="Japan"' in page


def test_a_date_is_shown_iso(world, staff_client):
    today = timezone.localdate().isoformat()
    assert today in staff_client.get(SEARCH, {"q": "OUT-2026-00001"}).content.decode()
