"""Reading a feed file: whole-file checks first, then rows one at a time.

Pure Python, no Django. A file that cannot be read as the contract's CSV raises
:class:`FileRejected` naming the first bad line; everything else is yielded row by row so a
million-row file never sits in memory at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from paramount.feeds.contract import FeedSpec

csv.field_size_limit(1_000_000)


class FileRejected(ValueError):
    """The file as a whole is not usable; nothing from it may be ingested."""


@dataclass(frozen=True)
class RawRow:
    row_number: int  # counting the header as row 1, as a spreadsheet shows it
    cells: dict[str, str | None]
    problem: str | None = None  # the row's shape is wrong (too many or too few cells)
    raw: tuple[str, ...] = ()


@dataclass
class FeedFile:
    spec: FeedSpec
    text: str
    header: list[str]
    unknown_columns: list[str]

    def rows(self) -> Iterator[RawRow]:
        """Yield every data row. Raises :class:`FileRejected` at the first unparseable line."""
        reader = csv.reader(io.StringIO(self.text, newline=""), strict=True)
        width = len(self.header)
        wanted = [(i, name) for i, name in enumerate(self.header) if name in self.spec.column_names]
        row_number = 0
        try:
            for cells in reader:
                row_number += 1
                if row_number == 1 or not cells:
                    continue  # the header; blank lines carry no data
                problem = None
                if len(cells) != width:
                    problem = f"row has {len(cells)} cells but the header has {width}"
                values = {name: (cells[i] if i < len(cells) else None) for i, name in wanted}
                yield RawRow(row_number, values, problem, tuple(cells))
        except csv.Error as error:
            raise FileRejected(
                f"line {reader.line_num}: cannot be parsed as CSV ({error})"
            ) from None


def open_feed(data: bytes, spec: FeedSpec) -> FeedFile:
    """Decode and check the header. Raises :class:`FileRejected` with a reason a person can act on."""
    if not data.strip():
        raise FileRejected("the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRejected(
            f"line {line}: not valid UTF-8 (byte 0x{data[error.start]:02x})"
        ) from None

    try:
        header_row = next(csv.reader(io.StringIO(text, newline=""), strict=True), [])
    except csv.Error as error:
        raise FileRejected(f"line 1: the header cannot be parsed as CSV ({error})") from None
    header = [name.strip().lower() for name in header_row]
    if not any(header):
        raise FileRejected("line 1: there is no header row")
    duplicates = sorted({name for name in header if header.count(name) > 1 and name})
    if duplicates:
        raise FileRejected(f"line 1: the header repeats column {', '.join(duplicates)}")
    missing = [name for name in spec.required_columns if name not in header]
    if missing:
        raise FileRejected(
            f"line 1: required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"missing from the header; this is not a {spec.name} file as the contract describes"
        )
    unknown = [name for name in header if name not in spec.column_names]
    return FeedFile(spec=spec, text=text, header=header, unknown_columns=unknown)
