"""Tests of derive.decompositions: A = VΛV⁻¹, A = QΛQᵀ, and the vector tools the SVD shares."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.decompositions import decimal_matrix, exact_zero, integer_scaled, orthogonalize
from derive.errors import InputError, ShapeError
from derive.formula import prose_text
from derive.model import SectionBuilder
from derive.parsing import parse_entry
from derive.registry import solve

CASES = Path(__file__).parent / "cases"


def load_case(file: str, case_id: str) -> dict:
    cases = json.loads((CASES / file).read_text())["cases"]
    return next(case for case in cases if case["id"] == case_id)


def matrix_of(rows: list[list[str]]) -> sympy.Matrix:
    return sympy.Matrix([[parse_entry(x) for x in row] for row in rows])


def is_zero_matrix(M: sympy.MatrixBase) -> bool:
    return all(sympy.simplify(x) == 0 for x in M)


def test_n18_general_decomposition():
    case = load_case("course-notebook.json", "N18")
    A = matrix_of(case["input"])
    values = solve("eigendecomposition", A).answer.values
    expected = [parse_entry(x) for x in case["expected"]["eigenvalues"]]
    assert values["diagonalizable"] is True
    assert values["eigenvalues"] == expected
    V, Lam, V_inv = values["V"], values["Lambda"], values["V_inv"]
    assert Lam == sympy.diag(*expected)
    assert V * Lam * V_inv == A
    assert V * V_inv == sympy.eye(2)
    for j, vector in enumerate(case["expected"]["eigenvectors"]):
        column = V[:, j]
        assert column != sympy.zeros(2, 1)
        assert A * column == expected[j] * column
        # Parallel to the notebook's vector: the 2×2 determinant of the pair is zero.
        assert sympy.Matrix.hstack(column, matrix_of([[x] for x in vector])).det() == 0


def test_n19_symmetric_decomposition():
    case = load_case("course-notebook.json", "N19")
    A = matrix_of(case["input"])
    solution = solve("eigendecomposition", A)
    values = solution.answer.values
    assert solution.method == "symmetric"
    assert values["eigenvalues"] == [3, 1]
    Q, Lam = values["Q"], values["Lambda"]
    expected_Q = matrix_of(case["expected"]["Q"])
    assert is_zero_matrix(Q.T * Q - sympy.eye(2))
    assert is_zero_matrix(Q * Lam * Q.T - A)
    for j in range(2):
        assert sympy.simplify(abs(Q[:, j].dot(expected_Q[:, j]))) == 1


def test_p06_defective_matrix():
    A = matrix_of(load_case("pitfalls.json", "P06")["input"])
    solution = solve("eigendecomposition", A)
    values = solution.answer.values
    assert values["diagonalizable"] is False
    assert values["eigenvalues"] == [1, 1]
    assert values["algebraic_multiplicity"] == {1: 2}
    assert values["geometric_multiplicity"] == {1: 1}
    assert "V" not in values


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([[0, -1], [1, 0]], id="rotation-complex"),
        pytest.param([[1, -2], [1, 3]], id="complex-pair"),
        pytest.param([[2, 1, 0], [0, 3, 1], [0, 0, 5]], id="triangular-3x3"),
        pytest.param([[1, 2], [3, 4]], id="irrational-2x2"),
        pytest.param([[2, 0, 0], [0, 2, 0], [1, 0, 3]], id="repeated-diagonalizable"),
    ],
)
def test_general_decomposition_reproduces_matrix(rows):
    A = sympy.Matrix(rows)
    values = solve("eigendecomposition", A).answer.values
    V, Lam, V_inv = values["V"], values["Lambda"], values["V_inv"]
    assert values["diagonalizable"] is True
    assert is_zero_matrix(V * Lam * V_inv - A)
    assert is_zero_matrix(V * V_inv - sympy.eye(A.rows))


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([[1, 1, 1], [1, 1, 1], [1, 1, 1]], id="repeated-eigenspace"),
        pytest.param([[2, 0, 0], [0, 3, 4], [0, 4, 9]], id="block-3x3"),
        pytest.param([[1, 2], [2, -2]], id="negative-eigenvalue"),
        pytest.param([[1, 1], [1, 0]], id="golden-ratio"),
    ],
)
def test_symmetric_decomposition_is_orthogonal(rows):
    A = sympy.Matrix(rows)
    values = solve("eigendecomposition", A).answer.values
    Q, Lam = values["Q"], values["Lambda"]
    assert is_zero_matrix(Q.T * Q - sympy.eye(A.rows))
    assert is_zero_matrix(Q * Lam * Q.T - A)


def test_eigenvalues_descending():
    values = solve("eigendecomposition", sympy.Matrix([[1, 0, 0], [0, 3, 0], [0, 0, 2]])).answer.values
    assert values["eigenvalues"] == [3, 2, 1]


def test_general_method_on_symmetric_matrix():
    A = sympy.Matrix([[2, 1], [1, 2]])
    solution = solve("eigendecomposition", A, method="general")
    assert solution.method == "general"
    assert (
        solution.answer.values["V"] * solution.answer.values["Lambda"] * solution.answer.values["V_inv"] == A
    )


def test_symmetric_method_on_nonsymmetric_matrix():
    message = (
        "--method symmetric needs a real symmetric matrix (A = Aᵀ), but A is not symmetric; "
        "use --method general"
    )
    with pytest.raises(InputError, match=r"^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        solve("eigendecomposition", sympy.Matrix([[1, 2], [3, 4]]), method="symmetric")


def test_non_square_matrix():
    with pytest.raises(
        ShapeError, match=r"^A is 2×3, but eigendecomposition needs a square matrix; give an n×n matrix$"
    ):
        solve("eigendecomposition", sympy.Matrix([[1, 2, 3], [4, 5, 6]]))


# ---------------------------------------------------------------------------------------------
# Eigenvalues that are roots of an irreducible cubic: exact CRootOf eigenvalues, decimal factors

RESIDUAL = sympy.Float("1e-30")

SWITCH_STEP = (
    "The eigenvalues of A include roots of the irreducible polynomial {p}, of degree 3 or more. Their "
    "closed forms (cosines, cube roots or CRootOf) do not simplify in the products, sums and quotients "
    "that {parts} need, so exact entries there would be unusable. The eigenvalues stay exact: each is "
    "CRootOf(p, k), the root of its polynomial p with index k, where real roots come first in increasing "
    "order, then complex ones. From here on {parts} are computed with 50-digit decimals (8 significant "
    "digits shown), and the checks multiply them out at that precision."
)

CUBIC_COMPANION = sympy.Matrix(
    [
        [0, 0, 1],
        [1, 0, 1],
        [0, 1, 0],
    ]
)
CUBIC_SYMMETRIC = sympy.Matrix(
    [
        [1, 1, 0],
        [1, 2, 1],
        [0, 1, 2],
    ]
)
CUBIC_WITH_RATIONAL = sympy.Matrix(
    [
        [2, 0, 0, 0],
        [0, 0, 0, 1],
        [0, 1, 0, 1],
        [0, 0, 1, 0],
    ]
)


def step_texts(solution) -> list[str]:
    return [prose_text(step.text) for section in solution.sections for step in section.steps]


def numpy_matrix(M: sympy.MatrixBase) -> np.ndarray:
    return np.array(M.evalf(20).tolist(), dtype=complex)


def below_residual(M: sympy.MatrixBase) -> bool:
    """Every entry below 1e-30 in absolute value, evaluated at 60 digits."""
    return all(abs(sympy.N(x, 60)) < RESIDUAL for x in M)


@pytest.mark.parametrize(
    "A",
    [
        pytest.param(CUBIC_COMPANION, id="complex-roots"),
        pytest.param(CUBIC_WITH_RATIONAL, id="cubic-and-rational"),
    ],
)
def test_cubic_general_decomposition_numeric(A):
    solution = solve("eigendecomposition", A)
    values = solution.answer.values
    assert solution.method == "general"
    assert values["exact"] is False
    assert any(v.has(sympy.CRootOf) for v in values["eigenvalues"])
    assert np.allclose(
        np.array([complex(v) for v in values["eigenvalues"]]),
        sorted(np.linalg.eigvals(numpy_matrix(A)), key=lambda z: (-z.real, -z.imag)),
        atol=1e-12,
    )
    V, Lam, V_inv = values["V"], values["Lambda"], values["V_inv"]
    assert below_residual(V * Lam * V_inv - A)
    assert below_residual(V * V_inv - sympy.eye(A.rows))
    for j in range(A.rows):
        assert below_residual(A * V[:, j] - Lam[j, j] * V[:, j])
    assert solution.verified


def test_cubic_companion_eigenvalues_are_rootof():
    x = sympy.Symbol("lamda")
    values = solve("eigendecomposition", CUBIC_COMPANION).answer.values
    p = x**3 - x - 1
    assert values["eigenvalues"] == [sympy.CRootOf(p, 0), sympy.CRootOf(p, 2), sympy.CRootOf(p, 1)]


def test_cubic_symmetric_decomposition_numeric():
    solution = solve("eigendecomposition", CUBIC_SYMMETRIC)
    values = solution.answer.values
    assert solution.method == "symmetric"
    assert values["exact"] is False
    Q, Lam = values["Q"], values["Lambda"]
    assert below_residual(Q * Lam * Q.T - CUBIC_SYMMETRIC)
    assert below_residual(Q.T * Q - sympy.eye(3))
    expected = np.linalg.eigvalsh(numpy_matrix(CUBIC_SYMMETRIC).real)[::-1]
    assert np.allclose([float(v) for v in values["eigenvalues"]], expected, atol=1e-12)
    for j in range(3):
        first = next(x for x in Q[:, j] if abs(x) > 1e-20)
        assert first > 0
    assert solution.verified


@pytest.mark.parametrize(
    ("A", "parts"),
    [
        pytest.param(CUBIC_COMPANION, "the eigenvectors and V, Λ, V⁻¹", id="general"),
        pytest.param(CUBIC_SYMMETRIC, "the eigenvectors and Q, Λ", id="symmetric"),
    ],
)
def test_cubic_switch_step_wording(A, parts):
    p = "λ^3 - λ - 1" if A == CUBIC_COMPANION else "λ^3 - 5*λ^2 + 6*λ - 1"
    assert SWITCH_STEP.format(p=p, parts=parts) in step_texts(solve("eigendecomposition", A))


def test_cubic_checks_are_exact_and_numeric():
    solution = solve("eigendecomposition", CUBIC_COMPANION)
    statements = [prose_text(check.statement) for check in solution.checks]
    assert statements[0].startswith("(A − λI)v(λ) reduces to 0 modulo λ^3 - λ - 1 exactly")
    assert "VΛV⁻¹ − A is 0, computed at 50 digits, to 1e-30 in the Frobenius norm." in statements
    assert "V·V⁻¹ − I is 0, computed at 50 digits, to 1e-30 in the Frobenius norm." in statements


def test_cubic_summary_says_numeric():
    summary = prose_text(solve("eigendecomposition", CUBIC_COMPANION).answer.summary)
    assert summary == (
        "A = VΛV⁻¹ with the eigenvalues exact as CRootOf values; V and the other factors are 50-digit "
        "decimals, because their exact entries would be unusable, and they multiply back to A within 1e-30."
    )


def test_radical_decomposition_stays_exact():
    values = solve("eigendecomposition", sympy.Matrix([[2, 1], [1, 2]])).answer.values
    assert values["exact"] is True
    assert values["Q"] == sympy.Matrix([[1, 1], [1, -1]]) / sympy.sqrt(2)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param([sympy.Rational(1, 2), sympy.Rational(-3, 4)], [2, -3], id="fractions"),
        pytest.param(
            [sympy.Rational(5, 27) * sympy.sqrt(34) - sympy.Rational(11, 27), 1],
            [5 * sympy.sqrt(34) - 11, 27],
            id="quadratic-field",
        ),
        pytest.param([4, 6, 0], [2, 3, 0], id="common-factor"),
    ],
)
def test_integer_scaled(entries, expected):
    assert list(integer_scaled(sympy.Matrix(entries))) == expected


def test_exact_zero_nested_radicals():
    a = sympy.sqrt(46 + 5 * sympy.sqrt(34))
    b = sympy.sqrt(46 - 5 * sympy.sqrt(34))
    assert exact_zero(a * b - sympy.sqrt(1266))
    assert not exact_zero(a - b)
    assert exact_zero(sympy.sqrt(3 + 2 * sympy.sqrt(2)) - 1 - sympy.sqrt(2))


def test_orthogonalize_gives_orthogonal_integer_vectors():
    section = SectionBuilder("Gram-Schmidt")
    vectors = [sympy.Matrix([1, 1, 0]), sympy.Matrix([1, 0, 1]), sympy.Matrix([0, 1, 1])]
    result = orthogonalize(vectors, section)
    assert result[1] == sympy.Matrix([1, -1, 2])
    for i in range(3):
        for j in range(i):
            assert result[i].dot(result[j]) == 0
    assert all(x.is_Integer for v in result for x in v)
    assert len(section.build().steps) == 3


small = st.integers(min_value=-4, max_value=4)


@settings(max_examples=40, deadline=None)
@given(st.lists(small, min_size=4, max_size=4))
def test_property_2x2_decomposition(entries):
    A = sympy.Matrix(2, 2, entries)
    values = solve("eigendecomposition", A).answer.values
    eigenvalues = values["eigenvalues"]
    assert sympy.simplify(sum(eigenvalues) - A.trace()) == 0
    if values["diagonalizable"]:
        factors = ("Q", "Lambda", "Q") if "Q" in values else ("V", "Lambda", "V_inv")
        left, middle, right = (values[name] for name in factors)
        right = right.T if factors[2] == "Q" else right
        assert is_zero_matrix(left * middle * right - A)
    else:
        assert len(set(eigenvalues)) == 1


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=3), min_size=9, max_size=9))
def test_property_3x3_decomposition(entries):
    # Most such matrices have an irreducible cubic characteristic polynomial, so this covers the decimal
    # factors as well as the exact ones.
    A = sympy.Matrix(3, 3, entries)
    values = solve("eigendecomposition", A).answer.values
    if not values["diagonalizable"]:
        return
    if "Q" in values:
        assert below_residual(values["Q"] * values["Lambda"] * values["Q"].T - A)
    else:
        assert below_residual(values["V"] * values["Lambda"] * values["V_inv"] - A)


def test_decimals_beside_radicals_round_correctly():
    # √3/3 = 0.57735…: 4 significant digits give 0.5774, not the 0.5773 of a low-precision evaluation.
    A = sympy.Matrix(
        [
            [2, 1, 1],
            [1, 2, 1],
            [1, 1, 2],
        ]
    )
    solution = solve("eigendecomposition", A)
    lines = [f.text() for s in solution.sections for step in s.steps for f in step.math]
    assert "q₁ = [sqrt(3)/3; sqrt(3)/3; sqrt(3)/3] ≈ [0.5774; 0.5774; 0.5774]" in lines
    assert not any("0.5773" in line for line in lines)


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        pytest.param(sympy.sqrt(3) / 3, "0.5774", id="sqrt3-over-3"),
        pytest.param(sympy.sqrt(26) / 2, "2.550", id="sqrt26-over-2"),
        pytest.param(sympy.sqrt(3) / 9, "0.1925", id="sqrt3-over-9"),
        pytest.param(sympy.sqrt(33) / 7, "0.8207", id="sqrt33-over-7"),
    ],
)
def test_decimal_matrix_rounds_correctly(entry, shown):
    assert str(decimal_matrix(sympy.Matrix([[entry]]))[0, 0]) == shown
