import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from exchange.rates.models import RATE_COLUMNS, ExchangeRate
from exchange.transfer.cells import Cells
from exchange.transfer.imports import (
    Change,
    ImportResult,
    bulk_write_with_history,
    check_stray,
    reason_for,
    run_import,
)
from exchange.transfer.reading import Row


@dataclass(frozen=True, slots=True)
class RateRow:
    row: int
    currency: str
    valid_from: datetime.date
    rate: Decimal


def import_rates(
    stream,
    filename: str,
    *,
    dry_run: bool = False,
    user=None,
    encoding: str = "utf-8",
    progress=None,
) -> ImportResult:
    """`import_rates FILE`: a row whose currency and valid_from exist updates that rate."""
    result = ImportResult(entity=_("exchange rates"), columns=RATE_COLUMNS)
    reason = reason_for(filename)

    def write(plan):
        bulk_write_with_history(ExchangeRate, plan, ["rate"], user=user, reason=reason)

    return run_import(
        result,
        stream,
        filename,
        check=_check_rates,
        write=write,
        dry_run=dry_run,
        encoding=encoding,
        kind="rates",
        user=user,
        progress=progress,
    )


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
