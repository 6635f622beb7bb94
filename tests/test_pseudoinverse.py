"""Tests of derive.pseudoinverse: A⁺ by the normal equations and by the SVD, and least squares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.errors import InputError, ShapeError
from derive.formula import prose_text
from derive.parsing import parse_entry
from derive.registry import solve

CASES = Path(__file__).parent / "cases"


def load_case(file: str, case_id: str) -> dict:
    cases = json.loads((CASES / file).read_text())["cases"]
    return next(case for case in cases if case["id"] == case_id)


def matrix_of(rows: list[list[str]]) -> sympy.Matrix:
    return sympy.Matrix([[parse_entry(x) for x in row] for row in rows])


N21 = load_case("course-notebook.json", "N21")
N22 = load_case("course-notebook.json", "N22")


@pytest.mark.parametrize("method", [None, "normal", "svd"])
def test_n21_pinv(method):
    A = matrix_of(N21["input"])
    solution = solve("pinv", A, method=method)
    assert solution.answer.values["pinv"] == matrix_of(N21["expected"])
    assert solution.method == (method or "normal")


def test_n21_approx():
    P = solve("pinv", matrix_of(N21["input"])).answer.values["pinv"]
    for got, want in zip(P, [x for row in N21["approx"] for x in row], strict=True):
        assert abs(float(got) - float(want)) < 1e-7


def test_penrose_checks_are_four():
    solution = solve("pinv", matrix_of(N21["input"]))
    statements = [prose_text(c.statement) for c in solution.checks]
    assert len(statements) == 4
    assert statements[0] == "Penrose condition AA⁺A = A."


@pytest.mark.parametrize(
    ("rows", "method"),
    [
        pytest.param([[1, 2, 3], [4, 5, 6]], "normal", id="wide-full-row-rank"),
        pytest.param([[1, 2], [2, 4], [3, 6]], "svd", id="rank-deficient-tall"),
        pytest.param([[1, 1, 1], [1, 1, 1]], "svd", id="rank-deficient-wide"),
        pytest.param([[1, 2], [3, 4]], "normal", id="invertible"),
        pytest.param([[0, 0], [0, 0]], "svd", id="zero"),
        pytest.param([[1, 0, 0], [0, 1, 0], [0, 0, 0]], "svd", id="projection"),
    ],
)
def test_pinv_matches_sympy(rows, method):
    A = sympy.Matrix(rows)
    solution = solve("pinv", A)
    assert solution.method == method
    assert solution.answer.values["pinv"] == A.pinv()


def test_svd_method_on_full_rank():
    A = sympy.Matrix([[1, 2, 3], [4, 5, 6]])
    assert solve("pinv", A, method="svd").answer.values["pinv"] == A.pinv()


def test_normal_method_rank_deficient():
    message = (
        r"^--method normal needs full column or row rank, but A is 3×2 with rank 1, so neither AᵀA nor AAᵀ "
        r"is invertible; use --method svd$"
    )
    with pytest.raises(InputError, match=message):
        solve("pinv", sympy.Matrix([[1, 2], [2, 4], [3, 6]]), method="normal")


def test_n22_lstsq():
    X, y = matrix_of(N22["input"]), matrix_of(N22["other"])
    solution = solve("lstsq", X, y)
    values = solution.answer.values
    assert values["w"] == matrix_of(N22["expected"])
    assert solution.method == "normal"
    residuals = y - X * values["w"]
    assert values["residuals"] == residuals
    assert values["ssr"] == (residuals.T * residuals)[0]
    assert values["ssr"] == sympy.Rational(10901, 70000)
    assert sum(residuals) == 0  # an intercept column makes the residuals sum to zero


def test_n22_lstsq_through_svd():
    X, y = matrix_of(N22["input"]), matrix_of(N22["other"])
    assert solve("lstsq", X, y, method="svd").answer.values["w"] == matrix_of(N22["expected"])


def test_n22_fitted_line():
    X, y = matrix_of(N22["input"]), matrix_of(N22["other"])
    display = solve("lstsq", X, y).answer.display
    assert display[-1].text() == "y ≈ 44/25 - 657/1400 x"


def test_lstsq_rank_deficient_minimum_norm():
    X = sympy.Matrix([[1, 1, 2], [1, 2, 4], [1, 3, 6]])
    y = sympy.Matrix([1, 2, 2])
    solution = solve("lstsq", X, y)
    assert solution.method == "svd"
    assert solution.answer.values["w"] == X.pinv() * y


def test_lstsq_exact_fit():
    X = sympy.Matrix([[1, 0], [1, 1], [1, 2]])
    y = sympy.Matrix([1, 3, 5])
    values = solve("lstsq", X, y).answer.values
    assert values["w"] == sympy.Matrix([1, 2])
    assert values["ssr"] == 0


def test_lstsq_y_not_a_column():
    with pytest.raises(
        ShapeError, match=r"^y is 3×2, but lstsq needs y as a column vector; give y as a column of 3 entries$"
    ):
        solve("lstsq", sympy.Matrix([[1, 0], [1, 1], [1, 2]]), sympy.Matrix([[1, 2], [3, 4], [5, 6]]))


def test_lstsq_row_mismatch():
    message = (
        r"^X is 3×2 and y is 2×1: least squares needs one entry of y per row of X \(3\); "
        r"give y with 3 entries$"
    )
    with pytest.raises(ShapeError, match=message):
        solve("lstsq", sympy.Matrix([[1, 0], [1, 1], [1, 2]]), sympy.Matrix([1, 2]))


def test_lstsq_normal_method_rank_deficient():
    message = (
        r"^--method normal needs X with full column rank, but X is 2×2 with rank 1, so XᵀX is singular; "
        r"use --method svd$"
    )
    with pytest.raises(InputError, match=message):
        solve("lstsq", sympy.Matrix([[1, 2], [2, 4]]), sympy.Matrix([1, 1]), method="normal")


entries = st.one_of(
    st.integers(min_value=-3, max_value=3),
    st.builds(sympy.Rational, st.integers(min_value=-3, max_value=3), st.integers(min_value=1, max_value=3)),
)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([(2, 2), (2, 3), (3, 2)]), st.data())
def test_property_penrose(shape, data):
    rows, cols = shape
    A = sympy.Matrix(rows, cols, data.draw(st.lists(entries, min_size=rows * cols, max_size=rows * cols)))
    P = solve("pinv", A).answer.values["pinv"]
    assert A * P * A == A
    assert P * A * P == P
    assert A.pinv() == P


# --- Names and the requested SVD route on a cubic Gram matrix ------------------------------------


def solution_text(solution) -> str:
    lines = []
    for section in solution.sections:
        lines.append(section.title)
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(formula.text() for formula in step.math)
    return "\n".join(lines)


RANK_DEFICIENT_X = sympy.Matrix(
    [
        [1, 2],
        [2, 4],
        [3, 6],
    ]
)


def test_lstsq_through_svd_names_the_operand_x():
    solution = solve("lstsq", RANK_DEFICIENT_X, sympy.Matrix([1, 2, 4]))
    assert solution.method == "svd"
    assert solution.answer.values["w"] == sympy.Matrix([sympy.Rational(17, 70), sympy.Rational(17, 35)])
    text = solution_text(solution)
    assert "X is 3×2. XᵀX is 2×2 and XXᵀ is 3×3" in text
    assert "Subtract λ from each diagonal entry of XᵀX:" in text
    assert "1 singular value(s) are nonzero, so X has rank 1." in text
    assert "A is 3×2" not in text
    assert "AᵀA" not in text


CUBIC_GRAM = sympy.Matrix(
    [
        [1, 1, 0],
        [0, 1, 1],
        [0, 0, 1],
    ]
)


def test_pinv_exact_routes_say_exact():
    assert solve("pinv", CUBIC_GRAM).answer.values["exact"] is True
    assert solve("pinv", CUBIC_GRAM, method="rank-factorization").answer.values["exact"] is True


def test_pinv_requested_svd_on_cubic_gram_is_numeric():
    solution = solve("pinv", CUBIC_GRAM, method="svd")
    values = solution.answer.values
    assert values["exact"] is False
    assert all(abs(x) < 1e-30 for x in values["pinv"] - CUBIC_GRAM.inv())
    statements = [prose_text(c.statement) for c in solution.checks]
    assert statements[0] == (
        "Penrose condition: AA⁺A − A is 0, computed at 50 digits, to 1e-30 in the Frobenius norm."
    )
    assert len(statements) == 4


def test_lstsq_requested_svd_on_cubic_gram_is_numeric():
    X = sympy.Matrix(
        [
            [1, 1, 0],
            [0, 1, 1],
            [0, 0, 1],
            [1, 2, 3],
        ]
    )
    y = sympy.Matrix([1, 2, 3, 4])
    solution = solve("lstsq", X, y, method="svd")
    values = solution.answer.values
    assert values["exact"] is False
    expected = sympy.Matrix([sympy.Rational(4, 7), sympy.Rational(-2, 7), sympy.Rational(11, 7)])
    assert all(abs(x) < 1e-30 for x in values["w"] - expected)
    assert abs(values["ssr"] - sympy.Rational(25, 7)) < 1e-30
    text = solution_text(solution)
    assert "Some eigenvalues of XᵀX are roots of an irreducible polynomial of degree 3 or more" in text
    assert "‖r‖² ≈ 3.5714286" in text


@pytest.mark.parametrize(
    ("X", "latex"),
    [
        pytest.param(
            sympy.Matrix([[1, 0, 1], [1, 1, 2], [1, 2, 3], [1, 1, 2]]),
            r"\,\mathrm{x}_{1}",
            id="numbered-variables",
        ),
        pytest.param(sympy.Matrix([[1, 0], [1, 1], [1, 2]]), r"\,\text{x}", id="single-variable"),
    ],
)
def test_fitted_model_latex_has_no_unicode_subscripts(X, latex):
    y = sympy.Matrix(list(range(1, X.rows + 1)))
    model = solve("lstsq", X, y).answer.display[1].latex()
    assert latex in model
    assert model.isascii()
