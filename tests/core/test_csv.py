"""load_csv: what it reads, what it notes, and each rule that makes it refuse a file (DataError)."""

import os
import pathlib

import numpy as np
import pytest
from numpy.testing import assert_array_equal

import core.csv_reader as csv_reader
from core.csv_reader import MAX_CSV_BYTES, MAX_CSV_ROWS, MIN_CSV_ROWS, load_csv
from core.datasets import DataError

ROWS = [[1, 10, 2, 5], [2, 20, 3, 7], [3, 30, 1, 9], [4, 40, 5, 2], [5, 50, 4, 8], [6, 60, 0, 1]]
CLEAN = "a,b,c,y\n" + "".join(",".join(map(str, row)) + "\n" for row in ROWS)


def write(tmp_path, content, name="data.csv") -> pathlib.Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def table(rows, header="a,b,c,y", delimiter=",", newline="\n") -> str:
    lines = [header.replace(",", delimiter)] + [delimiter.join(map(str, row)) for row in rows]
    return newline.join(lines) + newline


# --- what it reads ---------------------------------------------------------------------------------------


def test_clean_file_target_defaults_to_last_numeric_column(tmp_path):
    data = load_csv(write(tmp_path, CLEAN))
    expected = np.array(ROWS, dtype=float)
    assert data.X.dtype == np.float64 and data.X.flags.c_contiguous
    assert_array_equal(data.X, expected[:, :3])
    assert_array_equal(data.y, expected[:, 3])
    assert data.feature_names == ("a", "b", "c") and data.target_name == "y"
    assert data.notes == ("Target: 'y' (the last numeric column).",)
    assert data.description == "data.csv: 6 rows, 3 numeric features, target 'y'."


def test_target_chosen_by_name(tmp_path):
    data = load_csv(write(tmp_path, CLEAN), target=" b ")
    assert data.target_name == "b" and data.feature_names == ("a", "c", "y")
    assert_array_equal(data.y, [10, 20, 30, 40, 50, 60])
    assert not any(note.startswith("Target") for note in data.notes)


def test_text_column_is_skipped_and_named_and_not_the_default_target(tmp_path):
    rows = [row + [f"city {i}"] for i, row in enumerate(ROWS)]
    data = load_csv(write(tmp_path, table(rows, header="a,b,c,y,city")))
    assert data.target_name == "y" and data.feature_names == ("a", "b", "c")
    assert "Skipped non-numeric columns: city (row 2: 'city 0')." in data.notes


def test_a_column_with_text_further_down_is_skipped_naming_that_row(tmp_path):
    rows = [list(row) for row in ROWS]
    rows[3][1] = "forty"
    data = load_csv(write(tmp_path, table(rows)))
    assert data.feature_names == ("a", "c")
    assert "Skipped non-numeric columns: b (row 5: 'forty')." in data.notes


@pytest.mark.parametrize(("delimiter", "newline"), [(",", "\n"), (";", "\r\n"), ("\t", "\r"), (";", "\n")])
def test_delimiters_and_line_endings(tmp_path, delimiter, newline):
    data = load_csv(write(tmp_path, table(ROWS, delimiter=delimiter, newline=newline)))
    assert data.feature_names == ("a", "b", "c")
    assert_array_equal(data.X, np.array(ROWS, dtype=float)[:, :3])


def test_delimiter_is_chosen_by_consistency_not_by_count(tmp_path):
    # The header's names hold commas, but only the semicolon splits every row alike.
    content = "weight, kg;height, cm;age\n" + "".join(f"{i};{2 * i + i % 3};{i * i}\n" for i in range(8))
    data = load_csv(write(tmp_path, content))
    assert data.feature_names == ("weight, kg", "height, cm") and data.target_name == "age"


def test_utf8_bom_is_not_part_of_the_first_name(tmp_path):
    data = load_csv(write(tmp_path, b"\xef\xbb\xbf" + CLEAN.encode()))
    assert data.feature_names[0] == "a"


