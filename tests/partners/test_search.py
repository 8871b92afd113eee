"""Partner search: by code, any name, city, and the country's name in either language;
the autocomplete's JSON; the partner field that resolves a code or a name."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from partners.fields import PartnerChoiceField
from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db
LOOKUP = reverse("partners:lookup")


@pytest.fixture
def partners(db):
    return {
        "ndl": PartnerFactory(
            code="JP-NDL",
            name="National Diet Library",
            name_zh="日本国立国会图书馆",
            name_original="国立国会図書館",
            country="JP",
            city="Tokyo",
            city_zh="东京",
        ),
        "kyoto": PartnerFactory(
            code="JP-KUL", name="Kyoto University Library", country="JP", city="Kyoto"
        ),
        "bl": PartnerFactory(code="GB-BL", name="British Library", country="GB", city="London"),
        "nlr": PartnerFactory(
            code="RU-NLR",
            name="Rossiyskaya natsionalnaya biblioteka",
            name_original="Российская национальная библиотека",
            country="RU",
            city="Sankt-Peterburg",
        ),
        "ended": PartnerFactory(
            code="JP-OLD", name="Old Tokyo Library", country="JP", status="ended"
        ),
    }


def codes(queryset) -> list[str]:
    return sorted(queryset.values_list("code", flat=True))


@pytest.mark.parametrize("text", ["Japan", "japan", "JAPAN", "日本"])
def test_the_country_name_in_either_language_finds_every_partner_there(partners, text):
    assert codes(Partner.objects.search(text)) == ["JP-KUL", "JP-NDL", "JP-OLD"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("jp-ndl", ["JP-NDL"]),
        ("Diet", ["JP-NDL"]),
        ("国会图书馆", ["JP-NDL"]),  # the Chinese name
        ("国立国会図書館", ["JP-NDL"]),  # the original script
        ("东京", ["JP-NDL"]),  # the city in Chinese
        ("kyoto", ["JP-KUL"]),
        ("РОССИЙСКАЯ", ["RU-NLR"]),  # Cyrillic in another case (SQLite folds only ASCII)
        ("  British   Library ", ["GB-BL"]),  # spaces as people type them
        ("United Kingdom", ["GB-BL"]),
        ("英国", ["GB-BL"]),
        ("no such thing", []),
    ],
)
def test_a_partner_is_found_by_code_any_name_city_or_country(partners, text, found):
    assert codes(Partner.objects.search(text)) == found


def test_a_short_text_is_not_taken_for_a_country_name(partners):
    # "an" begins words of a dozen country names (Andorra, Antigua and Barbuda…).
    PartnerFactory(code="AD-NL", name="Biblioteca Nacional", country="AD")
    assert "AD-NL" not in codes(Partner.objects.search("an"))


def test_an_empty_or_null_text_finds_everything_and_names_nothing(partners):
    assert Partner.objects.search("  ").count() == 5
    assert codes(Partner.objects.search("GB-BL\x00")) == ["GB-BL"]
    assert not Partner.objects.named("").exists()


def test_named_is_the_code_when_a_partner_has_it_else_the_search(partners):
    PartnerFactory(code="GB-BLX", name="Another library", country="GB")
    assert codes(Partner.objects.named("gb-bl")) == ["GB-BL"]
    assert codes(Partner.objects.named("GB-BL · British Library")) == ["GB-BL"]
    assert codes(Partner.objects.named("Library")) == [
        "GB-BL",
        "GB-BLX",
        "JP-KUL",
        "JP-NDL",
        "JP-OLD",
    ]


def test_the_best_match_comes_first(partners):
    PartnerFactory(code="XX-KYO", name="A library near Kyoto", country="GB")
    found = list(Partner.objects.search("kyoto").best_first("kyoto"))
    assert found[0].code == "JP-KUL"  # its name starts so
    assert list(Partner.objects.search("jp-ndl").best_first("jp-ndl"))[0].code == "JP-NDL"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_on_postgresql_a_name_with_a_typo_is_found(partners):
    assert "JP-NDL" in codes(Partner.objects.search("Natinal Diet Librery"))
    assert codes(Partner.objects.named("Natinal Diet Librery")) == ["JP-NDL"]


def test_a_name_typed_whole_names_that_partner_before_those_like_it(partners):
    # "Kyushu University Library" is like it by trigrams (PostgreSQL), and holds none of it.
    PartnerFactory(code="JP-KYU", name="Kyushu University Library", country="JP")
    assert codes(Partner.objects.named("kyoto university library")) == ["JP-KUL"]
    PartnerFactory(code="JP-KUL2", name="Kyoto University Library Annex", country="JP")
    # Its very name before the names that hold it.
    assert codes(Partner.objects.named("Kyoto University Library")) == ["JP-KUL"]
    assert codes(Partner.objects.named("Kyoto University")) == ["JP-KUL", "JP-KUL2"]


# The partner list ---------------------------------------------------------------------


def test_the_partner_list_finds_by_country_name_in_either_language(partners, head_client):
    for text in ("Japan", "日本"):
        page = head_client.get(reverse("partners:list"), {"q": text})
        found = [partner.code for partner in page.context["object_list"]]
        assert sorted(found) == ["JP-KUL", "JP-NDL", "JP-OLD"], text


# The autocomplete's JSON --------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_gets_the_partners_a_text_finds_best_first(partners, clients, role):
    response = clients[role].get(LOOKUP, {"q": "日本"})
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    # First the one whose (Chinese) name starts so, then by code.
    assert [r["code"] for r in results] == ["JP-NDL", "JP-KUL", "JP-OLD"]
    ndl = results[0]
    assert ndl["value"] == "JP-NDL · National Diet Library (国立国会図書館)"
    assert ndl["place"] == "Tokyo, Japan"
    assert results[2]["ended"] is True


def test_anonymous_users_are_sent_to_sign_in(partners, anon_client):
    response = anon_client.get(LOOKUP, {"q": "Japan"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 70000, "Ω" * 300, "%_", "'; drop table"])
def test_any_text_is_answered(partners, staff_client, text):
    response = staff_client.get(LOOKUP, {"q": text})
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == []


def test_the_autocomplete_lists_at_most_ten(staff_client):
    PartnerFactory.create_batch(15, country="FR")
    results = json.loads(staff_client.get(LOOKUP, {"q": "France"}).content)["results"]
    assert len(results) == 10


def test_the_autocomplete_costs_the_same_queries_with_ten_times_the_partners(
    staff_client, django_assert_num_queries
):
    def ask():
        # session, user, the search (LIMIT 10); the permission check reads the
        # user's permissions and groups.
        with django_assert_num_queries(4):
            assert staff_client.get(LOOKUP, {"q": "France"}).status_code == 200

    PartnerFactory.create_batch(3, country="FR")
    ask()
    PartnerFactory.create_batch(27, country="FR")
    ask()


# The partner field --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["JP-NDL", "jp-ndl", "JP-NDL · National Diet Library", "Diet", "国会图书馆"]
)
def test_the_field_takes_a_code_or_a_name_that_finds_one_partner(partners, typed):
    assert PartnerChoiceField().clean(typed) == partners["ndl"]


def test_the_field_says_what_a_name_of_several_partners_finds(partners):
    with pytest.raises(Exception) as error:
        PartnerChoiceField().clean("Japan")
    assert "names several partners (JP-KUL, JP-NDL, JP-OLD)" in str(error.value)


def test_the_field_says_when_nothing_is_found(partners):
    with pytest.raises(Exception) as error:
        PartnerChoiceField().clean("Atlantis")
    assert "No partner has the code or a name “Atlantis”." in str(error.value)


def test_the_field_renders_a_labelled_combobox_with_the_chosen_partner(partners):
    html = PartnerChoiceField().widget.render("partner", "JP-NDL", {"id": "id_partner"})
    assert 'role="combobox"' in html
    assert 'aria-controls="id_partner-options"' in html
    assert '<ul class="autocomplete__list" id="id_partner-options" role="listbox" hidden>' in html
    field = PartnerChoiceField()
    assert field.prepare_value(partners["bl"]) == "GB-BL · British Library"
