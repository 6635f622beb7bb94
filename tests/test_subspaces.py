"""Tests of rref, rank, nullspace, span and independence: values, shown steps, checks and errors."""

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
from derive.subspaces import scale_to_integers

CASES = Path(__file__).parent / "cases"
a, b = sympy.symbols("a b")


def load_case(file_name: str, case_id: str) -> dict:
    cases = json.loads((CASES / file_name).read_text())["cases"]
    return next(c for c in cases if c["id"] == case_id)


def parse_rows(rows: list[list[str]]) -> Matrix:
    return Matrix([[parse_entry(x) for x in row] for row in rows])


def same_span(vectors: list[Matrix], others: list[Matrix]) -> bool:
    """True when two lists of column vectors span the same subspace."""
    if not vectors or not others:
        return not vectors and not others
    V = Matrix.hstack(*vectors)
    W = Matrix.hstack(*others)
    return V.rank() == W.rank() == Matrix.hstack(V, W).rank()


def all_text(solution) -> str:
    lines = []
    for section in solution.sections:
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(f.text() for f in step.math)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# rref


def test_rref_pitfall_p03_decimals_exact() -> None:
    case = load_case("pitfalls.json", "P03")
    A = parse_rows(case["input"])
    values = solve("rref", A).answer.values
    assert values["rref"] == parse_rows(case["expected"]["rref"])
    assert values["rank"] == case["expected"]["rank"]
    assert values["pivot_columns"] == [1, 2]


def test_nullspace_pitfall_p03_spans_expected() -> None:
    case = load_case("pitfalls.json", "P03")
    A = parse_rows(case["input"])
    basis = solve("nullspace", A).answer.values["nullspace"]
    expected = [parse_rows([row]).T for row in case["expected"]["nullspace"]]
    assert len(basis) == len(expected)
    assert same_span(basis, expected)
    for v in basis:
        assert A * v == sympy.zeros(3, 1)


RREF_CASES = [
    (
        "invertible 2x2",
        Matrix(
            [
                [2, 4],
                [1, 3],
            ]
        ),
        Matrix(
            [
                [1, 0],
                [0, 1],
            ]
        ),
        [1, 2],
    ),
    (
        "rank 2 of 3 with swap",
        Matrix(
            [
                [1, 2, 3],
                [2, 4, 6],
                [1, 0, 1],
            ]
        ),
        Matrix(
            [
                [1, 0, 1],
                [0, 1, 1],
                [0, 0, 0],
            ]
        ),
        [1, 2],
    ),
    (
        "wide skips a column",
        Matrix(
            [
                [1, 2, 3, 4],
                [2, 4, 7, 9],
            ]
        ),
        Matrix(
            [
                [1, 2, 0, 1],
                [0, 0, 1, 1],
            ]
        ),
        [1, 3],
    ),
    (
        "tall",
        Matrix(
            [
                [1, 2],
                [3, 4],
                [5, 6],
            ]
        ),
        Matrix(
            [
                [1, 0],
                [0, 1],
                [0, 0],
            ]
        ),
        [1, 2],
    ),
    (
        "zero matrix",
        sympy.zeros(2, 3),
        sympy.zeros(2, 3),
        [],
    ),
    (
        "1x1",
        Matrix([[-7]]),
        Matrix([[1]]),
        [1],
    ),
    (
        "row vector",
        Matrix([[0, 3, 6]]),
        Matrix([[0, 1, 2]]),
        [2],
    ),
    (
        "radical entries",
        Matrix(
            [
                [1, sqrt(2)],
                [sqrt(2), 2],
            ]
        ),
        Matrix(
            [
                [1, sqrt(2)],
                [0, 0],
            ]
        ),
        [1],
    ),
]


@pytest.mark.parametrize("name, A, expected, pivots", RREF_CASES, ids=[c[0] for c in RREF_CASES])
def test_rref_values(name: str, A: Matrix, expected: Matrix, pivots: list[int]) -> None:
    values = solve("rref", A).answer.values
    assert values["rref"] == expected
    assert values["pivot_columns"] == pivots
    assert values["rank"] == len(pivots)


def test_rref_steps_show_operations_and_matrices() -> None:
    solution = solve("rref", Matrix([[0, 1], [2, 3]]))
    steps = solution.sections[0].steps
    assert prose_text(steps[0].text) == "Start from A."
    assert steps[1].math[0].text() == "R1 ↔ R2"
    assert steps[1].math[1].text() == "[2 3; 0 1]"
    assert solution.sections[-1].title == "Result"


