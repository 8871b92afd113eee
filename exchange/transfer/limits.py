"""What one import file may be, checked before it is parsed and while it is read, so
that no file, careless or hostile, can exhaust the server: its size; for a workbook,
the size its parts unpack to and how far they were compressed (a "zip bomb" packs
hundreds of megabytes of empty rows into a few kilobytes); its rows and columns; the
length of a cell; and how many problems are listed. The limits are settings
(docs/deployment.md) and the import page shows them.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Parts smaller than this are not judged by their compression: a small part of repeated
# markup may pack very tightly and still be harmless.
RATIO_FROM_BYTES = 10 * MB


class TooLarge(Exception):
    """The file breaks a limit: one message, about the whole file."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_unpacked_bytes: int
    max_ratio: int
    max_problems: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.EXCHANGE_IMPORT_MAX_MB * MB,
            max_rows=settings.EXCHANGE_IMPORT_MAX_ROWS,
            max_columns=settings.EXCHANGE_IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.EXCHANGE_IMPORT_MAX_CELL_CHARS,
            max_unpacked_bytes=settings.EXCHANGE_IMPORT_MAX_UNPACKED_MB * MB,
            max_ratio=settings.EXCHANGE_IMPORT_MAX_RATIO,
            max_problems=settings.EXCHANGE_IMPORT_MAX_PROBLEMS,
        )

    def check_size(self, stream) -> None:
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
        if size > self.max_bytes:
            raise TooLarge(
                _("The file is larger than %(size)d MB.") % {"size": self.max_bytes // MB}
            )

    def check_workbook(self, stream) -> None:
        """The parts of an XLSX file, as its archive declares them (reading never goes
        past a part's declared size: the zip module checks it)."""
        try:
            with zipfile.ZipFile(stream) as archive:
                parts = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return  # not a workbook at all: the reader says so
        finally:
            stream.seek(0)
        if sum(part.file_size for part in parts) > self.max_unpacked_bytes:
            raise TooLarge(
                _("The workbook unpacks to more than %(size)d MB; save it as CSV.")
                % {"size": self.max_unpacked_bytes // MB}
            )
        for part in parts:
            packed = max(part.compress_size, 1)
            if part.file_size > RATIO_FROM_BYTES and part.file_size / packed > self.max_ratio:
                raise TooLarge(
                    _(
                        "A part of the workbook unpacks to %(ratio)d times its size, which "
                        "no spreadsheet program writes; save the file again as CSV or XLSX."
                    )
                    % {"ratio": part.file_size // packed}
                )

    def check_csv_rows(self, stream) -> None:
        """A CSV file's records counted before any is checked (checking takes far longer
        than counting): its lines are an upper bound, counted at once; only a file with
        more lines than the limit is counted again as CSV (a cell may hold a line break)."""
        data = stream.read()
        stream.seek(0)
        if data.count(b"\n") <= self.max_rows:
            return
        text = io.StringIO(data.decode("utf-8", errors="replace"), newline="")
        try:
            records = sum(1 for _record in csv.reader(text))
        except csv.Error:
            return  # the reader says what is wrong with it

        if records > self.max_rows + 1:  # the header is one of them
            raise TooLarge(
                _("The file has more than %(rows)d rows; split it.") % {"rows": self.max_rows}
            )

    def check_row(self, number: int, cells) -> None:
        if number > self.max_rows + 1:  # the header is row 1
            raise TooLarge(
                _("The file has more than %(rows)d rows; split it.") % {"rows": self.max_rows}
            )
        if len(cells) > self.max_columns:
            raise TooLarge(
                _("Row %(row)d has more than %(columns)d columns.")
                % {"row": number, "columns": self.max_columns}
            )
