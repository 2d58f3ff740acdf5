"""Property tests: for any file content, load_csv returns a valid Dataset or raises DataError, nothing else."""

import csv
import io

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from core.csv_reader import MIN_CSV_FEATURES, MIN_CSV_ROWS, load_csv
from core.datasets import DataError, Dataset

# tmp_path is shared by the examples of one test: each example overwrites the same file.
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def load_valid_or_data_error(path, target=None):
    """load_csv's result if it is a valid Dataset; None if it raised DataError. Any other outcome fails."""
    try:
        data = load_csv(path, target=target)
    except DataError as exc:
        assert path.name in str(exc)
        return None
    assert isinstance(data, Dataset)
    n, p = data.X.shape
    assert data.X.dtype == np.float64 and data.y.dtype == np.float64
    assert data.y.shape == (n,) and n >= MIN_CSV_ROWS and p >= MIN_CSV_FEATURES
    assert np.isfinite(data.X).all() and np.isfinite(data.y).all()
    assert len(data.feature_names) == p
    assert len(set(data.feature_names) | {data.target_name}) == p + 1
    assert all(isinstance(note, str) and note for note in data.notes)
    return data


@SETTINGS
@given(content=st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path, content):
    path = tmp_path / "bytes.csv"
    path.write_bytes(content)
    load_valid_or_data_error(path)


plain_number = st.one_of(st.integers(-9, 9).map(str), st.floats(-1e6, 1e6).map(repr))
odd_cell = st.one_of(
    st.sampled_from(["", "NA", "n/a", "NaN", "null", "?", "1e400", "-inf", " 1 ", "1_0", "+.5", "0x1F", "1.2.3"]),
    st.just("1,5"),
    st.floats().map(repr),
)
name_text = st.text(alphabet=st.sampled_from('ab ,;\t"?.-1éß'), max_size=6)
any_text = st.text(alphabet=st.sampled_from('ab ,;\t"\n?.-1éß'), max_size=6)
any_cell = st.one_of(plain_number, odd_cell, any_text)


@st.composite
def tables(draw):
    """(header, rows, target): a table of plain numbers, some columns all text, a few cells spoilt, maybe ragged."""
    n_columns = draw(st.sampled_from([1, 2, 3, 3, 4, 4, 5, 6]))
    header = draw(st.lists(st.one_of(name_text, any_text), min_size=n_columns, max_size=n_columns, unique=True))
    text_columns = draw(st.sets(st.integers(0, n_columns - 1), max_size=2))
    n_rows = draw(st.integers(0, 12))
    rows = [
        [draw(any_text if j in text_columns else plain_number) for j in range(n_columns)] for _ in range(n_rows)
    ]
    for _ in range(draw(st.integers(0, 3)) if rows else 0):
        rows[draw(st.integers(0, n_rows - 1))][draw(st.integers(0, n_columns - 1))] = draw(any_cell)
    if rows and draw(st.integers(0, 7)) == 0:
        rows[draw(st.integers(0, n_rows - 1))].append(draw(any_cell))
    target = draw(st.one_of(st.none(), st.none(), st.none(), st.sampled_from(header), any_text))
    return header, rows, target


@SETTINGS
@given(
    table=tables(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
    line_end=st.sampled_from(["\n", "\r\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_arbitrary_small_tables(tmp_path, table, delimiter, bom, line_end, quoting):
    header, rows, target = table
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end, quoting=quoting).writerows([header, *rows])
    path = tmp_path / "table.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8", "surrogatepass"))
    event("loaded" if load_valid_or_data_error(path, target=target) else "refused")


finite = st.floats(-1e6, 1e6)


@SETTINGS
@given(
    values=st.integers(MIN_CSV_ROWS, 12).flatmap(
        lambda n: st.lists(st.lists(finite, min_size=4, max_size=4), min_size=n, max_size=n)
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_numbers_read_back_exactly(tmp_path, values, delimiter):
    values = np.array(values)
    # Only a file whose columns all vary is expected to load in full.
    varies = all(np.ptp(values[:, j]) > 1e-9 * max(1.0, np.abs(values[:, j]).max()) for j in range(4))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows([["a", "b", "c", "d"], *values.tolist()])
    path = tmp_path / "numbers.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    data = load_valid_or_data_error(path)
    if varies:
        assert data is not None
        assert_array_equal(data.X, values[:, :3])  # repr() of a float reads back bitwise
        assert_array_equal(data.y, values[:, 3])
