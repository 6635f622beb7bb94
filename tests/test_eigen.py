"""Tests of derive.eigen: characteristic polynomials, eigenvalues and eigenvectors."""

from __future__ import annotations

import json
from functools import reduce
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.eigen import (
    Eigenspace,
    characteristic_polynomial,
    characteristic_variable,
    eigenspaces,
)
from derive.errors import NotSupportedError, ShapeError
from derive.formula import Token, prose_text, with_decimal
from derive.formula import decimal as rounded_decimal
from derive.parsing import parse_entry
from derive.registry import solve
from derive.roots import enclose

CASES = Path(__file__).parent / "cases"
LAM = sympy.Symbol("lamda")


def load_cases(name: str) -> dict[str, dict]:
    data = json.loads((CASES / name).read_text())
    return {case["id"]: case for case in data["cases"]}


NOTEBOOK = load_cases("course-notebook.json")
PITFALLS = load_cases("pitfalls.json")


def case_matrix(case: dict) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix([[parse_entry(x) for x in row] for row in case["input"]])


def parse_value(text: str) -> sympy.Expr:
    """Read an expected value; ``lambda`` is a Python keyword, so it is renamed to SymPy's ``lamda``."""
    return sympy.parse_expr(text.replace("lambda", "lamda"))


def numeric(value: sympy.Expr) -> complex:
    return complex(sympy.N(value, 30))


def with_repetition(solution) -> list[sympy.Expr]:
    return list(solution.answer.values["eigenvalues"])


def solution_text(solution) -> str:
    lines = []
    for section in solution.sections:
        lines.append(section.title)
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(m.text() for m in step.math)
    return "\n".join(lines)


def is_eigenvector(A: sympy.MatrixBase, value: sympy.Expr, v: sympy.MatrixBase) -> bool:
    """Check Av = λv and v ≠ 0: by simplification for symbolic values, else in ball arithmetic."""
    residual = sympy.Matrix(A) * sympy.Matrix(v) - value * sympy.Matrix(v)
    if value.free_symbols:
        return all(sympy.simplify(x) == 0 for x in residual) and any(sympy.simplify(x) != 0 for x in v)
    nonzero = any(abs(enclose(x).mid()) > 1e-10 for x in v)
    return nonzero and all(abs(enclose(x).mid()) < 1e-30 for x in residual)


def is_multiple(v: sympy.MatrixBase, w: sympy.MatrixBase) -> bool:
    """True when v and w are nonzero multiples of each other."""
    pairs = [(a, b) for a, b in zip(v, w, strict=True)]
    ratio = None
    for a, b in pairs:
        if (a == 0) != (b == 0):
            return False
        if a != 0:
            r = sympy.radsimp(a / b)
            if ratio is None:
                ratio = r
            elif sympy.simplify(r - ratio) != 0:
                return False
    return ratio is not None


# --- characteristic variable and polynomial ---------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param([[1, 2], [3, 4]], "lamda", id="numeric-gets-lambda"),
        pytest.param([["x", 1], [0, "lamda"]], "t", id="lamda-taken"),
        pytest.param([["lamda", "t"], [0, 1]], "s", id="lamda-and-t-taken"),
        pytest.param([["lamda", "t"], ["s", 1]], "mu", id="lamda-t-s-taken"),
    ],
)
def test_characteristic_variable(entries, expected):
    A = sympy.Matrix([[sympy.sympify(x) for x in row] for row in entries])
    assert characteristic_variable(A) == sympy.Symbol(expected)


@pytest.mark.parametrize(
    ("source", "case_id", "expected"),
    [
        pytest.param(NOTEBOOK, "N10", NOTEBOOK["N10"]["expected"]["charpoly"], id="N10"),
        pytest.param(NOTEBOOK, "N11", NOTEBOOK["N11"]["expected"]["charpoly"], id="N11"),
        pytest.param(NOTEBOOK, "N14", "lambda**3 - lambda**2 - 20*lambda - 20", id="N14"),
        pytest.param(PITFALLS, "P01", PITFALLS["P01"]["expected"]["charpoly"], id="P01"),
        pytest.param(PITFALLS, "P02", PITFALLS["P02"]["expected"]["charpoly"], id="P02"),
    ],
)
def test_charpoly_cases(source, case_id, expected):
    solution = solve("charpoly", case_matrix(source[case_id]))
    assert sympy.expand(solution.answer.values["charpoly"] - parse_value(expected)) == 0
    assert solution.answer.values["variable"] == LAM


