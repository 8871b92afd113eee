"""One row of an import file read into Python values, each problem noted with its row
and column (docs/domain.md, "Import files": `row N, column C: message`)."""

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from exchange.core.codes import currency_codes, is_language
from exchange.transfer.imports import ISO_DATE, Problem
from exchange.transfer.reading import Row


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
        self, column: str, choices: Sequence[str], *, required: bool = False, default: str = ""
    ) -> str | None:
        value = self.raw(column).lower()
        if self.missing(column, value, required):
            return None if required else default
        if value not in choices:
            self.error(
                column,
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": self.raw(column), "choices": ", ".join(choices)},
            )
            return None
        # The choice's own string, not a copy per row: large files hold many.
        return choices[choices.index(value)]

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
