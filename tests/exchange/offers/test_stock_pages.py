"""The exchange stock's pages (list, form, import, export), as each role."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.offers import files, services
from exchange.offers.models import StockItem
from tests.factories import (
    ItemFactory,
    PartnerFactory,
    StockItemFactory,
    offer_list_with,
    valid_isbn,
)

pytestmark = pytest.mark.django_db

LIST = reverse("offers:stock_list")
NEW = reverse("offers:stock_create")
IMPORT = reverse("offers:stock_import")
EXPORT = reverse("offers:stock_export")


def reserve(item, copies: int):
    """A partner's selection holding `copies` of the title."""
    offer_list = offer_list_with(item)
    services.place_selection(
        offer_list=offer_list,
        partner=PartnerFactory(),
        asked=[services.Asked(offer_list.lines.get(), copies)],
        source="email",
    )


def form_data(**values) -> dict:
    data = {
        "title": "Dream of the Red Chamber",
        "author": "Cao Xueqin",
        "publisher": "",
        "isbn": "",
        "issn": "",
        "material_type": "monograph",
        "language": "zho",
        "year": "2020",
        "pages": "300",
        "unit_value": "",
        "currency": "",
        "subject": "Literature",
        "copies": "4",
        "note": "",
    }
    return {**data, **values}


