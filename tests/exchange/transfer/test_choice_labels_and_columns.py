"""Choice columns accept the code or the label the application shows, in English or
Chinese, in any case; the import page lists every column with whether it is required,
its format and its allowed values; the preview's problems link to their rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from exchange.transfer.partners import import_partners
from partners.models import PARTNER_CHINESE_COLUMNS, PARTNER_COLUMNS, Kind, Partner
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.models import Shipment
from tests.exchange.import_files import csv_bytes, table
from tests.exchange.transfer import shipments_helpers
from tests.exchange.transfer.views_helpers import PARTNER, preview_url, upload
from tests.factories import PartnerFactory, RateFactory
from tests.i18n_helpers import ZH, chinese

pytestmark = pytest.mark.django_db


def zh(label) -> str:
    with translation.override(ZH):
        return str(label)


def import_partner_rows(*rows):
    content = csv_bytes(PARTNER_COLUMNS, table(PARTNER_COLUMNS, PARTNER, *rows))
    return import_partners(io.BytesIO(content), "partners.csv")


def test_a_partner_choice_cell_takes_the_label_shown_in_either_language_in_any_case():
    result = import_partner_rows(
        {"code": "FR-BNF", "kind": "National library", "status": "ACTIVE",
         "exchange_basis": "piece for piece"},
        {"code": "JP-NDL", "kind": zh(Kind.NATIONAL.label), "status": zh("Suspended"),
         "exchange_basis": zh("Page for page")},
        {"code": "US-UCB", "kind": "  university LIBRARY ", "status": "prospective",
         "exchange_basis": "Gift"},
    )  # fmt: skip
    assert result.ok, [str(p) for p in result.problems]
    assert zh(Kind.NATIONAL.label) != "National library"  # really the Chinese label
    found = {p.code: (p.kind, p.status, p.exchange_basis) for p in Partner.objects.all()}
    assert found == {
        "FR-BNF": ("national", "active", "piece"),
        "JP-NDL": ("national", "suspended", "page"),
        "US-UCB": ("university", "prospective", "gift"),
    }


def test_an_unknown_choice_is_still_refused_with_the_codes():
    result = import_partner_rows({"kind": "Museum library"})
    assert [str(p) for p in result.problems] == [
        "row 2, column kind: “Museum library” is not one of: national, university, public, "
        "research, other."
    ]
    assert not Partner.objects.exists()


def test_a_shipment_takes_labels_for_its_choices_and_rows_with_code_and_label_agree():
    PartnerFactory(code="GB-BL")
    RateFactory(currency="USD")
    result = shipments_helpers.run(
        {"direction": "Outgoing (we send)", "status": "Dispatched", "method": "Airmail",
         "material_type": "MAP"},
        {"direction": "outgoing", "status": "dispatched", "method": "air", "title": "Atlas"},
        {"reference": "IN-2025-00001", "direction": zh("Incoming (we receive)"),
         "status": zh("Expected"), "dispatched_on": "", "method": zh("Courier"),
         "material_type": zh("Serial")},
    )  # fmt: skip
    assert result.ok, [str(p) for p in result.problems]
    outgoing = Shipment.objects.get(reference="OUT-2025-00001")
    assert (outgoing.direction, outgoing.status, outgoing.method) == (
        "outgoing",
        "dispatched",
        "air",
    )
    assert [item.material_type for item in outgoing.items.order_by("pk")] == ["map", "monograph"]
    incoming = Shipment.objects.get(reference="IN-2025-00001")
    assert (incoming.direction, incoming.status, incoming.method) == (
        "incoming",
        "expected",
        "courier",
    )
    assert incoming.items.get().material_type == "serial"


def test_a_status_label_of_the_other_direction_is_refused():
    PartnerFactory(code="GB-BL")
    result = shipments_helpers.run({"status": "Expected", "dispatched_on": ""})
    assert [str(p) for p in result.problems][0].startswith(
        "row 2, column status: “Expected” is not one of: draft, packed"
    )


# ---- the import page ----


@pytest.mark.parametrize(
    "kind, columns", [("partners", (*PARTNER_COLUMNS, *PARTNER_CHINESE_COLUMNS)),
                      ("rates", ("currency", "valid_from", "rate")),
                      ("shipments", SHIPMENT_IMPORT_COLUMNS)],
)  # fmt: skip
def test_the_import_page_lists_every_column_with_its_format(admin_client, kind, columns):
    response = admin_client.get(reverse(f"exchange:import_{kind}"))
    described = response.context["columns"]
    assert [column["name"] for column in described] == list(columns)
    assert all(column["format"] for column in described)
    page = response.content.decode()
    for column in columns:
        assert f'id="column-{column}"' in page


def test_the_partner_columns_say_what_is_required_and_list_codes_and_labels(admin_client):
    response = admin_client.get(reverse("exchange:import_partners"))
    described = {column["name"]: column for column in response.context["columns"]}
    assert [name for name, c in described.items() if c["required"]] == [
        "code", "name", "kind", "country", "status"
    ]  # fmt: skip
    assert [name for name, c in described.items() if c["optional"]] == ["name_zh", "city_zh"]
    page = response.content.decode()
    row = page[page.index('id="column-kind"') :]
    row = row[: row.index("</tr>")]
    assert "<code>national</code> National library" in row
    assert "<code>research</code> Research library or academy" in row


def test_the_shipment_statuses_are_listed_per_direction(staff_client):
    page = staff_client.get(reverse("exchange:import_shipments")).content.decode()
    row = page[page.index('id="column-status"') :]
    row = row[: row.index("</tr>")]
    assert "<strong>Outgoing:</strong>" in row and "<strong>Incoming:</strong>" in row
    assert "<code>expected</code> Expected" in row


def test_the_import_page_in_chinese_shows_the_chinese_labels(admin_client):
    page = chinese(admin_client).get(reverse("exchange:import_partners")).content.decode()
    row = page[page.index('id="column-kind"') :]
    row = row[: row.index("</tr>")]
    assert f"<code>national</code> {zh(Kind.NATIONAL.label)}" in row


def test_the_index_lists_the_columns_of_each_kind(admin_client):
    page = admin_client.get(reverse("exchange:imports")).content.decode()
    for column in ("exchange_basis", "valid_from", "material_type"):
        assert f'id="column-{column}"' in page


# ---- the preview's problems ----


def test_each_problem_links_to_its_row_in_the_preview(admin_client):
    long_name = "Bibliothèque" * 20  # 240 characters without a space
    content = csv_bytes(
        PARTNER_COLUMNS,
        table(
            PARTNER_COLUMNS, PARTNER, {}, {"code": "DE-DNB", "name": long_name, "kind": "museum"}
        ),
    )
    url = preview_url(upload(admin_client, "partners", SimpleUploadedFile("p.csv", content)))
    page = admin_client.get(url).content.decode()
    assert '<a href="#row-3">Row 3</a>: <span class="error">kind: “museum” is not one of' in page
    assert '<tr id="row-3" class="import-preview__row--error">' in page
    assert long_name in page  # the cell is shown whole; the style sheet wraps it
    assert not Partner.objects.exists()
