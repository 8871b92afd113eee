"""Countries as the demo writes about them: their official languages, and their names in
English running text, in the language of a partner's titles and in our own Chinese."""

import csv
from functools import cache
from pathlib import Path

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
# Every country or region of data/libraries.csv: its short and official long names in
# simplified Chinese, as the Chinese government writes them.
COUNTRY_NAMES_ZH = Path(__file__).parent / "data" / "countries_zh.csv"


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


@cache
def chinese_country_names() -> dict[str, tuple[str, str]]:
    """Alpha-2 code → (short name, official long name): ("LB", ("黎巴嫩", "黎巴嫩共和国"))."""
    with COUNTRY_NAMES_ZH.open(newline="", encoding="utf-8") as file:
        rows = csv.DictReader(file)
        return {row["country"]: (row["name_zh"], row["official_name_zh"]) for row in rows}
