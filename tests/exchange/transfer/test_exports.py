"""Exports in the imports' columns, and the round trip: export, import, export again."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from exchange.balance.export import balance_report
from exchange.balance.totals import Period
from exchange.claims.models import Claim
from exchange.demo.seed import seed_demo
from exchange.offers.models import OfferList, PartnerOffer, Selection, StockItem, Want
from exchange.programme.models import CulturalAgreement, Obligation
from exchange.rates.models import ExchangeRate
from exchange.transfer.exports import export_partners, export_rates, export_shipments
from exchange.transfer.partners import import_partners
from exchange.transfer.rates import import_rates
from exchange.transfer.shipments import import_shipments
from partners.models import Address, Contact, Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import ShipmentEvent
from tests.exchange.import_files import run_command
from tests.factories import (
    AddressFactory,
    ContactFactory,
    ItemFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    received,
    sent,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 3, 1)


def demo_data() -> None:
    """A bit of everything an import file can say, in several scripts."""
    bl = PartnerFactory(code="GB-BL", name="British Library", website="https://www.bl.uk",
                        email="exchange@bl.uk", exchange_basis="piece")  # fmt: skip
    ndl = PartnerFactory(code="JP-NDL", name="National Diet Library",
                         name_original="国立国会図書館", country="JP", city="東京",
                         kind="research", exchange_basis="page", exchange_since=None)  # fmt: skip
    rsl = PartnerFactory(code="RU-RSL", name="Russian State Library", country="RU",
                         name_original="Российская государственная библиотека", status="ended",
                         exchange_basis="", city="", kind="public")  # fmt: skip
    PartnerFactory(code="EG-ENL", name="Egyptian National Library", country="EG",
                   name_original="دار الكتب والوثائق القومية", status="prospective",
                   exchange_basis="gift")  # fmt: skip
    AddressFactory(partner=bl)
    ContactFactory(partner=bl)
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7.1"))
    RateFactory(currency="USD", valid_from=datetime.date(2025, 1, 1), rate=Decimal("7.234567"))
    RateFactory(currency="JPY", valid_from=datetime.date(2020, 1, 1), rate=Decimal("0.048123"))
    RateFactory(currency="EUR", valid_from=datetime.date(2024, 6, 1), rate=Decimal("7.8"))

    one = sent(bl, DAY, reference="OUT-2025-00001", method="air")
    ItemFactory(shipment=one, title="Selected poems", author="李白", quantity=3, pages=120,
                unit_value=Decimal("12.50"), currency="USD")  # fmt: skip
    ItemFactory(shipment=one, title="Atlas", material_type="map", isbn="", issn="",
                language="", year=None, pages=0)  # fmt: skip
    ItemFactory(shipment=one, title="China Today", material_type="serial", isbn="",
                issn="03178471", unit_value=Decimal("30"), currency="CNY")  # fmt: skip
    delivered = sent(ndl, datetime.date(2024, 11, 5), reference="OUT-2024-00007",
                     status="delivered", delivered_on=datetime.date(2024, 12, 1))  # fmt: skip
    ItemFactory(shipment=delivered, title="紅樓夢", isbn="0306406152", language="chi",
                unit_value=Decimal("1000"), currency="JPY")  # fmt: skip
    lost = sent(rsl, datetime.date(1990, 5, 5), reference="OUT-1990-00001", status="lost")
    ItemFactory(shipment=lost, title="Война и мир", language="ru", unit_value=Decimal("2"),
                currency="GBP")  # fmt: skip
    draft = ShipmentFactory(partner=bl, reference="OUT-2026-00001", method="")
    ItemFactory(shipment=draft, title="=SUM(A1:A2) is not a formula", quantity=2)
    came = received(ndl, datetime.date(2025, 2, 2), reference="IN-2025-00001",
                    dispatched_on=datetime.date(2025, 1, 20), method="surface")  # fmt: skip
    ItemFactory(shipment=came, title="National Diet Library annual report, 2024",
                unit_value=Decimal("0.01"), currency="EUR")  # fmt: skip
    ShipmentFactory(partner=ndl, reference="IN-2026-00001", direction="incoming",
                    status="expected")  # fmt: skip


def exports(fmt: str = "csv") -> dict[str, bytes]:
    return {
        "partners": export_partners(Partner.objects.all(), fmt),
        "rates": export_rates(ExchangeRate.objects.all(), fmt),
        "shipments": export_shipments(Shipment.objects.all(), fmt),
    }


def balance() -> str:
    return balance_report(period=Period())


def empty_the_database() -> None:
    # The exchange's records (issue 21) are not in these files; selections and partners'
    # offers keep the shipments they became.
    for model in (Selection, PartnerOffer, OfferList, StockItem, Want):
        model.objects.all().delete()
    Claim.objects.all().delete()
    ShipmentEvent.objects.all().delete()
    ShipmentItem.objects.all().delete()
    Shipment.objects.all().delete()
    Obligation.objects.all().delete()
    CulturalAgreement.objects.all().delete()
    ExchangeRate.objects.all().delete()
    Address.objects.all().delete()
    Contact.objects.all().delete()
    Partner.objects.all().delete()


def import_all(files: dict[str, bytes], fmt: str) -> None:
    for name, run in (
        ("partners", import_partners),
        ("rates", import_rates),
        ("shipments", import_shipments),
    ):
        result = run(io.BytesIO(files[name]), f"{name}.{fmt}")
        assert result.problems == [], (name, [str(p) for p in result.problems])


def cell_values(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_round_trip_through_csv_gives_identical_files_and_balance():
    demo_data()
    first, balance_before = exports(), balance()

    empty_the_database()
    import_all(first, "csv")

    assert exports() == first
    assert balance() == balance_before
    assert len(first["shipments"].decode().splitlines()) == 9


def test_round_trip_of_the_demo_data_gives_identical_files_and_balance():
    seed_demo(partners=40, years=3, seed=11, until=datetime.date(2026, 6, 30))
    first, balance_before = exports(), balance()
    assert len(first["shipments"].splitlines()) > 100

    empty_the_database()
    import_all(first, "csv")

    assert exports() == first
    assert balance() == balance_before


def test_round_trip_through_xlsx_gives_the_same_rows_and_balance():
    demo_data()
    csv_before, xlsx_before, balance_before = exports(), exports("xlsx"), balance()

    empty_the_database()
    import_all(xlsx_before, "xlsx")

    assert exports() == csv_before
    assert balance() == balance_before
    xlsx_after = exports("xlsx")
    for name in xlsx_before:
        assert cell_values(xlsx_after[name]) == cell_values(xlsx_before[name])


def test_the_shipment_export_has_the_import_columns_one_row_per_item():
    demo_data()

    lines = export_shipments(Shipment.objects.filter(reference="OUT-2025-00001")).decode()

    assert lines.splitlines() == [
        "reference,direction,partner_code,status,dispatched_on,received_on,method,title,author,"
        "isbn,issn,material_type,language,year,quantity,pages,unit_value,currency",
        "OUT-2025-00001,outgoing,GB-BL,dispatched,2025-03-01,,air,Selected poems,李白,"
        f"{ShipmentItem.objects.get(title='Selected poems').isbn},,monograph,zh,2024,3,120,"
        "12.50,USD",
        "OUT-2025-00001,outgoing,GB-BL,dispatched,2025-03-01,,air,Atlas,,,,map,,,1,0,0.00,",
        "OUT-2025-00001,outgoing,GB-BL,dispatched,2025-03-01,,air,China Today,,,03178471,"
        "serial,zh,2024,1,100,30.00,CNY",
    ]


def test_delivered_outgoing_shipments_export_their_delivery_date_as_received_on():
    demo_data()

    content = export_shipments(Shipment.objects.filter(reference="OUT-2024-00007")).decode()

    assert content.splitlines()[1].startswith(
        "OUT-2024-00007,outgoing,JP-NDL,delivered,2024-11-05,2024-12-01,"
    )


def test_csv_exports_are_utf8_without_byte_order_mark():
    demo_data()

    for content in exports().values():
        assert not content.startswith(b"\xef\xbb\xbf")
        content.decode("utf-8")


def test_partner_and_rate_exports_have_the_import_columns():
    demo_data()

    partners = export_partners(Partner.objects.filter(code="JP-NDL")).decode().splitlines()
    rates = export_rates(ExchangeRate.objects.filter(currency="USD")).decode().splitlines()

    assert partners == [
        "code,name,name_original,kind,country,city,status,exchange_since,exchange_basis,"
        "website,email,name_zh,city_zh",
        "JP-NDL,National Diet Library,国立国会図書館,research,JP,東京,active,,page,,,,",
    ]
    assert rates == [
        "currency,valid_from,rate",
        "USD,2020-01-01,7.100000",
        "USD,2025-01-01,7.234567",
    ]


def test_xlsx_exports_have_date_cells_numbers_and_text():
    demo_data()

    rows = cell_values(
        export_shipments(Shipment.objects.filter(reference="OUT-2026-00001"), "xlsx")
    )

    assert rows[1][:8] == (
        "OUT-2026-00001", "outgoing", "GB-BL", "draft", None, None, None,
        "=SUM(A1:A2) is not a formula",
    )  # fmt: skip
    assert rows[1][13:16] == (2024, 2, 100)
    came = cell_values(export_shipments(Shipment.objects.filter(reference="IN-2025-00001"), "xlsx"))
    assert came[1][4] == datetime.datetime(2025, 1, 20)  # noqa: DTZ001 (a date cell)
    assert came[1][16] == 0.01


def test_exports_take_the_same_queries_for_any_number_of_shipments(django_assert_num_queries):
    partner = PartnerFactory()
    for n in range(2):
        ItemFactory(shipment=sent(partner, DAY, reference=f"OUT-A-{n}"))
    # The shipments with their partners, then their items.
    with django_assert_num_queries(2):
        export_shipments(Shipment.objects.all())
    for n in range(20):
        ItemFactory(shipment=sent(partner, DAY, reference=f"OUT-B-{n}"))
    with django_assert_num_queries(2):
        export_shipments(Shipment.objects.all())


def test_export_commands_write_csv_to_standard_output_or_a_file(tmp_path):
    demo_data()
    from django.core.management import call_command

    out = io.StringIO()
    call_command("export_rates", "--currency", "usd", stdout=out)
    assert out.getvalue().splitlines()[1] == "USD,2020-01-01,7.100000"

    out = io.StringIO()
    call_command("export_partners", "--country", "jp", stdout=out)
    assert out.getvalue().encode() == export_partners(Partner.objects.filter(country="JP"))

    target = tmp_path / "shipments.xlsx"
    call_command("export_shipments", "--format", "xlsx", "--output", str(target))
    assert cell_values(target.read_bytes()) == cell_values(
        export_shipments(Shipment.objects.all(), "xlsx")
    )


def test_exported_files_import_with_the_commands(tmp_path):
    demo_data()
    files = exports()
    empty_the_database()

    for name in ("partners", "rates", "shipments"):
        status, out, err = run_command(f"import_{name}", files[name], f"{name}.csv")
        assert (status, err) == (0, ""), out

    assert exports() == files