def test_charpoly_symbolic_uses_t():
    case = PITFALLS["P08"]
    solution = solve("charpoly", case_matrix(case))
    t = sympy.Symbol("t")
    expected = parse_value(case["expected"]["charpoly_in_t"])
    assert solution.answer.values["variable"] == t
    assert sympy.expand(solution.answer.values["charpoly"] - expected) == 0


def test_charpoly_symbolic_latex_has_no_underscore():
    solution = solve("charpoly", case_matrix(PITFALLS["P08"]))
    latex = solution.answer.display[0].latex()
    assert "_" not in latex
    assert r"\lambda" in latex


def test_charpoly_checks_cover_berkowitz_trace_det():
    solution = solve("charpoly", case_matrix(NOTEBOOK["N11"]))
    statements = [prose_text(c.statement) for c in solution.checks]
    assert any("Berkowitz" in s for s in statements)
    assert any("−tr(A)" in s for s in statements)
    assert any("det(A)" in s for s in statements)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([[5]], LAM - 5, id="1x1"),
        pytest.param([[1, 2], [3, 4]], LAM**2 - 5 * LAM - 2, id="2x2"),
        pytest.param([[2, 1, 0], [0, 3, 1], [0, 0, 4]], (LAM - 2) * (LAM - 3) * (LAM - 4), id="triangular"),
        pytest.param(
            [[1, 2, 0, 0], [3, 4, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]],
            (LAM**2 - 5 * LAM - 2) * (LAM**2 - 2 * LAM),
            id="4x4-cofactor",
        ),
    ],
)
def test_characteristic_polynomial_values(rows, expected):
    A = sympy.Matrix(rows)
    poly, section = characteristic_polynomial(A, LAM)
    assert sympy.expand(poly.as_expr() - expected) == 0
    assert section.title == "Characteristic polynomial"


def test_characteristic_polynomial_is_monic_for_odd_size():
    poly, section = characteristic_polynomial(sympy.Matrix([[25, 2, 9], [5, 26, -5], [3, 7, -1]]), LAM)
    assert poly.LC() == 1
    assert "Multiplying by −1" in "\n".join(prose_text(s.text) for s in section.steps)


def test_characteristic_polynomial_cofactor_along_zero_row():
    _, section = characteristic_polynomial(sympy.Matrix([[1, 2, 4], [2, -1, 3], [0, 5, 1]]), LAM)
    text = "\n".join(prose_text(s.text) for s in section.steps)
    assert "along row 3" in text


def test_characteristic_polynomial_large_uses_berkowitz():
    A = sympy.Matrix(5, 5, lambda i, j: (i * 3 + j * 7) % 5 - 2 + (i == j))
    poly, section = characteristic_polynomial(A, LAM)
    assert sympy.expand(poly.as_expr() - A.charpoly(LAM).as_expr()) == 0
    assert "Berkowitz" in "\n".join(prose_text(s.text) for s in section.steps)


# --- eigenvalues --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "case_id"),
    [
        pytest.param(NOTEBOOK, "N10", id="N10"),
        pytest.param(NOTEBOOK, "N15", id="N15"),
        pytest.param(NOTEBOOK, "N17", id="N17"),
        pytest.param(NOTEBOOK, "N26", id="N26"),
        pytest.param(PITFALLS, "P01", id="P01"),
        pytest.param(PITFALLS, "P02", id="P02"),
    ],
)
def test_eigenvalue_cases_exact(source, case_id):
    case = source[case_id]
    solution = solve("eigenvalues", case_matrix(case))
    got = sorted(with_repetition(solution), key=lambda v: -numeric(v).real)
    expected = sorted(
        (parse_value(v) for v in case["expected"]["eigenvalues"]), key=lambda v: -numeric(v).real
    )
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert abs(numeric(g) - numeric(e)) < 1e-20


@pytest.mark.parametrize(
    ("case", "approx"),
    [
        pytest.param(NOTEBOOK["N11"], NOTEBOOK["N11"]["approx"], id="N11"),
        pytest.param(NOTEBOOK["N14"], NOTEBOOK["N14"]["approx_eigenvalues"], id="N14"),
        pytest.param(PITFALLS["P01"], PITFALLS["P01"]["expected"]["approx"], id="P01"),
        pytest.param(PITFALLS["P02"], PITFALLS["P02"]["expected"]["approx"], id="P02"),
    ],
)
def test_eigenvalue_cases_approx(case, approx):
    solution = solve("eigenvalues", case_matrix(case))
    got = sorted(numeric(v).real for v in with_repetition(solution))
    assert got == pytest.approx(sorted(float(a) for a in approx), abs=1e-7)


