"""The list of countries and regions every field, filter and report uses.

django-countries' list with the names of `country_names` (set in settings), sorted
as the page's language sorts (`collation`): English by name, Chinese by pinyin.
"""

import re
from functools import cache

from django.utils.translation import get_language, override
from django_countries import Countries

from exchange.core.bilingual import in_chinese
from exchange.core.collation import pinyin_key


class LibraryCountries(Countries):
    def __iter__(self):
        if not in_chinese():
            yield from super().__iter__()
            return
        cache = self.__dict__.setdefault("_pinyin_cache", {})
        language = get_language()
        if language not in cache:
            listed = list(super().__iter__())
            cache[language] = sorted(listed, key=lambda country: pinyin_key(country.name))
        yield from cache[language]


countries = LibraryCountries()


def country_names() -> dict[str, str]:
    """Each country's and region's name in the current language, by code: for tables,
    where `countries.name(code)` per row translates again each time."""
    return _names_in(get_language())


def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) of every country and region, sorted as the current language sorts."""
    return _choices_in(get_language())


@cache
def _names_in(language: str) -> dict[str, str]:
    return dict(_choices_in(language))


@cache
def _choices_in(language: str) -> tuple[tuple[str, str], ...]:
    with override(language):
        return tuple((code, str(name)) for code, name in countries)


# The languages a country's name is searched in, whatever the page's language.
NAME_LANGUAGES = ("en", "zh-hans")
# The shortest text taken as (part of) a country's name: in Chinese, two characters.
COUNTRY_MIN_LENGTH = {True: 3, False: 2}


@cache
def _country_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(code, (each of its names, case-folded)) of every country and region."""
    names: dict[str, list[str]] = {}
    for language in NAME_LANGUAGES:
        with override(language):
            for code, name in countries:
                names.setdefault(code, []).append(str(name).casefold())
    return tuple((code, tuple(forms)) for code, forms in names.items())


def countries_named(text: str) -> list[str]:
    """The codes of the countries and regions whose name, in English or Chinese, holds
    `text` ("Japan", "japan", "日本" → JP; "Korea" → KP, KR). Latin words match at the
    start of a word of the name, so "an" is not every country with "an" in it; Chinese
    names have no words, and match anywhere. Shorter texts than `COUNTRY_MIN_LENGTH` are
    taken as codes or parts of names, not countries ("an", "中")."""
    text = " ".join(text.casefold().split())
    if len(text) < COUNTRY_MIN_LENGTH[text.isascii()]:
        return []
    if text.isascii():
        pattern = re.compile(rf"(?<![a-z]){re.escape(text)}")
        return [code for code, forms in _country_names() if any(map(pattern.search, forms))]
    return [code for code, forms in _country_names() if any(text in form for form in forms)]