def test_rref_already_reduced_says_so() -> None:
    text = all_text(solve("rref", Matrix([[1, 0], [0, 1]])))
    assert "It is already in reduced row echelon form, so no row operation is needed." in text


def test_rref_symbolic_states_pivot_conditions() -> None:
    solution = solve("rref", Matrix([[a, 1], [1, b]]))
    text = all_text(solution)
    assert "so it holds only when -a*b + 1 ≠ 0" in text
    assert solution.answer.values["rref"] == sympy.eye(2)


def test_rref_check_compares_with_sympy() -> None:
    solution = solve("rref", Matrix([[1, 2], [3, 4]]))
    assert prose_text(solution.checks[0].statement).startswith("SymPy's own rref")
    assert solution.checks[0].passed


# ---------------------------------------------------------------------------------------------------
# rank


def test_rank_bases_of_the_subspaces() -> None:
    A = Matrix(
        [
            [1, 2, 3],
            [2, 4, 6],
            [1, 0, 1],
        ]
    )
    values = solve("rank", A).answer.values
    assert values["rank"] == 2
    assert values["nullity"] == 1
    assert values["column_space"] == [Matrix([1, 2, 1]), Matrix([2, 4, 0])]
    assert values["row_space"] == [Matrix([[1, 0, 1]]), Matrix([[0, 1, 1]])]
    assert values["nullspace"] == [Matrix([-1, -1, 1])]


def test_rank_column_space_uses_original_columns() -> None:
    A = Matrix(
        [
            [2, 4],
            [1, 2],
        ]
    )
    values = solve("rank", A).answer.values
    assert values["column_space"] == [Matrix([2, 1])]
    assert values["row_space"] == [Matrix([[1, 2]])]


def test_rank_zero_matrix() -> None:
    values = solve("rank", sympy.zeros(2, 3)).answer.values
    assert values["rank"] == 0
    assert values["nullity"] == 3
    assert values["column_space"] == []
    assert values["row_space"] == []


def test_rank_states_rank_nullity() -> None:
    text = all_text(solve("rank", Matrix([[1, 2, 3]])))
    assert "rank A + nullity A = 1 + 2 = 3" in text


def test_rank_checks_cover_transpose_and_null_vectors() -> None:
    checks = solve("rank", Matrix([[1, 2], [2, 4]])).checks
    statements = [prose_text(c.statement) for c in checks]
    assert statements[0].startswith("The rank of Aᵀ, computed by SymPy")
    assert statements[1].startswith("Rank plus the nullity")
    assert statements[2] == "Null-space vector 1 satisfies Av = 0."


# ---------------------------------------------------------------------------------------------------
# nullspace


NULLSPACE_CASES = [
    (
        "two free columns",
        Matrix(
            [
                [1, 2, 3, 4],
                [2, 4, 7, 9],
            ]
        ),
        [Matrix([-2, 1, 0, 0]), Matrix([-1, 0, -1, 1])],
    ),
    (
        "fractions scaled to integers",
        Matrix([[2, 3, 0], [0, 0, 1]]),
        [Matrix([-3, 2, 0])],
    ),
    (
        "invertible has none",
        Matrix([[1, 2], [3, 4]]),
        [],
    ),
    (
        "zero columns",
        sympy.zeros(3, 0),
        [],
    ),
    (
        "irrational left unscaled",
        Matrix([[1, sqrt(2)], [sqrt(2), 2]]),
        [Matrix([-sqrt(2), 1])],
    ),
]


@pytest.mark.parametrize("name, A, expected", NULLSPACE_CASES, ids=[c[0] for c in NULLSPACE_CASES])
def test_nullspace_basis(name: str, A: Matrix, expected: list[Matrix]) -> None:
    values = solve("nullspace", A).answer.values
    assert values["nullspace"] == expected
    assert values["nullity"] == len(expected)


def test_nullspace_names_free_variables() -> None:
    text = all_text(solve("nullspace", Matrix([[1, 2, 3, 4], [2, 4, 7, 9]])))
    assert "Columns 2 and 4 have no pivot, so x_2 and x_4 are free variables" in text
    assert "x_2 = s and x_4 = t" in text
    assert "[x_1; x_2; x_3; x_4] = [-2*s - t; s; -t; t] = s [-2; 1; 0; 0] + t [-1; 0; -1; 1]" in text