def test_eigenvalues_descending():
    solution = solve("eigenvalues", case_matrix(NOTEBOOK["N11"]))
    values = [numeric(v).real for v in with_repetition(solution)]
    assert values == sorted(values, reverse=True)


def test_symmetric_matrix_answer_has_no_imaginary_unit():
    solution = solve("eigenvalues", case_matrix(PITFALLS["P02"]))
    for value in with_repetition(solution):
        assert not value.has(sympy.I)
    assert "I" not in str(solution.answer.values)


def test_trigonometric_eigenvalues_shown_in_viete_form():
    solution = solve("eigenvalues", case_matrix(NOTEBOOK["N11"]))
    assert all(v.has(sympy.cos) and v.has(sympy.acos) for v in with_repetition(solution))
    assert "Viète" in solution_text(solution)


def test_eigenvalue_multiplicities():
    solution = solve("eigenvalues", case_matrix(NOTEBOOK["N17"]))
    assert solution.answer.values["multiplicities"] == {2: 2}
    assert solution.answer.values["eigenvalues"] == [2, 2]


def test_eigenvalue_checks_name_their_method():
    solution = solve("eigenvalues", case_matrix(NOTEBOOK["N11"]))
    statements = [prose_text(c.statement) for c in solution.checks]
    assert sum("triple-angle identity" in s for s in statements) == 3
    assert any("sum of the eigenvalues" in s and "ball arithmetic" in s for s in statements)
    assert any("product of the eigenvalues" in s and "ball arithmetic" in s for s in statements)


def test_eigenvalues_non_square_rejected():
    with pytest.raises(
        ShapeError, match=r"^A is 2×3, but eigenvalues needs a square matrix; give an n×n matrix$"
    ):
        solve("eigenvalues", sympy.Matrix([[1, 2, 3], [4, 5, 6]]))


def test_complex_eigenvalues_rotation():
    solution = solve("eigenvectors", sympy.Matrix([[0, -1], [1, 0]]))
    assert solution.answer.values["eigenvalues"] == [sympy.I, -sympy.I]
    for value, vectors in solution.answer.values["eigenvectors"].items():
        assert is_eigenvector(sympy.Matrix([[0, -1], [1, 0]]), value, vectors[0])


# --- eigenvectors -------------------------------------------------------------------------------


def test_defective_matrix():
    case = PITFALLS["P06"]
    A = case_matrix(case)
    values = solve("eigenvectors", A).answer.values
    assert values["diagonalizable"] is False
    assert values["algebraic_multiplicities"] == {1: 2}
    assert values["geometric_multiplicities"] == {1: 1}
    (vector,) = values["eigenvectors"][1]
    assert vector == sympy.ImmutableMatrix([1, 0])


def test_defective_matrix_says_not_diagonalizable():
    solution = solve("eigenvectors", case_matrix(PITFALLS["P06"]))
    assert "A is not diagonalizable" in solution_text(solution)


def test_four_by_four_integer_eigenvectors():
    case = PITFALLS["P07"]
    A = case_matrix(case)
    values = solve("eigenvectors", A).answer.values
    assert sorted(values["eigenvalues"]) == [0, 2, 2, 4]
    assert values["geometric_multiplicities"] == {4: 1, 2: 2, 0: 1}
    for value, vectors in values["eigenvectors"].items():
        for v in vectors:
            assert all(x.is_Integer for x in v)
            assert reduce(sympy.igcd, [int(x) for x in v]) == 1
            assert is_eigenvector(A, value, v)
    for key, expected in case["expected"]["eigenvectors"].items():
        if len(expected) == 1:
            got = values["eigenvectors"][parse_value(key)][0]
            assert is_multiple(got, sympy.Matrix([parse_value(x) for x in expected[0]]))


def test_eigenspace_of_two_spans_expected_vectors():
    case = PITFALLS["P07"]
    basis = solve("eigenvectors", case_matrix(case)).answer.values["eigenvectors"][2]
    expected = [sympy.Matrix([parse_value(x) for x in v]) for v in case["expected"]["eigenvectors"]["2"]]
    together = sympy.Matrix.hstack(*basis, *expected)
    assert together.rank() == 2