def test_utf8_names_and_quoted_fields(tmp_path):
    content = 'größe,"note, with comma","wert ""x""",y\n' + "".join(
        f'{i},"{i % 4}",{i * i},"{i % 3}"\n' for i in range(6)
    )
    data = load_csv(write(tmp_path, content))
    assert data.feature_names == ("größe", "note, with comma", 'wert "x"')
    assert_array_equal(data.X[:, 1], [0, 1, 2, 3, 0, 1])


def test_quoted_text_with_newline_keeps_row_numbers_right(tmp_path):
    content = 'a,b,c,y,comment\n1,2,3,4,"two\nlines"\n' + "".join(f"{i},{i % 3},{i % 4},{i},x\n" for i in range(2, 6))
    content += "NA,1,1,1,x\n"
    data = load_csv(write(tmp_path, content))
    # Records start on lines 2, 4, 5, 6, 7, 8: the record with a missing value begins on line 8.
    assert "Dropped 1 row with missing or non-finite values (row 8)." in data.notes


@pytest.mark.parametrize("marker", ["", "NA", "na", "N/A", "n/a", "NaN", "nan", "null", "NULL", "Null", "?", " NA "])
def test_missing_markers_drop_the_row(tmp_path, marker):
    rows = [list(row) for row in ROWS]
    rows[2][0] = marker
    data = load_csv(write(tmp_path, table(rows)))
    assert data.X.shape == (5, 3)
    assert "Dropped 1 row with missing or non-finite values (row 4)." in data.notes


def test_non_finite_values_drop_their_rows_and_rows_count_with_blank_lines(tmp_path):
    rows = [list(row) for row in ROWS] + [[7, 70, 2, 3], [8, 80, 1, 4]]
    rows[1][2], rows[6][3] = "inf", "-Infinity"
    content = table(rows).replace("\n3,", "\n\n3,")  # a blank line before the data row "3,..."
    data = load_csv(write(tmp_path, content))
    assert data.X.shape == (6, 3)
    assert "Dropped 2 rows with missing or non-finite values (rows 3, 9)." in data.notes


def test_missing_values_in_a_skipped_column_do_not_drop_rows(tmp_path):
    rows = [row + [("x" if i % 2 else "")] for i, row in enumerate(ROWS)]
    data = load_csv(write(tmp_path, table(rows, header="a,b,c,y,label")))
    assert data.n_samples == 6


def test_long_list_of_dropped_rows_is_shortened(tmp_path):
    rows = [[i, i % 7, i % 5, "NA" if i < 15 else i % 3] for i in range(30)]
    data = load_csv(write(tmp_path, table(rows)))
    listed = "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 5 more"
    assert f"Dropped 15 rows with missing or non-finite values ({listed})." in data.notes


def test_empty_and_constant_columns_are_skipped_with_notes(tmp_path):
    rows = [row[:3] + ["", 7] + row[3:] for row in ROWS]
    data = load_csv(write(tmp_path, table(rows, header="a,b,c,empty,seven,y")))
    assert data.feature_names == ("a", "b", "c")
    assert "Skipped empty columns (no values): empty." in data.notes
    assert "Skipped constant columns (one value in every used row): seven." in data.notes


def test_column_constant_only_after_dropping_rows_is_skipped(tmp_path):
    rows = [row + [1] for row in ROWS] + [[7, 8, 9, "NA", 5]]
    data = load_csv(write(tmp_path, table(rows, header="a,b,c,y,one")), target="y")
    assert data.feature_names == ("a", "b", "c")
    assert "Skipped constant columns (one value in every used row): one." in data.notes


