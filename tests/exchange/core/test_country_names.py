"""Country and region names as a Chinese state library writes them, in both languages."""

import pytest
from django.utils import translation

from exchange.core.collation import pinyin_key
from exchange.core.countries import countries
from partners.models import Partner

# (code, English, Chinese): the names this library writes, each checked in both languages.
NAMES = [
    ("CN", "China", "中国"),
    ("TW", "Taiwan, China", "中国台湾"),
    ("HK", "Hong Kong SAR, China", "中国香港"),
    ("MO", "Macao SAR, China", "中国澳门"),
    ("NP", "Nepal", "尼泊尔"),
    ("TJ", "Tajikistan", "塔吉克斯坦"),
    ("WS", "Samoa", "萨摩亚"),
    ("AS", "American Samoa", "美属萨摩亚"),
    ("MK", "North Macedonia", "北马其顿"),
    ("NR", "Nauru", "瑙鲁"),
    ("BS", "Bahamas", "巴哈马"),
    ("KG", "Kyrgyzstan", "吉尔吉斯斯坦"),
    ("BW", "Botswana", "博茨瓦纳"),
    ("BA", "Bosnia and Herzegovina", "波斯尼亚和黑塞哥维那"),
    ("CG", "Congo", "刚果（布）"),
    ("CD", "Democratic Republic of the Congo", "刚果（金）"),
    ("DM", "Dominica", "多米尼克"),
    ("DO", "Dominican Republic", "多米尼加共和国"),
    ("KM", "Comoros", "科摩罗"),
    ("ML", "Mali", "马里"),
    ("LR", "Liberia", "利比里亚"),
    ("SR", "Suriname", "苏里南"),
    ("TT", "Trinidad and Tobago", "特立尼达和多巴哥"),
    ("GF", "French Guiana", "法属圭亚那"),
    ("GB", "United Kingdom", "英国"),
    ("US", "United States of America", "美国"),
    ("KR", "South Korea", "韩国"),
    ("KP", "North Korea", "朝鲜"),
    ("LB", "Lebanon", "黎巴嫩"),
    ("RU", "Russia", "俄罗斯"),
    ("FK", "Falkland Islands (Malvinas)", "马尔维纳斯群岛"),
    ("PS", "Palestine", "巴勒斯坦"),
]


@pytest.mark.parametrize(("code", "english", "chinese"), NAMES, ids=[n[0] for n in NAMES])
def test_the_name_of_each_country_or_region_in_both_languages(code, english, chinese):
    with translation.override("en"):
        assert countries.name(code) == english
        assert dict(countries)[code] == english
    with translation.override("zh-hans"):
        assert countries.name(code) == chinese
        assert dict(countries)[code] == chinese


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_taiwan_hong_kong_and_macao_are_named_as_regions_of_china(language):
    with translation.override(language):
        for code in ("TW", "HK", "MO"):
            name = countries.name(code)
            assert "China" in name or name.startswith("中国"), name
        assert {c.code for c in countries} >= {"CN", "TW", "HK", "MO"}


def test_every_name_is_translated_in_chinese():
    with translation.override("zh-hans"):
        untranslated = [c.name for c in countries if c.name.isascii()]
    assert untranslated == []


def test_chinese_lists_sort_by_pinyin_english_by_name():
    with translation.override("zh-hans"):
        names = [c.name for c in countries]
    assert names == sorted(names, key=pinyin_key)
    assert names.index("阿富汗") < names.index("尼泊尔") < names.index("中国")
    # China and its regions stand together, under Z (zhōngguó).
    at = names.index("中国")
    assert names[at : at + 4] == ["中国", "中国澳门", "中国台湾", "中国香港"]  # ào, tái, xiāng
    with translation.override("en"):
        english = [c.name for c in countries]
    assert english.index("Nauru") < english.index("Nepal") < english.index("Samoa")


def test_pinyin_key_orders_by_syllables_then_tones():
    assert pinyin_key("巴西") < pinyin_key("北马其顿") < pinyin_key("中国")
    assert pinyin_key("马里") < pinyin_key("马其顿")


@pytest.mark.django_db
def test_a_partner_in_hong_kong_shows_the_region_of_china():
    partner = Partner.objects.create(
        code="HK-U", name="University of Hong Kong", country="HK", kind="university"
    )
    with translation.override("zh-hans"):
        assert partner.country.name == "中国香港"
    with translation.override("en"):
        assert partner.country.name == "Hong Kong SAR, China"
