"""Two-column CSV from untrusted input: good files load, every bad one gives one clear line."""

import numpy as np
import pytest

from gradviz.engine import dataset
from gradviz.engine.dataset import DataError, load_csv, parse_csv


def error_of(text):
    with pytest.raises(DataError) as info:
        parse_csv(text)
    return info.value.message


def test_plain_numbers_without_a_header():
    data = parse_csv("1,2\n3,4.5\n\n-1e2,7\n")
    assert data.x.tolist() == [1.0, 3.0, -100.0] and data.y.tolist() == [2.0, 4.5, 7.0]
    assert data.names is None


def test_header_comments_bom_semicolons_and_tabs(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes("\ufeff# synthetic\narea;price\n50;150\n100 ; 320\n".encode("utf-8"))
    data = load_csv(path)
    assert data.names == ("area", "price")
    assert data.x.tolist() == [50.0, 100.0] and data.y.tolist() == [150.0, 320.0]
    assert parse_csv("x\ty\n1\t2\n2\t3").y.tolist() == [2.0, 3.0]
    assert parse_csv("1,2,\n2,3,\n").x.tolist() == [1.0, 2.0]   # trailing empty cells


@pytest.mark.parametrize("text, message", [
    ("1,2\n3,abc\n", 'line 2: "abc" is not a number'),
    ("1,2\n3\n", "line 2: expected 2 columns (x,y), found 1"),
    ("x\n1\n", "line 1: expected 2 columns (x,y), found 1"),
    ("1,2,3\n", "line 1: expected 2 columns (x,y), found 3"),
    ("", "no data: expected lines of two numbers, such as 120,410"),
    ("# only a comment\n\n", "no data: expected lines of two numbers, such as 120,410"),
    ("area,price\n", "a line needs at least 2 points, found 0"),
    ("1,2\n", "a line needs at least 2 points, found 1"),
    ("1,2\nnan,3\n", 'line 2: "nan" is not a finite number'),
    ("1,2\n2,inf\n", 'line 2: "inf" is not a finite number'),
    ("1,2\n2,-Infinity\n", 'line 2: "-Infinity" is not a finite number'),
    ("1,2\n2,1e300\n", 'line 2: "1e300" is too large (at most 1e100)'),
    ("1,2\n1,5\n", "every x is 1: a line through the points is not unique"),
    ("1,abc\n2,3\n", 'line 1: "abc" is not a number'),           # not a header: 1 is a number
    ("a,b\nc,d\n", 'line 2: "c" is not a number'),              # a header only on line 1
    ('1,"2\n', "line 1: unexpected end of data"),
    ("1,2\n3,4\0\n", "this is not a text file (it contains a NUL byte)"),
])
def test_broken_text_names_the_line_and_the_problem(text, message):
    assert error_of(text) == message


def test_too_many_rows():
    text = "\n".join(f"{i},{2 * i}" for i in range(dataset.MAX_ROWS + 1))
    assert error_of(text) == "more than 10,000 rows of data"
    assert len(parse_csv("\n".join(f"{i},{2 * i}" for i in range(dataset.MAX_ROWS)))) == 10_000


def test_file_errors_name_the_file(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"1,2\n" * (dataset.MAX_BYTES // 4 + 1))
    with pytest.raises(DataError, match=r"^big.csv: cannot read the file: it is too large \(2,000,004 bytes; at most 2,000,000\)$"):
        load_csv(big)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"1,2\n\xff\xd8\xff")
    with pytest.raises(DataError, match=r"^photo.csv: not UTF-8 text \(byte 5\)$"):
        load_csv(binary)
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2\n2,x\n")
    with pytest.raises(DataError, match=r'^bad.csv: line 2: "x" is not a number$'):
        load_csv(bad)
    with pytest.raises(DataError, match=r"^missing.csv: cannot read the file"):
        load_csv(tmp_path / "missing.csv")


def test_dataset_arrays_are_read_only():
    data = parse_csv("1,2\n2,3\n")
    assert data.x.dtype == np.float64 and not data.x.flags.writeable
