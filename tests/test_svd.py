"""Tests of derive.svd: A = UΣVᵀ in full and thin form, and best rank-k approximations."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.errors import InputError, NotSupportedError
from derive.formula import prose_text
from derive.parsing import parse_entry
from derive.registry import Options, solve

CASES = Path(__file__).parent / "cases"
PRECISION = 50  # digits of the high-precision comparisons below


def load_case(file: str, case_id: str) -> dict:
    cases = json.loads((CASES / file).read_text())["cases"]
    return next(case for case in cases if case["id"] == case_id)


def matrix_of(rows: list[list[str]]) -> sympy.Matrix:
    return sympy.Matrix([[parse_entry(x) for x in row] for row in rows])


def close_to_zero(M: sympy.MatrixBase) -> bool:
    """Every entry below 10⁻⁴⁰ at 50 digits: an independent numeric test of an exact identity."""
    return all(abs(sympy.N(x, PRECISION)) < sympy.Float("1e-40") for x in M)


def assert_factorization(A: sympy.Matrix, values: dict) -> None:
    U, Sigma, V = values["U"], values["Sigma"], values["V"]
    assert close_to_zero(U * Sigma * V.T - A)
    assert close_to_zero(U.T * U - sympy.eye(U.cols))
    assert close_to_zero(V.T * V - sympy.eye(V.cols))
    sigmas = [sympy.N(s, PRECISION) for s in values["singular_values"]]
    assert all(s >= 0 for s in sigmas)
    assert sigmas == sorted(sigmas, reverse=True)


def test_n20_singular_values_and_shapes():
    case = load_case("course-notebook.json", "N20")
    A = matrix_of(case["input"])
    values = solve("svd", A).answer.values
    expected = [parse_entry(x) for x in case["expected"]["singular_values"]]
    for got, want, approx in zip(values["singular_values"], expected, case["approx"], strict=True):
        assert sympy.N(got - want, PRECISION) == 0
        assert abs(sympy.N(got, 12) - sympy.Float(approx)) < 1e-8
    assert values["U"].shape == (3, 3)
    assert values["V"].shape == (2, 2)
    assert values["Sigma"].shape == (3, 2)
    assert values["rank"] == 2
    assert_factorization(A, values)


def test_n20_is_fast():
    A = matrix_of(load_case("course-notebook.json", "N20")["input"])
    solve("svd", A)  # warm SymPy's caches, as a command-line run of several operations would
    start = time.perf_counter()
    solve("svd", A)
    assert time.perf_counter() - start < 2.0


def test_p04_descending_order():
    case = load_case("pitfalls.json", "P04")
    A = matrix_of(case["input"])
    values = solve("svd", A).answer.values
    assert values["singular_values"] == [3, 1]
    expected_V = matrix_of(case["expected"]["V"])
    for j in range(2):
        assert sympy.simplify(abs(values["V"][:, j].dot(expected_V[:, j]))) == 1
    assert_factorization(A, values)


def test_p05_wide_full():
    A = matrix_of(load_case("pitfalls.json", "P05")["input"])
    solution = solve("svd", A)
    values = solution.answer.values
    assert solution.method == "aat"
    assert values["singular_values"] == [sympy.sqrt(3), 1]
    assert values["V"].shape == (3, 3)
    assert values["U"].shape == (2, 2)
    last = values["V"][:, 2]
    assert sympy.Matrix.hstack(last, sympy.Matrix([1, 1, -1])).rank() == 1
    assert_factorization(A, values)


def test_p05_wide_thin():
    A = matrix_of(load_case("pitfalls.json", "P05")["input"])
    values = solve("svd", A, options=Options(full=False)).answer.values
    assert values["form"] == "thin"
    assert values["V"].shape == (3, 2)
    assert values["U"].shape == (2, 2)
    assert values["Sigma"].shape == (2, 2)
    assert close_to_zero(values["U"] * values["Sigma"] * values["V"].T - A)


def test_p05_through_ata():
    A = matrix_of(load_case("pitfalls.json", "P05")["input"])
    solution = solve("svd", A, method="ata")
    assert solution.method == "ata"
    assert solution.answer.values["singular_values"] == [sympy.sqrt(3), 1]
    assert_factorization(A, solution.answer.values)


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([[1, 2], [2, 4], [3, 6]], id="rank-one-tall"),
        pytest.param([[0, 0], [0, 0]], id="zero"),
        pytest.param([[1, 0], [0, 1]], id="identity"),
        pytest.param([[3, 0], [4, 5]], id="square-irrational"),
        pytest.param([[1, 1, 0], [0, 0, 0]], id="wide-rank-one"),
        pytest.param([[2, 0, 0], [0, 2, 0], [0, 0, 1]], id="repeated-singular-value"),
        pytest.param([[1], [2], [2]], id="column"),
    ],
)
def test_factorization(rows):
    A = sympy.Matrix(rows)
    values = solve("svd", A).answer.values
    assert values["U"].shape == (A.rows, A.rows)
    assert values["V"].shape == (A.cols, A.cols)
    assert_factorization(A, values)


def test_rank_deficient_values():
    values = solve("svd", sympy.Matrix([[1, 2], [2, 4], [3, 6]])).answer.values
    assert values["singular_values"] == [sympy.sqrt(70), 0]
    assert values["rank"] == 1


def test_rank_one_approximation_p04():
    values = solve("svd", sympy.Matrix([[1, 2], [2, 1]]), options=Options(rank=1)).answer.values
    half = sympy.Rational(3, 2)
    assert values["A_k"] == sympy.Matrix([[half, half], [half, half]])
    assert values["error_2"] == 1
    assert values["error_fro"] == 1


def test_rank_one_approximation_n20():
    A = matrix_of(load_case("course-notebook.json", "N20")["input"])
    values = solve("svd", A, options=Options(rank=1)).answer.values
    sigma_2 = sympy.sqrt(46 - 5 * sympy.sqrt(34))
    E = A - values["A_k"]
    assert values["A_k"].rank(simplify=True) == 1
    assert sympy.N(values["error_2"] - sigma_2, PRECISION) == 0
    assert sympy.N(values["error_fro"] - sigma_2, PRECISION) == 0
    assert abs(sympy.N(sum(x**2 for x in E) - sigma_2**2, PRECISION)) < 1e-40


def test_rank_out_of_range():
    with pytest.raises(
        InputError, match=r"^rank 3 is out of range for a 2×2 matrix: expected 1 to 2; pass a smaller --rank$"
    ):
        solve("svd", sympy.Matrix([[1, 2], [3, 4]]), options=Options(rank=3))


def test_symbolic_entries_not_supported():
    with pytest.raises(
        NotSupportedError,
        match=r"^svd needs numeric entries, but A contains the symbol\(s\) x; substitute values first$",
    ):
        solve("svd", sympy.Matrix([[sympy.Symbol("x"), 1], [0, 1]]))


# ---------------------------------------------------------------------------------------------
# Gram eigenvalues that are roots of an irreducible cubic: exact √CRootOf, decimal U, Σ, V

RESIDUAL = sympy.Float("1e-30")

SWITCH_STEP = (
    "The eigenvalues of {gram} include roots of the irreducible polynomial {p}, of degree 3 or more. "
    "Their closed forms (cosines, cube roots or CRootOf) do not simplify in the products, sums and "
    "quotients that the singular vectors and U, Σ, V need, so exact entries there would be unusable. The "
    "eigenvalues stay exact: each is CRootOf(p, k), the root of its polynomial p with index k, where real "
    "roots come first in increasing order, then complex ones. From here on the singular vectors and U, Σ, "
    "V are computed with 50-digit decimals (8 significant digits shown), and the checks multiply them out "
    "at that precision."
)

UPPER_BIDIAGONAL = sympy.Matrix(
    [
        [1, 1, 0],
        [0, 1, 1],
        [0, 0, 1],
    ]
)
CUBIC_CASES = {
    "upper-bidiagonal": UPPER_BIDIAGONAL,
    "square-3x3": sympy.Matrix(
        [
            [1, 2, 0],
            [0, 1, 3],
            [1, 0, 1],
        ]
    ),
    "singular-4x4": sympy.Matrix(
        [
            [1, 1, 0, 2],
            [0, 1, 1, 3],
            [2, 0, 1, 1],
            [1, 2, 1, 5],
        ]
    ),
    "repeated-6x6": sympy.diag(UPPER_BIDIAGONAL, UPPER_BIDIAGONAL),
    "wide-3x4": sympy.Matrix(
        [
            [1, 2, 0, 1],
            [0, 1, 3, 1],
            [1, 0, 1, 2],
        ]
    ),
}


def below_residual(M: sympy.MatrixBase) -> bool:
    """Every entry below 1e-30 in absolute value, evaluated at 60 digits."""
    return all(abs(sympy.N(x, 60)) < RESIDUAL for x in M)


def numpy_svd(A: sympy.Matrix):
    return np.linalg.svd(np.array(A.tolist(), dtype=float))


@pytest.mark.parametrize("A", CUBIC_CASES.values(), ids=CUBIC_CASES.keys())
def test_cubic_gram_numeric_factorization(A):
    solution = solve("svd", A)
    values = solution.answer.values
    assert values["exact"] is False
    U, Sigma, V = values["U"], values["Sigma"], values["V"]
    assert below_residual(U * Sigma * V.T - A)
    assert below_residual(U.T * U - sympy.eye(U.cols))
    assert below_residual(V.T * V - sympy.eye(V.cols))
    assert solution.verified


@pytest.mark.parametrize("A", CUBIC_CASES.values(), ids=CUBIC_CASES.keys())
def test_cubic_gram_matches_numpy(A):
    values = solve("svd", A).answer.values
    _, expected, _ = numpy_svd(A)
    got = [float(s) for s in values["singular_values"]]
    assert np.allclose(got, expected, atol=1e-12)
    assert any(s.has(sympy.CRootOf) for s in values["singular_values"])


def test_cubic_gram_vectors_match_numpy_up_to_sign():
    values = solve("svd", UPPER_BIDIAGONAL).answer.values
    U_np, _, Vh_np = numpy_svd(UPPER_BIDIAGONAL)
    U = np.array(values["U"].tolist(), dtype=float)
    V = np.array(values["V"].tolist(), dtype=float)
    for j in range(3):
        assert abs(abs(U[:, j] @ U_np[:, j]) - 1) < 1e-12
        assert abs(abs(V[:, j] @ Vh_np[j, :]) - 1) < 1e-12


def test_cubic_gram_singular_values_exact():
    lam = sympy.Symbol("lamda")
    p = lam**3 - 5 * lam**2 + 6 * lam - 1
    values = solve("svd", UPPER_BIDIAGONAL).answer.values
    assert values["singular_values"] == [sympy.sqrt(sympy.CRootOf(p, k)) for k in (2, 1, 0)]


@pytest.mark.parametrize(
    ("A", "gram", "p"),
    [
        pytest.param(UPPER_BIDIAGONAL, "AᵀA", "λ^3 - 5*λ^2 + 6*λ - 1", id="ata"),
        pytest.param(CUBIC_CASES["wide-3x4"], "AAᵀ", "λ^3 - 23*λ^2 + 125*λ - 183", id="aat"),
    ],
)
def test_cubic_gram_switch_step_wording(A, gram, p):
    solution = solve("svd", A)
    texts = [prose_text(step.text) for section in solution.sections for step in section.steps]
    assert SWITCH_STEP.format(gram=gram, p=p) in texts


def test_cubic_gram_checks_residuals():
    statements = [prose_text(check.statement) for check in solve("svd", UPPER_BIDIAGONAL).checks]
    assert statements[:3] == [
        "UΣVᵀ − A is 0, computed at 50 digits, to 1e-30 in the Frobenius norm.",
        "UᵀU − I is 0: the columns of U are orthonormal, computed at 50 digits, to 1e-30 in the Frobenius "
        "norm.",
        "VᵀV − I is 0: the columns of V are orthonormal, computed at 50 digits, to 1e-30 in the Frobenius "
        "norm.",
    ]
    assert statements[3].startswith("Each polynomial p of the singular values √CRootOf(p, k) divides")


def test_cubic_gram_thin():
    A = CUBIC_CASES["wide-3x4"]
    values = solve("svd", A, options=Options(full=False)).answer.values
    assert values["V"].shape == (4, 3)
    assert below_residual(values["U"] * values["Sigma"] * values["V"].T - A)


def test_cubic_gram_rank_two_approximation():
    values = solve("svd", UPPER_BIDIAGONAL, options=Options(rank=2)).answer.values
    U_np, S_np, Vh_np = numpy_svd(UPPER_BIDIAGONAL)
    expected = U_np[:, :2] @ np.diag(S_np[:2]) @ Vh_np[:2, :]
    assert np.allclose(np.array(values["A_k"].tolist(), dtype=float), expected, atol=1e-12)
    assert values["error_2"] == values["singular_values"][2]
    assert abs(float(values["error_fro"]) - S_np[2]) < 1e-12


def test_pinv_requested_svd_continues_numerically():
    solution = solve("pinv", UPPER_BIDIAGONAL, method="svd")
    values = solution.answer.values
    assert values["exact"] is False
    expected = sympy.Matrix(
        [
            [1, -1, 1],
            [0, 1, -1],
            [0, 0, 1],
        ]
    )
    assert all(abs(x) < 1e-30 for x in values["pinv"] - expected)
    assert solution.method == "svd"
    text = solution_text(solution)
    assert "the rank-factorization route (--method rank-factorization) gives it exactly" in text
    assert (
        "without --method derive takes an exact route by itself (the normal equations for this matrix)"
        in text
    )


# ---------------------------------------------------------------------------------------------
# Shortest exact forms of singular values and singular vectors


def nested_radicals(x: sympy.Expr) -> int:
    """The number of square roots whose radicand is not rational, such as √(4 − 2√2)."""
    return sum(1 for p in x.atoms(sympy.Pow) if p.exp.q == 2 and not p.base.is_Rational)


def test_singular_values_denested():
    A = sympy.Matrix([[1, -2], [1, 3]])
    values = solve("svd", A).answer.values
    assert [str(s) for s in values["singular_values"]] == ["(sqrt(5) + 5)/2", "(5 - sqrt(5))/2"]
    assert sympy.expand(values["singular_values"][0] - (5 + sympy.sqrt(5)) / 2) == 0
    assert_factorization(A, values)


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([[1, -2], [1, 3]], id="square-denesting"),
        pytest.param([[1, 1], [0, 1]], id="golden-ratio"),
        pytest.param([[-1, 2], [3, -2], [5, 7]], id="course-3x2"),
    ],
)
def test_singular_vectors_have_one_nested_radical(rows):
    values = solve("svd", sympy.Matrix(rows)).answer.values
    for x in [*values["U"], *values["V"]]:
        assert nested_radicals(x) <= 1


def test_golden_ratio_singular_values():
    values = solve("svd", sympy.Matrix([[1, 1], [0, 1]])).answer.values
    assert [str(s) for s in values["singular_values"]] == ["(1 + sqrt(5))/2", "(-1 + sqrt(5))/2"]
    assert [str(x) for x in values["V"]] == [
        "sqrt(1/2 - sqrt(5)/10)",
        "sqrt(sqrt(5)/10 + 1/2)",
        "sqrt(sqrt(5)/10 + 1/2)",
        "-sqrt(1/2 - sqrt(5)/10)",
    ]


def test_sign_convention():
    values = solve("svd", sympy.Matrix([[-1, 0], [0, -2]])).answer.values
    for j in range(2):
        column = values["V"][:, j]
        first = next(x for x in column if x != 0)
        assert first > 0


small = st.integers(min_value=-3, max_value=3)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([(2, 2), (2, 3), (3, 2)]), st.data())
def test_property_factorization(shape, data):
    rows, cols = shape
    entries = data.draw(st.lists(small, min_size=rows * cols, max_size=rows * cols))
    A = sympy.Matrix(rows, cols, entries)
    values = solve("svd", A).answer.values
    assert_factorization(A, values)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=-2, max_value=2), min_size=9, max_size=9))
def test_property_factorization_3x3(entries):
    # Most such matrices have a Gram matrix with an irreducible cubic factor, so this covers the decimal
    # factors as well as the exact ones.
    A = sympy.Matrix(3, 3, entries)
    values = solve("svd", A).answer.values
    assert_factorization(A, values)


# ---------------------------------------------------------------------------------------------
# Wording: the Gram matrix by name, σᵢ = √λᵢ, ties in rank-k approximations


def solution_text(solution) -> str:
    lines = []
    for section in solution.sections:
        lines.append(section.title)
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(formula.text() for formula in step.math)
    lines.append(prose_text(solution.answer.summary))
    return "\n".join(lines)


def solution_latex(solution) -> str:
    return "\n".join(
        formula.latex() for section in solution.sections for step in section.steps for formula in step.math
    )


N20_MATRIX = sympy.Matrix(
    [
        [-1, 2],
        [3, -2],
        [5, 7],
    ]
)


def test_eigen_sections_name_the_gram_matrix():
    solution = solve("svd", N20_MATRIX)
    text = solution_text(solution)
    assert "Subtract λ from each diagonal entry of AᵀA:\nAᵀA - λI = [35 - λ 27; 27 57 - λ]" in text
    assert "Start from AᵀA - (5*sqrt(34) + 46)I." in text
    assert "entry of A:" not in text
    assert "Start from A - " not in text
    assert r"A^{\mathsf{T}}A - \lambda I" in solution_latex(solution)


def test_eigen_sections_name_the_gram_matrix_through_aat():
    text = solution_text(solve("svd", N20_MATRIX.T))
    assert "Subtract λ from each diagonal entry of AAᵀ:" in text


@pytest.mark.parametrize(
    ("A", "expected"),
    [
        pytest.param(
            sympy.Matrix([[2, 0], [0, 1], [0, 0]]), ["σ₁ = √λ₁ = √4 = 2", "σ₂ = √λ₂ = √1 = 1"], id="integer"
        ),
        pytest.param(
            N20_MATRIX,
            ["σ₁ = √λ₁ = sqrt(5*sqrt(34) + 46) ≈ 8.669", "σ₂ = √λ₂ = sqrt(46 - 5*sqrt(34)) ≈ 4.104"],
            id="nested-radical",
        ),
        pytest.param(
            sympy.Matrix([[1, 1], [1, 1]]), ["σ₁ = √λ₁ = √4 = 2", "σ₂ = √λ₂ = √0 = 0"], id="rank-one"
        ),
    ],
)
def test_singular_value_steps_name_the_eigenvalue(A, expected):
    text = solution_text(solve("svd", A))
    assert (
        "Number the eigenvalues of AᵀA in descending order, λ₁ ≥ λ₂, each as often as its multiplicity."
        in text
    )
    for line in expected:
        assert line in text
    assert "eigenvalue 1" not in text


TIED = sympy.Matrix(
    [
        [2, 0, 0],
        [0, 2, 0],
        [0, 0, 1],
    ]
)


def test_rank_approximation_with_tied_singular_values_is_not_unique():
    solution = solve("svd", TIED, options=Options(rank=1))
    values = solution.answer.values
    assert values["A_k"] == sympy.Matrix([[2, 0, 0], [0, 0, 0], [0, 0, 0]])
    assert values["error_2"] == 2
    assert values["error_fro"] == sympy.sqrt(5)
    text = solution_text(solution)
    assert "Here σ₁ = σ₂ = 2." in text
    assert "so the best rank-1 approximation is not unique: A₁ above is one of them." in text
    assert "Because σ₁ = σ₂, the best rank-1 approximation is not unique; A₁ is one of them." in text


def test_rank_approximation_without_tie_is_unique():
    text = solution_text(solve("svd", TIED, options=Options(rank=2)))
    assert "not unique" not in text
