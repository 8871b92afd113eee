"""A partner that looks like an existing one: warned, never refused, in the partner
form and in the partner import's preview (one rule, partners.similar)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.transfer.models import PendingImport
from partners.models import PARTNER_COLUMNS, Partner
from partners.similar import Candidate, look_alikes, names_look_alike, similarity
from tests.exchange.import_files import csv_bytes, table
from tests.exchange.transfer.views_helpers import PARTNER, preview_url, upload
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db
GREENLAND = "Public and National Library of Greenland"


@pytest.fixture
def pnlg(db):
    return PartnerFactory(code="GL-PNLG", name=GREENLAND, country="GL", city="Nuuk")


@pytest.mark.parametrize(
    ("one", "other", "alike"),
    [
        ("National and Public Library of Greenland", GREENLAND, True),  # the same words
        ("Public & National Library of Greenland.", GREENLAND, True),  # punctuation aside
        ("Bibliothèque nationale de France", "BIBLIOTHEQUE NATIONALE DE FRANCE", True),
        ("Public and National Library of Greenlnd", GREENLAND, True),  # a typo: trigrams
        ("Kyoto University Library", "Tokyo University Library", False),
        ("National Library of Greenland", "National Archives of Greenland", False),
        ("", "", False),
    ],
)
def test_names_look_alike_by_their_words_or_trigrams(one, other, alike):
    assert names_look_alike(one, other) is alike


def test_similarity_counts_trigrams_as_pg_trgm():
    # pg_trgm: similarity('word', 'two words') = 4/8 ("  w"," wo","wor","ord" shared).
    assert similarity("word", "words") == pytest.approx(4 / 7)
    assert similarity("abc", "abc") == 1


def test_only_partners_of_the_same_country_look_alike(pnlg):
    PartnerFactory(code="DK-PNLG", name=GREENLAND, country="DK")
    found = look_alikes([Candidate("GL-NPLG", "National and Public Library of Greenland", "gl")])
    assert [p.code for p in found["GL-NPLG"]] == ["GL-PNLG"]
    assert look_alikes([Candidate("GL-PNLG", GREENLAND, "GL")]) == {}  # not itself


def test_look_alikes_read_the_partners_once(pnlg, django_assert_num_queries):
    candidates = [Candidate(f"GL-{n}", GREENLAND, "GL") for n in range(20)]
    with django_assert_num_queries(1):
        assert len(look_alikes(candidates)) == 20


# The partner form ---------------------------------------------------------------------


def partner_form(**values):
    data = {
        "code": "GL-NPLG",
        "name": "National and Public Library of Greenland",
        "kind": "national",
        "country": "GL",
        "status": "active",
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    return {**data, **values}


def test_a_look_alike_partner_is_not_added_before_the_user_is_warned(pnlg, admin_client):
    response = admin_client.post(reverse("partners:create"), partner_form())
    assert response.status_code == 200
    assert not Partner.objects.filter(code="GL-NPLG").exists()
    page = response.content.decode()
    assert "Not added yet: this partner looks like another partner" in page
    assert 'href="/partners/GL-PNLG/"' in page
    assert 'name="add_all_the_same"' in page
    # What was typed is kept for the second submit.
    assert 'value="National and Public Library of Greenland"' in page


def test_a_look_alike_partner_added_all_the_same_is_saved_with_a_warning(pnlg, admin_client):
    data = partner_form(add_all_the_same="1")
    response = admin_client.post(reverse("partners:create"), data, follow=True)
    assert Partner.objects.filter(code="GL-NPLG").exists()
    page = response.content.decode()
    assert "GL-NPLG looks like an existing partner in the same country: GL-PNLG" in page


def test_a_partner_unlike_the_others_is_added_without_a_warning(pnlg, admin_client):
    data = partner_form(code="GL-UNI", name="University of Greenland Library")
    response = admin_client.post(reverse("partners:create"), data, follow=True)
    assert "looks like an existing partner" not in response.content.decode()


def test_the_edit_page_shows_the_look_alikes_with_links(pnlg, admin_client):
    PartnerFactory(code="GL-NPLG", name="National and Public Library of Greenland", country="GL")
    page = admin_client.get(reverse("partners:edit", args=["GL-NPLG"])).content.decode()
    assert "looks like another partner in the same country" in page
    assert f'href="{pnlg.get_absolute_url()}"' in page


def test_the_warning_is_in_chinese_for_a_chinese_page(pnlg, admin_client):
    admin_client.cookies["django_language"] = "zh-hans"
    page = admin_client.post(reverse("partners:create"), partner_form()).content.decode()
    assert "尚未添加：该交换伙伴与同一国家/地区的另一交换伙伴相似" in page
    assert "仍然添加" in page
    data = partner_form(add_all_the_same="1")
    response = admin_client.post(reverse("partners:create"), data, follow=True)
    assert "GL-NPLG 看起来与同一国家的现有交换伙伴相同" in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "staff", "head"])
def test_only_administrators_add_partners(pnlg, clients, role):
    clients[role].post(reverse("partners:create"), partner_form())
    assert not Partner.objects.filter(code="GL-NPLG").exists()


# The partner import -------------------------------------------------------------------


def test_the_import_preview_warns_of_a_look_alike_partner_and_still_imports(pnlg, admin_client):
    row = {**PARTNER, "code": "GL-NPLG", "country": "GL"}
    row["name"] = "National and Public Library of Greenland"
    content = csv_bytes(PARTNER_COLUMNS, table(PARTNER_COLUMNS, row, {}))
    preview = preview_url(upload(admin_client, "partners", SimpleUploadedFile("p.csv", content)))
    page = admin_client.get(preview).content.decode()
    assert "GL-NPLG looks like an existing partner in the same country: GL-PNLG" in page
    assert "Confirm and import" in page
    pending = PendingImport.objects.get()
    admin_client.post(reverse("exchange:import_confirm", args=[pending.pk]))
    assert Partner.objects.filter(code="GL-NPLG").exists()
