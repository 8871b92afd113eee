"""Partners that look like one being added, edited or imported: in the same country,
with a name of the same words in another order ("National and Public Library of
Greenland", "Public and National Library of Greenland"), or a name alike by trigrams.

A warning, never a refusal: two libraries of one city may well have close names. The
partner form and the partner import both ask `look_alikes`.

The trigrams are counted as PostgreSQL's pg_trgm counts them (each word, lower-cased,
padded with two spaces before and one after), in Python: the partners of the countries
concerned are a few dozen, read in one query, and SQLite, which has no pg_trgm, then
gives the same answer as PostgreSQL.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext

from partners.models import Partner

# Names at least this alike by trigrams (0 to 1, as pg_trgm's `similarity`) look alike.
TRIGRAM_THRESHOLD = 0.75
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Candidate:
    """A partner as a form or a file row describes it."""

    code: str
    name: str
    country: str


def name_words(name: str) -> list[str]:
    """The words of a name, case, accents and punctuation aside."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return WORD.findall(plain)


def trigrams(name: str) -> set[str]:
    grams = set()
    for word in name_words(name):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(one: str, other: str) -> float:
    """pg_trgm's `similarity`: the trigrams they share over all their trigrams."""
    a, b = trigrams(one), trigrams(other)
    return len(a & b) / len(a | b) if a and b else 0.0


def names_look_alike(one: str, other: str) -> bool:
    words = sorted(name_words(one))
    if words and words == sorted(name_words(other)):
        return True
    return similarity(one, other) >= TRIGRAM_THRESHOLD


def look_alikes(candidates: Iterable[Candidate]) -> dict[str, list[Partner]]:
    """For each candidate's code, the other partners of its country whose name looks
    like its name (only the candidates that have some); one query."""
    candidates = [c for c in candidates if c.name and c.country]
    if not candidates:
        return {}
    countries = {c.country.upper() for c in candidates}
    by_country: dict[str, list[Partner]] = {}
    for partner in Partner.objects.filter(country__in=countries).order_by("code"):
        by_country.setdefault(partner.country.code, []).append(partner)
    found = {}
    for candidate in candidates:
        alike = [
            partner
            for partner in by_country.get(candidate.country.upper(), [])
            if partner.code != candidate.code and names_look_alike(candidate.name, partner.name)
        ]
        if alike:
            found[candidate.code] = alike
    return found


def look_alike_text(alike: list[Partner]) -> str:
    """ "GL-PNLG (Public and National Library of Greenland), …" for a message."""
    return ", ".join(f"{partner.code} ({partner.shown_name})" for partner in alike)


def look_alike_message(code: str, alike: list[Partner]) -> str:
    return gettext(
        "%(code)s looks like an existing partner in the same country: %(partners)s. If it "
        "is the same institution, keep one record."
    ) % {"code": code, "partners": look_alike_text(alike)}


def partner_look_alikes(partner: Partner) -> list[Partner]:
    """The other partners of its country that look like it."""
    candidate = Candidate(partner.code, partner.name, partner.country.code or "")
    return look_alikes([candidate]).get(partner.code, [])
