"""CSV files in GB18030, as Chinese spreadsheet programs save them: read when chosen,
refused whole otherwise, with the encoding that would read them named."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.transfer.partners import import_partners
from partners.models import PARTNER_COLUMNS, Partner
from tests.exchange.import_files import csv_bytes, run_command, table

pytestmark = pytest.mark.django_db

ROWS = table(
    PARTNER_COLUMNS,
    {"kind": "national", "status": "active", "country": "CN"},
    {
        "code": "CN-NLC",
        "name": "National Library of China",
        "name_original": "中国国家图书馆",
        "country": "CN",
    },
    {
        "code": "JP-NDL",
        "name": "National Diet Library",
        "name_original": "国立国会図書館",
        "country": "JP",
    },
)
GB18030_FILE = csv_bytes(PARTNER_COLUMNS, ROWS, encoding="gb18030")


def test_a_gb18030_file_imports_its_chinese_names_when_gb18030_is_chosen():
    result = import_partners(io.BytesIO(GB18030_FILE), "partners.csv", encoding="gb18030")
    assert result.written, result.problems
    names = dict(Partner.objects.values_list("code", "name_original"))
    assert names == {"CN-NLC": "中国国家图书馆", "JP-NDL": "国立国会図書館"}


def test_the_same_file_read_as_utf8_is_refused_whole_and_names_gb18030():
    result = import_partners(io.BytesIO(GB18030_FILE), "partners.csv")
    (problem,) = [str(p) for p in result.problems]
    assert problem.startswith("The file is not UTF-8 text (byte 0x")
    assert problem.endswith("It reads as GB18030: choose that encoding and import it again.")
    assert not Partner.objects.exists()


def test_a_file_neither_encoding_reads_is_told_to_be_saved_as_utf8():
    content = csv_bytes(PARTNER_COLUMNS, []) + b"\xff\xfe\xfd\x80\x81"
    (problem,) = [str(p) for p in import_partners(io.BytesIO(content), "p.csv").problems]
    assert problem.endswith("Save it as “CSV UTF-8” and import it again.")


def test_the_commands_take_the_encoding():
    status, out, err = run_command(
        "import_partners", GB18030_FILE, "p.csv", "--encoding", "gb18030"
    )
    assert (status, err) == (0, "")
    assert Partner.objects.get(code="CN-NLC").name_original == "中国国家图书馆"


def test_the_web_import_reads_the_encoding_chosen_and_shows_the_rows_as_read(admin_client):
    upload = SimpleUploadedFile("partners.csv", GB18030_FILE)
    response = admin_client.post(
        reverse("exchange:import_partners"), {"file": upload, "encoding": "gb18030"}
    )
    page = admin_client.get(response["Location"]).content.decode()
    assert "中国国家图书馆" in page and "GB18030" in page


def test_the_preview_shows_the_optional_chinese_columns_as_read(admin_client):
    columns = [*PARTNER_COLUMNS, "name_zh", "city_zh"]
    rows = table(
        columns,
        {"kind": "national", "status": "active", "country": "JP"},
        {"code": "JP-NDL", "name": "National Diet Library", "name_zh": "日本国立国会图书馆",
         "city_zh": "东京"},
    )  # fmt: skip
    upload = SimpleUploadedFile("partners.csv", csv_bytes(columns, rows, encoding="gb18030"))
    response = admin_client.post(
        reverse("exchange:import_partners"), {"file": upload, "encoding": "gb18030"}
    )
    page = admin_client.get(response["Location"]).content.decode()
    assert "<th><code>name_zh</code></th><th><code>city_zh</code></th>" in page
    assert "日本国立国会图书馆" in page and "东京" in page