def test_decimal_comma_in_a_semicolon_file(tmp_path):
    content = "a;b;c;y\n" + "".join(f"{i},5;{i % 3};{i * 2},25;{i}\n" for i in range(6))
    data = load_csv(write(tmp_path, content))
    assert_array_equal(data.X[:, 0], np.arange(6) + 0.5)
    assert_array_equal(data.X[:, 2], np.arange(6) * 2 + 0.25)
    assert "Read decimal commas (1,5 = 1.5) in columns: a, c." in data.notes


def test_column_mixing_decimal_points_and_commas_is_skipped(tmp_path):
    content = "a;b;c;y\n" + "".join(f"{i}{',5' if i % 2 else '.5'};{i % 3};{i % 4};{i}\n" for i in range(6))
    data = load_csv(write(tmp_path, content))
    assert data.feature_names == ("b", "c")
    assert "Skipped non-numeric columns: a (row 3: '1,5')." in data.notes


def test_quoted_decimal_comma_in_a_comma_file_is_text(tmp_path):
    content = "a,b,c,y\n" + "".join(f'"{i},5",{i % 3},{i % 4},{i}\n' for i in range(6))
    data = load_csv(write(tmp_path, content))
    assert "Skipped non-numeric columns: a (row 2: '0,5')." in data.notes


def test_trailing_empty_fields_are_tolerated(tmp_path):
    content = table(ROWS).replace("\n", ",,\n").replace("a,b,c,y,,", "a,b,c,y")
    data = load_csv(write(tmp_path, content))
    assert_array_equal(data.X, np.array(ROWS, dtype=float)[:, :3])


def test_empty_header_name_gets_a_column_number(tmp_path):
    data = load_csv(write(tmp_path, CLEAN.replace("a,b", ",b", 1)))
    assert data.feature_names == ("column 1", "b", "c")


def test_fast_route_and_general_route_agree(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    values = rng.normal(size=(50, 4)) * [1, 1e-8, 1e8, 3]
    content = table([[repr(float(v)) for v in row] for row in values], newline="\r\n")
    path = write(tmp_path, content)
    calls = []
    fast = csv_reader._clean_numbers
    monkeypatch.setattr(csv_reader, "_clean_numbers", lambda *a: calls.append(fast(*a)) or calls[-1])
    by_fast = load_csv(path)
    assert calls[-1] is not None  # the file did take the fast route
    monkeypatch.setattr(csv_reader, "_clean_numbers", lambda *a: None)
    by_general = load_csv(path)
    assert_array_equal(by_fast.X, values[:, :3])
    assert_array_equal(by_general.X, by_fast.X)
    assert_array_equal(by_general.y, by_fast.y)
    assert by_general.notes == by_fast.notes


def test_general_route_reads_more_than_one_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_reader, "_CHUNK_ROWS", 4)
    rows = [[i, i % 7, "NA" if i == 9 else i % 5, i % 3] for i in range(13)]
    rows[11][1] = "text"
    data = load_csv(write(tmp_path, table(rows)))
    assert data.feature_names == ("a", "c")
    assert "Skipped non-numeric columns: b (row 13: 'text')." in data.notes
    assert "Dropped 1 row with missing or non-finite values (row 11)." in data.notes


# --- what it refuses: every message names the file ---------------------------------------------------------


def refused(path, **kwargs) -> str:
    with pytest.raises(DataError) as info:
        load_csv(path, **kwargs)
    message = str(info.value)
    assert path.name in message
    return message


def test_missing_file(tmp_path):
    assert "does not exist" in refused(tmp_path / "nowhere.csv")


def test_directory(tmp_path):
    (tmp_path / "folder.csv").mkdir()
    assert "is a folder" in refused(tmp_path / "folder.csv")


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, CLEAN)

    def denied(self):
        raise PermissionError(13, "Permission denied")

    # chmod cannot stop root, which CI may be: make the read fail instead.
    monkeypatch.setattr(pathlib.Path, "read_bytes", denied)
    assert "Cannot read 'data.csv': Permission denied" in refused(path)


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.truncate(MAX_CSV_BYTES + 1)  # sparse: costs no disk
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    assert "RegLab reads CSV files up to 200 MB" in refused(path)


