"""Reading a student's CSV file into a :class:`~core.datasets.Dataset`: each rule that makes it refuse a file
(:class:`~core.datasets.DataError`, with a message saying what to fix) and each note on what it dropped."""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import pathlib
import stat
from dataclasses import dataclass

import numpy as np

from core.datasets import DataError, Dataset, is_constant

MAX_CSV_BYTES = 200 * 1024 * 1024
MAX_CSV_ROWS = 1_000_000
MIN_CSV_ROWS = 5
MIN_CSV_FEATURES = 2
# Larger magnitudes overflow when squared and summed (Gram matrices, variances).
MAX_ABS_VALUE = 1e100
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "?"})

_DELIMITERS = (",", ";", "\t")  # in order of preference when they split the file equally well
_SNIFF_LINES = 50
_CHUNK_ROWS = 20_000  # rows converted at a time: bounds the memory held as Python strings
_LISTED = 10  # how many rows or columns a note lists before "and N more"


def load_csv(path, target: str | None = None) -> Dataset:
    """Read a regression problem from a CSV file with a header row.

    The delimiter (comma, semicolon or tab) is detected; the file must be UTF-8 (a BOM is allowed).
    Numeric columns become features, other columns are skipped (listed in ``notes``). The cells
    ``""``, ``NA``, ``N/A``, ``NaN``, ``null`` (any case) and ``?`` mark missing values; rows with a
    missing or non-finite value in a used column are dropped (counted in ``notes``). In a semicolon-
    or tab-separated file, a column whose numbers use a decimal comma and never a point is read as such.
    Constant feature columns are dropped (noted).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.
    target : str, optional
        The name of the target column; by default the last numeric column.

    Returns
    -------
    Dataset
        X (n_samples, n_features) float64, y (n_samples,) float64, all finite; n_features >= 2,
        n_samples >= MIN_CSV_ROWS; feature and target names unique.

    Raises
    ------
    DataError
        Whenever the file cannot give such a dataset; the message names the file and, where it
        applies, the row (the file's line number, header = row 1) and the column.
    """
    path = pathlib.Path(path)
    label = repr(path.name or str(path))
    try:
        dataset = _dataset_from_table(_read_table(_read_text(path, label), label), label, target)
    except MemoryError:
        raise DataError(f"{label} is too large to load into memory.") from None
    description = (
        f"{path.name}: {dataset.n_samples} rows, {dataset.n_features} numeric features, "
        f"target {_shown(dataset.target_name)}."
    )
    return dataclasses.replace(dataset, description=description)


def _read_text(path: pathlib.Path, label: str) -> str:
    """The file's text, after the checks that need no parsing (existence, size, encoding)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DataError(f"{label} is a folder, not a CSV file ({path}).")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(f"{label} is not a regular file ({path}).")
        if info.st_size > MAX_CSV_BYTES:
            raise DataError(
                f"{label} is {info.st_size / 2**20:.0f} MB; RegLab reads CSV files up to {MAX_CSV_BYTES // 2**20} MB."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{label} does not exist ({path}).") from None
    except OSError as exc:
        raise DataError(f"Cannot read {label}: {exc.strerror or exc} ({path}).") from None
    hint = _binary_hint(data)
    if hint:
        raise DataError(f"{label} is not a CSV text file: {hint} Save it as CSV (UTF-8) and try again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{label} is not UTF-8 text: row {row} holds the byte 0x{data[exc.start]:02X}. "
            "Save it as 'CSV UTF-8' and try again."
        ) from None
    if not text.strip():
        raise DataError(f"{label} is empty.")
    return text


def _binary_hint(data: bytes) -> str:
    """What a file that is clearly not CSV text looks like, or "" when it may be text."""
    if data.startswith(b"PK\x03\x04"):
        return "it looks like an Excel workbook (.xlsx) or another zip archive."
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it is UTF-16 text."
    if b"\x00" in data:
        return "it contains binary data."
    return ""


@dataclass(frozen=True)
class _Table:
    """What the parser found: numeric columns {name: (n,) with NaN where missing}, text columns
    {name: (row, first non-number cell)}, the columns read with decimal commas, each data row's line (n,)."""

    names: tuple[str, ...]
    numeric: dict[str, np.ndarray]
    text: dict[str, tuple[int, str]]
    decimal_comma: tuple[str, ...]
    rows: np.ndarray


