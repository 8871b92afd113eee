"""Real partner libraries used to generate demo data, read from data/libraries.csv.

Each row is a `Library`: the ISO 3166-1 alpha-2 code; one of "national", "university",
"public", "research"; the name in English; the name in the original language/script (""
when it is the same as the English name); the city; and the Chinese names of the library
and the city, as the National Library of China writes them (simplified characters; the
established name where there is one, else a faithful translation).
Every country or region has exactly one "national" row except Hong Kong and Macao.

The file lists the national libraries first, by region, then the university, public and
research libraries, by country; the demo relies on that order for the same seed to give
the same partners.
"""

import csv
from pathlib import Path
from typing import NamedTuple

PATH = Path(__file__).parent / "data" / "libraries.csv"


class Library(NamedTuple):
    country: str
    kind: str
    name: str
    name_original: str
    city: str
    name_zh: str
    city_zh: str


COLUMNS = Library._fields


def read_libraries() -> tuple[Library, ...]:
    with PATH.open(newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        if tuple(next(rows)) != COLUMNS:
            raise ValueError(f"{PATH} must begin with the header {','.join(COLUMNS)}.")
        return tuple(Library(*row) for row in rows)


LIBRARIES = read_libraries()
