"""One row of an import file read into Python values, each problem noted with its row
and column (docs/domain.md, "Import files": `row N, column C: message`)."""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from exchange.core.codes import currency_codes, is_language
from exchange.transfer.imports import ISO_DATE, Problem
from exchange.transfer.reading import Row

# The languages whose labels a choice cell may be written in: the interface's.
LABEL_LANGUAGES = ("en", "zh-hans")


class Choices:
    """The values of a choice column: each code (as docs/domain.md writes them), or the
    label the application shows for it in English or Chinese, in any case ("national",
    "National library", "国家图书馆"). `choices` are (code, label) pairs, labels lazy."""

    def __init__(self, choices: Iterable[tuple[str, object]]):
        self.choices = tuple(choices)
        self.codes = tuple(code for code, _label in self.choices)

    @cached_property
    def _lookup(self) -> dict[str, str]:
        # Built on first use (translations are not ready at import), once per process.
        lookup = {}
        for language in LABEL_LANGUAGES:
            with translation.override(language):
                for code, label in self.choices:
                    lookup.setdefault(str(label).strip().casefold(), code)
        # A code wins over another choice's label written the same.
        lookup.update({code.casefold(): code for code in self.codes})
        return lookup

    def code_of(self, value: str) -> str | None:
        """The code a cell means, or None."""
        return self._lookup.get(value.strip().casefold())

    def labelled(self) -> list[tuple[str, str]]:
        """(code, label in the interface's language), as the import page lists them."""
        return [(code, str(label)) for code, label in self.choices]


class Cells:
    """One row's values, read into Python values; each problem is noted, not raised.

    A method returns the value, or None (or the default) when the cell has a problem.
    """

    def __init__(self, row: Row, problems: list[Problem]):
        self.row = row
        self.problems = problems

    def error(self, column: str, message: str) -> None:
        self.problems.append(Problem(str(message), self.row.number, column))

    def raw(self, column: str) -> str:
        """The cell as text (an XLSX date cell as its ISO date)."""
        value = self.row.values[column]
        return value.isoformat() if isinstance(value, datetime.date) else value

    def missing(self, column: str, value, required: bool) -> bool:
        """Whether the cell is empty, noting a problem if it may not be."""
        if value:
            return False
        if required:
            self.error(column, _("This cell cannot be empty."))
        return True

    def is_empty(self, column: str) -> bool:
        return self.row.values[column] == ""

    def text(self, column: str, *, max_length: int, required: bool = False) -> str:
        value = self.raw(column)
        if required and not value:
            self.error(column, _("This cell cannot be empty."))
        elif len(value) > max_length:
            self.error(
                column,
                _("The text is %(length)d characters long; at most %(max)d fit.")
                % {"length": len(value), "max": max_length},
            )
            return ""
        elif "\x00" in value:
            # PostgreSQL cannot store it, and no one means to type it.
            self.error(column, _("The text contains a null character (0x00)."))
            return ""
        return value

    def code(self, column: str, *, max_length: int, validate: Callable[[str], None]) -> str:
        """A partner code or shipment reference: required text, checked by `validate`
        (their models' own check: part of a web address)."""
        value = self.text(column, max_length=max_length, required=True)
        try:
            validate(value)
        except ValidationError as error:
            self.error(column, " ".join(error.messages))
            return ""
        return value

    def choice(
        self, column: str, choices: Choices, *, required: bool = False, default: str = ""
    ) -> str | None:
        """The code of a choice cell: the code or the label shown, in either language."""
        value = self.raw(column)
        if self.missing(column, value, required):
            return None if required else default
        # The choice's own string, not a copy per row: large files hold many.
        code = choices.code_of(value)
        if code is None:
            self.error(
                column,
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(choices.codes)},
            )
        return code

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.row.values[column]
        if isinstance(value, datetime.date):
            return value
        if self.missing(column, value, required):
            return None
        try:
            if not ISO_DATE.fullmatch(value):
                raise ValueError(value)
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.error(
                column, _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value}
            )
            return None

    def integer(
        self,
        column: str,
        *,
        minimum: int,
        maximum: int = 2_147_483_647,
        required: bool = False,
        default: int | None = None,
    ) -> int | None:
        value = self.raw(column)
        if self.missing(column, value, required):
            return default
        try:
            number = Decimal(value)
            if not number.is_finite() or number != number.to_integral_value():
                raise InvalidOperation
        except InvalidOperation:
            self.error(column, _("“%(value)s” is not a whole number.") % {"value": value})
            return None
        return self._within(column, value, int(number), minimum, maximum)

    def decimal(
        self,
        column: str,
        *,
        places: int,
        minimum: Decimal,
        below: Decimal,
        positive: bool = False,
        required: bool = False,
        default: Decimal | None = None,
    ) -> Decimal | None:
        """A number with at most `places` decimals, at least `minimum` (more if positive)."""
        value = self.raw(column)
        if self.missing(column, value, required):
            return default
        try:
            number = Decimal(value)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.error(
                column,
                _(
                    "“%(value)s” is not a number (write it with a dot for decimals "
                    "and no thousands separator)."
                )
                % {"value": value},
            )
            return None
        if -number.normalize().as_tuple().exponent > places:
            self.error(
                column,
                _("“%(value)s” has more than %(places)d decimal places.")
                % {"value": value, "places": places},
            )
            return None
        if positive and number <= 0:
            self.error(column, _("“%(value)s” is not more than 0.") % {"value": value})
            return None
        return self._within(column, value, number, minimum, below - Decimal(10) ** -places)

    def _within(self, column, value, number, minimum, maximum):
        if number < minimum:
            self.error(
                column, _("“%(value)s” is less than %(min)s.") % {"value": value, "min": minimum}
            )
            return None
        if number > maximum:
            self.error(
                column, _("“%(value)s” is more than %(max)s.") % {"value": value, "max": maximum}
            )
            return None
        return number

    def currency(self, column: str, *, required: bool = False) -> str:
        value = self.raw(column).upper()
        if self.missing(column, value, required):
            return ""
        if value not in currency_codes():
            self.error(
                column,
                _("“%(value)s” is not an ISO 4217 currency code.") % {"value": self.raw(column)},
            )
            return ""
        return value

    def language(self, column: str) -> str:
        value = self.raw(column).lower()
        if value and not is_language(value):
            self.error(
                column,
                _("“%(value)s” is not an ISO 639 language code.") % {"value": self.raw(column)},
            )
            return ""
        return value

    def validated(self, column: str, clean: Callable[[str], str]) -> str:
        """A value checked by a function that raises ValidationError (ISBN, ISSN…)."""
        try:
            return clean(self.raw(column))
        except ValidationError as error:
            self.error(column, " ".join(error.messages))
            return ""
