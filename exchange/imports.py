"""Imports from CSV and XLSX files (DOMAIN.md "Import files"), and the rates import.

Every import is all or nothing: the file is read and checked whole (no database query
per row), every problem is collected as `row N, column C: message`, and only a file
without a problem is written, in one transaction. The partner and shipment imports
live in their apps and share `Problem`, `ImportResult`, `Cells` and `run_import`.
"""

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange.codes import currency_codes, is_language, validate_url_part
from exchange.models import ExchangeRate
from exchange.tabular import FileProblem, Row, read_rows

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
BATCH = 2000


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: of a cell (row and column) or of the whole file (neither)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass(frozen=True, slots=True)
class Change:
    """What importing does to one partner, rate or shipment, and the rows it comes from."""

    action: str  # "create", "update", "replace" or "unchanged"
    key: str
    rows: tuple[int, ...]


class ImportFailed(Exception):
    """Raised inside the writing transaction to roll it back with problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


@dataclass
class ImportResult:
    entity: str  # the plural noun, translated, e.g. "partners"
    columns: Sequence[str] = ()
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    items: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    def counts_text(self) -> str:
        parts = [_("%(n)d created") % {"n": self.count("create")}]
        if self.count("replace"):
            parts.append(_("%(n)d replaced") % {"n": self.count("replace")})
        if self.count("update"):
            parts.append(_("%(n)d updated") % {"n": self.count("update")})
        if self.count("unchanged"):
            parts.append(_("%(n)d unchanged") % {"n": self.count("unchanged")})
        text = ", ".join(parts)
        if self.items:
            text += " " + _("(%(n)d items)") % {"n": self.items}
        return text

    def summary(self) -> str:
        """The line the command prints and the web page shows once all went well."""
        values = {"entity": self.entity, "counts": self.counts_text()}
        if self.written:
            return _("Imported %(entity)s: %(counts)s.") % values
        return _("Dry run, nothing written. Would import %(entity)s: %(counts)s.") % values

    def failure(self) -> str:
        count = len(self.problems)
        return ngettext(
            "%(n)d problem; nothing was written.", "%(n)d problems; nothing was written.", count
        ) % {"n": count}

    def sort_problems(self) -> None:
        order = {name: index for index, name in enumerate(self.columns)}
        self.problems.sort(
            key=lambda p: (p.row is not None, p.row or 0, order.get(p.column, len(order)))
        )


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

    def code(self, column: str, *, max_length: int) -> str:
        """A partner code or shipment reference: required text, no "/" (see validate_url_part)."""
        value = self.text(column, max_length=max_length, required=True)
        try:
            validate_url_part(value)
        except ValidationError as error:
            self.error(column, " ".join(error.messages))
            return ""
        return value

    def choice(
        self, column: str, choices: Sequence[str], *, required: bool = False, default: str = ""
    ) -> str | None:
        value = self.raw(column).lower()
        if not value:
            if required:
                self.error(column, _("This cell cannot be empty."))
                return None
            return default
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
        if not value:
            if required:
                self.error(column, _("This cell cannot be empty."))
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
        if not value:
            if required:
                self.error(column, _("This cell cannot be empty."))
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
        if not value:
            if required:
                self.error(column, _("This cell cannot be empty."))
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
        if not value:
            if required:
                self.error(column, _("This cell cannot be empty."))
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


def check_stray(row: Row, problems: list[Problem]) -> None:
    if row.stray:
        message = _("This cell is outside the columns of the header.")
        problems.extend(Problem(message, row.number, letter) for letter in row.stray)


def run_import(
    result: ImportResult,
    stream,
    filename: str,
    *,
    check: Callable[[Iterator[Row], ImportResult], object],
    write: Callable[[object], None],
    dry_run: bool,
) -> ImportResult:
    """Read and check the whole file, then write it in one transaction if all is well.

    `check(rows, result)` adds problems and changes to the result and returns a plan;
    `write(plan)` writes it (and may raise ImportFailed to roll everything back).
    """
    try:
        plan = check(read_rows(stream, filename, result.columns), result)
    except FileProblem as problem:
        result.problems = [Problem(message) for message in problem.messages]
        result.changes = []
        return result
    result.sort_problems()
    if result.problems or dry_run:
        return result
    try:
        with transaction.atomic():
            write(plan)
    except ImportFailed as failed:
        result.problems = failed.problems
        return result
    except IntegrityError:
        result.problems = [
            Problem(_("Someone changed the same records meanwhile; import the file again."))
        ]
        return result
    result.written = True
    return result


def batched(sequence: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(sequence), size):
        yield sequence[start : start + size]


def bulk_create_with_history(model, objects: list, *, user, reason: str) -> None:
    """bulk_create in batches, with one historical record per object (in bulk too)."""
    now = timezone.now()
    for batch in batched(objects):
        model.objects.bulk_create(batch)
        model.history.bulk_history_create(
            batch, default_user=user, default_change_reason=reason, default_date=now
        )


def bulk_update_with_history(model, objects: list, fields: list[str], *, user, reason) -> None:
    now = timezone.now()
    for batch in batched(objects):
        model.objects.bulk_update(batch, fields)
        model.history.bulk_history_create(
            batch, update=True, default_user=user, default_change_reason=reason, default_date=now
        )


def reason_for(filename: str) -> str:
    # simple_history's change reason holds at most 100 characters.
    return (_("Imported from %(file)s") % {"file": filename})[:100]


# Rates --------------------------------------------------------------------------------

RATE_COLUMNS = ("currency", "valid_from", "rate")


@dataclass(frozen=True, slots=True)
class RateRow:
    row: int
    currency: str
    valid_from: datetime.date
    rate: Decimal


def import_rates(stream, filename: str, *, dry_run: bool = False, user=None) -> ImportResult:
    """`import_rates FILE`: a row whose currency and valid_from exist updates that rate."""
    result = ImportResult(entity=_("exchange rates"), columns=RATE_COLUMNS)
    reason = reason_for(filename)

    def write(plan):
        creates, updates = plan
        bulk_create_with_history(ExchangeRate, creates, user=user, reason=reason)
        bulk_update_with_history(ExchangeRate, updates, ["rate"], user=user, reason=reason)

    return run_import(result, stream, filename, check=_check_rates, write=write, dry_run=dry_run)


def _check_rates(rows: Iterator[Row], result: ImportResult):
    base = settings.EXCHANGE_BASE_CURRENCY
    parsed: list[RateRow] = []
    first_row: dict[tuple[str, datetime.date], int] = {}
    for row in rows:
        check_stray(row, result.problems)
        cells = Cells(row, result.problems)
        currency = cells.currency("currency", required=True)
        if currency == base:
            cells.error(
                "currency",
                _("%(currency)s is the base currency; its rate is always 1.")
                % {"currency": currency},
            )
            currency = ""
        valid_from = cells.date("valid_from", required=True)
        rate = cells.decimal(
            "rate",
            places=6,
            minimum=Decimal(0),
            below=Decimal(10) ** 12,
            positive=True,
            required=True,
        )
        if not (currency and valid_from and rate is not None):
            continue
        key = (currency, valid_from)
        if key in first_row:
            cells.error(
                "valid_from",
                _("%(currency)s already has a rate from %(date)s on row %(row)d.")
                % {"currency": currency, "date": valid_from.isoformat(), "row": first_row[key]},
            )
            continue
        first_row[key] = row.number
        parsed.append(RateRow(row.number, currency, valid_from, rate))

    existing = {
        (rate.currency, rate.valid_from): rate
        for rate in ExchangeRate.objects.filter(currency__in={r.currency for r in parsed})
    }
    creates, updates = [], []
    for line in parsed:
        key = f"{line.currency} {line.valid_from.isoformat()}"
        found = existing.get((line.currency, line.valid_from))
        if found is None:
            creates.append(
                ExchangeRate(currency=line.currency, valid_from=line.valid_from, rate=line.rate)
            )
            action = "create"
        elif found.rate != line.rate:
            found.rate = line.rate
            updates.append(found)
            action = "update"
        else:
            action = "unchanged"
        result.changes.append(Change(action, key, (line.row,)))
    return creates, updates


# Commands -----------------------------------------------------------------------------


class ImportCommand(BaseCommand):
    """`import_… FILE [--dry-run]`: problems on standard error and a non-zero exit status."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file with a header row.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def run(self, stream, filename: str, *, dry_run: bool, **options) -> ImportResult:
        raise NotImplementedError

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file “{file}”.")
        with path.open("rb") as stream:
            result = self.run(stream, path.name, dry_run=dry_run, **options)
        for problem in result.problems:
            self.stderr.write(str(problem), style_func=str)
        if result.problems:
            raise CommandError(result.failure())
        self.stdout.write(result.summary())
