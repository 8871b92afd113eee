"""Our wants' pages (list, form, import, export, wanted titles on offer), as each role."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.offers import files
from exchange.offers.models import PartnerOffer, PartnerOfferLine, Want
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

LIST = reverse("offers:want_list")
NEW = reverse("offers:want_create")
IMPORT = reverse("offers:want_import")
EXPORT = reverse("offers:want_export")
ON_OFFER = reverse("offers:wants_on_offer")


def form_data(**values) -> dict:
    data = {
        "title": "",
        "author": "",
        "year": "",
        "isbn": "",
        "issn": "",
        "subject": "",
        "country": "",
        "note": "",
    }
    return {**data, **values}


def offer(partner=None, status="open", lines=()):
    """A partner's offer with lines, each a dict of PartnerOfferLine fields."""
    made = PartnerOffer.objects.create(
        partner=partner or PartnerFactory(),
        title="Duplicates",
        received_on=datetime.date(2026, 5, 1),
        status=status,
    )
    for number, line in enumerate(lines, start=1):
        PartnerOfferLine.objects.create(offer=made, number=number, **line)
    return made


# Who may see what ------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, NEW, IMPORT, EXPORT + "?format=csv", ON_OFFER])
def test_the_pages_ask_anonymous_users_to_sign_in(anon_client, url):
    response = anon_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_users_cannot_open_a_want(anon_client):
    want = Want.objects.create(title="Lost")
    assert anon_client.get(reverse("offers:want_edit", args=[want.pk])).status_code == 302


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_the_lists_and_the_export(clients, role):
    Want.objects.create(title="Old maps of Lhasa")
    response = clients[role].get(LIST)
    assert response.status_code == 200
    assert "Old maps of Lhasa" in response.text
    assert (NEW in response.text) == (role != "head")
    assert clients[role].get(EXPORT, {"format": "xlsx"}).status_code == 200
    assert clients[role].get(ON_OFFER).status_code == 200


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_administrators_open_the_forms(clients, role):
    want = Want.objects.create(subject="Tibet")
    assert clients[role].get(NEW).status_code == 200
    assert clients[role].get(reverse("offers:want_edit", args=[want.pk])).status_code == 200
    assert clients[role].get(IMPORT).status_code == 200


def test_department_heads_may_not_change_the_wants(head_client):
    want = Want.objects.create(subject="Tibet")
    assert head_client.get(NEW).status_code == 403
    assert head_client.post(NEW, form_data(subject="Art")).status_code == 403
    edit = reverse("offers:want_edit", args=[want.pk])
    assert head_client.post(edit, form_data(subject="Art")).status_code == 403
    assert head_client.get(IMPORT).status_code == 403
    assert list(Want.objects.values_list("subject", flat=True)) == ["Tibet"]


# The list --------------------------------------------------------------------------


