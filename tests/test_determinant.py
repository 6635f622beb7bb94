"""Tests of the det operation: every method, the automatic choice, the course cases and the errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import registry
from derive.determinant import choose_expansion_line, independent_det_checks
from derive.errors import InputError, ShapeError
from derive.formula import prose_text
from derive.parsing import parse_entry

CASES = Path(__file__).parent / "cases"
a, b = sympy.symbols("a b")


def solve_det(rows, method=None):
    return registry.solve("det", sympy.Matrix(rows), method=method)


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


# Matrices with their determinants; the methods that fit each size are all tried.
TABLE = [
    pytest.param([[7]], 7, id="1x1"),
    pytest.param([[0]], 0, id="1x1-zero"),
    pytest.param([[4, 2], [-5, -3]], -2, id="2x2"),
    pytest.param([[-4, 1], [-8, 2]], 0, id="2x2-singular"),
    pytest.param([[0, 1], [1, 0]], -1, id="2x2-zero-diagonal"),
    pytest.param([[sympy.Rational(1, 2), 3], [sympy.Rational(-1, 3), 4]], 3, id="2x2-rational"),
    pytest.param([[sympy.sqrt(2), 1], [1, sympy.sqrt(2)]], 1, id="2x2-radical"),
    pytest.param([[1, 2, 3], [4, 5, 6], [7, 8, 10]], -3, id="3x3-no-zeros"),
    pytest.param([[1, 2, 4], [2, -1, 3], [0, 5, 1]], 20, id="3x3-one-zero"),
    pytest.param([[0, 1, 2], [3, 4, 5], [6, 7, 9]], -3, id="3x3-needs-swap"),
    pytest.param([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 0, id="3x3-singular"),
    pytest.param([[2, 0, 0], [0, 3, 0], [0, 0, 4]], 24, id="3x3-diagonal"),
    pytest.param([[0, 0, 0], [1, 2, 3], [4, 5, 6]], 0, id="3x3-zero-row"),
    pytest.param([[2, 0, 1, 3], [1, 0, 0, 2], [4, 1, 3, 1], [2, 2, 1, 1]], 6, id="4x4-two-zeros"),
    pytest.param([[1, 2, 3, 4], [2, 1, 4, 3], [3, 4, 1, 2], [4, 3, 2, 2]], 20, id="4x4-no-zeros"),
    pytest.param([[a, 1], [2, a]], a**2 - 2, id="2x2-symbolic"),
    pytest.param([[a, 1, 0], [1, a, 1], [0, 1, a]], a * (a**2 - 2), id="3x3-symbolic"),
]


def methods_for(n: int) -> list[str]:
    if n <= 2:
        return ["formula", "cofactor", "row-reduction"]
    if n == 3:
        return ["sarrus", "cofactor", "row-reduction"]
    return ["cofactor", "row-reduction"]


@pytest.mark.parametrize(("rows", "expected"), TABLE)
def test_every_method_gives_value(rows, expected):
    for method in [None, *methods_for(len(rows))]:
        solution = solve_det(rows, method)
        assert sympy.simplify(solution.answer.values["det"] - expected) == 0, method
        assert solution.verified, method


@pytest.mark.parametrize(
    ("rows", "method"),
    [
        pytest.param([[7]], "formula", id="1x1"),
        pytest.param([[4, 2], [-5, -3]], "formula", id="2x2"),
        pytest.param([[1, 2, 3], [4, 5, 6], [7, 8, 10]], "sarrus", id="3x3-no-zeros"),
        pytest.param([[1, 2, 4], [2, -1, 3], [0, 5, 1]], "cofactor", id="3x3-one-zero"),
        pytest.param(
            [[2, 0, 1, 3], [1, 0, 0, 2], [4, 1, 3, 1], [2, 2, 1, 1]], "cofactor", id="4x4-two-zeros"
        ),
        pytest.param(
            [[1, 0, 3, 4], [2, 1, 4, 3], [3, 4, 1, 2], [4, 3, 2, 1]], "row-reduction", id="4x4-one-zero"
        ),
        pytest.param([[int(i == j) + i for j in range(5)] for i in range(5)], "row-reduction", id="5x5"),
    ],
)
def test_automatic_choice(rows, method):
    solution = solve_det(rows)
    assert solution.method == method
    assert solution.sections[0].title == "Method"
    assert len(solution.sections[0].steps) >= 1


def load_cases(name: str, operation: str) -> list:
    data = json.loads((CASES / name).read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["id"]) for c in data["cases"] if c["operation"] == operation]


@pytest.mark.parametrize("case", load_cases("course-notebook.json", "det"))
def test_course_case(case):
    A = sympy.Matrix([[parse_entry(x) for x in row] for row in case["input"]])
    expected = parse_entry(case["expected"])
    for method in [None, *methods_for(A.rows)]:
        solution = registry.solve("det", A, method=method)
        assert solution.answer.values["det"] == expected, method


def test_pitfall_defective_4x4_is_singular():
    data = json.loads((CASES / "pitfalls.json").read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["id"] == "P07")
    A = sympy.Matrix([[parse_entry(x) for x in row] for row in case["input"]])
    # The eigenvalues 0, 2, 2, 4 multiply to the determinant.
    for method in [None, "cofactor", "row-reduction"]:
        assert registry.solve("det", A, method=method).answer.values["det"] == 0, method


def test_formula_shows_substitution():
    solution = solve_det([[4, 2], [-5, -3]], "formula")
    shown = solution.sections[1].steps[0].math[0].text()
    assert squeeze(shown) == squeeze("det(A) = 4·(-3) - 2·(-5) = -12 + 10 = -2")


def test_sarrus_shows_six_products():
    solution = solve_det([[1, 2, 3], [4, 5, 6], [7, 8, 10]], "sarrus")
    steps = solution.sections[1].steps
    down = [squeeze(m.text()) for m in steps[1].math]
    up = [squeeze(m.text()) for m in steps[2].math]
    assert down == ["1·5·10=50", "2·6·7=84", "3·4·8=96"]
    assert up == ["3·5·7=105", "1·6·8=48", "2·4·10=80"]
    assert squeeze(steps[3].math[0].text()).endswith("=230-233=-3")


def test_cofactor_expands_along_row_with_zero():
    solution = solve_det([[1, 2, 4], [2, -1, 3], [0, 5, 1]], "cofactor")
    text = all_text(solution)
    assert "Expand det(A) along row 3." in text
    assert "The entry in row 3, column 1 is 0, so its term vanishes." in text
    assert squeeze("det(A) = - 5 · (-5) + 1 · (-5) = 25 - 5 = 20") in squeeze(text)


def test_cofactor_4x4_has_section_per_minor():
    solution = solve_det([[2, 0, 1, 3], [1, 0, 0, 2], [4, 1, 3, 1], [2, 2, 1, 1]], "cofactor")
    titles = [s.title for s in solution.sections]
    assert titles == [
        "Method",
        "Cofactor expansion",
        "Minor M21 (row 2 and column 1 deleted)",
        "Minor M24 (row 2 and column 4 deleted)",
        "Sum of the terms",
        "Result",
    ]


def test_cofactor_5x5_mentions_row_reduction():
    rows = [[int(i == j) + i for j in range(5)] for i in range(5)]
    solution = solve_det(rows, "cofactor")
    assert "row reduction is the practical method" in all_text(solution)
    assert solution.answer.values["det"] == sympy.Matrix(rows).det()


def test_cofactor_6x6_states_bareiss_minors():
    rows = [[(3 * i + 5 * j) % 7 - 3 for j in range(6)] for i in range(6)]
    solution = solve_det(rows, "cofactor")
    assert "fraction-free (Bareiss) elimination" in all_text(solution)
    assert solution.answer.values["det"] == sympy.Matrix(rows).det()


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        pytest.param([[1, 2], [3, 4]], "row 1", id="no-zeros"),
        pytest.param([[1, 0, 2], [3, 4, 5], [6, 0, 7]], "column 2", id="column-wins"),
        pytest.param([[1, 0, 2], [0, 4, 5], [6, 7, 8]], "row 1", id="tie-goes-to-first-row"),
        pytest.param([[1, 2, 3], [4, 5, 6], [0, 0, 7]], "row 3", id="row-wins"),
    ],
)
def test_expansion_line(rows, line):
    assert choose_expansion_line(sympy.Matrix(rows)).name == line


def test_row_reduction_tracks_swap():
    solution = solve_det([[0, 1, 2], [3, 4, 5], [6, 7, 9]], "row-reduction")
    text = squeeze(all_text(solution))
    assert squeeze("R1 ↔ R2") in text
    assert squeeze("det(A) = - |3 4 5; 0 1 2; 0 0 1|") in text
    assert squeeze("det(A) = (-1) · 3 = -3") in text


def test_row_reduction_zero_pivot_column():
    solution = solve_det([[1, 2, 3], [4, 5, 6], [7, 8, 9]], "row-reduction")
    assert "Column 3 has no pivot" in all_text(solution)
    assert solution.answer.values["det"] == 0


def test_row_reduction_symbolic_states_pivots():
    solution = solve_det([[a, 1], [2, a]], "row-reduction")
    text = all_text(solution)
    assert "The reduction divided by the symbolic pivots a and (a^2 - 2)/a" in text
    assert solution.answer.values["det"] == a**2 - 2


def test_symbolic_factored_with_condition():
    solution = solve_det([[a, 1], [1, a]])
    assert solution.answer.values["det"] == (a - 1) * (a + 1)
    note = prose_text(solution.notes[0])
    assert squeeze(note) == squeeze(
        "A is invertible exactly when det(A) = (a - 1)*(a + 1) ≠ 0, that is when a ≠ -1, a ≠ 1."
    )


def test_two_symbols_condition_is_det_nonzero():
    solution = solve_det([[a, b], [b, a]])
    assert squeeze(prose_text(solution.notes[0])).endswith(squeeze("det(A) = (a - b)*(a + b) ≠ 0."))


def test_singular_note():
    solution = solve_det([[-4, 1], [-8, 2]])
    assert [prose_text(n) for n in solution.notes] == ["det(A) = 0, so A is singular (not invertible)."]


def test_irrational_answer_has_decimal():
    rows = [[sympy.sqrt(2), 1, 0], [1, sympy.sqrt(3), 1], [0, 1, 1]]
    solution = solve_det(rows)
    assert solution.answer.values["det"] == -1 - sympy.sqrt(2) + sympy.sqrt(6)
    assert solution.answer.display[0].text().endswith("≈ 0.03528")


def test_checks_compute_two_methods():
    solution = solve_det([[1, 2, 4], [2, -1, 3], [0, 5, 1]])
    assert [c.passed for c in solution.checks] == [True, True]
    assert squeeze(solution.checks[0].math[0].text()) == squeeze("det(A) by Bareiss = 20 = det(A)")
    assert squeeze(solution.checks[1].math[0].text()) == squeeze("det(A) by Berkowitz = 20 = det(A)")


def test_checks_fail_on_wrong_value():
    checks = independent_det_checks(sympy.Matrix([[1, 2], [3, 4]]), sympy.Integer(2))
    assert [c.passed for c in checks] == [False, False]


@pytest.mark.parametrize(
    ("rows", "method", "message"),
    [
        pytest.param(
            [[1, 2], [3, 4]],
            "sarrus",
            r"^the sarrus method works only on 3×3 matrices, but A is 2×2; "
            r"use --method formula, cofactor or row-reduction$",
            id="sarrus-on-2x2",
        ),
        pytest.param(
            [[1, 2, 3, 4]] * 4,
            "sarrus",
            r"^the sarrus method works only on 3×3 matrices, but A is 4×4; "
            r"use --method cofactor or row-reduction$",
            id="sarrus-on-4x4",
        ),
        pytest.param(
            [[1, 2, 3]] * 3,
            "formula",
            r"^the formula method works only on 1×1 and 2×2 matrices, but A is 3×3; "
            r"use --method sarrus, cofactor or row-reduction$",
            id="formula-on-3x3",
        ),
        pytest.param(
            [[1, 2], [3, 4]],
            "laplace",
            r"^unknown method 'laplace' for det: expected one of formula, sarrus, cofactor, row-reduction$",
            id="unknown-method",
        ),
    ],
)
def test_method_errors(rows, method, message):
    with pytest.raises(InputError, match=message):
        solve_det(rows, method)


def test_non_square_error():
    with pytest.raises(ShapeError, match=r"^A is 2×3, but det needs a square matrix; give an n×n matrix$"):
        solve_det([[1, 2, 3], [4, 5, 6]])


# Properties over small random matrices

small = st.integers(min_value=-6, max_value=6)
fraction = st.builds(sympy.Rational, st.integers(-6, 6), st.integers(1, 4))


def square(entries, n: int):
    return st.lists(st.lists(entries, min_size=n, max_size=n), min_size=n, max_size=n)


@settings(max_examples=40, deadline=None)
@given(square(small, 3))
def test_methods_agree_3x3_integers(rows):
    values = {
        m: solve_det(rows, m).answer.values["det"] for m in [None, "sarrus", "cofactor", "row-reduction"]
    }
    assert len(set(values.values())) == 1, values


@settings(max_examples=25, deadline=None)
@given(square(fraction, 3))
def test_methods_agree_3x3_rationals(rows):
    values = {m: solve_det(rows, m).answer.values["det"] for m in ["sarrus", "cofactor", "row-reduction"]}
    assert len(set(values.values())) == 1, values


@settings(max_examples=25, deadline=None)
@given(square(small, 4))
def test_methods_agree_4x4_integers(rows):
    values = {m: solve_det(rows, m).answer.values["det"] for m in ["cofactor", "row-reduction"]}
    assert len(set(values.values())) == 1, values


@settings(max_examples=30, deadline=None)
@given(square(small, 2))
def test_methods_agree_2x2_integers(rows):
    values = {m: solve_det(rows, m).answer.values["det"] for m in ["formula", "cofactor", "row-reduction"]}
    assert len(set(values.values())) == 1, values
