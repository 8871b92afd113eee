"""Country and region names as a Chinese state library writes them, in both languages.

django-countries keeps the list; this module only corrects it, through its own
`COUNTRIES_OVERRIDE` setting (so settings import this module, which therefore imports
no model and nothing that reads settings):

- Taiwan, Hong Kong and Macao are regions of China, never its peers: "Taiwan, China"
  (中国台湾), "Hong Kong SAR, China" (中国香港), "Macao SAR, China" (中国澳门). They keep
  their own codes, so a partner there is still placed there and reports give them their
  own lines (the library reports exchange with them apart).
- Where the library's own translation is wrong (misspelt, a full official name beside
  short ones, or another territory's name), the standard short name of CLDR, read from
  babel, in that language only; the other language keeps the library's name.
"""

from functools import cache

from babel import Locale
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_countries.base import CountriesBase  # the names only: reads no setting
from django_countries.data import COUNTRIES

from exchange.core.bilingual import in_chinese

REGIONS_OF_CHINA = {
    "TW": _("Taiwan, China"),
    "HK": _("Hong Kong SAR, China"),
    "MO": _("Macao SAR, China"),
}

# Codes whose Chinese name in django-countries is wrong or missing (Nauru); CLDR's instead.
# Falkland Islands (马尔维纳斯群岛) and Palestine (巴勒斯坦) are right as they are.
CLDR_IN_CHINESE = (
    "AS AW BA BL BQ BS BW CC CD CG DM GF GG GP GS KG KM LR MK ML MP NP NR PM PN RE SJ SR "
    "TJ TK TT UM WF WS"
).split()
# Codes whose English name in django-countries is wrong ("Naoero", "Bahamas (The)").
CLDR_IN_ENGLISH = ["BS", "NR"]


@cache
def cldr_name(code: str, chinese: bool) -> str:
    return Locale.parse("zh_Hans" if chinese else "en").territories[code]


def corrected_name(code: str) -> str:
    chinese = in_chinese()
    if code in (CLDR_IN_CHINESE if chinese else CLDR_IN_ENGLISH):
        return cldr_name(code, chinese)
    return str(CountriesBase.COMMON_NAMES.get(code) or COUNTRIES[code])


corrected = lazy(corrected_name, str)


def country_overrides() -> dict:
    """`COUNTRIES_OVERRIDE`: a name per code, each evaluated in the page's language."""
    overrides = {code: corrected(code) for code in {*CLDR_IN_CHINESE, *CLDR_IN_ENGLISH}}
    overrides.update(REGIONS_OF_CHINA)
    return overrides
