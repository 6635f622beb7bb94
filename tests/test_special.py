"""Tests of classify: each property with its reason, the second-way checks, and definiteness."""

from __future__ import annotations

import numpy
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import I, Matrix, sqrt

from derive.formula import Formula, prose_text
from derive.registry import solve

a, b = sympy.symbols("a b")

PROPERTIES = (
    "square",
    "identity",
    "diagonal",
    "upper_triangular",
    "lower_triangular",
    "symmetric",
    "skew_symmetric",
    "orthogonal",
    "invertible",
    "positive_definite",
    "positive_semidefinite",
)


def all_text(solution) -> str:
    lines = []
    for section in solution.sections:
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(f.text() for f in step.math)
    return "\n".join(lines)


def flags(*holding: str) -> dict[str, bool]:
    return {name: name in holding for name in PROPERTIES}


CLASSIFY_CASES = [
    (
        "identity 3x3",
        sympy.eye(3),
        flags(
            "square",
            "identity",
            "diagonal",
            "upper_triangular",
            "lower_triangular",
            "symmetric",
            "orthogonal",
            "invertible",
            "positive_definite",
            "positive_semidefinite",
        ),
    ),
    (
        "symmetric positive definite",
        Matrix(
            [
                [2, -1, 0],
                [-1, 2, -1],
                [0, -1, 2],
            ]
        ),
        flags("square", "symmetric", "invertible", "positive_definite", "positive_semidefinite"),
    ),
    (
        "semidefinite singular",
        Matrix(
            [
                [1, 1],
                [1, 1],
            ]
        ),
        flags("square", "symmetric", "positive_semidefinite"),
    ),
    (
        "leading minors zero but indefinite",
        Matrix(
            [
                [0, 0],
                [0, -1],
            ]
        ),
        flags("square", "diagonal", "upper_triangular", "lower_triangular", "symmetric"),
    ),
    (
        "indefinite symmetric",
        Matrix(
            [
                [1, 2],
                [2, 1],
            ]
        ),
        flags("square", "symmetric", "invertible"),
    ),
    (
        "rotation by 90 degrees",
        Matrix(
            [
                [0, 1],
                [-1, 0],
            ]
        ),
        flags("square", "skew_symmetric", "orthogonal", "invertible"),
    ),
    (
        "rotation by 45 degrees",
        Matrix(
            [
                [sqrt(2) / 2, -sqrt(2) / 2],
                [sqrt(2) / 2, sqrt(2) / 2],
            ]
        ),
        flags("square", "orthogonal", "invertible"),
    ),
    (
        "upper triangular",
        Matrix(
            [
                [1, 2, 3],
                [0, 4, 5],
                [0, 0, 6],
            ]
        ),
        flags("square", "upper_triangular", "invertible"),
    ),
    (
        "lower triangular singular",
        Matrix(
            [
                [1, 0],
                [2, 0],
            ]
        ),
        flags("square", "lower_triangular"),
    ),
    (
        "rectangular upper",
        Matrix(
            [
                [1, 2, 3],
                [0, 4, 5],
            ]
        ),
        flags(),
    ),
    (
        "row vector",
        Matrix(
            [
                [1, 2, 3],
            ]
        ),
        flags(),
    ),
    (
        "column vector",
        Matrix(
            [
                [1],
                [2],
                [3],
            ]
        ),
        flags(),
    ),
    (
        "zero 2x2",
        sympy.zeros(2, 2),
        flags(
            "square",
            "diagonal",
            "upper_triangular",
            "lower_triangular",
            "symmetric",
            "skew_symmetric",
            "positive_semidefinite",
        ),
    ),
    (
        "negative 1x1",
        Matrix([[-3]]),
        flags("square", "diagonal", "upper_triangular", "lower_triangular", "symmetric", "invertible"),
    ),
    (
        "permutation",
        Matrix(
            [
                [0, 1, 0],
                [0, 0, 1],
                [1, 0, 0],
            ]
        ),
        flags("square", "orthogonal", "invertible"),
    ),
    (
        "complex symmetric",
        Matrix(
            [
                [1, I],
                [I, 1],
            ]
        ),
        flags("square", "symmetric", "invertible"),
    ),
    (
        "4x4 positive definite",
        Matrix(
            [
                [4, 1, 0, 0],
                [1, 4, 1, 0],
                [0, 1, 4, 1],
                [0, 0, 1, 4],
            ]
        ),
        flags("square", "symmetric", "invertible", "positive_definite", "positive_semidefinite"),
    ),
]


@pytest.mark.parametrize("name, A, expected", CLASSIFY_CASES, ids=[c[0] for c in CLASSIFY_CASES])
def test_classify_values(name: str, A: Matrix, expected: dict[str, bool]) -> None:
    values = solve("classify", A).answer.values
    for prop in PROPERTIES:
        assert values[prop] is expected[prop], prop


def test_classify_symbolic_definiteness_depends() -> None:
    solution = solve("classify", Matrix([[a, 1], [1, b]]))
    values = solution.answer.values
    assert values["symmetric"] is True
    assert values["invertible"] is True
    assert values["positive_definite"] == "depends"
    assert values["positive_semidefinite"] == "depends"
    text = all_text(solution)
    assert "so A is invertible whenever a*b - 1 ≠ 0" in text
    assert prose_text(solution.answer.summary).endswith(
        "Whether it is positive definite or positive semidefinite depends on the values of its symbols."
    )


def test_classify_symbolic_identity_not_identical() -> None:
    values = solve("classify", Matrix([[a, 0], [0, 1]])).answer.values
    assert values["identity"] is False
    assert values["diagonal"] is True


