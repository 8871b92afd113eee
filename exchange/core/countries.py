"""The list of countries and regions every field, filter and report uses.

django-countries' list with the names of `country_names` (set in settings), sorted
as the page's language sorts (`collation`): English by name, Chinese by pinyin.
"""

from django.utils.translation import get_language
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
