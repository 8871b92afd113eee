"""Dispatch notes, acknowledgements and claim letters in the contact's language."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.i18n_helpers import chinese


@pytest.fixture
def world(i18n_world):
    """The records in Chinese, Russian, Arabic and romanised forms (tests/conftest.py)."""
    return i18n_world


def test_a_dispatch_note_to_a_chinese_speaking_contact_is_in_chinese(staff_client, world):
    html = staff_client.get(
        reverse("shipments:dispatch_note", args=["OUT-2026-00004"])
    ).content.decode()
    letter = html[html.index("<article") :]
    assert '<article class="document" lang="zh-hans">' in letter
    assert "发运单及装箱清单" in letter and "收货方" in letter
    assert "中国国家图书馆" in letter and "National Library of China" in letter
    assert letter.index("中国国家图书馆") < letter.index("National Library of China")
    # The country as the post reads it abroad.
    assert "SINGAPORE" in letter
    # The page around it stays in the user's language.
    assert "Back to the shipment" in html[: html.index("<article")]


def test_a_dispatch_note_to_a_contact_of_another_language_is_in_english(world):
    client = chinese(Client())
    client.force_login(world["claim"].created_by)
    html = client.get(reverse("shipments:dispatch_note", args=["OUT-2026-00003"])).content.decode()
    letter = html[html.index("<article") :]
    assert '<article class="document" lang="en">' in letter
    assert "Dispatch note and packing list" in letter and "RUSSIA" in letter
    assert letter.index("National Library of China") < letter.index("中国国家图书馆")
    assert "返回批次" in html[: html.index("<article")]


def test_an_acknowledgement_in_chinese_is_signed_with_the_chinese_name(staff_client, world):
    html = staff_client.get(
        reverse("shipments:acknowledgement", args=["IN-2026-00001"])
    ).content.decode()
    letter = html[html.index("<article") :]
    assert "尊敬的 李明：" in letter
    assert "我方已于2026年3月2日收到贵方寄来的书刊，共 2 种" in letter
    assert "（贵方编号 <span" in letter or "贵方编号" in letter
    assert "，合计 3 册，清单如下。" in letter
    assert "中国国家图书馆国际书刊交换" in letter


def test_a_claim_letter_follows_the_contact_language_and_its_suggested_wording_too(
    staff_client, world
):
    html = staff_client.get(
        reverse("exchange:claim_letter", args=[world["answered"].pk])
    ).content.decode()
    assert 'class="document claim-letter" lang="zh-hans"' in html
    assert "关于我们之间书刊交换的催询" in html and "尊敬的 李明：" in html
    form = staff_client.get(reverse("exchange:claim_create"), {"partner": "SG-NUS"})
    assert form.context["form"].initial["subject"].startswith("我方持续向贵方寄送出版物")
    form = staff_client.get(reverse("exchange:claim_create"), {"partner": "RU-NLR"})
    assert form.context["form"].initial["subject"].startswith("We have received no publications")
