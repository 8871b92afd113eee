"""The three imports as the pages offer them: their columns, which are required, who
may run them, and where to go once one is written."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from exchange.rates.models import RATE_COLUMNS
from exchange.transfer.columns import PARTNER_FILE, RATE_FILE, SHIPMENT_FILE, Column
from exchange.transfer.imports import ImportResult
from exchange.transfer.partners import import_partners
from exchange.transfer.rates import import_rates
from exchange.transfer.shipments import import_shipments
from partners.models import PARTNER_CHINESE_COLUMNS, PARTNER_COLUMNS
from shipments.columns import SHIPMENT_IMPORT_COLUMNS


@dataclass(frozen=True)
class ImportKind:
    name: str
    label: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    permissions: tuple[str, ...]
    done_url: str
    notes: str
    file: dict[str, Column]
    optional: tuple[str, ...] = ()

    def described_columns(self) -> list[dict]:
        """Every column in file order, whether it is required (or an optional column,
        which may be left out), its format and the values a choice column accepts."""
        return [
            {
                "name": name,
                "required": name in self.required,
                "optional": name in self.optional,
                "format": self.file[name].format,
                "choices": self.file[name].choices,
            }
            for name in (*self.columns, *self.optional)
        ]

    def run(self, pending, *, dry_run: bool, user, progress=None) -> ImportResult:
        """The import of a pending upload, with the choices made on upload; `progress`
        (a job's) told of the lines read."""
        stream = io.BytesIO(bytes(pending.content))
        if progress is not None:
            stream = LinesRead(stream, progress)
        options = {"dry_run": dry_run, "user": user, "encoding": pending.encoding}
        if self.name == "partners":
            return import_partners(stream, pending.file_name, **options)
        if self.name == "rates":
            return import_rates(stream, pending.file_name, **options)
        return import_shipments(
            stream, pending.file_name, replace=pending.replace, reason=pending.reason, **options
        )


class LinesRead(io.RawIOBase):
    """A file that tells `progress(lines read)` as it is read (for a CSV file, its rows
    read so far; a workbook's are not lines, and are told of at the end only)."""

    def __init__(self, stream, progress):
        self.stream, self.progress, self.lines = stream, progress, 0

    def readable(self):
        return True

    def seekable(self):
        return self.stream.seekable()

    def seek(self, offset, whence=io.SEEK_SET):
        return self.stream.seek(offset, whence)

    def tell(self):
        return self.stream.tell()

    def readinto(self, buffer):
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.lines += data.count(b"\n")
        self.progress(self.lines)
        return len(data)


KINDS = {
    kind.name: kind
    for kind in (
        ImportKind(
            name="partners",
            label=gettext_lazy("Partners"),
            columns=PARTNER_COLUMNS,
            required=("code", "name", "kind", "country", "status"),
            optional=PARTNER_CHINESE_COLUMNS,
            file=PARTNER_FILE,
            permissions=("partners.add_partner", "partners.change_partner"),
            done_url="partners:list",
            notes=gettext_lazy(
                "A row whose code exists updates that partner; an empty cell clears that "
                "field. country is an ISO 3166-1 alpha-2 code."
            ),
        ),
        ImportKind(
            name="rates",
            label=gettext_lazy("Exchange rates"),
            columns=RATE_COLUMNS,
            required=RATE_COLUMNS,
            file=RATE_FILE,
            permissions=("exchange.add_exchangerate", "exchange.change_exchangerate"),
            done_url="rates:list",
            notes=gettext_lazy(
                "How many base-currency units one unit of the currency is worth, at most 6 "
                "decimals, from valid_from on. The base currency always converts at 1."
            ),
        ),
        ImportKind(
            name="shipments",
            label=gettext_lazy("Shipments"),
            columns=SHIPMENT_IMPORT_COLUMNS,
            required=("reference", "direction", "partner_code", "status", "title", "quantity"),
            permissions=("shipments.add_shipment",),
            file=SHIPMENT_FILE,
            done_url="shipments:list",
            notes=gettext_lazy(
                "One row per item; the rows with the same reference form one shipment and "
                "must agree on its columns. The date the status needs is required, and a "
                "currency wherever unit_value is not 0. Empty pages and unit_value are 0."
            ),
        ),
    )
}


def kinds_for(user) -> list[ImportKind]:
    return [kind for kind in KINDS.values() if user.has_perms(kind.permissions)]