def _read_table(text: str, label: str) -> _Table:
    """Parse the header, then the data rows: all at once when they are clean numbers, else row by row."""
    delimiter = _detect_delimiter(text)
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    names, header_row, columns = None, 0, []
    chunk, chunk_rows, row_parts = [], [], []
    line = n_rows = 0
    try:
        for fields in reader:
            start, line = line + 1, reader.line_num
            if len(fields) <= 1 and not "".join(fields).strip():
                continue  # a blank line
            if names is None:
                names, header_row = _header_names(fields, label, start), start
                table = _clean_numbers(names, text[stream.tell() :], delimiter, header_row, label)
                if table is not None:
                    return table
                columns = [_CSVColumn(decimal_comma_allowed=delimiter != ",") for _ in names]
                continue
            n_rows += 1
            if n_rows > MAX_CSV_ROWS:
                raise _too_many_rows(label)
            chunk.append(fields)
            chunk_rows.append(start)
            if len(chunk) == _CHUNK_ROWS:
                row_parts.append(_add_chunk(chunk, chunk_rows, columns, label, header_row))
                chunk, chunk_rows = [], []
    except csv.Error as exc:
        raise DataError(f"{label}: row {line + 1} cannot be read as CSV ({exc}).") from None
    if names is None:
        raise DataError(f"{label} holds no rows of data.")
    if chunk:
        row_parts.append(_add_chunk(chunk, chunk_rows, columns, label, header_row))
    if not row_parts:
        raise DataError(f"{label} has a header (row {header_row}) but no data rows.")
    return _Table(
        names=names,
        numeric={name: column.values for name, column in zip(names, columns) if column.text_cell is None},
        text={name: column.text_cell for name, column in zip(names, columns) if column.text_cell is not None},
        decimal_comma=tuple(name for name, column in zip(names, columns) if column.decimal_comma),
        rows=np.concatenate(row_parts),
    )


def _too_many_rows(label: str) -> DataError:
    return DataError(f"{label} has more than {MAX_CSV_ROWS:,} data rows; RegLab reads at most that many.")


def _clean_numbers(names: tuple[str, ...], body: str, delimiter: str, header_row: int, label: str) -> _Table | None:
    """The table when every data cell is a finite number of moderate size, else None.

    numpy's C parser reads such files several times faster than csv + float() and accepts a subset of
    what float() accepts, so both routes give the same numbers; anything unusual takes the general route.
    """
    # Beyond the row limit by lines, the general route counts exactly (blank lines do not count).
    if not body or body.isspace() or body.count("\n") > MAX_CSV_ROWS:
        return None
    try:
        values = np.loadtxt(
            io.StringIO(body),
            dtype=np.float64,
            delimiter=delimiter,
            quotechar='"',
            comments=None,
            ndmin=2,
        )
    except ValueError:
        return None
    if values.shape[1] != len(names):
        return None
    if values.shape[0] > MAX_CSV_ROWS:
        raise _too_many_rows(label)
    if not (np.isfinite(values).all() and np.abs(values).max() <= MAX_ABS_VALUE):
        return None
    # Only rows with a problem need their line numbers, and this route has none.
    rows = header_row + 1 + np.arange(values.shape[0])
    return _Table(names, {name: values[:, j] for j, name in enumerate(names)}, {}, (), rows)


