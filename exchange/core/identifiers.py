"""ISBN and ISSN: check digits validated by python-stdnum, stored compact."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)


def _without_spaces(value: str) -> str:
    """Any whitespace taken out, as stdnum takes out spaces: a tab or a line break
    inside a spreadsheet cell would otherwise reach its digit checks (and crash them:
    "12345678\n9" passes stdnum's format test and fails int())."""
    return "".join((value or "").split())


def clean_isbn(value: str) -> str:
    """The compact ISBN-10 or ISBN-13 (no hyphens), or ValidationError saying why."""
    value = _without_spaces(value)
    if not value:
        return ""
    try:
        return stdnum_isbn.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("“%(value)s” is not a valid ISBN: %(reason)s"),
            params={"value": value, "reason": _describe(error)},
            code="invalid_isbn",
        ) from error


def clean_issn(value: str) -> str:
    value = _without_spaces(value)
    if not value:
        return ""
    try:
        return stdnum_issn.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("“%(value)s” is not a valid ISSN: %(reason)s"),
            params={"value": value, "reason": _describe(error)},
            code="invalid_issn",
        ) from error


def _describe(error: StdnumError) -> str:
    if isinstance(error, InvalidChecksum):
        return str(_("the check digit is wrong"))
    if isinstance(error, InvalidLength):
        return str(_("it has the wrong number of digits"))
    if isinstance(error, InvalidFormat | InvalidComponent):
        return str(_("it is not in the right format"))
    return str(error)


def validate_isbn(value: str) -> None:
    clean_isbn(value)


def validate_issn(value: str) -> None:
    clean_issn(value)


def format_isbn(value: str) -> str:
    """With hyphens where the ISBN ranges are known, as printed on books."""
    try:
        return stdnum_isbn.format(value) if value else ""
    except StdnumError:
        return value


def format_issn(value: str) -> str:
    return stdnum_issn.format(value) if value else ""


def isbn_forms(value: str) -> list[str]:
    """The compact forms one book's ISBN is stored under: the ISBN-13 and, for a
    978 ISBN, the ISBN-10 (items keep the form typed); the ISBN-13 first."""
    if not value:
        return []
    if not stdnum_isbn.is_valid(value):
        # Not an ISBN stdnum can convert: only itself.
        return [value]
    isbn13 = stdnum_isbn.to_isbn13(value)
    forms = [isbn13]
    if isbn13.startswith("978"):
        forms.append(stdnum_isbn.to_isbn10(isbn13))
    return forms


def identifier_forms(text: str) -> set[str]:
    """What an ISBN or ISSN typed in a search may be stored as: compact (no hyphens or
    spaces, an upper-case X), and a valid ISBN also in its other length; nothing for a
    text that is no part of one (digits and X only)."""
    compact = "".join(text.replace("-", "").split()).upper()
    if not compact or not compact.replace("X", "").isdigit():
        return set()
    forms = {compact}
    forms.update(isbn_forms(compact))
    return forms
