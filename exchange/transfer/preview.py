"""The preview of an upload: what its dry run found (counts, problems) and the rows to
show, worked out once at upload and kept with the pending import as JSON."""

import datetime
import io
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy

from exchange.transfer.imports import ImportResult
from exchange.transfer.reading import FileProblem, read_rows

# The preview table shows at most this many rows (the summary counts them all).
PREVIEW_ROWS = 1000

ACTION_LABELS = {
    "create": gettext_lazy("New"),
    "update": gettext_lazy("Update"),
    "replace": gettext_lazy("Replace"),
    "unchanged": gettext_lazy("Unchanged"),
}


@dataclass
class PreviewRow:
    number: int
    cells: list[tuple[str, bool]]  # (value, has a problem)
    action: str
    problems: list[str]

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, ""))


@dataclass
class Preview:
    ok: bool
    items: int
    problem_count: int
    more_problems: str
    counts: dict[str, int]
    file_problems: list[str]
    rows: list[PreviewRow] = field(default_factory=list)
    hidden: int = 0
    # The file's columns as the table shows them: the kind's, then its optional ones.
    columns: list[str] = field(default_factory=list)
    # Worth a look before confirming, not problems (a partner that looks like another).
    warnings: list[str] = field(default_factory=list)

    @property
    def labelled_counts(self) -> dict:
        return {ACTION_LABELS[action]: n for action, n in self.counts.items()}

    def as_json(self) -> dict:
        return storable(asdict(self))

    @classmethod
    def from_json(cls, data: dict) -> "Preview":
        rows = [PreviewRow(**row) for row in data.pop("rows")]
        return cls(**data, rows=rows)


def preview(pending, kind, result: ImportResult) -> Preview:
    """The preview of a pending upload's dry run."""
    rows, hidden, columns = preview_rows(pending, kind.columns, kind.optional, result)
    return Preview(
        ok=result.ok,
        items=result.items,
        problem_count=result.problem_count,
        more_problems=result.more_problems(),
        counts={action: result.count(action) for action in ACTION_LABELS},
        file_problems=[str(problem) for problem in result.problems if problem.row is None],
        rows=rows,
        hidden=hidden,
        columns=columns,
        warnings=result.warnings,
    )


def preview_rows(pending, columns, optional, result: ImportResult):
    """The rows with a problem (or, without any, the first rows), how many are left out,
    and the columns shown (those of the kind, then the optional ones the file has)."""
    problems_by_row: dict[int, list] = {}
    for problem in result.problems:
        if problem.row is not None:
            problems_by_row.setdefault(problem.row, []).append(problem)
    actions = {row: change.action for change in result.changes for row in change.rows}
    candidates = sorted(problems_by_row) if problems_by_row else sorted(actions)
    wanted = set(candidates[:PREVIEW_ROWS])
    hidden = len(candidates) - len(wanted)
    last = max(wanted, default=0)
    rows = []
    shown = list(columns)
    stream = io.BytesIO(bytes(pending.content))
    read = read_rows(
        stream, pending.file_name, columns, optional=optional, encoding=pending.encoding
    )
    try:
        for row in read:
            if len(shown) == len(columns):  # every row has the columns of the header
                shown += [column for column in optional if column in row.values]
            if row.number > last:
                break
            if row.number not in wanted:
                continue
            found = problems_by_row.get(row.number, [])
            bad = {problem.column for problem in found}
            rows.append(
                PreviewRow(
                    number=row.number,
                    cells=[(as_text(row.values[c]), c in bad) for c in shown],
                    action=actions.get(row.number, ""),
                    problems=[f"{p.column}: {p.message}" for p in found],
                )
            )
    except FileProblem:
        pass
    return rows, hidden, shown


def storable(value):
    """The preview as PostgreSQL's JSON stores it: a NUL of the file (which it cannot
    hold, and which shows as nothing) as the symbol for it, "␀"."""
    if isinstance(value, str):
        return value.replace("\x00", "\u2400")
    if isinstance(value, dict):
        return {key: storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    return value


def as_text(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else value
