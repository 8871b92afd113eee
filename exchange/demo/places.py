"""Countries as the demo writes about them: their official languages, and their names in
English running text and in the language of a partner's titles."""

from functools import cache

from babel import Locale
from babel.languages import get_official_languages

from exchange.core.codes import is_language

# Alpha-2 codes whose English name takes "the" in running text, and better names.
ENGLISH_NAMES = {
    "US": "the United States", "GB": "the United Kingdom", "NL": "the Netherlands",
    "PH": "the Philippines", "CD": "the Democratic Republic of the Congo",
    "BA": "Bosnia and Herzegovina", "TT": "Trinidad and Tobago", "HK": "Hong Kong",
    "MO": "Macao", "MM": "Myanmar", "DO": "the Dominican Republic",
    "AE": "the United Arab Emirates", "GM": "the Gambia", "MV": "the Maldives",
    "FO": "the Faroe Islands", "VA": "the Holy See", "CZ": "the Czech Republic",
    "KR": "the Republic of Korea", "KP": "the Democratic People's Republic of Korea",
    "RU": "the Russian Federation", "TR": "the Republic of Türkiye",
}  # fmt: skip
# Titles in Chinese come from these places, in traditional characters: so do their names.
PLACE_NAMES_ZH = {"TW": "臺灣", "HK": "香港", "MO": "澳門"}


@cache
def official_languages(country: str) -> tuple[str, ...]:
    """The country's languages as two-letter codes, most used first."""
    codes = []
    for code in get_official_languages(country, de_facto=True):
        short = code.split("_")[0]
        if len(short) == 2 and is_language(short) and short not in codes:
            codes.append(short)
    return tuple(codes)


@cache
def country_name(country: str, language: str) -> str:
    if language == "en":
        return ENGLISH_NAMES.get(country) or Locale("en").territories.get(country, country)
    if language == "zh":
        return PLACE_NAMES_ZH.get(country, "")
    return Locale.parse(language).territories.get(country, country)