def _detect_delimiter(text: str) -> str:
    """The delimiter among comma, semicolon and tab that splits the first lines most consistently.

    Best is the one giving the header most fields (at least 2) with every following sampled row
    matching the header's field count; ties go to the comma, then the semicolon.
    """
    end = -1
    for _ in range(_SNIFF_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            break
    sample = text if end < 0 else text[: end + 1]

    def score(delimiter):
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            records = [fields for fields in reader if "".join(fields).strip()]
        except csv.Error:
            return (False, False, 0)
        if end >= 0 and len(records) > 2:
            records.pop()  # the sample may cut a quoted multi-line field in its last record
        if not records:
            return (False, False, 0)
        k = len(records[0])
        return (k >= 2, all(_fits_header(r, k) for r in records[1:]), k)

    return max(_DELIMITERS, key=score)


def _fits_header(fields: list[str], k: int) -> bool:
    """A row of k fields, or more whose extra fields are empty (as spreadsheets sometimes write them)."""
    return len(fields) == k or (len(fields) > k and not "".join(fields[k:]).strip())


def _header_names(fields: list[str], label: str, row: int) -> tuple[str, ...]:
    """The stripped column names (an empty one becomes "column j"), checked for use."""
    if len(fields) < 2:
        raise DataError(
            f"{label} has a single column (row {row}: {_shown(fields[0])}). RegLab needs a target and at least "
            f"{MIN_CSV_FEATURES} features, in columns separated by commas, semicolons or tabs."
        )
    if all(_is_number(field) for field in fields):
        raise DataError(
            f"{label}: row {row} holds numbers ({', '.join(_shown(f) for f in fields[:3])}, ...) where the column "
            "names should be. Add a header row that names the columns."
        )
    names = tuple(field.strip() or f"column {j + 1}" for j, field in enumerate(fields))
    first_seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if name in first_seen:
            raise DataError(
                f"{label}: the column name {_shown(name)} appears twice in the header (row {row}, columns "
                f"{first_seen[name] + 1} and {j + 1}). Column names must be unique."
            )
        first_seen[name] = j
    return names


def _add_chunk(chunk: list[list[str]], rows: list[int], columns: list[_CSVColumn], label: str, header_row: int):
    """Feed a block of data rows to the columns; returns the rows' line numbers (m,)."""
    k = len(columns)
    for i, fields in enumerate(chunk):
        if len(fields) != k:
            if not _fits_header(fields, k):
                raise DataError(
                    f"{label}: row {rows[i]} has {len(fields)} fields but the header (row {header_row}) has {k}. "
                    "Check that row's delimiters and quotes."
                )
            chunk[i] = fields[:k]
    rows = np.asarray(rows)
    for column, cells in zip(columns, zip(*chunk)):
        column.add(cells, rows)
    return rows


class _CSVColumn:
    """One column's numbers (NaN where missing), read block by block until a cell shows it is text.

    Where decimal commas are allowed, a column reads "1,5" as 1.5 only if it never holds a point.
    """

    def __init__(self, decimal_comma_allowed: bool):
        self._parts: list[np.ndarray] = []
        self._comma_allowed = decimal_comma_allowed
        self._point_seen = False
        self.decimal_comma = False
        self.text_cell: tuple[int, str] | None = None  # (row, cell) of the first cell that is not a number

    def add(self, cells: tuple[str, ...], rows: np.ndarray) -> None:
        if self.text_cell is not None:
            return
        has_point = self._comma_allowed and "." in "".join(cells)
        self._point_seen |= has_point
        values = None
        if not (self.decimal_comma and has_point):
            values = _floats_or_none(cells, self.decimal_comma)
            if values is None and self._comma_allowed and not self._point_seen and not self.decimal_comma:
                values = _floats_or_none(cells, decimal_comma=True)
                self.decimal_comma = values is not None
        if values is None:
            self._parts = []
            self.text_cell = self._first_text_cell(cells, rows)
        else:
            self._parts.append(values)

    def _first_text_cell(self, cells, rows) -> tuple[int, str]:
        comma = self.decimal_comma or (self._comma_allowed and not self._point_seen)
        for i, cell in enumerate(cells):
            try:
                _cell_value(cell, comma)
            except ValueError:
                return int(rows[i]), cell
        # Every cell is a number on its own: the column mixes decimal points and decimal commas.
        i = next(i for i, cell in enumerate(cells) if "." in cell)
        return int(rows[i]), cells[i]

    @property
    def values(self) -> np.ndarray:
        """The numbers read (n,), NaN where missing; only for a numeric column."""
        return np.concatenate(self._parts)


def _floats_or_none(cells: tuple[str, ...], decimal_comma: bool) -> np.ndarray | None:
    """cells as float64 (m,), NaN for missing markers; None if a cell is not a number."""
    try:
        # Fast path for clean columns: float() accepts surrounding whitespace, "nan" and "inf".
        return np.fromiter(map(float, cells), np.float64, len(cells))
    except ValueError:
        pass
    try:
        return np.fromiter((_cell_value(cell, decimal_comma) for cell in cells), np.float64, len(cells))
    except ValueError:
        return None


def _cell_value(cell: str, decimal_comma: bool) -> float:
    text = cell.strip()
    if text.lower() in MISSING_MARKERS:
        return math.nan
    return float(text.replace(",", ".") if decimal_comma else text)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _dataset_from_table(table: _Table, label: str, target) -> Dataset:
    """Choose target and features, drop incomplete rows and constant features, check what is left."""
    numeric, notes = _usable_columns(table)
    if not numeric:
        raise DataError(f"{label} has no numeric column. " + " ".join(notes))
    target_name = _target_name(target, table, numeric, label)
    if target is None:
        notes.append(f"Target: {_shown(target_name)} (the last numeric column).")
    feature_names = [name for name in numeric if name != target_name]
    _require_features(feature_names, f"numeric feature columns besides the target {_shown(target_name)}", label, notes)
    X = np.column_stack([numeric[name] for name in feature_names])
    y = numeric[target_name]
    X, y, rows = _complete_rows(X, y, table.rows, [*feature_names, target_name], label, notes)
    _check_magnitudes(X, y, rows, feature_names, target_name, label)

    constant = is_constant(X.std(axis=0), X.mean(axis=0))
    if constant.any():
        skipped = _listed(np.array(feature_names)[constant])
        notes.append(f"Skipped constant columns (one value in every used row): {skipped}.")
        X = X[:, ~constant]
        feature_names = [name for name, c in zip(feature_names, constant) if not c]
        _require_features(feature_names, "feature columns that are not constant", label, notes)
    if is_constant(y.std(), y.mean()):
        raise DataError(
            f"{label}: the target {_shown(target_name)} has the same value ({y[0]:g}) in every used row: "
            "there is nothing to predict."
        )
    return Dataset(
        X=np.ascontiguousarray(X), y=y, feature_names=tuple(feature_names), target_name=target_name, notes=tuple(notes)
    )


def _usable_columns(table: _Table) -> tuple[dict[str, np.ndarray], list[str]]:
    """The numeric columns that hold at least one value, and notes on the columns left out."""
    numeric = {name: values for name, values in table.numeric.items() if not np.isnan(values).all()}
    empty = [name for name in table.numeric if name not in numeric]
    comma = [name for name in table.decimal_comma if name in numeric]
    notes = []
    if table.text:
        notes.append(f"Skipped non-numeric columns: {_text_cells(table.text)}.")
    if empty:
        notes.append(f"Skipped empty columns (no values): {_listed(empty)}.")
    if comma:
        notes.append(f"Read decimal commas (1,5 = 1.5) in columns: {_listed(comma)}.")
    return numeric, notes


def _target_name(target, table: _Table, numeric: dict, label: str) -> str:
    """The target column: ``target`` if it names a usable numeric column, else the last numeric one."""
    if target is None:
        return list(numeric)[-1]
    name = str(target).strip()
    choices = f"numeric columns: {_listed(numeric)}"
    if name not in table.names:
        raise DataError(f"{label} has no column {_shown(name)}; {choices}.")
    if name in table.text:
        row, cell = table.text[name]
        raise DataError(
            f"{label}: the target column {_shown(name)} is not numeric (row {row}: {_shown(cell)}); {choices}."
        )
    if name not in numeric:
        raise DataError(f"{label}: the target column {_shown(name)} has no values; {choices}.")
    return name


def _require_features(feature_names: list[str], what: str, label: str, notes: list[str]) -> None:
    if len(feature_names) < MIN_CSV_FEATURES:
        raise DataError(
            f"{label} has {len(feature_names)} {what}; RegLab needs at least {MIN_CSV_FEATURES}. " + " ".join(notes)
        )


def _complete_rows(X, y, rows, used_names, label, notes):
    """X, y and rows without the rows that miss a value (noted); DataError if fewer than MIN_CSV_ROWS remain."""
    finite = np.isfinite(np.column_stack([X, y]))
    usable = finite.all(axis=1)
    if not usable.all():
        dropped = rows[~usable]
        rows_word = "row" if dropped.size == 1 else "rows"
        notes.append(
            f"Dropped {dropped.size} {rows_word} with missing or non-finite values ({rows_word} {_listed(dropped)})."
        )
    if usable.sum() < MIN_CSV_ROWS:
        if usable.all():
            raise DataError(f"{label} has only {rows.size} data rows; RegLab needs at least {MIN_CSV_ROWS}.")
        missing = np.count_nonzero(~finite, axis=0)
        worst = int(np.argmax(missing))
        raise DataError(
            f"{label} has only {usable.sum()} rows with a value in every used column; RegLab needs at least "
            f"{MIN_CSV_ROWS}. Column {_shown(used_names[worst])} has the most missing values "
            f"({missing[worst]} of {rows.size} rows)."
        )
    return X[usable], y[usable], rows[usable]


def _text_cells(text: dict) -> str:
    """'name (row 2: 'Alice'), ...' for columns {name: (row, cell)} whose first non-number is that cell."""
    return _listed(f"{name} (row {row}: {_shown(cell)})" for name, (row, cell) in text.items())


def _check_magnitudes(X, y, rows, feature_names, target_name, label) -> None:
    """DataError naming the first cell whose magnitude exceeds MAX_ABS_VALUE."""
    if max(np.abs(X).max(), np.abs(y).max()) <= MAX_ABS_VALUE:
        return
    table = np.column_stack([X, y])
    i, j = np.argwhere(np.abs(table) > MAX_ABS_VALUE)[0]
    name = [*feature_names, target_name][j]
    raise DataError(
        f"{label}: row {rows[i]}, column {_shown(name)} holds {table[i, j]:g}, too large to compute with "
        f"(RegLab accepts magnitudes up to {MAX_ABS_VALUE:g})."
    )


def _listed(items) -> str:
    """'a, b, c' with at most _LISTED items, then 'and N more'."""
    items = [str(item) for item in items]
    shown = ", ".join(items[:_LISTED])
    return shown if len(items) <= _LISTED else f"{shown} and {len(items) - _LISTED} more"


def _shown(cell: str) -> str:
    """A cell quoted for a message, shortened when long."""
    cell = str(cell)
    return repr(cell if len(cell) <= 40 else cell[:37] + "...")
