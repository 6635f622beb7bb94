"""Tests of the linear system operation Ax = b: the three cases, shown steps, checks and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sympy import Matrix, Rational

from derive.errors import ShapeError
from derive.formula import prose_text
from derive.parsing import parse_entry
from derive.registry import solve

CASES = Path(__file__).parent / "cases"
a, b1, b2 = sympy.symbols("a b1 b2")


def parse_rows(rows: list[list[str]]) -> Matrix:
    return Matrix([[parse_entry(x) for x in row] for row in rows])


def all_text(solution) -> str:
    lines = []
    for section in solution.sections:
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(f.text() for f in step.math)
    return "\n".join(lines)


def test_system_notebook_n09() -> None:
    cases = json.loads((CASES / "course-notebook.json").read_text())["cases"]
    case = next(c for c in cases if c["id"] == "N09")
    values = solve("system", parse_rows(case["input"]), parse_rows(case["other"])).answer.values
    assert values["solutions"] == "unique"
    assert values["x"] == parse_rows(case["expected"])


UNIQUE_CASES = [
    (
        "3x3 with swap",
        Matrix(
            [
                [0, 1, 1],
                [1, 0, 1],
                [1, 1, 0],
            ]
        ),
        Matrix([5, 4, 3]),
        Matrix([1, 2, 3]),
    ),
    (
        "fractions",
        Matrix(
            [
                [2, 1],
                [1, 3],
            ]
        ),
        Matrix([1, 1]),
        Matrix([Rational(2, 5), Rational(1, 5)]),
    ),
    (
        "tall consistent",
        Matrix(
            [
                [1, 0],
                [0, 1],
                [1, 1],
            ]
        ),
        Matrix([2, 3, 5]),
        Matrix([2, 3]),
    ),
    ("1x1", Matrix([[4]]), Matrix([2]), Matrix([Rational(1, 2)])),
]


@pytest.mark.parametrize("name, A, rhs, expected", UNIQUE_CASES, ids=[c[0] for c in UNIQUE_CASES])
def test_system_unique(name: str, A: Matrix, rhs: Matrix, expected: Matrix) -> None:
    values = solve("system", A, rhs).answer.values
    assert values["solutions"] == "unique"
    assert values["x"] == expected


NONE_CASES = [
    (
        "parallel lines",
        Matrix(
            [
                [1, 2],
                [2, 4],
            ]
        ),
        Matrix([1, 3]),
    ),
    (
        "tall inconsistent",
        Matrix(
            [
                [1, 0],
                [0, 1],
                [1, 1],
            ]
        ),
        Matrix([2, 3, 6]),
    ),
    ("zero matrix", sympy.zeros(2, 2), Matrix([0, 1])),
]


@pytest.mark.parametrize("name, A, rhs", NONE_CASES, ids=[c[0] for c in NONE_CASES])
def test_system_no_solution(name: str, A: Matrix, rhs: Matrix) -> None:
    solution = solve("system", A, rhs)
    assert solution.answer.values == {"solutions": "none"}
    assert "so the system has no solution." in all_text(solution)


def test_system_no_solution_shows_row() -> None:
    text = all_text(solve("system", Matrix([[1, 2], [2, 4]]), Matrix([1, 3])))
    assert "Row 2 of the reduced matrix has zeros left of the bar and 1 right of it" in text
    assert "it reads 0 · x_1 + 0 · x_2 = 1." in text


def test_system_infinite_parametric_form() -> None:
    solution = solve("system", Matrix([[1, 2, 3], [2, 4, 6]]), Matrix([1, 2]))
    values = solution.answer.values
    s, t = sympy.symbols("s t")
    assert values["solutions"] == "infinite"
    assert values["particular"] == Matrix([1, 0, 0])
    assert values["nullspace"] == [Matrix([-2, 1, 0]), Matrix([-3, 0, 1])]
    assert values["x"] == Matrix([1 - 2 * s - 3 * t, s, t])
    text = all_text(solution)
    assert "[x_1; x_2; x_3] = [-2*s - 3*t + 1; s; t] = [1; 0; 0] + s [-2; 1; 0] + t [-3; 0; 1]" in text


def test_system_infinite_checks_each_direction() -> None:
    checks = solve("system", Matrix([[1, 2, 3], [2, 4, 6]]), Matrix([1, 2])).checks
    statements = [prose_text(c.statement) for c in checks]
    assert statements[0] == "Multiplying back, A·x_p equals b."
    assert statements[1].startswith("Direction 1 satisfies Av = 0")
    assert statements[2].startswith("Direction 2 satisfies Av = 0")
    assert statements[3].startswith("There are n − rank(A) directions")


def test_system_writes_equations() -> None:
    text = all_text(solve("system", Matrix([[4, 2], [-5, -3]]), Matrix([4, -7])))
    assert "4*x_1 + 2*x_2 = 4" in text
    assert "-5*x_1 - 3*x_2 = -7" in text


def test_system_symbolic_coefficient_states_conditions() -> None:
    solution = solve("system", Matrix([[a, 1], [1, 1]]), Matrix([1, 2]))
    x = solution.answer.values["x"]
    assert sympy.simplify(x[0] - 1 / (1 - a)) == 0
    assert "so it holds only when 1 - a ≠ 0" in all_text(solution)


def test_system_symbolic_right_side_condition() -> None:
    solution = solve("system", Matrix([[1, 2], [2, 4]]), Matrix([b1, b2]))
    assert solution.answer.values["solutions"] == "none"
    assert "That holds only when -2*b1 + b2 = 0" in all_text(solution)
    summary = prose_text(solution.answer.summary)
    assert summary == "When -2*b1 + b2 ≠ 0, the system is inconsistent: it has no solution."
    assert solution.answer.values["conditions"] == [sympy.Ne(b2 - 2 * b1, 0)]


@pytest.mark.parametrize(
    ("A", "b", "summary", "conditions"),
    [
        pytest.param(
            Matrix(
                [
                    [1, a],
                    [a, 1],
                ]
            ),
            Matrix([1, 2]),
            "When 1 - a^2 ≠ 0, the system has exactly one solution.",
            [sympy.Ne(1 - a**2, 0)],
            id="unique-square",
        ),
        pytest.param(
            Matrix(
                [
                    [1, a],
                    [2, 2 * a],
                    [1, 1],
                ]
            ),
            Matrix([1, 2, 3]),
            "When 1 - a ≠ 0, the system has exactly one solution.",
            [sympy.Ne(1 - a, 0)],
            id="unique-tall",
        ),
        pytest.param(
            Matrix(
                [
                    [a, 1, 1],
                    [1, 1, 1],
                ]
            ),
            Matrix([1, 2]),
            "When 1 - a ≠ 0, the system has infinitely many solutions, with 1 free parameter(s).",
            [sympy.Ne(1 - a, 0)],
            id="infinite",
        ),
    ],
)
def test_system_summary_states_conditions(A, b, summary, conditions) -> None:
    solution = solve("system", A, b)
    assert prose_text(solution.answer.summary) == summary
    assert solution.answer.values["conditions"] == conditions


def test_system_numeric_has_no_conditions() -> None:
    solution = solve("system", Matrix([[4, 2], [-5, -3]]), Matrix([4, -7]))
    assert prose_text(solution.answer.summary) == "The system has exactly one solution."
    assert "conditions" not in solution.answer.values


SHAPE_ERRORS = [
    (
        "b as a row",
        Matrix([[1, 2], [3, 4]]),
        Matrix([[1, 2]]),
        r"^b is 1×2, but system needs b as a column vector; give b as a column vector with 2 entries$",
    ),
    (
        "b as a matrix",
        Matrix([[1, 2], [3, 4]]),
        Matrix([[1, 2], [3, 4]]),
        r"^b is 2×2, but system needs b as a column vector; give b as a column vector with 2 entries$",
    ),
    (
        "b with too many entries",
        Matrix([[1, 2], [3, 4]]),
        Matrix([1, 2, 3]),
        r"^A is 2×2 and b is 3×1: b needs as many entries as A has rows \(2\); "
        r"give b as a column vector with 2 entries$",
    ),
]


@pytest.mark.parametrize("name, A, rhs, message", SHAPE_ERRORS, ids=[c[0] for c in SHAPE_ERRORS])
def test_system_shape_errors(name: str, A: Matrix, rhs: Matrix, message: str) -> None:
    with pytest.raises(ShapeError, match=message):
        solve("system", A, rhs)


entries = st.integers(-5, 5).map(sympy.Integer)


@st.composite
def systems(draw: st.DrawFn) -> tuple[Matrix, Matrix]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    A = Matrix(m, n, draw(st.lists(entries, min_size=m * n, max_size=m * n)))
    rhs = Matrix(draw(st.lists(entries, min_size=m, max_size=m)))
    return A, rhs


@st.composite
def square_matrices(draw: st.DrawFn) -> Matrix:
    n = draw(st.integers(1, 4))
    return Matrix(n, n, draw(st.lists(entries, min_size=n * n, max_size=n * n)))


@settings(max_examples=40, deadline=None)
@given(systems())
def test_property_solutions_satisfy_system(system: tuple[Matrix, Matrix]) -> None:
    A, rhs = system
    values = solve("system", A, rhs).answer.values
    if values["solutions"] == "none":
        assert Matrix.hstack(A, rhs).rank() > A.rank()
    else:
        residual = (A * values["x"] - rhs).applyfunc(sympy.expand)
        assert residual == sympy.zeros(A.rows, 1)


@settings(max_examples=30, deadline=None)
@given(square_matrices(), st.data())
def test_property_unique_solution_of_invertible(A: Matrix, data: st.DataObject) -> None:
    assume(A.det() != 0)
    rhs = Matrix(data.draw(st.lists(entries, min_size=A.rows, max_size=A.rows)))
    values = solve("system", A, rhs).answer.values
    assert values["solutions"] == "unique"
    assert A * values["x"] == rhs