def test_surd_eigenvectors_match_expected_directions():
    case = PITFALLS["P09"]
    A = case_matrix(case)
    values = solve("eigenvectors", A).answer.values
    assert values["eigenvalues"] == [2 + sympy.sqrt(2), 2, 2 - sympy.sqrt(2)]
    for key, expected in case["expected"]["eigenvectors"].items():
        (got,) = values["eigenvectors"][parse_value(key)]
        assert is_multiple(got, sympy.Matrix([parse_value(x) for x in expected[0]]))
        assert is_eigenvector(A, parse_value(key), got)


def test_identity_eigenspace_is_whole_space():
    values = solve("eigenvectors", case_matrix(NOTEBOOK["N26"])).answer.values
    assert values["geometric_multiplicities"] == {1: 2}
    assert values["diagonalizable"] is True


def test_trigonometric_eigenvectors_over_field_extension():
    A = case_matrix(NOTEBOOK["N11"])
    solution = solve("eigenvectors", A)
    text = solution_text(solution)
    assert "Eigenvectors for the roots of λ^3 - 50*λ^2 + 597*λ + 182" in text
    assert "replace λ^3 by 50*λ^2 - 597*λ - 182" in text
    for value, vectors in solution.answer.values["eigenvectors"].items():
        assert is_eigenvector(A, value, vectors[0])


def test_eigenspaces_public_api():
    spaces, sections = eigenspaces(sympy.Matrix([[2, 0, 0], [0, 3, 4], [0, 4, 9]]))
    assert all(isinstance(s, Eigenspace) for s in spaces)
    assert [s.value for s in spaces] == [11, 2, 1]
    assert [s.geometric for s in spaces] == [1, 1, 1]
    assert sections[0].title == "Characteristic polynomial"
    assert sections[1].title == "Eigenvalues"


def test_eigenspaces_ascending_order():
    spaces, _ = eigenspaces(sympy.Matrix([[2, 0, 0], [0, 3, 4], [0, 4, 9]]), order="ascending")
    assert [s.value for s in spaces] == [1, 2, 11]


def test_eigenspaces_rejects_unknown_order():
    with pytest.raises(ValueError, match=r"^order must be 'descending' or 'ascending', not 'sideways'$"):
        eigenspaces(sympy.Matrix([[1]]), order="sideways")


def test_symbolic_eigenvectors():
    x = sympy.Symbol("x")
    A = sympy.Matrix([[x, 1], [0, LAM]])
    values = solve("eigenvectors", A).answer.values
    assert set(values["eigenvalues"]) == {x, LAM}
    for value, vectors in values["eigenvectors"].items():
        assert is_eigenvector(A, value, vectors[0])


# --- properties ---------------------------------------------------------------------------------

SMALL = st.integers(-4, 4)


def square_matrices(n: int):
    return st.lists(st.lists(SMALL, min_size=n, max_size=n), min_size=n, max_size=n).map(sympy.Matrix)


def assert_eigen_identities(A: sympy.Matrix) -> None:
    values = solve("eigenvectors", A).answer.values
    eigenvalues = values["eigenvalues"]
    assert len(eigenvalues) == A.rows
    assert abs(numeric(sympy.Add(*eigenvalues)) - A.trace()) < 1e-20
    assert abs(numeric(sympy.Mul(*eigenvalues)) - A.det()) < 1e-18
    for value, vectors in values["eigenvectors"].items():
        for v in vectors:
            assert is_eigenvector(A, value, v)


@settings(max_examples=40, deadline=None)
@given(square_matrices(2))
def test_property_2x2(A):
    assert_eigen_identities(A)


@settings(max_examples=20, deadline=None)
@given(square_matrices(3))
def test_property_3x3(A):
    assert_eigen_identities(A)


@settings(max_examples=25, deadline=None)
@given(
    square_matrices(3),
    st.lists(st.fractions(min_value=-3, max_value=3, max_denominator=3), min_size=3, max_size=3),
)
def test_property_triangular_known_roots(A, diagonal):
    T = sympy.Matrix(3, 3, lambda i, j: A[i, j] if j > i else 0)
    for i, d in enumerate(diagonal):
        T[i, i] = sympy.Rational(d.numerator, d.denominator)
    values = solve("eigenvalues", T).answer.values["eigenvalues"]
    assert sorted(values) == sorted(T[i, i] for i in range(3))