def test_file_at_the_size_limit_is_read(tmp_path, monkeypatch):
    path = write(tmp_path, CLEAN)
    monkeypatch.setattr(csv_reader, "MAX_CSV_BYTES", len(CLEAN))
    assert load_csv(path).n_samples == 6
    monkeypatch.setattr(csv_reader, "MAX_CSV_BYTES", len(CLEAN) - 1)
    assert "is 0 MB; RegLab reads CSV files up to 0 MB" in refused(path)


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t\n", b"\xef\xbb\xbf", b'""\n'])
def test_empty_file(tmp_path, content):
    message = refused(write(tmp_path, content))
    assert "is empty" in message or "holds no rows of data" in message


def test_header_only(tmp_path):
    assert "has a header (row 1) but no data rows" in refused(write(tmp_path, "a,b,c,y\n\n"))


def test_no_header(tmp_path):
    message = refused(write(tmp_path, CLEAN.split("\n", 1)[1]))
    assert "row 1 holds numbers ('1', '10', '2', ...) where the column names should be" in message


def test_a_header_with_some_numbers_is_a_header(tmp_path):
    data = load_csv(write(tmp_path, CLEAN.replace("a,b", "2019,b", 1)))
    assert data.feature_names[0] == "2019"


def test_latin1_file_is_not_utf8(tmp_path):
    content = CLEAN.replace("5,50", "5,50,Müller").replace("a,b,c,y", "a,b,c,y,name")
    content = content.replace("\n6,", ",x\n6,").replace("\n2,20,3,7", ",x\n2,20,3,7")
    message = refused(write(tmp_path, content.encode("latin-1")))
    assert "is not UTF-8 text: row 6 holds the byte 0xFC" in message and "CSV UTF-8" in message


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        ("a,b,c\n1,2,3\n".encode("utf-16"), "UTF-16"),
        (b"a,b,c\n1,\x00,3\n", "binary data"),
    ],
)
def test_binary_files(tmp_path, content, hint):
    assert hint in refused(write(tmp_path, content))


def test_single_column(tmp_path):
    content = "y\n" + "".join(f"{i}\n" for i in range(10))
    message = refused(write(tmp_path, content))
    assert "has a single column (row 1: 'y')" in message and "commas, semicolons or tabs" in message


def test_unknown_delimiter_reads_as_a_single_column(tmp_path):
    assert "single column" in refused(write(tmp_path, table(ROWS, delimiter="|")))


def test_duplicate_column_names(tmp_path):
    message = refused(write(tmp_path, CLEAN.replace("a,b,c,y", "a,b,a,y")))
    assert "the column name 'a' appears twice in the header (row 1, columns 1 and 3)" in message


def test_ragged_row(tmp_path):
    content = CLEAN.replace("3,30,1,9", "3,30,1")
    message = refused(write(tmp_path, content))
    assert "row 4 has 3 fields but the header (row 1) has 4" in message


def test_ragged_row_with_extra_values(tmp_path):
    assert "row 3 has 5 fields" in refused(write(tmp_path, CLEAN.replace("2,20,3,7", "2,20,3,7,8")))


def test_target_not_found_lists_the_numeric_columns(tmp_path):
    rows = [row + ["t"] for row in ROWS]
    message = refused(write(tmp_path, table(rows, header="a,b,c,y,name")), target="price")
    assert "has no column 'price'; numeric columns: a, b, c, y." in message


def test_target_not_numeric(tmp_path):
    rows = [row + ["t"] for row in ROWS]
    message = refused(write(tmp_path, table(rows, header="a,b,c,y,name")), target="name")
    assert "the target column 'name' is not numeric (row 2: 't'); numeric columns: a, b, c, y." in message


