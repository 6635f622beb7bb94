"""Tests of transpose, matrix product, Hadamard product and scalar multiple."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix, Rational

from derive.errors import InputError, ShapeError
from derive.formula import prose_text
from derive.parsing import parse_entry
from derive.products import _column_combination_check, entry_name, signed_sum
from derive.registry import Options, solve

CASES_FILE = Path(__file__).parent / "cases" / "course-notebook.json"
a, b, c = sympy.symbols("a b c")


def load_case(case_id: str) -> dict:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    return next(case for case in cases if case["id"] == case_id)


def matrix_of(rows: list[list[str]]) -> Matrix:
    return Matrix([[parse_entry(entry) for entry in row] for row in rows])


def all_math_text(solution) -> str:
    lines = []
    for section in solution.sections:
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(formula.text() for formula in step.math)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Course notebook cases


@pytest.mark.parametrize(
    "case_id, operation, answer_key",
    [
        pytest.param("N01", "transpose", "transpose", id="N01-vector-transpose"),
        pytest.param("N03", "transpose", "transpose", id="N03-matrix-transpose"),
        pytest.param("N05", "hadamard", "hadamard", id="N05-hadamard"),
        pytest.param("N06", "multiply", "product", id="N06-matrix-vector"),
        pytest.param("N07", "multiply", "product", id="N07-matrix-matrix"),
    ],
)
def test_notebook_case(case_id, operation, answer_key):
    case = load_case(case_id)
    operands = [matrix_of(case["input"])]
    if "other" in case:
        operands.append(matrix_of(case["other"]))
    solution = solve(operation, *operands)
    assert solution.answer.values[answer_key] == matrix_of(case["expected"])
    assert solution.verified


def test_notebook_scale_n04():
    case = load_case("N04")
    scalar = parse_entry(case["options"]["scalar"])
    solution = solve("scale", matrix_of(case["input"]), options=Options(scalar=scalar))
    assert solution.answer.values["scaled"] == matrix_of(case["expected"])


def test_scale_accepts_scalar_text():
    solution = solve("scale", Matrix([[25, 2], [5, 26]]), options=Options(scalar="-1/2"))
    assert solution.answer.values["scaled"] == Matrix([[Rational(-25, 2), -1], [Rational(-5, 2), -13]])


# ---------------------------------------------------------------------------------------------
# Steps


def test_multiply_shows_each_dot_product():
    solution = solve("multiply", Matrix([[3, 4], [5, 6], [7, 8]]), Matrix([[1, 9], [2, 0]]))
    text = all_math_text(solution)
    assert "(AB)₁₁ = 3 · 1 + 4 · 2 = 3 + 8 = 11" in text
    assert "(AB)₃₂ = 7 · 9 + 8 · 0 = 63 + 0 = 63" in text


def test_multiply_writes_negative_products_as_subtraction():
    solution = solve("multiply", Matrix([[3, 4]]), Matrix([[1], [-2]]))
    assert "(AB)₁₁ = 3 · 1 + 4 · (-2) = 3 - 8 = -5" in all_math_text(solution)
    assert "dot product" in all_math_text(solution)


def test_multiply_names_matrix_vector_product():
    solution = solve("multiply", Matrix([[3, 4], [5, 6]]), Matrix([1, 2]))
    assert "matrix–vector product" in all_math_text(solution)


def test_multiply_symbolic_entries():
    solution = solve("multiply", Matrix([[a, 1], [0, b]]), Matrix([[b], [c]]))
    assert solution.answer.values["product"] == Matrix([[a * b + c], [b * c]])


def test_multiply_check_shows_column_combinations():
    solution = solve("multiply", Matrix([[3, 4], [5, 6], [7, 8]]), Matrix([1, 2]))
    (check,) = solution.checks
    assert check.math[0].text() == "column 1 of AB = 1 [3; 5; 7] + 2 [4; 6; 8] = [11; 17; 23]"


def test_multiply_check_fails_on_wrong_product():
    A = Matrix([[3, 4], [5, 6]])
    B = Matrix([[1], [2]])
    assert not _column_combination_check(A, B, Matrix([[11], [18]])).passed


def test_transpose_of_row_vector_says_column_vector():
    solution = solve("transpose", Matrix([[25, 2, 5]]))
    assert "A is a row vector, so its transpose is a column vector" in all_math_text(solution)


def test_transpose_shows_each_row_becoming_a_column():
    solution = solve("transpose", Matrix([[25, 2], [5, 26], [3, 7]]))
    text = all_math_text(solution)
    assert "[25 2] ↦ [25; 2]" in text
    assert "[3 7] ↦ [3; 7]" in text


def test_transpose_symbolic_entries():
    solution = solve("transpose", Matrix([[a, b], [c, 1]]))
    assert solution.answer.values["transpose"] == Matrix([[a, c], [b, 1]])


def test_hadamard_contrasts_with_matrix_product():
    solution = solve("hadamard", Matrix([[1, 2]]), Matrix([[3, -4]]))
    text = all_math_text(solution)
    assert "Unlike the matrix product AB" in text
    assert "(A⊙B)₁₂ = 2 · (-4) = -8" in text


def test_scale_shows_each_entry():
    solution = solve("scale", Matrix([[25, 2]]), options=Options(scalar=3))
    assert "(cA)₁₁ = 3 · 25 = 75" in all_math_text(solution)
    assert len(solution.checks) == 2


def test_scale_by_zero_skips_division_check():
    solution = solve("scale", Matrix([[25, 2]]), options=Options(scalar=0))
    assert solution.answer.values["scaled"] == Matrix([[0, 0]])
    assert len(solution.checks) == 1


def test_scale_symbolic_scalar():
    solution = solve("scale", Matrix([[1, a]]), options=Options(scalar=b))
    assert solution.answer.values["scaled"] == Matrix([[b, a * b]])


# ---------------------------------------------------------------------------------------------
# Helpers


def test_entry_name_separates_two_digit_indices():
    assert entry_name("A", 0, 11).text == "A₁,₁₂"
    assert entry_name("A", 0, 1).latex == "A_{12}"


def test_signed_sum_subtracts_negative_terms():
    assert signed_sum([Rational(3), Rational(-8), a]).text() == "3 - 8 + a"


# ---------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    "operation, A, B, message",
    [
        pytest.param(
            "multiply",
            Matrix([[1, 2], [3, 4], [5, 6]]),
            Matrix([[1, 2], [3, 4], [5, 6]]),
            r"^A is 3×2 and B is 3×2: AB needs as many columns of A \(2\) as rows of B \(3\); "
            r"check the order, or transpose one of them$",
            id="multiply-3x2-by-3x2",
        ),
        pytest.param(
            "hadamard",
            Matrix([[1, 2], [3, 4], [5, 6]]),
            Matrix([[1, 2, 3], [4, 5, 6]]),
            r"^A is 3×2 and B is 2×3: the Hadamard product needs two matrices of the same shape; "
            r"give B as a 3×2 matrix, or use multiply for the matrix product AB$",
            id="hadamard-3x2-and-2x3",
        ),
    ],
)
def test_shape_mismatch_message(operation, A, B, message):
    with pytest.raises(ShapeError, match=message):
        solve(operation, A, B)


def test_scale_without_scalar():
    with pytest.raises(
        InputError,
        match=r"^scale needs a scalar, but none was given; pass --scalar c, for example --scalar 3$",
    ):
        solve("scale", Matrix([[1, 2]]))


def test_scale_rejects_float_scalar():
    with pytest.raises(
        InputError,
        match=r"^the scalar 0\.1 is a floating-point number, but scale works exactly; "
        r"pass it as text such as '0\.25' or '1/4'$",
    ):
        solve("scale", Matrix([[1, 2]]), options=Options(scalar=0.1))


def test_scale_accepts_fraction_scalar():
    solution = solve("scale", Matrix([[2, 4]]), options=Options(scalar=Fraction(1, 2)))
    assert solution.answer.values["scaled"] == Matrix([[1, 2]])


# ---------------------------------------------------------------------------------------------
# Properties

entries = st.one_of(
    st.integers(-9, 9).map(sympy.Integer),
    st.fractions(min_value=-5, max_value=5, max_denominator=6).map(
        lambda f: Rational(f.numerator, f.denominator)
    ),
)


@st.composite
def matrices(draw, rows=None, cols=None):
    rows = draw(st.integers(1, 3)) if rows is None else rows
    cols = draw(st.integers(1, 3)) if cols is None else cols
    return Matrix(rows, cols, [draw(entries) for _ in range(rows * cols)])


@st.composite
def product_pairs(draw):
    m, k, n = (draw(st.integers(1, 3)) for _ in range(3))
    return draw(matrices(m, k)), draw(matrices(k, n))


@settings(max_examples=30, deadline=None)
@given(product_pairs())
def test_transpose_of_product_reverses_order(pair):
    A, B = pair
    AB = solve("multiply", A, B).answer.values["product"]
    left = solve("transpose", AB).answer.values["transpose"]
    At = solve("transpose", A).answer.values["transpose"]
    Bt = solve("transpose", B).answer.values["transpose"]
    right = solve("multiply", Bt, At).answer.values["product"]
    assert left == right


@settings(max_examples=30, deadline=None)
@given(product_pairs())
def test_product_matches_sympy(pair):
    A, B = pair
    assert solve("multiply", A, B).answer.values["product"] == A * B


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 3).flatmap(
        lambda m: st.integers(1, 3).flatmap(lambda n: st.tuples(matrices(m, n), matrices(m, n)))
    )
)
def test_hadamard_is_commutative(pair):
    A, B = pair
    assert (
        solve("hadamard", A, B).answer.values["hadamard"] == solve("hadamard", B, A).answer.values["hadamard"]
    )


@settings(max_examples=25, deadline=None)
@given(matrices(), entries)
def test_scale_matches_sympy(A, scalar):
    assert solve("scale", A, options=Options(scalar=scalar)).answer.values["scaled"] == scalar * A
