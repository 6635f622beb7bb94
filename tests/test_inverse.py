"""Tests of the inverse operation: every method, singular and symbolic matrices, the course case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from derive import registry
from derive.errors import InputError, ShapeError
from derive.formula import prose_text
from derive.parsing import parse_entry

CASES = Path(__file__).parent / "cases"
METHODS = ["formula", "gauss-jordan", "adjugate"]
a = sympy.Symbol("a")


def solve_inverse(rows, method=None):
    return registry.solve("inverse", sympy.Matrix(rows), method=method)


def squeeze(text: str) -> str:
    """Drop whitespace so that formula text compares independently of the renderer's spacing."""
    return "".join(text.split())


def all_text(solution) -> str:
    lines = []
    for section in solution.sections:
        lines.append(section.title)
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(m.text() for m in step.math)
    return "\n".join(lines)


def methods_for(n: int) -> list[str]:
    return METHODS if n <= 2 else ["gauss-jordan", "adjugate"]


INVERTIBLE = [
    pytest.param([[5]], id="1x1"),
    pytest.param([[4, 2], [-5, -3]], id="2x2"),
    pytest.param([[0, 1], [1, 0]], id="2x2-needs-swap"),
    pytest.param([[sympy.Rational(1, 4), 3], [2, sympy.Rational(-1, 2)]], id="2x2-rational"),
    pytest.param([[sympy.sqrt(2), 1], [1, sympy.sqrt(2)]], id="2x2-radical"),
    pytest.param([[1, 2, 3], [4, 5, 6], [7, 8, 10]], id="3x3-no-zeros"),
    pytest.param([[1, 2, 4], [2, -1, 3], [0, 5, 1]], id="3x3-one-zero"),
    pytest.param([[0, 1, 2], [3, 4, 5], [6, 7, 9]], id="3x3-needs-swap"),
    pytest.param([[2, 0, 1, 3], [1, 0, 0, 2], [4, 1, 3, 1], [2, 2, 1, 1]], id="4x4"),
    pytest.param([[a, 1], [2, a]], id="2x2-symbolic"),
    pytest.param([[1, a, 0], [0, 1, a], [0, 0, 1]], id="3x3-symbolic-unipotent"),
]


@pytest.mark.parametrize("rows", INVERTIBLE)
def test_every_method_inverts(rows):
    A = sympy.Matrix(rows)
    expected = A.inv().applyfunc(sympy.simplify)
    for method in [None, *methods_for(A.rows)]:
        solution = solve_inverse(rows, method)
        values = solution.answer.values
        assert values["invertible"] is True, method
        assert (values["inverse"] - expected).applyfunc(sympy.simplify) == sympy.zeros(A.rows), method
        assert sympy.simplify(values["det"] - A.det()) == 0, method
        assert solution.verified, method


SINGULAR = [
    pytest.param([[0]], id="1x1-zero"),
    pytest.param([[-4, 1], [-8, 2]], id="2x2-course"),
    pytest.param([[0, 0], [0, 0]], id="2x2-zero"),
    pytest.param([[1, 2, 3], [4, 5, 6], [7, 8, 9]], id="3x3"),
    pytest.param([[1, 2, 3], [2, 4, 6], [1, 0, 1]], id="3x3-proportional-rows"),
    pytest.param([[1, 1, 1, 1], [1, 2, 3, 4], [2, 3, 4, 5], [0, 1, 0, 1]], id="4x4"),
    pytest.param([[a, 2 * a], [1, 2]], id="2x2-symbolic"),
]


@pytest.mark.parametrize("rows", SINGULAR)
def test_singular_explained(rows):
    n = len(rows)
    for method in [None, *methods_for(n)]:
        solution = solve_inverse(rows, method)
        values = solution.answer.values
        assert values["inverse"] is None, method
        assert values["invertible"] is False, method
        assert values["det"] == 0, method
        assert [prose_text(x) for x in solution.notes] == ["det(A) = 0, so A is singular (not invertible)."]
        assert solution.checks, method
        assert all(c.passed for c in solution.checks), method


def test_singular_gauss_jordan_shows_zero_row():
    solution = solve_inverse([[1, 2, 3], [4, 5, 6], [7, 8, 9]], "gauss-jordan")
    assert solution.sections[-1].title == "No inverse"
    text = all_text(solution)
    assert "Column 3 of the left half has no pivot, so the left half ends with a row of zeros" in text
    assert squeeze("[1 0 -1 | -5/3 2/3 0; 0 1 2 | 4/3 -1/3 0; 0 0 0 | 1 -2 1]") in squeeze(text)


def test_singular_checks_are_computed():
    solution = solve_inverse([[-4, 1], [-8, 2]])
    assert [squeeze(c.math[0].text()) for c in solution.checks] == [
        squeeze("det(A) by Bareiss = 0 = det(A)"),
        squeeze("rank(A) = 1"),
    ]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c["id"])
        for c in json.loads((CASES / "course-notebook.json").read_text(encoding="utf-8"))["cases"]
        if c["operation"] == "inverse"
    ],
)
def test_course_case(case):
    A = sympy.Matrix([[parse_entry(x) for x in row] for row in case["input"]])
    expected = sympy.Matrix([[parse_entry(x) for x in row] for row in case["expected"]])
    for method in [None, *methods_for(A.rows)]:
        assert registry.solve("inverse", A, method=method).answer.values["inverse"] == expected, method


def test_course_singular_det_case():
    # The notebook's singular example: its inverse does not exist.
    data = json.loads((CASES / "course-notebook.json").read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["id"] == "N13")
    A = sympy.Matrix([[parse_entry(x) for x in row] for row in case["input"]])
    assert registry.solve("inverse", A).answer.values["invertible"] is False


