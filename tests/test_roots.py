"""Tests of derive.roots: root finding shown step by step, the root checks and ball arithmetic."""

from __future__ import annotations

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.formula import prose_text
from derive.roots import Root, descending, enclose, find_roots, root_checks

LAM = sympy.Symbol("lamda")
X = sympy.Symbol("x")
SQRT = sympy.sqrt
IM = sympy.I


def poly(expr: sympy.Expr) -> sympy.Poly:
    return sympy.Poly(sympy.expand(expr), LAM)


def section_text(section) -> str:
    lines = []
    for step in section.steps:
        lines.append(prose_text(step.text))
        lines.extend(m.text() for m in step.math)
    return "\n".join(lines)


EXACT_CASES = [
    pytest.param(LAM**3 - 2 * LAM**2 - LAM + 2, [(2, 1), (1, 1), (-1, 1)], "rational", id="three-rational"),
    pytest.param(LAM**2 + 2 * LAM, [(0, 1), (-2, 1)], "rational", id="zero-root-factored-out"),
    pytest.param((LAM - 2) ** 2 * (LAM - 4) * LAM, [(4, 1), (2, 2), (0, 1)], "rational", id="double-root"),
    pytest.param(
        LAM**2 + 3 * LAM - 6,
        [(-sympy.Rational(3, 2) + SQRT(33) / 2, 1), (-sympy.Rational(3, 2) - SQRT(33) / 2, 1)],
        "quadratic",
        id="quadratic-surd",
    ),
    pytest.param(LAM**2 + 1, [(IM, 1), (-IM, 1)], "quadratic", id="complex-pair"),
    pytest.param(
        LAM**2 - 2 * LAM + 5, [(1 + 2 * IM, 1), (1 - 2 * IM, 1)], "quadratic", id="complex-a-plus-bi"
    ),
    pytest.param((LAM**2 + 1) ** 2, [(IM, 2), (-IM, 2)], "quadratic", id="repeated-quadratic-factor"),
    pytest.param(
        sympy.Rational(1, 2) * LAM**2 - sympy.Rational(1, 8),
        [(sympy.Rational(1, 2), 1), (-sympy.Rational(1, 2), 1)],
        "rational",
        id="rational-coefficients",
    ),
    pytest.param(
        (LAM - 3) * (LAM**2 - 2), [(3, 1), (SQRT(2), 1), (-SQRT(2), 1)], None, id="rational-then-surds"
    ),
]


@pytest.mark.parametrize(("expr", "expected", "form"), EXACT_CASES)
def test_find_roots_exact_values(expr, expected, form):
    roots, _ = find_roots(poly(expr))
    assert [(r.value, r.multiplicity) for r in roots] == [(sympy.sympify(v), m) for v, m in expected]
    if form is not None:
        assert {r.form for r in roots if not r.value.is_Rational} <= {form}


@pytest.mark.parametrize(("expr", "expected", "form"), EXACT_CASES)
def test_root_checks_pass_on_exact_cases(expr, expected, form):
    p = poly(expr)
    roots, _ = find_roots(p)
    checks = root_checks(p, roots)
    assert all(c.passed for c in checks), [prose_text(c.statement) for c in checks if not c.passed]


IRRATIONAL_CASES = [
    pytest.param(
        LAM**3 - 50 * LAM**2 + 597 * LAM + 182,
        ["29.67623202", "20.62117365", "-0.29740567"],
        "trigonometric",
        id="notebook-cubic-three-real",
    ),
    pytest.param(
        LAM**3 + 6 * LAM**2 + 8 * LAM + 2,
        ["-0.32486913", "-1.46081113", "-4.21431974"],
        "trigonometric",
        id="trig-cubic-shifted",
    ),
    pytest.param(
        LAM**3 - 22 * LAM - 13,
        ["4.96185336", "-0.60076487", "-4.36108849"],
        "trigonometric",
        id="trig-cubic-depressed",
    ),
    pytest.param(
        LAM**3 - 2,
        ["1.25992105", "-0.62996052+1.09112364j", "-0.62996052-1.09112364j"],
        "cardano",
        id="cardano-cube-root",
    ),
    pytest.param(
        LAM**3 - LAM**2 - 1,
        ["1.46557123", "-0.23278562+0.79255199j", "-0.23278562-0.79255199j"],
        "cardano",
        id="cardano-shifted",
    ),
    pytest.param(
        LAM**4 - 10 * LAM**2 + 1,
        ["3.14626437", "0.31783725", "-0.31783725", "-3.14626437"],
        "rootof",
        id="irreducible-quartic",
    ),
]


@pytest.mark.parametrize(("expr", "approx", "form"), IRRATIONAL_CASES)
def test_find_roots_irrational_values(expr, approx, form):
    roots, _ = find_roots(poly(expr))
    assert [r.form for r in roots] == [form] * len(approx)
    for root, expected in zip(roots, approx, strict=True):
        assert abs(complex(sympy.N(root.value, 20)) - complex(expected)) < 1e-7


