"""UN M49 geographic regions, sub-regions and intermediate regions of every country.

The mapping ships as data (`exchange/core/data/m49.csv`, one row per django-countries
code) and is read once per process. Taiwan, Hong Kong and Macao are in Eastern Asia;
Antarctica, which M49 places directly under the World, is its own region (010) so
that every country has one.

The names are marked for translation here, by code, because makemessages cannot read
the CSV; a test checks that they match the CSV's English names.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data" / "m49.csv"

NAMES = {
    # regions
    "002": _("Africa"),
    "009": _("Oceania"),
    "010": _("Antarctica"),
    "019": _("Americas"),
    "142": _("Asia"),
    "150": _("Europe"),
    # sub-regions
    "015": _("Northern Africa"),
    "202": _("Sub-Saharan Africa"),
    "419": _("Latin America and the Caribbean"),
    "021": _("Northern America"),
    "143": _("Central Asia"),
    "030": _("Eastern Asia"),
    "035": _("South-eastern Asia"),
    "034": _("Southern Asia"),
    "145": _("Western Asia"),
    "151": _("Eastern Europe"),
    "154": _("Northern Europe"),
    "039": _("Southern Europe"),
    "155": _("Western Europe"),
    "053": _("Australia and New Zealand"),
    "054": _("Melanesia"),
    "057": _("Micronesia"),
    "061": _("Polynesia"),
    # intermediate regions
    "011": _("Western Africa"),
    "014": _("Eastern Africa"),
    "017": _("Middle Africa"),
    "018": _("Southern Africa"),
    "029": _("Caribbean"),
    "013": _("Central America"),
    "005": _("South America"),
    "830": _("Channel Islands"),
}

REGION, SUBREGION, INTERMEDIATE = "region", "subregion", "intermediate"


@dataclass(frozen=True)
class Area:
    """One M49 area: a region, a sub-region or an intermediate region."""

    code: str
    level: str

    @property
    def name(self) -> str:
        return str(NAMES.get(self.code, self.code))

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class CountryRegions:
    region: Area
    subregion: Area
    intermediate: Area | None


@cache
def _table() -> dict[str, CountryRegions]:
    with DATA.open(encoding="utf-8", newline="") as f:
        return {
            row["alpha2"]: CountryRegions(
                region=Area(row["region_code"], REGION),
                subregion=Area(row["subregion_code"], SUBREGION),
                intermediate=(
                    Area(row["intermediate_code"], INTERMEDIATE)
                    if row["intermediate_code"]
                    else None
                ),
            )
            for row in csv.DictReader(f)
        }


def csv_names() -> dict[str, str]:
    """Every code of the CSV with its English name, as written there."""
    names = {}
    with DATA.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for level in ("region", "subregion", "intermediate"):
                if row[f"{level}_code"]:
                    names[row[f"{level}_code"]] = row[f"{level}_name"]
    return names


def regions_of(country: str) -> CountryRegions | None:
    return _table().get(str(country).upper())


def area_of(country: str, level: str) -> Area | None:
    """The country's area at a level (REGION or SUBREGION)."""
    found = regions_of(country)
    return getattr(found, level) if found else None


@cache
def _members() -> dict[str, frozenset[str]]:
    members: dict[str, set[str]] = {}
    for country, found in _table().items():
        for area in (found.region, found.subregion, found.intermediate):
            if area is not None:
                members.setdefault(area.code, set()).add(country)
    return {code: frozenset(countries) for code, countries in members.items()}


def countries_in(code: str) -> frozenset[str]:
    """The alpha-2 codes in a region, sub-region or intermediate region (empty if unknown)."""
    return _members().get(code, frozenset())


def is_area(code: str) -> bool:
    return code in _members()


def area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Regions with their sub-regions and intermediate regions, for a grouped <select>."""
    return list(_area_choices_in(get_language()))


@cache
def _area_choices_in(language: str) -> tuple:
    with override(language):
        return tuple(_area_choices())


def _area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    tree: dict[str, dict[str, set[str]]] = {}
    for found in _table().values():
        subregions = tree.setdefault(found.region.code, {})
        intermediates = subregions.setdefault(found.subregion.code, set())
        if found.intermediate is not None:
            intermediates.add(found.intermediate.code)
    choices = []
    for region in sorted(tree, key=lambda code: str(NAMES[code])):
        options = [(region, str(NAMES[region]))]
        for subregion in sorted(tree[region], key=lambda code: str(NAMES[code])):
            if subregion != region:
                options.append((subregion, f"— {NAMES[subregion]}"))
            intermediates = sorted(tree[region][subregion], key=lambda c: str(NAMES[c]))
            options.extend((code, f"— — {NAMES[code]}") for code in intermediates)
        choices.append((str(NAMES[region]), options))
    return choices


def area_name(code: str) -> str:
    return str(NAMES.get(code, code))
