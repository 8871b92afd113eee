"""Real partner libraries used to generate demo data, read from data/libraries.csv.

Each row is ``(country, kind, name, name_original, city)``: ISO 3166-1 alpha-2 code,
one of "national", "university", "public", "research", the name in English, the name in
the original language/script ("" when it is the same as the English name) and the city.
Every country or region has exactly one "national" row except Hong Kong and Macao.

The file lists the national libraries first, by region, then the university, public and
research libraries, by country; the demo relies on that order for the same seed to give
the same partners.
"""

import csv
from pathlib import Path

PATH = Path(__file__).parent / "data" / "libraries.csv"
COLUMNS = ("country", "kind", "name", "name_original", "city")


def read_libraries() -> tuple[tuple[str, str, str, str, str], ...]:
    with PATH.open(newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        if tuple(next(rows)) != COLUMNS:
            raise ValueError(f"{PATH} must begin with the header {','.join(COLUMNS)}.")
        return tuple(tuple(row) for row in rows)


LIBRARIES = read_libraries()
