"""The partner import's optional Chinese columns (`name_zh`, `city_zh`): files without
them stay valid and leave the Chinese forms as they are; the export always has them."""

import io

import pytest

from exchange.transfer.exports import export_partners
from exchange.transfer.partners import import_partners
from partners.models import PARTNER_CHINESE_COLUMNS, PARTNER_COLUMNS, Partner
from tests.exchange.import_files import csv_bytes, snapshot, table
from tests.exchange.transfer.test_partners import ROW
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

COLUMNS = [*PARTNER_COLUMNS, *PARTNER_CHINESE_COLUMNS]


def run(columns, *rows: dict, encoding="utf-8"):
    content = csv_bytes(columns, table(columns, ROW, *rows), encoding=encoding)
    return import_partners(io.BytesIO(content), "partners.csv", encoding=encoding)


def test_the_chinese_columns_set_the_chinese_forms():
    result = run(COLUMNS, {"name_zh": "英国国家图书馆", "city_zh": "伦敦"})
    assert result.ok, result.problems
    partner = Partner.objects.get(code="GB-BL")
    assert (partner.name, partner.name_zh, partner.city, partner.city_zh) == (
        "British Library",
        "英国国家图书馆",
        "London",
        "伦敦",
    )


def test_a_file_without_them_is_valid_and_leaves_them_as_they_are():
    PartnerFactory(code="GB-BL", name="BL", name_zh="英国国家图书馆", city_zh="伦敦")
    result = run(PARTNER_COLUMNS, {"name": "British Library"})
    assert result.ok, result.problems
    partner = Partner.objects.get(code="GB-BL")
    assert (partner.name, partner.name_zh, partner.city_zh) == (
        "British Library",
        "英国国家图书馆",
        "伦敦",
    )


def test_with_the_column_an_empty_cell_clears_the_chinese_form():
    PartnerFactory(code="GB-BL", name_zh="英国国家图书馆")
    assert run([*PARTNER_COLUMNS, "name_zh"], {"name_zh": ""}).ok
    assert Partner.objects.get(code="GB-BL").name_zh == ""


def test_one_optional_column_alone_is_enough():
    assert run([*PARTNER_COLUMNS, "city_zh"], {"city_zh": "伦敦"}).ok
    assert Partner.objects.get(code="GB-BL").city_zh == "伦敦"


def test_an_unknown_column_names_the_optional_ones_too():
    before = snapshot()
    result = run([*PARTNER_COLUMNS, "name_cn"], {"name_cn": "英国国家图书馆"})
    assert [str(p) for p in result.problems] == [
        "The column “name_cn” is unknown; the columns are: "
        + ", ".join(PARTNER_COLUMNS)
        + " (and, if you like, name_zh, city_zh)."
    ]
    assert snapshot() == before


def test_a_chinese_name_too_long_is_a_cell_problem():
    result = run(COLUMNS, {"name_zh": "图" * 256})
    assert [str(p) for p in result.problems] == [
        "row 2, column name_zh: The text is 256 characters long; at most 255 fit."
    ]


def test_gb18030_files_carry_the_chinese_forms():
    result = run(COLUMNS, {"name_zh": "英国国家图书馆", "city_zh": "伦敦"}, encoding="gb18030")
    assert result.ok, result.problems
    assert Partner.objects.get(code="GB-BL").name_zh == "英国国家图书馆"


def test_the_export_has_them_and_imports_again_unchanged():
    PartnerFactory(code="GB-BL", name="British Library", name_zh="英国国家图书馆", city_zh="伦敦")
    content = export_partners(Partner.objects.all(), "csv")
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header == ",".join(COLUMNS)
    result = import_partners(io.BytesIO(content), "partners.csv")
    assert result.ok and result.count("unchanged") == 1, result.problems
