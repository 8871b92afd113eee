"""Which lines of a partner's offer we want, or already received (DOMAIN.md, "Offers,
selections and wants"): the same ISBN-13 (an ISBN-10 converted) or ISSN; otherwise the
same normalised title (case, punctuation, accents and spacing ignored) with the same
year."""

import unicodedata

from django.db.models import Q
from stdnum import isbn as stdnum_isbn

from exchange.core.choices import Direction
from exchange.core.identifiers import clean_issn, isbn_forms
from shipments.items import ShipmentItem


def isbn13(value: str) -> str:
    """The ISBN-13 of an ISBN-10 or ISBN-13 (compact), "" when it is none."""
    compact = "".join((value or "").replace("-", "").split()).upper()
    if not compact or not stdnum_isbn.is_valid(compact):
        return ""
    return stdnum_isbn.to_isbn13(compact)


def issn_key(value: str) -> str:
    try:
        return clean_issn(value or "")
    except Exception:  # noqa: BLE001 (an invalid ISSN matches nothing)
        return ""


# Latin letters that carry their mark inside them, so that decomposing leaves them whole.
UNMARKED = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "æ": "ae", "œ": "oe"})


def normalised_title(title: str) -> str:
    """Lower case, accents and punctuation taken out, spaces collapsed: "Le Monde
    diplomatique!" and "le monde  diplomatique" are the same title; so are "Çağdaş"
    and "cagdas". Letters and digits of every script stay (汉字 included)."""
    decomposed = unicodedata.normalize("NFKD", (title or "").casefold()).translate(UNMARKED)
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith("M"):  # accents, once decomposed
            continue
        kept.append(char if category[0] in "LN" else " ")
    return " ".join("".join(kept).split())


def match_keys(*, isbn: str = "", issn: str = "", title: str = "", year=None) -> set[tuple]:
    """The keys under which a title matches another: its ISBN-13 or ISSN, and its
    normalised title with its year (a title without a year matches by identifier only)."""
    keys = set()
    if found := isbn13(isbn):
        keys.add(("isbn", found))
    if found := issn_key(issn):
        keys.add(("issn", found))
    name = normalised_title(title)
    if name and year:
        keys.add(("title", name, int(year)))
    return keys


class Matcher:
    """Titles indexed by their match keys; `matches(...)` tells whether a title is one of
    them: the same identifier, otherwise the same normalised title and year."""

    def __init__(self, titles):
        self.keys: set[tuple] = set()
        for title in titles:
            self.keys |= match_keys(**title)

    def matches(self, **title) -> bool:
        return not self.keys.isdisjoint(match_keys(**title))


def received_matcher(lines) -> Matcher:
    """What we already received (items of counted incoming shipments) that could match
    the lines: by any form of their identifiers, or of their years (titles are compared
    normalised in Python, which SQL cannot do portably). Two queries."""
    isbns = {form for line in lines for form in isbn_forms(isbn13(line.isbn))}
    issns = {issn_key(line.issn) for line in lines} - {""}
    years = {line.year for line in lines if line.year}
    received = ShipmentItem.objects.filter(
        shipment__direction=Direction.INCOMING, shipment__counted_on__isnull=False
    )
    found = list(
        received.filter(Q(isbn__in=isbns) | Q(issn__in=issns)).values(
            "isbn", "issn", "title", "year"
        )
    )
    found += received.filter(year__in=years).values("title", "year")
    return Matcher(found)


def line_marks(lines, wants) -> dict[int, tuple[bool, bool]]:
    """{line pk: (wanted, already received)} for lines of partners' offers."""
    wanted = Matcher(described(want) for want in wants)
    received = received_matcher(lines)
    return {
        line.pk: (
            wanted.matches(**described(line)),
            received.matches(**described(line)),
        )
        for line in lines
    }


def described(record) -> dict:
    """What the matching rules read of a title: a want, a line of an offer, an item."""
    return {"isbn": record.isbn, "issn": record.issn, "title": record.title, "year": record.year}