def test_nullspace_says_when_it_scales() -> None:
    text = all_text(solve("nullspace", Matrix([[2, 3, 0], [0, 0, 1]])))
    assert "so each vector is scaled to integer entries with no common factor" in text


def test_nullspace_parameters_avoid_input_symbols() -> None:
    s = sympy.Symbol("s")
    text = all_text(solve("nullspace", Matrix([[1, s]])))
    assert "x_2 = t" in text


SCALE_CASES = [
    ("fractions", Matrix([Rational(22, 73), Rational(52, 73), 1]), Matrix([22, 52, 73]), Rational(73)),
    ("common factor", Matrix([4, -6, 2]), Matrix([2, -3, 1]), Rational(1, 2)),
    ("zero vector", Matrix([0, 0]), Matrix([0, 0]), 1),
    ("symbolic", Matrix([a, 1]), Matrix([a, 1]), 1),
]


@pytest.mark.parametrize("name, v, scaled, factor", SCALE_CASES, ids=[c[0] for c in SCALE_CASES])
def test_scale_to_integers(name: str, v: Matrix, scaled: Matrix, factor: Rational) -> None:
    result, used = scale_to_integers(v)
    assert result == scaled
    assert used == factor


# ---------------------------------------------------------------------------------------------------
# span


SPAN_CASES = [
    ("unique coefficients", Matrix([[1, 0], [0, 1], [1, 1]]), Matrix([2, 3, 5]), True, Matrix([2, 3]), True),
    ("not in span", Matrix([[1, 2], [2, 4], [0, 0]]), Matrix([1, 3, 0]), False, None, None),
    ("many choices", Matrix([[1, 2], [2, 4]]), Matrix([3, 6]), True, Matrix([3, 0]), False),
    ("single vector", Matrix([1, 2]), Matrix([3, 6]), True, Matrix([3]), True),
    ("zero b", Matrix([[1], [1]]), Matrix([0, 0]), True, Matrix([0]), True),
]


@pytest.mark.parametrize(
    "name, V, target, in_span, coefficients, unique", SPAN_CASES, ids=[c[0] for c in SPAN_CASES]
)
def test_span_values(
    name: str, V: Matrix, target: Matrix, in_span: bool, coefficients: Matrix | None, unique: bool | None
) -> None:
    values = solve("span", V, target).answer.values
    assert values["in_span"] is in_span
    assert values.get("coefficients") == coefficients
    assert values.get("unique") is unique


def test_span_not_in_span_shows_row() -> None:
    text = all_text(solve("span", Matrix([[1, 2], [2, 4], [0, 0]]), Matrix([1, 3, 0])))
    assert "it reads 0 · c_1 + 0 · c_2 = 1." in text
    assert "So b is not in the span of the columns of V." in text


def test_span_writes_combination_out() -> None:
    solution = solve("span", Matrix([[1, 0], [0, 1], [1, 1]]), Matrix([2, -3, -1]))
    assert solution.answer.display[0].text() == "[2; -3; -1] = 2 [1; 0; 1] - 3 [0; 1; 1]"


def test_span_non_unique_says_so() -> None:
    text = all_text(solve("span", Matrix([[1, 2], [2, 4]]), Matrix([3, 6])))
    assert "the coefficients are not unique" in text


SPAN_ERRORS = [
    (
        "b as a row",
        Matrix([[1, 0], [0, 1]]),
        Matrix([[1, 2]]),
        r"^b is 1×2, but span needs b as a column vector; give b as a column vector with 2 entries$",
    ),
    (
        "b too long",
        Matrix([[1, 0], [0, 1]]),
        Matrix([1, 2, 3]),
        r"^V is 2×2 and b is 3×1: b needs as many entries as V has rows \(2\); "
        r"give b as a column vector with 2 entries$",
    ),
]


@pytest.mark.parametrize("name, V, target, message", SPAN_ERRORS, ids=[c[0] for c in SPAN_ERRORS])
def test_span_shape_errors(name: str, V: Matrix, target: Matrix, message: str) -> None:
    with pytest.raises(ShapeError, match=message):
        solve("span", V, target)


# ---------------------------------------------------------------------------------------------------
# independence


