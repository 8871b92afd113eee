"""Hypothesis strategies for the property tests: bad input (`bad_input`) and import
files (`import_files`), imported from here."""

from tests.strategies.bad_input import (
    FUZZ,
    clean_text,
    database_state,
    formset_rows,
    merged,
    nasty,
    page_data,
    post_data,
    rolled_back,
    sprinkled,
)
from tests.strategies.import_files import csv_bytes, import_file

__all__ = [
    "FUZZ",
    "clean_text",
    "csv_bytes",
    "database_state",
    "formset_rows",
    "import_file",
    "merged",
    "nasty",
    "page_data",
    "post_data",
    "rolled_back",
    "sprinkled",
]
