"""Tests of derive.svd: A = UΣVᵀ in full and thin form, and best rank-k approximations."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from derive.errors import InputError, NotSupportedError
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


def test_irreducible_cubic_gram_not_supported():
    with pytest.raises(
        NotSupportedError, match=r"^svd needs the eigenvalues of AᵀA in square roots, but .*$"
    ):
        solve("svd", sympy.Matrix([[1, 2, 0], [0, 1, 3], [1, 0, 1]]))


def test_sign_convention():
    values = solve("svd", sympy.Matrix([[-1, 0], [0, -2]])).answer.values
    for j in range(2):
        column = values["V"][:, j]
        first = next(x for x in column if x != 0)
        assert first > 0


def gram_splits_into_quadratics(A: sympy.Matrix) -> bool:
    G = A.T * A if A.cols <= A.rows else A * A.T
    t = sympy.Symbol("t")
    return all(sympy.degree(f, t) <= 2 for f, _ in sympy.factor_list(G.charpoly(t).as_expr(), t)[1])


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
    A = sympy.Matrix(3, 3, entries)
    assume(gram_splits_into_quadratics(A))
    values = solve("svd", A).answer.values
    assert_factorization(A, values)
