"""Tests of the trace: diagonal sum, the transpose, and the sum of the eigenvalues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix, Rational, sqrt

from derive.errors import ShapeError
from derive.formula import prose_text
from derive.parsing import parse_entry
from derive.registry import solve

CASES_FILE = Path(__file__).parent / "cases" / "course-notebook.json"
a, b, c, d = sympy.symbols("a b c d")
lam = sympy.Symbol("lamda")


def load_case(case_id: str) -> dict:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    return next(case for case in cases if case["id"] == case_id)


def matrix_of(rows: list[list[str]]) -> Matrix:
    return Matrix([[parse_entry(entry) for entry in row] for row in rows])


def section_text(solution, title: str) -> str:
    (section,) = [s for s in solution.sections if s.title == title]
    lines = []
    for step in section.steps:
        lines.append(prose_text(step.text))
        lines.extend(formula.text() for formula in step.math)
    return "\n".join(lines)


def test_notebook_trace_n23():
    case = load_case("N23")
    solution = solve("trace", matrix_of(case["input"]))
    assert solution.answer.values["trace"] == parse_entry(case["expected"])
    assert "Tr(A) = a₁₁ + a₂₂ = 25 + 4 = 29" in section_text(solution, "Sum of the diagonal")
    assert "Tr(Aᵀ) = 25 + 4 = 29 = Tr(A)" in section_text(solution, "Trace of the transpose")


@pytest.mark.parametrize(
    "A, expected",
    [
        pytest.param(Matrix([[2, 1, 0], [1, 3, 1], [0, 1, 4]]), Rational(9), id="3x3-radical-eigenvalues"),
        pytest.param(Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]), Rational(16), id="3x3-irreducible-cubic"),
        pytest.param(2 * sympy.eye(5), Rational(10), id="5x5"),
        pytest.param(Matrix([[Rational(1, 2), 9], [0, Rational(-1, 3)]]), Rational(1, 6), id="2x2-rational"),
        pytest.param(Matrix([[sqrt(2), 1], [1, sqrt(2)]]), 2 * sqrt(2), id="2x2-radical-entries"),
        pytest.param(Matrix([[a, b], [c, d]]), a + d, id="2x2-symbolic"),
        pytest.param(Matrix([[7]]), Rational(7), id="1x1"),
    ],
)
def test_trace_value(A, expected):
    assert solve("trace", A).answer.values["trace"] == expected


def test_eigenvalues_listed_with_multiplicity():
    solution = solve("trace", Matrix([[2, 1, 0], [0, 2, 0], [0, 0, 5]]))
    text = section_text(solution, "Trace and eigenvalues")
    assert "λ1 = 5\nλ2 = 2\nλ3 = 2" in text
    assert "2 (multiplicity 2) appears more than once" in text
    assert "λ1 + λ2 + λ3 = 5 + 2 + 2 = 9 = Tr(A)" in text


def test_radical_eigenvalues_add_to_trace():
    solution = solve("trace", Matrix([[25, 2], [5, 4]]))
    text = section_text(solution, "Trace and eigenvalues")
    assert "λ1 = sqrt(481)/2 + 29/2 ≈ 25.47\nλ2 = 29/2 - sqrt(481)/2 ≈ 3.534" in text
    assert "in descending order (by real part, then imaginary part)" in text
    assert "= 29 = Tr(A)" in text


def test_irreducible_cubic_uses_characteristic_polynomial():
    solution = solve("trace", Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]))
    text = section_text(solution, "Trace and eigenvalues")
    assert "irreducible factor of degree 3" in text
    assert "λ1 + λ2 + λ3 = - (-16) = 16 = Tr(A)" in text


def test_large_matrix_uses_characteristic_polynomial():
    text = section_text(solve("trace", 2 * sympy.eye(5)), "Trace and eigenvalues")
    assert "A is 5×5, larger than 4×4, so its eigenvalues are not listed one by one." in text


def test_matrix_using_lambda_gets_other_variable():
    text = section_text(solve("trace", Matrix([[lam, 1], [0, 1]])), "Trace and eigenvalues")
    assert "det(tI − A)" in text


def test_checks_include_characteristic_coefficient():
    solution = solve("trace", Matrix([[25, 2], [5, 4]]))
    statements = [prose_text(check.statement) for check in solution.checks]
    assert len(statements) == 4
    assert any("characteristic polynomial" in s for s in statements)
    assert all(check.passed for check in solution.checks)


def test_non_square_matrix():
    with pytest.raises(ShapeError, match=r"^A is 2×3, but trace needs a square matrix; give an n×n matrix$"):
        solve("trace", Matrix([[1, 2, 3], [4, 5, 6]]))


entries = st.one_of(
    st.integers(-9, 9).map(sympy.Integer),
    st.fractions(min_value=-5, max_value=5, max_denominator=6).map(
        lambda f: Rational(f.numerator, f.denominator)
    ),
)


@st.composite
def product_pairs(draw):
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    A = Matrix(m, n, [draw(entries) for _ in range(m * n)])
    B = Matrix(n, m, [draw(entries) for _ in range(m * n)])
    return A, B


@settings(max_examples=30, deadline=None)
@given(product_pairs())
def test_trace_of_product_is_cyclic(pair):
    A, B = pair
    assert solve("trace", A * B).answer.values["trace"] == solve("trace", B * A).answer.values["trace"]


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.lists(entries, min_size=n * n, max_size=n * n).map(lambda xs: Matrix(n, n, xs))
    )
)
def test_trace_matches_sympy(A):
    assert solve("trace", A).answer.values["trace"] == A.trace()


@pytest.mark.parametrize(
    ("A", "expected"),
    [
        pytest.param(Matrix([[7]]), "λ1 = 7 = Tr(A)", id="1x1"),
        pytest.param(
            Matrix([[0, -1], [1, 0]]), "λ1 = i\nλ2 = -i\nλ1 + λ2 = i - i = 0 = Tr(A)", id="complex-pair"
        ),
        pytest.param(2 * sympy.eye(5), "λ1 + … + λ5 = - (-10) = 10 = Tr(A)", id="5x5"),
    ],
)
def test_eigenvalue_sum_written_out(A, expected):
    assert expected in section_text(solve("trace", A), "Trace and eigenvalues")


def test_symbolic_characteristic_polynomial_collected_in_powers():
    text = section_text(solve("trace", Matrix([[a, b], [c, d]])), "Trace and eigenvalues")
    assert "det(λI − A) = λ^2 - (a + d) · λ + a*d - b*c" in text
    assert "in no particular order of size, since that depends on the values of the symbols" in text
    assert "λ1 = a/2 + d/2 + sqrt(a^2 - 2*a*d + 4*b*c + d^2)/2" in text