def test_target_without_values(tmp_path):
    rows = [row + ["NA"] for row in ROWS]
    assert "the target column 'empty' has no values" in refused(
        write(tmp_path, table(rows, header="a,b,c,y,empty")), target="empty"
    )


def test_no_numeric_column(tmp_path):
    content = "name,city\n" + "".join(f"n{i},c{i}\n" for i in range(6))
    message = refused(write(tmp_path, content))
    assert "has no numeric column. Skipped non-numeric columns: name (row 2: 'n0'), city (row 2: 'c0')." in message


def test_fewer_than_two_features(tmp_path):
    rows = [[row[0], f"t{row[1]}", row[3]] for row in ROWS]
    message = refused(write(tmp_path, table(rows, header="a,name,y")))
    assert "has 1 numeric feature columns besides the target 'y'; RegLab needs at least 2." in message
    assert "Skipped non-numeric columns: name" in message


def test_fewer_than_two_features_after_dropping_constant_ones(tmp_path):
    rows = [[row[0], 4, row[3]] for row in ROWS]
    message = refused(write(tmp_path, table(rows, header="a,four,y")))
    assert "has 1 feature columns that are not constant; RegLab needs at least 2" in message


def test_fewer_than_five_usable_rows(tmp_path):
    rows = [list(row) for row in ROWS]
    rows[0][1] = rows[1][1] = "NA"
    message = refused(write(tmp_path, table(rows)))
    assert f"has only 4 rows with a value in every used column; RegLab needs at least {MIN_CSV_ROWS}." in message
    assert "Column 'b' has the most missing values (2 of 6 rows)." in message


def test_fewer_than_five_data_rows(tmp_path):
    assert f"has only 4 data rows; RegLab needs at least {MIN_CSV_ROWS}." in refused(write(tmp_path, table(ROWS[:4])))


def test_exactly_five_usable_rows_are_enough(tmp_path):
    assert load_csv(write(tmp_path, table(ROWS[:5]))).n_samples == 5


def test_constant_target(tmp_path):
    rows = [row[:3] + [3.5] for row in ROWS]
    message = refused(write(tmp_path, table(rows)))
    assert "the target 'y' has the same value (3.5) in every used row" in message


def test_values_too_large_to_compute_with(tmp_path):
    rows = [list(row) for row in ROWS]
    rows[4][2] = "-1e200"
    assert "row 6, column 'c' holds -1e+200, too large to compute with" in refused(write(tmp_path, table(rows)))


def test_row_limit_is_a_million(tmp_path):
    assert MAX_CSV_ROWS == 1_000_000


@pytest.mark.parametrize("route", ["fast", "fast, no final newline", "general"])
def test_rows_over_the_limit(tmp_path, monkeypatch, route):
    monkeypatch.setattr(csv_reader, "MAX_CSV_ROWS", 10)
    rows = [[i, i % 3, i % 4, i % 5] for i in range(11)]
    if route == "general":
        rows[0][0] = "NA"
    content = table(rows).rstrip("\n") if "no final newline" in route else table(rows)
    assert "has more than 10 data rows; RegLab reads at most that many" in refused(write(tmp_path, content))
    assert load_csv(write(tmp_path, table(rows[:10]), name="ten.csv")).n_samples == 10 - (route == "general")


def test_field_over_the_csv_module_limit(tmp_path):
    content = CLEAN + "7," + "x" * 200_000 + ",1,2\n"
    assert "row 8 cannot be read as CSV" in refused(write(tmp_path, content))


def test_unterminated_quote_reads_to_the_end_and_shows_as_a_ragged_row(tmp_path):
    content = CLEAN + '7,"70,1,2\n8,80,2,3\n'
    assert "row 8 has 2 fields but the header (row 1) has 4. Check that row's delimiters and quotes." in refused(
        write(tmp_path, content)
    )


def test_path_may_be_a_string(tmp_path):
    assert load_csv(os.fspath(write(tmp_path, CLEAN))).n_features == 3
