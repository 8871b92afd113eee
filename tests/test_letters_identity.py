"""Letters in the language of the contact they are addressed to, with the library's
letterhead and address and the signatory's name and title; the other language's
version one click away."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from exchange.core.models import LetterKind, LibraryIdentity, UserPreference
from tests.factories import (
    AddressFactory,
    ClaimFactory,
    ContactFactory,
    PartnerFactory,
    library_identity,
)
from tests.i18n_helpers import chinese


@pytest.fixture
def identity(db):
    return library_identity(claim=True)


def claim_to(language: str):
    partner = PartnerFactory(
        code="FR-BNF", name="National Library of France", name_zh="法国国家图书馆", country="FR"
    )
    AddressFactory(
        partner=partner,
        recipient="Service des échanges internationaux",
        lines="Quai François Mauriac",
        city="Paris",
        postcode="75013",
        country="FR",
    )
    ContactFactory(partner=partner, name="Claire Martin", language=language, role="Head",
                   role_zh="主任")  # fmt: skip
    return ClaimFactory(partner=partner, claimed_on=datetime.date(2026, 3, 5))


def letter_of(client, claim, query="") -> str:
    html = client.get(reverse("exchange:claim_letter", args=[claim.pk]) + query).content.decode()
    return html[html.index("<article") :]


def test_a_claim_to_a_chinese_speaking_contact_is_in_chinese(staff_client, identity):
    letter = letter_of(staff_client, claim_to("zh"))
    assert 'lang="zh-hans"' in letter[:80]
    assert "中国国家图书馆" in letter and "国际交换组" in letter
    assert "中国北京市海淀区中关村南大街33号" in letter and "exchange@example.cn" in letter
    assert "2026年3月5日" in letter
    assert "法国国家图书馆" in letter and "Quai François Mauriac" in letter and "FRANCE" in letter
    assert "Claire Martin, 主任" in letter
    assert "<strong>李华</strong><br>国际交换组组长" in letter
    assert "中国国家图书馆国际交换组" in letter


def test_a_claim_to_a_french_speaking_contact_is_in_english(staff_client, identity):
    letter = letter_of(staff_client, claim_to("fr"))
    assert 'lang="en"' in letter[:80]
    assert "National Library of China" in letter and "International Exchange Section" in letter
    assert "33 Zhongguancun South Street" in letter and "+86 10 0000 0000" in letter
    assert "5 March 2026" in letter
    assert "National Library of France" in letter and "FRANCE" in letter
    assert "Claire Martin, Head" in letter
    assert "<strong>Hua Li</strong><br>Head, International Exchange" in letter
    assert "Yours sincerely," in letter


def test_the_other_version_is_one_click_away(staff_client, identity):
    claim = claim_to("zh")
    url = reverse("exchange:claim_letter", args=[claim.pk])
    page = staff_client.get(url).content.decode()
    assert '<a href="?language=en" lang="en" hreflang="en">English</a>' in page
    assert '<strong aria-current="true" lang="zh-hans">简体中文</strong>' in page
    english = letter_of(staff_client, claim, "?language=en")
    assert 'lang="en"' in english[:80] and "5 March 2026" in english
    # An unknown language falls back to the contact's.
    assert 'lang="zh-hans"' in letter_of(staff_client, claim, "?language=xx")[:80]


def test_without_a_signatory_the_claim_is_signed_by_who_recorded_it(staff_client, db):
    author = User.objects.create_user("wang", first_name="Fang", last_name="Wang")
    UserPreference.objects.create(user=author, name_zh="王芳", title_zh="馆员")
    claim = claim_to("zh")
    claim.created_by = author
    claim.save()
    assert "<strong>王芳</strong><br>馆员" in letter_of(staff_client, claim)


def test_dispatch_notes_are_signed_by_the_user_printing_them_by_default(staff_client, staff_user):
    from tests.factories import sent

    staff_user.first_name, staff_user.last_name = "Min", "Zhao"
    staff_user.save()
    shipment = sent(PartnerFactory(), datetime.date(2026, 1, 5))
    html = staff_client.get(reverse("shipments:dispatch_note", args=[shipment.reference]))
    assert "<strong>Min Zhao</strong>" in html.content.decode()


def test_the_letter_frame_stays_in_the_users_language(identity, staff_client):
    claim = claim_to("fr")
    html = chinese(staff_client).get(reverse("exchange:claim_letter", args=[claim.pk]))
    page = html.content.decode()
    assert "返回催询" in page[: page.index("<article")]


def test_the_page_header_shows_the_identity_edited_in_the_admin(admin_client, identity):
    identity.name = "National Library of China (test)"
    identity.save()
    page = admin_client.get(reverse("dashboard")).content.decode()
    assert "National Library of China (test)" in page


def test_the_identity_is_one_row(admin_client, db):
    response = admin_client.get(reverse("admin:exchange_libraryidentity_changelist"))
    assert response.status_code == 302 and response["Location"].endswith("/1/change/")
    assert LibraryIdentity.objects.count() == 1
    admin_client.get(reverse("admin:exchange_libraryidentity_changelist"))
    assert LibraryIdentity.objects.count() == 1
    assert admin_client.get(reverse("admin:exchange_libraryidentity_add")).status_code == 403


def test_staff_cannot_edit_the_identity(staff_client, db):
    response = staff_client.get(reverse("admin:exchange_libraryidentity_changelist"))
    assert response.status_code in (302, 403)
    assert not LibraryIdentity.objects.exists()


def test_each_letter_kind_names_its_signatory_field():
    for kind in LetterKind.values:
        assert hasattr(LibraryIdentity, f"{kind}_signatory")
