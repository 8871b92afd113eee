"""Imports from CSV and XLSX files (docs/domain.md, "Import files"), and the rates import.

Every import is all or nothing: the file is read and checked whole (no database query
per row), every problem is collected as `row N, column C: message`, and only a file
without a problem is written, in one transaction. The partner and shipment imports
live in their apps and share `Problem`, `ImportResult`, `Cells` and `run_import`.
"""

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange.core.logs import Counted, log_event, username
from exchange.core.tables import reporting
from exchange.transfer.limits import Limits
from exchange.transfer.reading import FileProblem, Row, read_rows

logger = logging.getLogger(__name__)
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
    optional: Sequence[str] = ()
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    items: int = 0
    written: bool = False
    # Problems found beyond those listed (`problems` keeps the first ones, by row).
    unlisted: int = 0
    # What does not stop the import but should be looked at (a partner that looks like
    # an existing one).
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.unlisted

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
        count = self.problem_count
        return ngettext(
            "%(n)d problem; nothing was written.", "%(n)d problems; nothing was written.", count
        ) % {"n": count}

    def more_problems(self) -> str:
        """What is said after the listed problems, where some are not listed."""
        if not self.unlisted:
            return ""
        return ngettext(
            "… and %(n)d more problem.", "… and %(n)d more problems.", self.unlisted
        ) % {"n": self.unlisted}

    def sort_problems(self, listed: int) -> None:
        """The problems by row and column, the first `listed` of them kept."""
        order = {name: index for index, name in enumerate([*self.columns, *self.optional])}
        self.problems.sort(
            key=lambda p: (p.row is not None, p.row or 0, order.get(p.column, len(order)))
        )
        self.unlisted += max(len(self.problems) - listed, 0)
        del self.problems[listed:]


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
    encoding: str = "utf-8",
    kind: str = "",
    user=None,
    progress=None,
) -> ImportResult:
    """Read and check the whole file, then write it in one transaction if all is well.

    `check(rows, result)` adds problems and changes to the result and returns a plan;
    `write(plan)` writes it (and may raise ImportFailed to roll everything back).
    The log has a line for each import: its kind, rows, user and outcome.
    `progress(done, None)`, where given, hears of the rows read every thousand rows.
    """
    counted = Counted(
        read_rows(
            stream,
            filename,
            result.columns,
            optional=result.optional,
            encoding=encoding,
            limits=Limits.from_settings(),
        )
    )
    rows = reporting(counted, progress)
    _check_and_write(result, rows, check=check, write=write, dry_run=dry_run)
    if result.problems:
        outcome = "refused"
    else:
        outcome = "written" if result.written else "checked"
    log_event(
        logger,
        "import",
        kind=kind,
        rows=counted.count,
        user=username(user),
        outcome=outcome,
        problems=result.problem_count,
    )
    return result


def _check_and_write(result: ImportResult, rows, *, check, write, dry_run: bool) -> None:
    try:
        plan = check(iter(rows), result)
    except FileProblem as problem:
        result.problems = [Problem(message) for message in problem.messages]
        result.changes = []
        return
    result.sort_problems(Limits.from_settings().max_problems)
    if result.problems or dry_run:
        return
    try:
        with transaction.atomic():
            write(plan)
    except ImportFailed as failed:
        result.problems = failed.problems
        return
    except IntegrityError:
        result.problems = [
            Problem(_("Someone changed the same records meanwhile; import the file again."))
        ]
        return
    result.written = True


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


def bulk_write_with_history(model, plan, fields: list[str], *, user, reason: str) -> None:
    """A plan of (objects to create, objects whose `fields` to update), with history."""
    creates, updates = plan
    bulk_create_with_history(model, creates, user=user, reason=reason)
    bulk_update_with_history(model, updates, fields, user=user, reason=reason)


def reason_for(filename: str) -> str:
    # simple_history's change reason holds at most 100 characters.
    return (_("Imported from %(file)s") % {"file": filename})[:100]


# Rates --------------------------------------------------------------------------------


# Commands -----------------------------------------------------------------------------
