"""The rows of a large worksheet written as XML text, a cell in about a microsecond.

openpyxl's write-only worksheet makes a cell object per value and serialises it
through ElementTree: about 25,000 cells a second, 75 s for the demo's shipment list.
`RowSheet` is that worksheet (same workbook, styles, header and totals rows written
by openpyxl) whose plain rows (`Values`) are written straight as the XML openpyxl
would write for them: inline strings, numbers and dates as numbers with their style.
Where the XML writer is not the standard library's (lxml installed) or a value is of
a kind this writer does not know, the row goes through openpyxl's own cells.
"""

import datetime
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat.strings import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError

# openpyxl exports neither; both are pinned with openpyxl and tested (tests/exchange/core).
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # noqa: PLC2701
from openpyxl.worksheet._writer import WorksheetWriter  # noqa: PLC2701


class Values(list):
    """A data row: values in the columns' order (None or "" for an empty cell)."""


class _Unsupported(Exception):
    pass


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class RowSheet(WriteOnlyWorksheet):
    """`formats`: each column's number format ("" for none); `decimal`: whether the
    column's numbers are written as decimals."""

    def __init__(self, parent, title, *, formats, decimal, cells):
        super().__init__(parent, title)
        self._row_formats = formats
        self._row_decimal = decimal
        self._row_cells = cells  # the openpyxl cells of a row, where this writer cannot
        self._row_letters = [get_column_letter(index + 1) for index in range(len(formats))]
        self._row_styles = {}

    def style_of(self, number_format: str) -> str:
        """The style index of a cell with that number format (registered once)."""
        if number_format not in self._row_styles:
            cell = WriteOnlyCell(self, value=0)
            cell.number_format = number_format
            self._row_styles[number_format] = str(cell.style_id)
        return self._row_styles[number_format]

    def _values_to_row(self, values, row_idx):
        if isinstance(values, Values):
            return values
        return super()._values_to_row(values, row_idx)

    def _get_writer(self):
        if self._writer is None:
            self._writer = _RowWriter(self)
            self._writer.write_top()

    def row_xml(self, values, row_idx: int) -> str:
        parts = [f'<row r="{row_idx}">']
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{self._row_letters[index]}{row_idx}"
            if isinstance(value, str):
                if ILLEGAL_CHARACTERS_RE.search(value):
                    raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(
                    f'<c r="{ref}" t="inlineStr"><is><t{space}>{_escaped(value)}</t></is></c>'
                )
                continue
            if isinstance(value, bool) or not isinstance(
                value, int | float | Decimal | datetime.date
            ):
                raise _Unsupported
            number_format = self._row_formats[index]
            if isinstance(value, datetime.date):
                if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                    raise _Unsupported
                number_format = "yyyy-mm-dd"
                value = to_excel(value)
            elif self._row_decimal[index] and not isinstance(value, Decimal):
                value = Decimal(value)
            style = f' s="{self.style_of(number_format)}"' if number_format else ""
            parts.append(f'<c r="{ref}"{style} t="n"><v>{safe_string(value)}</v></c>')
        parts.append("</row>")
        return "".join(parts)


class _RowWriter(WorksheetWriter):
    def write_row(self, xf, row, row_idx):
        if isinstance(row, Values):
            write = getattr(xf, "_file", None)  # et_xmlfile's writer of raw text
            if write is not None:
                try:
                    write(self.ws.row_xml(row, row_idx))
                    return
                except _Unsupported:
                    pass
            row = self.ws._row_cells(row)
            row = WriteOnlyWorksheet._values_to_row(self.ws, row, row_idx)
        super().write_row(xf, row, row_idx)
