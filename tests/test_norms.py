"""Tests of vector and matrix norms and of the unit vector."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix, Max, Rational, sqrt

from derive.errors import InputError, NotSupportedError
from derive.formula import prose_text
from derive.norms import parse_order, root_sides
from derive.parsing import parse_entry
from derive.registry import Options, solve

CASES_FILE = Path(__file__).parent / "cases" / "course-notebook.json"
a, b = sympy.symbols("a b")
a_real, b_real = sympy.symbols("a b", real=True)


def load_case(case_id: str) -> dict:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    return next(case for case in cases if case["id"] == case_id)


def matrix_of(rows: list[list[str]]) -> Matrix:
    return Matrix([[parse_entry(entry) for entry in row] for row in rows])


def all_text(solution) -> str:
    lines = []
    for section in solution.sections:
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(formula.text() for formula in step.math)
    return "\n".join(lines)


def norm_of(A: Matrix, order: str | None = None):
    return solve("norm", A, options=Options(ord=order))


# ---------------------------------------------------------------------------------------------
# Course notebook cases


def test_notebook_l2_norm_n02():
    case = load_case("N02")
    solution = norm_of(matrix_of(case["input"]), case["options"]["ord"])
    value = solution.answer.values["norm"]
    assert value == parse_entry(case["expected"])
    assert float(value) == pytest.approx(float(case["approx"]), rel=1e-15)
    assert solution.answer.display[0].text() == "‖x‖₂ = sqrt(654) ≈ 25.57"


def test_notebook_unit_vector_n02():
    case = load_case("N02")
    x = matrix_of(case["input"])
    unit = norm_of(x, "2").answer.values["unit_vector"]
    assert sympy.simplify(sum(v**2 for v in unit)) == 1
    assert (unit * sqrt(654)).applyfunc(sympy.simplify) == x


def test_notebook_frobenius_n24():
    case = load_case("N24")
    solution = norm_of(matrix_of(case["input"]), case["options"]["ord"])
    assert solution.answer.values["norm"] == parse_entry(case["expected"])
    text = all_text(solution)
    assert "AAᵀ = [5 -7 9; -7 13 1; 9 1 74]" in text
    assert "Tr( AAᵀ ) = 5 + 13 + 74 = 92" in text
    assert "√( 92 ) = √( 2 ² · 23 ) = 2*sqrt(23)" in text


# ---------------------------------------------------------------------------------------------
# Values of every order

VECTOR = Matrix([[3, -4, 12]])
MATRIX = Matrix([[1, -2], [-3, 4]])


@pytest.mark.parametrize(
    "A, order, expected",
    [
        pytest.param(VECTOR, None, Rational(13), id="vector-default-2"),
        pytest.param(VECTOR, "1", Rational(19), id="vector-1"),
        pytest.param(VECTOR, "inf", Rational(12), id="vector-inf"),
        pytest.param(VECTOR, "max", Rational(12), id="vector-max"),
        pytest.param(VECTOR, "fro", Rational(13), id="vector-fro-is-2"),
        pytest.param(VECTOR, "3", sympy.root(1819, 3), id="vector-3"),
        pytest.param(Matrix([2, 2]), "4", sympy.root(32, 4), id="vector-4-root-factored"),
        pytest.param(Matrix([[5, 25]]), "2", 5 * sqrt(26), id="vector-sqrt650"),
        pytest.param(MATRIX, "1", Rational(6), id="matrix-1-column-sum"),
        pytest.param(MATRIX, "inf", Rational(7), id="matrix-inf-row-sum"),
        pytest.param(MATRIX, "max", Rational(4), id="matrix-max"),
        pytest.param(MATRIX, "fro", sqrt(30), id="matrix-fro"),
        pytest.param(MATRIX, "2", sqrt(15 + sqrt(221)), id="matrix-2"),
        pytest.param(Matrix([[3, 0], [0, -5]]), "2", Rational(5), id="matrix-2-diagonal"),
        pytest.param(Matrix([[1, 2, 2], [0, 0, 0]]), "2", Rational(3), id="matrix-2-wide"),
    ],
)
def test_norm_value(A, order, expected):
    value = norm_of(A, order).answer.values["norm"]
    assert sympy.simplify(value - expected) == 0


@pytest.mark.parametrize(
    "A, order",
    [
        pytest.param(Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]), "2", id="3x3-cubic"),
        pytest.param(Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2], [1, 1, 1]]), "2", id="4x3"),
        pytest.param(Matrix([[Rational(1, 2), 3], [-7, Rational(2, 3)]]), "2", id="2x2-rational"),
        pytest.param(Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]), "fro", id="3x3-fro"),
    ],
)
def test_matrix_norm_matches_numpy(A, order):
    value = norm_of(A, order).answer.values["norm"]
    numeric = np.array(A.evalf(), dtype=float)
    assert float(value) == pytest.approx(np.linalg.norm(numeric, 2 if order == "2" else order), rel=1e-12)


def test_sqrt650_shows_square_factor():
    text = all_text(norm_of(Matrix([[5, 25]]), "2"))
    assert "√( 650 ) = √( 5 ² · 26 ) = 5*sqrt(26)" in text
    assert "Taking the square factor out of the root simplifies it." in text


def test_squarefree_radicand_says_simplest():
    assert "654 has no square factor" in all_text(norm_of(Matrix([[25, 2, 5]]), "2"))


def test_root_sides_cube_factor():
    sides, value = root_sides(sympy.Integer(54), 3)
    assert value == 3 * sympy.root(2, 3)
    assert [side if isinstance(side, sympy.Basic) else side.text() for side in sides][1] == "3√( 3 ³ · 2 )"


def test_cubic_gram_matrix_gives_root_definition():
    solution = norm_of(Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]), "2")
    value = solution.answer.values["norm"]
    assert value.has(sympy.CRootOf)
    text = all_text(solution)
    assert "largest real root of μ^3 - 304*μ^2 + 244*μ - 9" in text
    assert "≈ 17.4125051668085945167599724442" in text


def test_scaled_cubic_gram_keeps_its_polynomial():
    # The Gram polynomial μ³ − 20μ² + 96μ − 64 is 64·q(μ/4) with q = μ³ − 5μ² + 6μ − 1; sympy.CRootOf
    # alone would write its root as 4·CRootOf(q, 2) and the norm as 2·√CRootOf(q, 2).
    A = Matrix(
        [
            [2, 2, 0],
            [0, 2, 2],
            [0, 0, 2],
        ]
    )
    solution = norm_of(A, "2")
    value = solution.answer.values["norm"]
    mu = sympy.Symbol("mu")
    (root,) = value.atoms(sympy.CRootOf)
    assert value == sympy.sqrt(root)
    assert root.poly.as_expr() == mu**3 - 20 * mu**2 + 96 * mu - 64
    assert abs(float(value) - np.linalg.norm(np.array(A.tolist(), dtype=float), 2)) < 1e-12
    text = all_text(solution)
    assert "‖A‖₂ = sqrt(CRootOf(μ^3 - 20*μ^2 + 96*μ - 64, 2)) ≈ 3.60387547160967650494440927803" in text
    assert "largest real root of μ^3 - 20*μ^2 + 96*μ - 64" in text
    assert "sqrt(2)*sqrt(CRootOf" not in text


def test_matrix_2_norm_checks_eigenvalue_and_order():
    solution = norm_of(MATRIX, "2")
    statements = [prose_text(check.statement) for check in solution.checks]
    assert any(s.startswith("The square of the norm is an eigenvalue") for s in statements)
    assert any(s.startswith("It is the largest eigenvalue") for s in statements)
    assert any(s.startswith("SymPy's Matrix.norm(2)") for s in statements)


def test_wide_matrix_uses_smaller_gram_matrix():
    text = all_text(norm_of(Matrix([[1, 2, 2], [0, 1, 0]]), "2"))
    assert "AAᵀ (2×2) is smaller than AᵀA (3×3)" in text


def test_induced_norms_show_sums():
    assert "column 2 = | -2 | + | 4 | = 2 + 4 = 6" in all_text(norm_of(MATRIX, "1"))
    assert "row 2 = | -3 | + | 4 | = 3 + 4 = 7" in all_text(norm_of(MATRIX, "inf"))


# ---------------------------------------------------------------------------------------------
# Unit vector and symbols


def test_zero_vector_has_no_unit_vector():
    solution = norm_of(Matrix([[0, 0]]), "2")
    assert solution.answer.values["norm"] == 0
    assert "unit_vector" not in solution.answer.values
    assert "there is no unit vector" in all_text(solution)


def test_unit_vector_only_for_order_2():
    assert "unit_vector" not in norm_of(VECTOR, "1").answer.values


def test_symbolic_vector_assumes_real_symbols():
    solution = norm_of(Matrix([a, b]), "2")
    assert solution.answer.values["norm"] == sqrt(a_real**2 + b_real**2)
    assert (
        prose_text(solution.notes[0])
        == "The symbols a, b are taken to be real numbers, so that |a|² = a² for each of them."
    )


def test_symbolic_vector_1_norm():
    assert norm_of(Matrix([a, -2]), "1").answer.values["norm"] == sympy.Abs(a_real) + 2


def test_symbolic_matrix_max_norm():
    assert norm_of(Matrix([[a, 0], [0, 1]]), "max").answer.values["norm"] == Max(sympy.Abs(a_real), 1)


def test_symbolic_matrix_frobenius():
    assert norm_of(Matrix([[a, b], [0, 1]]), "fro").answer.values["norm"] == sqrt(a_real**2 + b_real**2 + 1)


# ---------------------------------------------------------------------------------------------
# Orders and errors


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(None, "2", id="default"),
        pytest.param("1", "1", id="one"),
        pytest.param(" Inf ", "inf", id="inf-case-and-space"),
        pytest.param("FRO", "fro", id="fro"),
        pytest.param("max", "max", id="max"),
        pytest.param("3", 3, id="p-3"),
        pytest.param(2, "2", id="integer-2"),
    ],
)
def test_parse_order(text, expected):
    assert parse_order(text) == expected


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "euclid", "", "oo"])
def test_unknown_order(text):
    message = (
        rf"^unknown norm order '{re.escape(text)}': expected 1, 2, inf, fro, max or an integer p ≥ 1; "
        r"pass for example --ord 2$"
    )
    with pytest.raises(InputError, match=message):
        norm_of(VECTOR, text)


def test_matrix_p_norm_not_supported():
    with pytest.raises(
        NotSupportedError,
        match=r"^the induced 3-norm of a matrix has no exact formula; "
        r"for matrices use --ord 1, 2, inf, fro or max$",
    ):
        norm_of(MATRIX, "3")


def test_symbolic_matrix_2_norm_not_supported():
    with pytest.raises(NotSupportedError, match=r"^the induced 2-norm of a matrix with symbols needs"):
        norm_of(Matrix([[a, 1], [0, 1]]), "2")


# ---------------------------------------------------------------------------------------------
# Properties

entries = st.one_of(
    st.integers(-9, 9).map(sympy.Integer),
    st.fractions(min_value=-5, max_value=5, max_denominator=6).map(
        lambda f: Rational(f.numerator, f.denominator)
    ),
)


@st.composite
def vectors(draw):
    length = draw(st.integers(1, 4))
    return Matrix(1, length, [draw(entries) for _ in range(length)])


@st.composite
def matrices(draw):
    rows, cols = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    return Matrix(rows, cols, [draw(entries) for _ in range(rows * cols)])


@settings(max_examples=30, deadline=None)
@given(vectors(), entries, st.sampled_from(["1", "2", "inf", "3"]))
def test_norm_is_absolutely_homogeneous(x, c, order):
    scaled = norm_of(c * x, order).answer.values["norm"]
    plain = norm_of(x, order).answer.values["norm"]
    assert sympy.simplify(scaled - abs(c) * plain) == 0


@settings(max_examples=30, deadline=None)
@given(matrices())
def test_frobenius_squared_is_trace_of_gram(A):
    frobenius = norm_of(A, "fro").answer.values["norm"]
    gram_trace = solve("trace", A * A.T).answer.values["trace"]
    assert sympy.expand(frobenius**2) == gram_trace


@settings(max_examples=25, deadline=None)
@given(vectors().filter(lambda x: any(v != 0 for v in x)))
def test_unit_vector_has_length_one(x):
    unit = norm_of(x, "2").answer.values["unit_vector"]
    assert sympy.nsimplify(sympy.expand(sum(v**2 for v in unit))) == 1


@settings(max_examples=25, deadline=None)
@given(matrices())
def test_matrix_2_norm_matches_numpy(A):
    value = norm_of(A, "2").answer.values["norm"]
    assert float(value) == pytest.approx(
        np.linalg.norm(np.array(A.evalf(), dtype=float), 2), rel=1e-10, abs=1e-12
    )


# ---------------------------------------------------------------------------------------------
# Complex and radical entries, rendering


def test_complex_matrix_2_norm_uses_conjugate_transpose():
    solution = norm_of(Matrix([[1, sympy.I], [0, 1]]), "2")
    assert solution.answer.values["norm"] == (1 + sqrt(5)) / 2
    assert "AᴴA" in all_text(solution)


def test_radical_entries_2_norm_matches_numpy():
    A = Matrix([[sqrt(2), 1], [1, 1]])
    value = norm_of(A, "2").answer.values["norm"]
    assert float(value) == pytest.approx(np.linalg.norm(np.array(A.evalf(), dtype=float), 2), rel=1e-12)


def test_complex_vector_norm_uses_modulus():
    assert norm_of(Matrix([[3, 4 * sympy.I]]), "2").answer.values["norm"] == 5


def test_root_answer_reads_back_from_text():
    value = norm_of(Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]), "2").answer.values["norm"]
    read_back = sympy.parse_expr(str(value))
    assert sympy.N(read_back, 30) == sympy.N(value, 30)


@pytest.mark.parametrize("order", ["fro", "2"])
def test_latex_has_no_unicode_transpose(order):
    from derive.render import render

    tex = render([norm_of(Matrix([[1, 2, 2], [0, 1, 0]]), order)], "tex")
    assert "ᵀ" not in tex
    assert r"A A^{\mathsf{T}}" in tex


def test_large_p_rejected():
    message = (
        r"^norm order 500 is too large to work by hand: expected an integer p up to 20, "
        r"or inf for the largest absolute value, which large p approaches$"
    )
    with pytest.raises(InputError, match=message):
        solve("norm", Matrix([[1, 2]]), options=Options(ord="500"))
