"""Spreadsheet output: the one rule that keeps a cell from being read as a formula, and streamed CSV and XLSX.

A cell whose text begins with = + - @, a tab or a carriage return is run as a formula by Excel and LibreOffice
(CSV injection); such text gets a leading apostrophe so it is shown as typed. Numbers stay numbers.
Both writers take an iterable of rows and never hold more than one row (CSV) or openpyxl's write-only buffer
(XLSX, written to a temporary file then read back in chunks).
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CHUNK = 64 * 1024
MAX_SHEET_TITLE = 31


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(neutralise(value)) if isinstance(value, str) else str(value)


def csv_stream(headers: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ",") -> Iterator[str]:
    """UTF-8 text with a byte-order mark first (Excel then reads the accents), one chunk per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in headers])
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_text(value) for value in row])
        yield buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float, date, datetime)) or value is None:
        return value
    return neutralise(str(value))


def sheet_title(title: str) -> str:
    """Excel forbids []:*?/\\ in sheet titles and allows 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:MAX_SHEET_TITLE] or "Sheet"


def xlsx_stream(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> Iterator[bytes]:
    """An XLSX workbook (openpyxl write-only mode), one sheet per (title, headers, rows), yielded in chunks.
    Text cells are typed as strings, so a neutralised payload stays text."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(sheet_title(title))
        sheet.append([_text_cell(sheet, h) for h in headers])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            yield chunk


def _text_cell(sheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
    cell.data_type = "s"
    return cell


def _cell(sheet, value: Any) -> Any:
    converted = _xlsx_value(value)
    if isinstance(converted, str):
        cell = WriteOnlyCell(sheet, value=converted)
        cell.data_type = "s"
        return cell
    return converted