def test_formula_shows_numbers():
    solution = solve_inverse([[4, 2], [-5, -3]])
    assert solution.method == "formula"
    text = squeeze(all_text(solution))
    assert squeeze("det(A) = 4 · (-3) - 2 · (-5) = -12 + 10 = -2") in text
    assert squeeze("A⁻¹ = 1/(-2) [-3 -2; 5 4] = [3/2 1; -5/2 -2]") in text


def test_gauss_jordan_steps_and_det():
    solution = solve_inverse([[1, 2, 4], [2, -1, 3], [0, 5, 1]])
    assert solution.method == "gauss-jordan"
    text = squeeze(all_text(solution))
    assert squeeze("[1 2 4 | 1 0 0; 2 -1 3 | 0 1 0; 0 5 1 | 0 0 1]") in text
    assert squeeze("R2 ← R2 - 2 R1") in text
    assert squeeze("det(A) = 1/( (-1/5) · (-1/4) ) = 20") in text
    assert solution.answer.values["det"] == 20


def test_adjugate_shows_every_cofactor():
    solution = solve_inverse([[1, 2, 4], [2, -1, 3], [0, 5, 1]], "adjugate")
    text = squeeze(all_text(solution))
    for i in range(1, 4):
        for j in range(1, 4):
            assert squeeze(f"C{i}{j} = (-1)^({i}+{j}) ·") in text
    assert squeeze("adj(A) = Cᵀ = [-16 18 10; -2 1 5; 10 -5 -5]") in text
    assert squeeze("A⁻¹ = 1/20 [-16 18 10; -2 1 5; 10 -5 -5]") in text


def test_adjugate_4x4_expands_minors():
    rows = [[2, 0, 1, 3], [1, 0, 0, 2], [4, 1, 3, 1], [2, 2, 1, 1]]
    solution = solve_inverse(rows, "adjugate")
    titles = [s.title for s in solution.sections]
    assert titles[1:6] == [
        "Cofactors",
        "Cofactors of row 1",
        "Cofactors of row 2",
        "Cofactors of row 3",
        "Cofactors of row 4",
    ]
    assert "Expand this 3×3 determinant" in all_text(solution)


def test_symbolic_condition():
    solution = solve_inverse([[a, 1], [2, a]])
    note = squeeze(prose_text(solution.notes[0]))
    assert note == squeeze(
        "The inverse exists exactly when det(A) = a^2 - 2 ≠ 0, that is when a ≠ -sqrt(2) , a ≠ sqrt(2)."
    )
    assert solution.answer.values["det"] == a**2 - 2


def test_decimal_input_is_exact():
    A = sympy.Matrix([[parse_entry("0.25"), parse_entry("0.5")], [parse_entry("1"), parse_entry("4")]])
    solution = registry.solve("inverse", A)
    assert solution.answer.values["inverse"] == sympy.Matrix([[8, -1], [-2, sympy.Rational(1, 2)]])


def test_checks_multiply_both_ways():
    solution = solve_inverse([[4, 2], [-5, -3]])
    assert [c.passed for c in solution.checks] == [True, True, True]
    assert squeeze(solution.checks[0].math[0].text()) == squeeze(
        "[4 2; -5 -3] [3/2 1; -5/2 -2] = [1 0; 0 1] = I"
    )


@pytest.mark.parametrize(
    ("rows", "method", "error", "message"),
    [
        pytest.param(
            [[1, 2, 3]] * 3,
            "formula",
            InputError,
            r"^the formula method works only on 1×1 and 2×2 matrices, but A is 3×3; "
            r"use --method gauss-jordan or adjugate$",
            id="formula-on-3x3",
        ),
        pytest.param(
            [[1, 2], [3, 4]],
            "cramer",
            InputError,
            r"^unknown method 'cramer' for inverse: expected one of formula, gauss-jordan, adjugate$",
            id="unknown-method",
        ),
        pytest.param(
            [[1, 2, 3], [4, 5, 6]],
            None,
            ShapeError,
            r"^A is 2×3, but inverse needs a square matrix; give an n×n matrix$",
            id="non-square",
        ),
    ],
)
def test_errors(rows, method, error, message):
    with pytest.raises(error, match=message):
        solve_inverse(rows, method)


# Properties over small random matrices

small = st.integers(min_value=-5, max_value=5)


def square(n: int):
    return st.lists(st.lists(small, min_size=n, max_size=n), min_size=n, max_size=n)


@settings(max_examples=40, deadline=None)
@given(square(3))
def test_inverse_times_matrix_is_identity(rows):
    A = sympy.Matrix(rows)
    assume(A.det() != 0)
    for method in ["gauss-jordan", "adjugate"]:
        inverse = solve_inverse(rows, method).answer.values["inverse"]
        assert A * inverse == sympy.eye(3), method


@settings(max_examples=40, deadline=None)
@given(square(3), st.integers(-2, 2), st.integers(-2, 2), st.booleans())
def test_zero_det_iff_not_invertible(rows, p, q, dependent):
    if dependent:
        # Make row 3 a combination of rows 1 and 2, so that A is singular.
        rows[2] = [p * x + q * y for x, y in zip(rows[0], rows[1], strict=True)]
    A = sympy.Matrix(rows)
    for method in ["gauss-jordan", "adjugate"]:
        invertible = solve_inverse(rows, method).answer.values["invertible"]
        assert invertible is (A.det() != 0), method


@settings(max_examples=30, deadline=None)
@given(square(2))
def test_formula_agrees_with_gauss_jordan(rows):
    by_formula = solve_inverse(rows, "formula").answer.values
    by_elimination = solve_inverse(rows, "gauss-jordan").answer.values
    assert by_formula == by_elimination
