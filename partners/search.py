"""How staff find a partner: by its code, any form of its name, its city, or its
country's name in English or Chinese. One rule for the partner list, the search page,
the autocomplete of every partner field and the per-partner report's lookup
(`PartnerQuerySet.search`, `.named`, `.best_first`).

On PostgreSQL the text lookups are served by trigram indexes (pg_trgm, migration
partners 0003), and a name also matches with a typo or two (trigram word similarity);
on SQLite, which has neither, a case-insensitive "contains" over the same fields.
"""

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, Value, When

from exchange.core.countries import countries_named

# The fields a partner is found by, besides its country.
TEXT_FIELDS = ("code", "name", "name_zh", "name_original", "city", "city_zh")
# The shortest text matched by likeness rather than as a part of a name: shorter ones
# are like too many names to mean anything.
FUZZY_MIN_LENGTH = 5
# Longer searches are refused: SQLite cannot match a LIKE pattern of 50,000 bytes.
SEARCH_MAX_LENGTH = 200


def clean_text(text: str) -> str:
    """The text as searched: spaces collapsed, no NUL (PostgreSQL refuses it), cut to
    the longest search."""
    return " ".join(text.replace("\x00", " ").split())[:SEARCH_MAX_LENGTH]


def code_part(text: str) -> str:
    """The code out of "GB-BL · British Library", as a chosen partner is written
    (`Partner.__str__`, the autocomplete); any other text as it is."""
    return text.split(" · ")[0] if " · " in text else text


def is_postgresql(alias: str) -> bool:
    return connections[alias].vendor == "postgresql"


def search_condition(text: str, *, postgresql: bool, fuzzy: bool = True) -> Q:
    """The partners that `text` finds (a cleaned, non-empty text); `fuzzy`, on
    PostgreSQL, also those with a name like it."""
    if postgresql:
        variants = {text}
    else:
        # SQLite ignores case for ASCII letters only: for other scripts (Cyrillic,
        # Greek…) try their usual casings too.
        variants = {text} if text.isascii() else {text, text.lower(), text.upper(), text.title()}
    condition = Q()
    for variant in variants:
        for field in TEXT_FIELDS:
            condition |= Q(**{f"{field}__icontains": variant})
    countries = countries_named(text)
    if countries:
        condition |= Q(country__in=countries)
    if fuzzy and postgresql and len(text) >= FUZZY_MIN_LENGTH:
        # "Natinal Dit Library": the name holds a word sequence like the text.
        condition |= TrigramWordSimilar(F("name"), Value(text))
    return condition


def rank(text: str, *, postgresql: bool) -> list:
    """Best first: the code itself, a code starting so, a name starting so, then
    (PostgreSQL) the names most like the text; then by code."""
    starts = Q(name__istartswith=text) | Q(name_zh__startswith=text)
    order = [
        Case(
            When(code__iexact=text, then=Value(0)),
            When(code__istartswith=text, then=Value(1)),
            When(starts, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        ).asc()
    ]
    if postgresql:
        order.append(TrigramWordSimilarity(Value(text), "name").desc())
    return [*order, "code"]
