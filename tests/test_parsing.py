"""Tests of matrix input: typed text, LaTeX, files and Python objects, and the errors for bad input."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix, Rational, Symbol, sqrt

from derive.errors import InputError
from derive.parsing import parse_entry, parse_matrix, read_matrix

a, x = sympy.symbols("a x")
lam = Symbol("lamda")

TEXT_CASES = [
    ("[[4,2],[-5,-3]]", Matrix([[4, 2], [-5, -3]])),
    ("4 2; -5 -3", Matrix([[4, 2], [-5, -3]])),
    ("4, 2\n-5, -3", Matrix([[4, 2], [-5, -3]])),
    ("[4, -7]", Matrix([[4], [-7]])),
    ("[[25, 2, 5]]", Matrix([[25, 2, 5]])),
    ("3/4 -5/2", Matrix([[Rational(3, 4), Rational(-5, 2)]])),
    ("0.25 1.86", Matrix([[Rational(1, 4), Rational(93, 50)]])),
    ("sqrt(2)/2 -sqrt(2)/2", Matrix([[sqrt(2) / 2, -sqrt(2) / 2]])),
    ("4 - x 2", Matrix([[4 - x, 2]])),
    ("4 -x", Matrix([[4, -x]])),
    ("2*a + 1, 2a+1", Matrix([[2 * a + 1, 2 * a + 1]])),
    ("x^2 x**2", Matrix([[x**2, x**2]])),
    ("lambda λ", Matrix([[lam, lam]])),
    ("−3 2·a", Matrix([[-3, 2 * a]])),
    ("1e-3", Matrix([[Rational(1, 1000)]])),
]


@pytest.mark.parametrize("text, expected", TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_text_forms(text, expected):
    assert parse_matrix(text) == expected


LATEX_CASES = [
    (r"\begin{bmatrix} 4 & 2 \\ -5 & -3 \end{bmatrix}", Matrix([[4, 2], [-5, -3]])),
    (
        r"\begin{pmatrix} \frac{1}{2} & \sqrt{2} \\ -3 & \lambda \end{pmatrix}",
        Matrix([[Rational(1, 2), sqrt(2)], [-3, lam]]),
    ),
    (r"\begin{vmatrix} x^{2} & 2 \cdot a \\ 1 & 0 \end{vmatrix}", Matrix([[x**2, 2 * a], [1, 0]])),
    (r"\left[\begin{array}{cc|c} 1 & 2 & 3 \\ 4 & 5 & 6 \end{array}\right]", Matrix([[1, 2, 3], [4, 5, 6]])),
    (r"A = \begin{bmatrix} 1 & 2 \\ 3 & 4 \\ \end{bmatrix}", Matrix([[1, 2], [3, 4]])),
    (r"\begin{bmatrix} -\dfrac{3}{2} & 1 \end{bmatrix}", Matrix([[Rational(-3, 2), 1]])),
]


@pytest.mark.parametrize(
    "text, expected", LATEX_CASES, ids=["bmatrix", "pmatrix", "vmatrix", "array", "prefix", "dfrac"]
)
def test_latex_forms(text, expected):
    assert parse_matrix(text) == expected


def test_decimal_note():
    parsed = read_matrix("0.25 1")
    assert parsed.matrix == Matrix([[Rational(1, 4), 1]])
    assert parsed.notes == ("entry (1, 1): 0.25 read as the exact value 1/4",)


PYTHON_CASES = [
    ([[4, 2], [-5, -3]], Matrix([[4, 2], [-5, -3]])),
    ([4, -7], Matrix([[4], [-7]])),
    ([[Fraction(3, 4), "sqrt(2)"]], Matrix([[Rational(3, 4), sqrt(2)]])),
    ([[0.1, 2.5]], Matrix([[Rational(1, 10), Rational(5, 2)]])),
    (Matrix([[1, a], [2, 3]]), Matrix([[1, a], [2, 3]])),
    (np.array([[1, 2], [3, 4]]), Matrix([[1, 2], [3, 4]])),
    (np.array([[0.5, 1.25]]), Matrix([[Rational(1, 2), Rational(5, 4)]])),
]


@pytest.mark.parametrize(
    "data, expected",
    PYTHON_CASES,
    ids=["lists", "flat", "fraction", "floats", "sympy", "numpy", "numpy-float"],
)
def test_python_objects(data, expected):
    assert parse_matrix(data) == expected


def test_files(tmp_path):
    (tmp_path / "a.txt").write_text("1 2\n3 4\n")
    (tmp_path / "a.json").write_text(json.dumps([["1", "2"], ["3", "4"]]))
    (tmp_path / "a.csv").write_text("1,2\n3,4\n")
    (tmp_path / "a.tex").write_text("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}\n")
    for name in ("a.txt", "a.json", "a.csv", "a.tex"):
        assert parse_matrix(str(tmp_path / name)) == Matrix([[1, 2], [3, 4]]), name


ERROR_CASES = [
    ("", r"^A is empty; expected at least one row with one entry, such as '1 2; 3 4'$"),
    (
        "[[1,2],[3]]",
        r"^A is ragged: row 2 has 1 entry but row 1 has 2; give every row the same number of entries$",
    ),
    (
        "1 2; 3",
        r"^A is ragged: row 2 has 1 entry but row 1 has 2; give every row the same number of entries$",
    ),
    ("sin(2) 1", r"^A entry \(1, 1\) 'sin\(2\)': unknown function 'sin'; the only function is sqrt\(...\)$"),
    (
        "1 $ 2",
        r"^A entry \(1, 2\) '\$': unexpected character '\$'; "
        r"expected numbers, symbols, sqrt\(...\), \+ - \* / \^ and parentheses$",
    ),
    (
        "2^99999",
        r"^A entry \(1, 1\) '2\^99999': the exponent 99999 is too large; expected at most 64 in size$",
    ),
    ("[[1,2]", r"^A has a '\[' that is not closed; add the missing '\]'$"),
    ("(1+2 3", r"^A has a '\(' that is not closed; add the missing '\)'$"),
    ("1/0", r"^A entry \(1, 1\) '1/0': division by zero$"),
    (
        "I 2",
        r"^A entry \(1, 1\) 'I': 'I' is reserved \(SymPy reads it as a constant\); use another symbol name$",
    ),
    ("__import__('os')", r"^A entry \(1, 1\) .*unexpected character '_'.*$"),
    ("; ;", r"^A is empty; expected at least one row with one entry, such as '1 2; 3 4'$"),
    (
        r"\begin{bmatrix} 1 & \alpha_{\mathbb{R}} \end{bmatrix}",
        r"^A: unsupported LaTeX command \\mathbb; use numbers, \\frac, \\sqrt and symbols$",
    ),
    (r"\begin{tabular} 1 \end{tabular}", r"^A: no matrix environment found; expected .*$"),
]


@pytest.mark.parametrize("text, message", ERROR_CASES, ids=[c[0][:20] or "empty" for c in ERROR_CASES])
def test_errors(text, message):
    with pytest.raises(InputError, match=message):
        parse_matrix(text, "A")


def test_oversize():
    text = "; ".join(" ".join("1" for _ in range(3)) for _ in range(21))
    with pytest.raises(
        InputError,
        match=r"^A is 21×3; expected at most 20×20; for data sets use a CSV file with the pca operation$",
    ):
        parse_matrix(text, "A")


def test_code_is_never_evaluated(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(InputError):
        parse_matrix(f"open('{marker}', 'w')", "A")
    assert not marker.exists()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.fractions(max_denominator=50), min_size=3, max_size=3), min_size=1, max_size=4))
def test_round_trip_fractions(rows):
    text = "; ".join(" ".join(str(v) for v in row) for row in rows)
    expected = Matrix([[Rational(v.numerator, v.denominator) for v in row] for row in rows])
    assert parse_matrix(text) == expected


def test_parse_entry_doc_values():
    assert parse_entry("-5/2") == Rational(-5, 2)
    assert parse_entry("2(x + 1)") == 2 * x + 2


BRACKET_CASES = [
    ("[1 2 3]", Matrix([[1], [2], [3]])),
    ("[4 -7]", Matrix([[4], [-7]])),
    ("[x -1]", Matrix([[x], [-1]])),
    ("[x - 1]", Matrix([[x - 1]])),
    ("[[4 2],[5 3]]", Matrix([[4, 2], [5, 3]])),
    ("[1 2; 3 -4]", Matrix([[1, 2], [3, -4]])),
    ("√2 1; 1 √x", Matrix([[sqrt(2), 1], [1, sqrt(x)]])),
    ("√(8) N", Matrix([[2 * sqrt(2), Symbol("N")]])),
]


@pytest.mark.parametrize("text, expected", BRACKET_CASES, ids=[c[0] for c in BRACKET_CASES])
def test_spaces_inside_brackets_separate_entries(text, expected):
    assert parse_matrix(text) == expected


def test_long_text_is_not_a_file_name():
    text = "[[" + ",".join(["1"] * 130) + "]]"
    with pytest.raises(InputError, match=r"^A is 1×130; expected at most 20×20"):
        parse_matrix(text, "A")


@pytest.mark.parametrize(
    "path, message",
    [
        (
            "/nonexistent/file.txt",
            r"^A: file '/nonexistent/file.txt' not found; give the path of a matrix file$",
        ),
        ("missing.csv", r"^A: file 'missing.csv' not found; give the path of a matrix file$"),
        ("/tmp", r"^A: file '/tmp' is a folder; give the path of a matrix file$"),
    ],
    ids=["absolute", "suffix", "folder"],
)
def test_missing_files(path, message):
    with pytest.raises(InputError, match=message):
        parse_matrix(path, "A")


def test_json_infinity_rejected(tmp_path):
    path = tmp_path / "m.json"
    path.write_text("[[1.5, 2], [3, 4e400]]")
    with pytest.raises(InputError, match=r"^A entry \(2, 2\) is inf; expected a finite number$"):
        parse_matrix(str(path), "A")


def test_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text("\ufeff1 2; 3 4", encoding="utf-8")
    assert parse_matrix(str(path)) == Matrix([[1, 2], [3, 4]])


def test_symbolic_power_limit():
    with pytest.raises(
        InputError, match=r"^A entry \(1, 1\) .*raised to 64 is too large .*at most 6 on a sum$"
    ):
        parse_matrix("(x+y+z+w)^64", "A")
    assert parse_matrix("(x+1)^2 x^20") == Matrix([[(x + 1) ** 2, x**20]])


def test_negative_decimal_note_keeps_sign():
    parsed = read_matrix("-0.5 1; 1 -0.67")
    assert parsed.notes == (
        "entry (1, 1): -0.5 read as the exact value -1/2",
        "entry (2, 2): -0.67 read as the exact value -67/100",
    )
