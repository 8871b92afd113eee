"""The UN M49 regions shipped as data: every country maps to one."""

import csv

from django.utils import translation
from django_countries.data import COUNTRIES

from exchange.core.countries import countries
from exchange.core.regions import (
    DATA,
    INTERMEDIATE,
    NAMES,
    REGION,
    SUBREGION,
    area_choices,
    area_name,
    area_of,
    countries_in,
    csv_names,
    is_area,
    regions_of,
)


def test_every_country_django_countries_knows_maps_to_a_region_and_sub_region():
    codes = set(COUNTRIES) | {country.code for country in countries}
    unmapped = sorted(code for code in codes if regions_of(code) is None)
    assert unmapped == []
    for code in codes:
        found = regions_of(code)
        assert found.region.code in NAMES and found.region.level == REGION
        assert found.subregion.code in NAMES and found.subregion.level == SUBREGION


def test_the_data_has_one_row_per_country_and_no_unknown_code():
    with DATA.open(encoding="utf-8", newline="") as f:
        codes = [row["alpha2"] for row in csv.DictReader(f)]
    assert len(codes) == len(set(codes))
    assert set(codes) <= set(COUNTRIES)


def test_each_name_marked_for_translation_is_the_csv_name():
    names = csv_names()
    assert set(names) == set(NAMES)
    with translation.override("en"):
        assert {code: str(NAMES[code]) for code in names} == names


def test_known_countries_are_in_their_m49_areas():
    assert area_of("CN", REGION).code == "142"
    assert area_of("cn", SUBREGION).name == "Eastern Asia"
    assert area_of("GB", SUBREGION).code == "154"
    assert regions_of("JM").intermediate.code == "029"
    assert regions_of("JM").intermediate.level == INTERMEDIATE
    assert regions_of("FR").intermediate is None
    assert area_of("TW", SUBREGION).code == "030"
    assert area_of("AQ", REGION).name == "Antarctica"


def test_countries_in_an_area_at_any_level():
    assert {"CN", "JP", "KR", "MN", "KP", "TW", "HK", "MO"} == set(countries_in("030"))
    assert {"FR", "DE"} <= countries_in("150")
    assert "JM" in countries_in("029") and "JM" in countries_in("419")
    assert countries_in("999") == frozenset()
    assert is_area("419") and not is_area("GB")


def test_area_choices_group_sub_regions_under_their_region():
    choices = dict(area_choices())
    asia = dict(choices["Asia"])
    assert asia["142"] == "Asia"
    assert asia["030"] == "— Eastern Asia"
    americas = dict(choices["Americas"])
    assert americas["029"] == "— — Caribbean"
    every = {code for group in choices.values() for code, _label in group}
    assert every == set(NAMES)


def test_area_name_falls_back_to_the_code():
    assert area_name("150") == "Europe"
    assert area_name("999") == "999"