INDEPENDENCE_CASES = [
    ("standard basis", sympy.eye(3), True, None),
    ("dependent 3x3", Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), False, Matrix([1, -2, 1])),
    ("more vectors than entries", Matrix([[1, 0, 1], [0, 1, 1]]), False, Matrix([-1, -1, 1])),
    ("proportional pair", Matrix([[1, 2], [2, 4], [3, 6]]), False, Matrix([-2, 1])),
    ("zero vector among them", Matrix([[1, 0], [1, 0]]), False, Matrix([0, 1])),
    ("single nonzero vector", Matrix([1, 2]), True, None),
]


@pytest.mark.parametrize(
    "name, V, independent, relation", INDEPENDENCE_CASES, ids=[c[0] for c in INDEPENDENCE_CASES]
)
def test_independence_values(name: str, V: Matrix, independent: bool, relation: Matrix | None) -> None:
    values = solve("independence", V).answer.values
    assert values["independent"] is independent
    assert values.get("relation") == relation


def test_independence_writes_relation() -> None:
    solution = solve("independence", Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))
    assert solution.answer.display[0].text() == "[1; 4; 7] - 2 [2; 5; 8] + [3; 6; 9] = 0"


def test_independence_notes_too_many_vectors() -> None:
    text = all_text(solve("independence", Matrix([[1, 0, 1], [0, 1, 1]])))
    assert "There are 3 vectors with 2 entries each" in text


# ---------------------------------------------------------------------------------------------------
# Properties over random small matrices

entries = st.one_of(
    st.integers(-4, 4).map(sympy.Integer),
    st.tuples(st.integers(-4, 4), st.integers(1, 3)).map(lambda p: Rational(*p)),
)


@st.composite
def matrices(draw: st.DrawFn, max_size: int = 4) -> Matrix:
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    return Matrix(m, n, draw(st.lists(entries, min_size=m * n, max_size=m * n)))


@settings(max_examples=40, deadline=None)
@given(matrices())
def test_property_rank_plus_nullity(A: Matrix) -> None:
    values = solve("rank", A).answer.values
    assert values["rank"] + values["nullity"] == A.cols
    assert values["rank"] == A.rank()


@settings(max_examples=40, deadline=None)
@given(matrices())
def test_property_null_vectors_solve_ax_zero(A: Matrix) -> None:
    for v in solve("nullspace", A).answer.values["nullspace"]:
        assert A * v == sympy.zeros(A.rows, 1)
        assert all(x.is_integer for x in v)


@settings(max_examples=40, deadline=None)
@given(matrices())
def test_property_rref_idempotent(A: Matrix) -> None:
    R = solve("rref", A).answer.values["rref"]
    again = solve("rref", R).answer.values["rref"]
    assert again == R


@settings(max_examples=30, deadline=None)
@given(matrices(max_size=3), st.data())
def test_property_span_coefficients_reproduce_b(V: Matrix, data: st.DataObject) -> None:
    target = Matrix(data.draw(st.lists(entries, min_size=V.rows, max_size=V.rows)))
    values = solve("span", V, target).answer.values
    if values["in_span"]:
        assert V * values["coefficients"] == target
    else:
        assert Matrix.hstack(V, target).rank() > V.rank()


# ---------------------------------------------------------------------------------------------------
# conditions on symbols in the answer of span


def test_span_symbolic_summary_states_condition() -> None:
    V = Matrix(
        [
            [1, a],
            [a, 1],
        ]
    )
    solution = solve("span", V, Matrix([1, 2]))
    assert prose_text(solution.answer.summary) == "When 1 - a^2 ≠ 0, b is in the span."
    assert solution.answer.values["conditions"] == [sympy.Ne(1 - a**2, 0)]


def test_span_symbolic_not_in_span_states_condition() -> None:
    V = Matrix(
        [
            [1],
            [2],
        ]
    )
    solution = solve("span", V, Matrix([1, b]))
    assert solution.answer.values["in_span"] is False
    assert prose_text(solution.answer.summary) == "When b - 2 ≠ 0, b is not in the span."
    assert solution.answer.values["conditions"] == [sympy.Ne(b - 2, 0)]


def test_span_numeric_has_no_conditions() -> None:
    solution = solve("span", Matrix([[1, 0], [0, 1]]), Matrix([3, 4]))
    assert prose_text(solution.answer.summary) == "b is in the span."
    assert "conditions" not in solution.answer.values