@pytest.mark.parametrize(("expr", "approx", "form"), IRRATIONAL_CASES)
def test_root_checks_pass_on_irrational_cases(expr, approx, form):
    p = poly(expr)
    roots, _ = find_roots(p)
    checks = root_checks(p, roots)
    assert all(c.passed for c in checks), [prose_text(c.statement) for c in checks if not c.passed]


def test_trigonometric_roots_contain_no_imaginary_unit():
    roots, _ = find_roots(poly(LAM**3 - 22 * LAM - 13))
    for root in roots:
        assert not root.value.has(sympy.I)


def test_cardano_real_root_uses_real_cube_roots():
    roots, _ = find_roots(poly(LAM**3 - LAM**2 - 1))
    real = roots[0].value
    assert not real.has(sympy.I)
    assert sympy.N(real).is_real


def test_rational_root_test_lists_candidates_and_values():
    _, section = find_roots(poly(LAM**3 - 50 * LAM**2 + 597 * LAM + 182))
    text = section_text(section)
    assert "The 16 candidates are:" in text
    assert "p(26) = -520" in text
    assert "No candidate gives 0" in text


def test_synthetic_division_is_shown():
    _, section = find_roots(poly((LAM - 2) ** 2 * (LAM - 4) * LAM))
    text = section_text(section)
    assert "synthetic division" in text
    assert "(λ - 4)*(λ^2 - 4*λ + 4)" in text
    assert "λ = 4 is a root of multiplicity 1" in text


def test_viete_formula_is_stated():
    _, section = find_roots(poly(LAM**3 + 6 * LAM**2 + 8 * LAM + 2))
    text = section_text(section)
    assert "t_k = 2√(−p/3)·cos((1/3)·arccos((3q/(2p))·√(−3/p)) − 2πk/3)" in text
    assert "λ = t - 2" in text


def test_symbolic_coefficients_factor():
    t = sympy.Symbol("t")
    p = sympy.Poly(t**2 - (X + LAM) * t + X * LAM, t)
    roots, _ = find_roots(p)
    assert {r.value for r in roots} == {X, LAM}
    assert all(c.passed for c in root_checks(p, roots))


def test_symbolic_quadratic_uses_formula():
    p = sympy.Poly(LAM**2 - X, LAM)
    roots, _ = find_roots(p)
    assert {r.value for r in roots} == {SQRT(X), -SQRT(X)}


@pytest.mark.parametrize(
    ("value", "form", "factor"),
    [
        pytest.param(sympy.Integer(3), "rational", LAM - 3, id="rational"),
        pytest.param(1 + SQRT(2), "quadratic", LAM**2 - 2 * LAM - 1, id="quadratic"),
    ],
)
def test_root_check_fails_for_a_wrong_root(value, form, factor):
    p = poly((LAM - 1) * (LAM - 2))
    checks = root_checks(
        p,
        [
            Root(value, 1, sympy.Poly(factor, LAM), form),
            Root(sympy.Integer(1), 1, sympy.Poly(LAM - 1, LAM), "rational"),
        ],
    )
    assert not checks[0].passed


def test_trigonometric_check_fails_for_a_perturbed_root():
    p = poly(LAM**3 - 22 * LAM - 13)
    roots, _ = find_roots(p)
    wrong = Root(roots[0].value + sympy.Rational(1, 10**6), 1, roots[0].factor, "trigonometric")
    assert not root_checks(p, [wrong])[0].passed


def test_multiplicity_check_fails_when_overstated():
    p = poly((LAM - 1) * (LAM - 2))
    checks = root_checks(p, [Root(sympy.Integer(1), 2, sympy.Poly(LAM - 1, LAM), "rational")])
    assert not checks[0].passed


def test_enclose_contains_value():
    value = 4 * SQRT(3) / 3 * sympy.cos(sympy.acos(-3 * SQRT(3) / 8) / 3) - 2
    ball = enclose(value)
    assert ball.real.overlaps(flint.arb("-0.32486912943335392911"))
    assert float(ball.real.rad()) < 1e-60


def test_enclose_rejects_symbol():
    with pytest.raises(TypeError, match=r"^cannot enclose x in a ball; expected an exact number$"):
        enclose(X)


def test_descending_shows_symbolic_coefficients_in_order():
    t = sympy.Symbol("t")
    assert descending(sympy.Poly(t**2 - (X + LAM) * t + X * LAM, t)).text() == "t^2 - (λ + x) · t + λ*x"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=1, max_size=4))
def test_integer_roots_recovered(values):
    roots, _ = find_roots(poly(sympy.Mul(*[LAM - v for v in values])))
    found = sorted(v for r in roots for v in [r.value] * r.multiplicity)
    assert found == sorted(sympy.Integer(v) for v in values)


@settings(max_examples=30, deadline=None)
@given(st.integers(-9, 9), st.integers(-9, 9), st.integers(-9, 9))
def test_monic_cubic_roots_pass_checks(b, c, d):
    p = poly(LAM**3 + b * LAM**2 + c * LAM + d)
    roots, _ = find_roots(p)
    assert sum(r.multiplicity for r in roots) == 3
    assert all(check.passed for check in root_checks(p, roots))