def _titles(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [str(want) for want in response.context["object_list"]]


def test_the_list_filters_and_sorts(staff_client):
    Want.objects.create(title="Atlas of Tibet", subject="Geography", country="CN", year=1990)
    Want.objects.create(title="Birds of Wales", author="Evans", country="GB", year=2001)
    Want.objects.create(isbn="9787020002207", subject="Novels")
    assert _titles(staff_client, q="evans") == ["Birds of Wales"]
    assert _titles(staff_client, q="978-7-02-000220-7") == ["9787020002207"]
    assert _titles(staff_client, subject="geo") == ["Atlas of Tibet"]
    assert _titles(staff_client, country="gb") == ["Birds of Wales"]
    newest_first = ["Birds of Wales", "Atlas of Tibet", "9787020002207"]
    assert _titles(staff_client, sort="-year") == newest_first
    assert _titles(staff_client, sort="-subject") == [
        "9787020002207",
        "Atlas of Tibet",
        "Birds of Wales",
    ]


def test_the_list_pages_by_fifty(staff_client):
    Want.objects.bulk_create([Want(title=f"Want {n:02d}") for n in range(51)])
    assert len(staff_client.get(LIST).context["object_list"]) == 50
    assert len(staff_client.get(LIST, {"page": 2}).context["object_list"]) == 1


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_takes_the_same_queries_whatever_its_length(
    staff_client, django_assert_num_queries, rows
):
    Want.objects.bulk_create([Want(title=f"Want {n}", country="FR") for n in range(rows)])
    # session, user, the user's permissions (groups), the count, the page.
    with django_assert_num_queries(5):
        response = staff_client.get(LIST)
    assert len(response.context["object_list"]) == rows


# The form --------------------------------------------------------------------------


def test_staff_add_a_want_by_isbn_stored_compact(staff_client, staff_user):
    response = staff_client.post(NEW, form_data(isbn="978-7-02-000220-7", issn="0317-8471"))
    assert response.status_code == 302
    assert response.url == LIST
    want = Want.objects.get()
    assert (want.isbn, want.issn) == ("9787020002207", "03178471")
    assert want.history.get().history_user == staff_user


def test_staff_edit_a_want(staff_client):
    want = Want.objects.create(title="Old")
    response = staff_client.post(
        reverse("offers:want_edit", args=[want.pk]),
        form_data(title="New", author="Lu Xun", year="1921", country="CN"),
    )
    assert response.status_code == 302
    want.refresh_from_db()
    assert (want.title, want.author, want.year, want.country.code) == ("New", "Lu Xun", 1921, "CN")


def test_a_want_that_says_nothing_is_refused(staff_client):
    response = staff_client.post(NEW, form_data(author="Somebody", year="2000", note="?"))
    assert response.status_code == 200
    assert "Say what is wanted" in " ".join(response.context["form"].non_field_errors())
    assert "Say what is wanted" in response.text
    assert not Want.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("isbn", "978-7-02-000220-8", "is not a valid ISBN"),
        ("issn", "1234-5678", "is not a valid ISSN"),
        ("year", "99", "between 1000 and 2999"),
        ("country", "ZZ", "Select a valid choice"),
    ],
)
def test_a_bad_want_is_refused_on_its_field(staff_client, field, value, message):
    response = staff_client.post(NEW, form_data(title="Something", **{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Want.objects.exists()


# The import and the export --------------------------------------------------------

HEADER = ",".join(files.WANT_COLUMNS)


def test_the_import_page_names_the_columns(staff_client):
    assert ", ".join(files.WANT_COLUMNS) in staff_client.get(IMPORT).text


def test_a_good_file_of_wants_is_imported(staff_client):
    text = "\n".join([HEADER, "Atlas,,1990,,,,,", ",,,9787020002207,,,,", ",,,,,Art,FR,"])
    upload = SimpleUploadedFile("wants.csv", text.encode())
    response = staff_client.post(IMPORT, {"file": upload, "encoding": "utf-8"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "3 wants were imported." in response.text
    assert Want.objects.count() == 3


def test_a_file_of_wants_read_as_gb18030(staff_client):
    text = "\n".join([HEADER, "红楼梦,曹雪芹,1982,,,,CN,"])
    upload = SimpleUploadedFile("wants.csv", text.encode("gb18030"))
    response = staff_client.post(IMPORT, {"file": upload, "encoding": "gb18030"})
    assert response.status_code == 302
    assert Want.objects.get().title == "红楼梦"


def test_a_file_of_wants_with_problems_writes_nothing(staff_client):
    text = "\n".join([HEADER, "Atlas,,1990,,,,,", ",Nobody,,,,,,", "X,,,,,,QQ,"])
    upload = SimpleUploadedFile("wants.csv", text.encode())
    response = staff_client.post(IMPORT, {"file": upload, "encoding": "utf-8"})
    assert response.status_code == 200
    problems = [str(problem) for problem in response.context["result"].problems]
    assert any(problem.startswith("row 3, column title:") for problem in problems)
    assert any(problem.startswith("row 4, column country:") for problem in problems)
    assert "row 4, column country:" in response.text
    assert not Want.objects.exists()


def test_check_only_writes_no_want(staff_client):
    upload = SimpleUploadedFile("wants.csv", "\n".join([HEADER, "Atlas,,,,,,,"]).encode())
    response = staff_client.post(IMPORT, {"file": upload, "encoding": "utf-8", "dry_run": "on"})
    assert response.status_code == 200
    assert "1 row would be imported" in response.text
    assert not Want.objects.exists()


def test_the_export_is_the_filtered_list_and_imports_again(staff_client):
    Want.objects.create(title="Atlas, new edition", year=1990, country="CN", note="=x")
    Want.objects.create(isbn="9787020002207", subject="Novels")
    Want.objects.create(title="Elsewhere", country="GB")
    response = staff_client.get(EXPORT, {"format": "csv", "q": "atlas"})
    content = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert [(row["title"], row["country"]) for row in rows] == [("Atlas, new edition", "CN")]

    everything = b"".join(staff_client.get(EXPORT, {"format": "csv"}).streaming_content)
    before = sorted(files.want_values(want) for want in Want.objects.all())
    Want.objects.all().delete()
    result = files.import_wants(io.BytesIO(everything), "wants.csv")
    assert not result.problems, [str(problem) for problem in result.problems]
    assert sorted(files.want_values(want) for want in Want.objects.all()) == before


# Wanted titles on offer ------------------------------------------------------------


def test_wanted_titles_on_offer_are_the_matching_lines_of_open_offers(staff_client):
    by_isbn = Want.objects.create(isbn="702000220X", title="Dream")
    by_title = Want.objects.create(title="Le Monde diplomatique!", year=2020)
    Want.objects.create(subject="Art")  # matches no line: no identifier, no title
    partner = PartnerFactory(code="FR-BNF")
    open_offer = offer(
        partner,
        lines=[
            {"title": "Dream of the Red Chamber", "isbn": "9787020002207", "marked": True},
            {"title": "le monde  diplomatique", "year": 2020},
            {"title": "Le Monde diplomatique", "year": 2019},
            {"title": "Not wanted", "isbn": "9780306406157"},
        ],
    )
    offer(status="requested", lines=[{"title": "Dream", "isbn": "9787020002207"}])
    response = staff_client.get(ON_OFFER)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(line.number, wants) for line, wants in rows] == [(1, [by_isbn]), (2, [by_title])]
    assert reverse("offers:partner_offer_detail", args=[open_offer.pk]) in response.text
    assert "FR-BNF" in response.text
    assert "978-7-02-000220-7" in response.text


def test_a_line_matching_several_wants_names_each(staff_client):
    first = Want.objects.create(isbn="9787020002207")
    second = Want.objects.create(title="Dream", year=1982)
    offer(lines=[{"title": "Dream", "year": 1982, "isbn": "9787020002207"}])
    rows = staff_client.get(ON_OFFER).context["rows"]
    assert [set(wants) for _line, wants in rows] == [{first, second}]


@pytest.mark.parametrize("rows", [2, 20])
def test_wanted_titles_on_offer_take_the_same_queries_whatever_their_number(
    staff_client, django_assert_num_queries, rows
):
    for n in range(rows):
        Want.objects.create(title=f"Wanted {n}", year=2000)
    for n in range(rows):
        offer(lines=[{"title": f"Wanted {n}", "year": 2000}])
    # session, user, the user's permissions (groups), the wants, the lines.
    with django_assert_num_queries(5):
        response = staff_client.get(ON_OFFER)
    assert len(response.context["rows"]) == rows