def csv_file(text: str, name: str = "stock.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


STOCK_HEADER = ",".join(files.STOCK_COLUMNS)


def stock_row(**values) -> str:
    row = dict.fromkeys(files.STOCK_COLUMNS, "")
    row.update(material_type="monograph", pages="0", unit_value="0")
    row.update(values)
    return ",".join(str(row[name]) for name in files.STOCK_COLUMNS)


# Who may see what ------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, NEW, IMPORT, EXPORT + "?format=csv"])
def test_the_pages_ask_anonymous_users_to_sign_in(anon_client, url):
    response = anon_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_users_cannot_open_a_title(anon_client):
    item = StockItemFactory()
    response = anon_client.get(reverse("offers:stock_edit", args=[item.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_the_list_and_the_export(clients, role):
    StockItemFactory(title="Tea classics")
    response = clients[role].get(LIST)
    assert response.status_code == 200
    assert "Tea classics" in response.text
    may_add = role != "head"
    assert (NEW in response.text) == may_add
    assert (IMPORT in response.text) == may_add
    assert clients[role].get(EXPORT, {"format": "csv"}).status_code == 200


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_administrators_open_the_forms(clients, role):
    item = StockItemFactory()
    assert clients[role].get(NEW).status_code == 200
    assert clients[role].get(reverse("offers:stock_edit", args=[item.pk])).status_code == 200
    assert clients[role].get(IMPORT).status_code == 200


def test_department_heads_may_not_change_the_stock(head_client):
    item = StockItemFactory(copies=3)
    assert head_client.get(NEW).status_code == 403
    assert head_client.post(NEW, form_data()).status_code == 403
    edit = reverse("offers:stock_edit", args=[item.pk])
    assert head_client.get(edit).status_code == 403
    assert head_client.post(edit, form_data(copies="9")).status_code == 403
    assert head_client.get(IMPORT).status_code == 403
    item.refresh_from_db()
    assert item.copies == 3
    assert StockItem.objects.count() == 1


# The list --------------------------------------------------------------------------


def _titles(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [item.title for item in response.context["object_list"]]


def test_the_list_shows_copies_reserved_and_available(staff_client):
    item = StockItemFactory(title="Reserved", copies=5, isbn="9787020002207")
    reserve(item, 2)
    response = staff_client.get(LIST)
    row = response.context["object_list"][0]
    assert (row.copies, row.reserved, row.available) == (5, 2, 3)
    assert "978-7-02-000220-7" in response.text
    assert reverse("offers:stock_edit", args=[item.pk]) in response.text


def test_the_list_filters(staff_client):
    StockItemFactory(
        title="Peking opera", author="Mei Lanfang", subject="Theatre", language="zho", year=1990
    )
    StockItemFactory(
        title="Silk roads", isbn=valid_isbn(7), subject="History", language="eng", year=2015,
        material_type="map",
    )  # fmt: skip
    StockItemFactory(title="Gone", copies=0, year=2020)
    assert _titles(staff_client, q="lanfang") == ["Peking opera"]
    assert _titles(staff_client, q=valid_isbn(7)[:6] + "-" + valid_isbn(7)[6:]) == ["Silk roads"]
    assert _titles(staff_client, subject="theat") == ["Peking opera"]
    assert _titles(staff_client, language="ENG") == ["Silk roads"]
    assert _titles(staff_client, year=1990) == ["Peking opera"]
    assert _titles(staff_client, year_from=2000) == ["Gone", "Silk roads"]
    assert _titles(staff_client, year_from=2000, year_to=2016) == ["Silk roads"]
    assert _titles(staff_client, material_type="map") == ["Silk roads"]
    assert _titles(staff_client, availability="none") == ["Gone"]
    assert _titles(staff_client, availability="available") == ["Peking opera", "Silk roads"]


def test_the_availability_filter_counts_the_reserved_copies(staff_client):
    taken = StockItemFactory(title="Taken", copies=2)
    reserve(taken, 2)
    StockItemFactory(title="Free", copies=2)
    assert _titles(staff_client, availability="none") == ["Taken"]
    assert _titles(staff_client, availability="available") == ["Free"]


def test_the_list_sorts(staff_client):
    StockItemFactory(title="B", year=2001, copies=1)
    StockItemFactory(title="A", year=2003, copies=9)
    StockItemFactory(title="C", year=2002, copies=5)
    assert _titles(staff_client) == ["A", "B", "C"]
    assert _titles(staff_client, sort="-title") == ["C", "B", "A"]
    assert _titles(staff_client, sort="year") == ["B", "C", "A"]
    assert _titles(staff_client, sort="-copies") == ["A", "C", "B"]
    assert _titles(staff_client, sort="-available") == ["A", "C", "B"]
    assert _titles(staff_client, sort="nonsense") == ["A", "B", "C"]


def test_the_list_ignores_an_invalid_filter(staff_client):
    StockItemFactory(title="Kept")
    response = staff_client.get(LIST, {"year": "abc"})
    assert response.status_code == 200
    assert [item.title for item in response.context["object_list"]] == ["Kept"]


def test_the_list_pages_by_fifty(staff_client):
    StockItemFactory.create_batch(51)
    response = staff_client.get(LIST)
    assert len(response.context["object_list"]) == 50
    assert len(staff_client.get(LIST, {"page": 2}).context["object_list"]) == 1


def test_the_export_links_keep_the_filters(staff_client):
    response = staff_client.get(LIST, {"q": "tea", "page": "1"})
    assert f"{EXPORT}?q=tea&amp;format=csv" in response.text


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_takes_the_same_queries_whatever_its_length(
    staff_client, django_assert_num_queries, rows
):
    for item in StockItemFactory.create_batch(rows):
        reserve(item, 1)
    # session, user, the user's permissions (groups), the count, the page.
    with django_assert_num_queries(5):
        response = staff_client.get(LIST, {"sort": "-available"})
    assert len(response.context["object_list"]) == rows


# The form --------------------------------------------------------------------------


def test_staff_add_a_title(staff_client, staff_user):
    response = staff_client.post(NEW, form_data(isbn="978-7-02-000220-7", issn="0317-8471"))
    assert response.status_code == 302
    assert response.url == LIST
    item = StockItem.objects.get()
    assert (item.title, item.isbn, item.issn, item.copies) == (
        "Dream of the Red Chamber",
        "9787020002207",
        "03178471",
        4,
    )
    assert item.history.get().history_user == staff_user


def test_staff_edit_a_title(staff_client):
    item = StockItemFactory(title="Old", copies=1)
    response = staff_client.post(
        reverse("offers:stock_edit", args=[item.pk]), form_data(title="New", copies="7")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.copies) == ("New", 7)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("isbn", "978-7-02-000220-8", "is not a valid ISBN"),
        ("issn", "0317-8472", "is not a valid ISSN"),
        ("title", "", "This field is required"),
        ("copies", "-1", "greater than or equal to 0"),
        ("currency", "", "Give the currency"),
    ],
)
def test_a_bad_title_is_refused_on_its_field(staff_client, field, value, message):
    data = form_data(**{field: value})
    if field == "currency":
        data["unit_value"] = "12.50"
    response = staff_client.post(NEW, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not StockItem.objects.exists()


def test_the_copies_never_go_below_those_reserved(staff_client):
    item = StockItemFactory(copies=5)
    reserve(item, 3)
    response = staff_client.post(
        reverse("offers:stock_edit", args=[item.pk]), form_data(copies="2")
    )
    assert response.status_code == 200
    assert "keep at least 3" in " ".join(response.context["form"].errors["copies"])
    item.refresh_from_db()
    assert item.copies == 5


def test_fill_in_takes_the_description_from_our_items(staff_client):
    ItemFactory(
        title="Red Sorghum", author="Mo Yan", publisher="Writers", isbn="702000220X",
        language="zho", year=1987, pages=420,
    )  # fmt: skip
    response = staff_client.post(
        NEW, form_data(title="", author="", language="", year="", isbn="978-7-02-000220-7",
                       fill="1"),
    )  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["title"] == "Red Sorghum"
    assert form.initial["author"] == "Mo Yan"
    assert form.initial["year"] == 1987
    assert form.initial["isbn"] == "9787020002207"
    # What was typed stays: the pages and the subject.
    assert (form.initial["pages"], form.initial["subject"]) == ("300", "Literature")
    assert "Filled in from shipment" in response.text
    assert 'value="Red Sorghum"' in response.text
    assert not StockItem.objects.exists()


def test_fill_in_says_when_nothing_is_known(staff_client):
    response = staff_client.post(NEW, form_data(title="", isbn="9787020002207", fill="1"))
    assert response.status_code == 200
    assert "Our records have no title with ISBN 9787020002207" in response.text
    assert not StockItem.objects.exists()


def test_fill_in_keeps_a_title_typed(staff_client):
    ItemFactory(title="Red Sorghum", isbn="9787020002207")
    response = staff_client.post(NEW, form_data(title="Mine", isbn="9787020002207", fill="1"))
    assert response.context["form"].initial["title"] == "Mine"
    assert "The title is already filled in" in response.text


def test_fill_in_says_an_isbn_is_wrong(staff_client):
    response = staff_client.post(NEW, form_data(title="", isbn="123", fill="1"))
    assert response.status_code == 200
    assert "is not a valid ISBN" in response.text


def test_fill_in_on_a_saved_title_changes_nothing_until_saved(staff_client):
    ItemFactory(title="Red Sorghum", isbn="9787020002207")
    item = StockItemFactory(title="Old")
    response = staff_client.post(
        reverse("offers:stock_edit", args=[item.pk]),
        form_data(title="", isbn="9787020002207", fill="1"),
    )
    assert response.context["form"].initial["title"] == "Red Sorghum"
    item.refresh_from_db()
    assert item.title == "Old"


# The import ------------------------------------------------------------------------


def test_the_import_page_names_the_columns(staff_client):
    response = staff_client.get(IMPORT)
    assert ", ".join(files.STOCK_COLUMNS) in response.text
    assert "quantity" in response.text


def test_a_good_file_is_imported(staff_client):
    upload = csv_file(
        "\n".join(
            [
                STOCK_HEADER,
                stock_row(title="One", copies=3, subject="Art", isbn="9787020002207"),
                stock_row(title="Two", copies=1),
            ]
        )
    )
    response = staff_client.post(IMPORT, {"file": upload, "encoding": "utf-8"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "2 titles were added to the exchange stock." in response.text
    assert sorted(StockItem.objects.values_list("title", "copies")) == [("One", 3), ("Two", 1)]


def test_check_only_writes_nothing(staff_client):
    upload = csv_file("\n".join([STOCK_HEADER, stock_row(title="One", copies=3)]))
    response = staff_client.post(IMPORT, {"file": upload, "encoding": "utf-8", "dry_run": "on"})
    assert response.status_code == 200
    assert "1 row would be imported" in response.text
    assert not StockItem.objects.exists()


def test_a_file_with_problems_writes_nothing_and_lists_them(staff_client):
    upload = csv_file(
        "\n".join(
            [
                STOCK_HEADER,
                stock_row(title="Fine", copies=1),
                stock_row(title="", copies=1),
                stock_row(title="Bad ISBN", isbn="9787020002208", copies="x"),
            ]
        )
    )
    response = staff_client.post(IMPORT, {"file": upload, "encoding": "utf-8"})
    assert response.status_code == 200
    problems = [str(problem) for problem in response.context["result"].problems]
    assert any(problem.startswith("row 3, column title:") for problem in problems)
    assert any(problem.startswith("row 4, column isbn:") for problem in problems)
    assert any(problem.startswith("row 4, column copies:") for problem in problems)
    assert "row 3, column title:" in response.text
    assert not StockItem.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused(staff_client):
    response = staff_client.post(
        IMPORT, {"file": SimpleUploadedFile("stock.txt", b"x"), "encoding": "utf-8"}
    )
    assert response.status_code == 200
    assert "neither a .csv nor an .xlsx file" in response.text
    assert not StockItem.objects.exists()


def test_an_upload_without_a_file_is_refused(staff_client):
    response = staff_client.post(IMPORT, {"encoding": "utf-8"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# The export ------------------------------------------------------------------------


def test_the_export_is_the_filtered_list_in_the_import_columns(staff_client):
    StockItemFactory(title="Tea", subject="Food", copies=2, publisher="Zhonghua")
    StockItemFactory(title="Silk", subject="History")
    response = staff_client.get(EXPORT, {"format": "csv", "subject": "food"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["title"], row["copies"], row["publisher"]) for row in rows] == [
        ("Tea", "2", "Zhonghua")
    ]


def test_the_export_as_a_workbook(staff_client):
    StockItemFactory()
    response = staff_client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_unknown_export_format_is_not_found(staff_client):
    assert staff_client.get(EXPORT, {"format": "pdf"}).status_code == 404


def test_the_exported_csv_imports_again(staff_client):
    StockItemFactory(
        title="=Formula-like, with a comma", author="Ba Jin", publisher="Renmin",
        isbn="9787020002207", issn="03178471", language="zho", year=2001, pages=12,
        unit_value="9.90", currency="CNY", subject="Novels", copies=3,
    )  # fmt: skip
    StockItemFactory(title="Plain", unit_value=0, currency="", copies=0)
    before = sorted(files.stock_values(item) for item in StockItem.objects.all())
    response = staff_client.get(EXPORT, {"format": "csv"})
    content = b"".join(response.streaming_content)
    StockItem.objects.all().delete()
    result = files.import_stock(io.BytesIO(content), "stock.csv")
    assert not result.problems, [str(problem) for problem in result.problems]
    assert sorted(files.stock_values(item) for item in StockItem.objects.all()) == before