def test_eigenvectors_of_degree_7_factor_rejected():
    # The companion matrix of λ^7 - λ - 1, which is irreducible over ℚ.
    A = sympy.zeros(7, 7)
    for i in range(1, 7):
        A[i, i - 1] = 1
    A[0, 6] = 1
    A[1, 6] = 1
    message = (
        r"^the eigenvectors for the roots of the irreducible factor .* of degree 7 are polynomials of "
        r"degree 6 in λ .*use numpy\.linalg\.eig for numeric eigenvectors$"
    )
    with pytest.raises(NotSupportedError, match=message):
        solve("eigenvectors", A)


# --- Display name of the matrix and correctly rounded decimals -----------------------------------


def section_lines(section) -> str:
    lines = []
    for step in section.steps:
        lines.append(prose_text(step.text))
        lines.extend(formula.text() for formula in step.math)
    return "\n".join(lines)


GRAM = Token(r"A^{\mathsf{T}}A", "AᵀA")


def test_characteristic_polynomial_names_the_matrix():
    lam = sympy.Symbol("lamda")
    G = sympy.Matrix(
        [
            [35, 27],
            [27, 57],
        ]
    )
    poly, section = characteristic_polynomial(G, lam, GRAM)
    assert poly.as_expr() == lam**2 - 92 * lam + 1266
    text = section_lines(section)
    assert "Subtract λ from each diagonal entry of AᵀA:\nAᵀA - λI = [35 - λ 27; 27 57 - λ]" in text
    assert "det(AᵀA - λI) = (35 - λ) · (57 - λ) - 27 · 27" in text
    assert " of A:" not in text
    assert section.steps[0].math[0].latex().startswith(r"A^{\mathsf{T}}A - \lambda I")


def test_characteristic_polynomial_odd_size_names_the_matrix():
    lam = sympy.Symbol("lamda")
    _, section = characteristic_polynomial(sympy.eye(3), lam, GRAM)
    assert "For odd n = 3, det(AᵀA − λI) starts with" in section_lines(section)
    assert "det(λI - AᵀA)" in section_lines(section)


def test_eigenspaces_name_the_matrix_in_every_section():
    G = sympy.Matrix(
        [
            [6, 0],
            [0, 70],
        ]
    )
    spaces, sections = eigenspaces(G, matrix=GRAM)
    assert [s.value for s in spaces] == [70, 6]
    text = "\n".join(section_lines(s) for s in sections)
    assert "Put λ = 70 into AᵀA − λI and solve (AᵀA − λI)x = 0 by row reduction:" in text
    assert "Start from AᵀA - (70)I." in text
    assert "Start from A - " not in text


def test_eigenspaces_of_irreducible_cubic_name_the_matrix():
    G = sympy.Matrix(
        [
            [1, 1, 0],
            [1, 2, 1],
            [0, 1, 2],
        ]
    )
    _, sections = eigenspaces(G, matrix=GRAM)
    text = "\n".join(section_lines(s) for s in sections)
    assert "Instead, row-reduce AᵀA − λI keeping λ as a symbol" in text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param(sympy.sqrt(3) / 3, "sqrt(3)/3 ≈ 0.5774", id="sqrt3-over-3"),
        pytest.param(sympy.sqrt(26) / 2, "sqrt(26)/2 ≈ 2.550", id="sqrt26-over-2"),
        pytest.param(sympy.sqrt(3) / 9, "sqrt(3)/9 ≈ 0.1925", id="sqrt3-over-9"),
        pytest.param(sympy.sqrt(33) / 7, "sqrt(33)/7 ≈ 0.8207", id="sqrt33-over-7"),
        pytest.param(-sympy.sqrt(2), "-sqrt(2) ≈ -1.414", id="negative"),
        pytest.param(sympy.sqrt(2) * sympy.I, "sqrt(2)*i ≈ 1.414*i", id="imaginary"),
        pytest.param(1 + sympy.sqrt(3) * sympy.I, "1 + sqrt(3)*i ≈ 1.0 + 1.732*i", id="complex"),
        pytest.param(sympy.Rational(3, 7), "3/7", id="rational-no-decimal"),
    ],
)
def test_with_decimal_rounds_correctly(value, shown):
    assert with_decimal(value).text() == shown


def test_rounded_decimal_keeps_many_digits():
    assert str(rounded_decimal(sympy.sqrt(2), 30)) == "1.41421356237309504880168872421"