def test_classify_names_breaking_entry() -> None:
    text = all_text(solve("classify", Matrix([[1, 2], [3, 4]])))
    assert "The mirror entries a12 = 2 and a21 = 3 differ, so A ≠ Aᵀ and A is not symmetric." in text
    assert "The entry a21 = 3 is below the main diagonal and nonzero, so A is not upper triangular." in text


def test_classify_shows_sylvester_minors() -> None:
    text = all_text(solve("classify", Matrix([[2, -1], [-1, 2]])))
    assert "D1 = |2| = 2" in text
    assert "D2 = |2 -1; -1 2| = 3" in text
    assert "Every leading principal minor is positive, so A is positive definite." in text


def test_classify_shows_negative_principal_minor() -> None:
    text = all_text(solve("classify", Matrix([[0, 0], [0, -1]])))
    assert (
        "The principal minor from rows and columns 2 is negative, so A is not positive semidefinite." in text
    )
    assert "Δ2 = |-1| = -1" in text


def shown_eigenvalues(A: Matrix) -> list[sympy.Expr]:
    """Return the exact eigenvalues that classify's eigenvalue step displays, in order."""
    solution = solve("classify", A)
    steps = [step for section in solution.sections for step in section.steps]
    shown = next(step for step in steps if prose_text(step.text).startswith("The eigenvalues"))
    return [part.parts[0] for part in shown.math[0].parts if isinstance(part, Formula)]


def test_classify_shows_eigenvalues_when_cheap() -> None:
    A = Matrix(
        [
            [2, -1, 0],
            [-1, 2, -1],
            [0, -1, 2],
        ]
    )
    assert shown_eigenvalues(A) == [2 - sqrt(2), 2, 2 + sqrt(2)]


def test_classify_repeats_eigenvalue_multiplicity() -> None:
    assert shown_eigenvalues(sympy.eye(2)) == [1, 1]


def test_classify_orthogonal_shows_gram_matrix() -> None:
    text = all_text(solve("classify", Matrix([[0, 1], [-1, 0]])))
    assert "Aᵀ A = [1 0; 0 1]" in text
    assert "That is the identity, so A is orthogonal (and its inverse is Aᵀ)." in text


def test_classify_rectangular_reason() -> None:
    text = all_text(solve("classify", Matrix([[1, 2, 3]])))
    assert text.startswith(
        "A is 1×3, not square, so it is not diagonal, upper or lower triangular, the identity, symmetric, "
        "skew-symmetric, orthogonal, invertible or definite"
    )


def test_classify_checks_include_second_ways() -> None:
    checks = solve("classify", Matrix([[2, 1], [1, 2]])).checks
    statements = [prose_text(c.statement) for c in checks]
    assert "A − Aᵀ is the zero matrix, so A is symmetric." in statements
    assert "AAᵀ, computed separately, differs from I." in statements
    assert "Row reduction finds 2 pivot(s) in 2 columns, so A is invertible." in statements
    assert statements[-1].startswith(
        "By Descartes' rule of signs on the characteristic polynomial, A has 0 negative"
    )


entries = st.integers(-4, 4).map(sympy.Integer)


@st.composite
def symmetric_matrices(draw: st.DrawFn) -> Matrix:
    n = draw(st.integers(1, 3))
    M = sympy.zeros(n, n)
    for i in range(n):
        for j in range(i, n):
            M[i, j] = M[j, i] = draw(entries)
    return M


@settings(max_examples=40, deadline=None)
@given(symmetric_matrices())
def test_property_definiteness_matches_eigenvalues(A: Matrix) -> None:
    values = solve("classify", A).answer.values
    # A nonzero eigenvalue of an integer matrix this small is far larger than 1e-9 in size.
    smallest = min(numpy.linalg.eigvalsh(numpy.array(A.tolist(), dtype=float)))
    assert values["positive_definite"] is bool(smallest > 1e-9)
    assert values["positive_semidefinite"] is bool(smallest > -1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3).flatmap(lambda n: st.lists(entries, min_size=n * n, max_size=n * n)))
def test_property_gram_matrix_is_semidefinite(flat: list[sympy.Integer]) -> None:
    n = int(round(len(flat) ** 0.5))
    B = Matrix(n, n, flat)
    values = solve("classify", B.T * B).answer.values
    assert values["symmetric"] is True
    assert values["positive_semidefinite"] is True
    assert values["positive_definite"] is (B.det() != 0)


@pytest.mark.parametrize(
    ("A", "note"),
    [
        pytest.param(
            Matrix([[1, 2, 3], [0, 4, 5]]),
            "Every entry below the main diagonal is 0; for a non-square matrix this shape is called upper "
            "trapezoidal, not upper triangular.",
            id="upper-trapezoidal",
        ),
        pytest.param(
            Matrix([[1, 0], [2, 3], [4, 5]]),
            "Every entry above the main diagonal is 0; for a non-square matrix this shape is called lower "
            "trapezoidal, not lower triangular.",
            id="lower-trapezoidal",
        ),
    ],
)
def test_classify_rectangular_trapezoidal_note(A, note) -> None:
    assert note in all_text(solve("classify", A))


def test_classify_rectangular_check() -> None:
    statements = [prose_text(c.statement) for c in solve("classify", Matrix([[1], [2], [3]])).checks]
    assert statements == [
        "A has 3 rows and 1 column, a different number, so the square-only properties (diagonal, "
        "triangular, identity) are all false."
    ]
