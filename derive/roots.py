"""Roots of a polynomial, found the way a person finds them on paper.

:func:`find_roots` factors out a power of the variable (the zero roots), runs the rational root test
and divides each root off by synthetic division. It then solves what is left. Quadratics go through
the quadratic formula. A cubic with three real roots gets Viète's trigonometric form (never complex
cube roots), and a cubic with one real root gets Cardano's formula with real cube roots. Factors of
degree four or more that do not split over ℚ become ``CRootOf`` with decimals. Every step is
recorded in a :class:`~derive.model.Section`.

:func:`root_checks` verifies each root independently of the steps, exactly where the form allows,
and :func:`enclose` evaluates an exact number in ball arithmetic (python-flint's ``acb``), whose
error bounds are rigorous.

>>> lam = sympy.Symbol("lamda")
>>> roots, section = find_roots(sympy.Poly(lam**3 - 2 * lam**2 - lam + 2, lam))
>>> [(r.value, r.multiplicity) for r in roots]
[(2, 1), (1, 1), (-1, 1)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import flint
import sympy

from .elimination import is_zero, simplify_entry
from .errors import NotSupportedError
from .formula import (
    APPROX,
    COMMA,
    EQ,
    IMPLIES,
    MINUS,
    PLUS,
    TIMES,
    Formula,
    Token,
    augmented,
    chain,
    join,
    latex_of,
    paren,
    prose,
    text_of,
    with_decimal,
)
from .model import Check, Section, SectionBuilder

RootForm = Literal["rational", "quadratic", "trigonometric", "cardano", "rootof", "symbolic"]


@dataclass(frozen=True)
class Root:
    """A root of a polynomial, with its multiplicity and the irreducible factor it is a root of.

    ``form`` is how the value is written: ``"rational"``, ``"quadratic"`` (radicals from the
    quadratic formula), ``"trigonometric"`` (Viète), ``"cardano"`` (real cube roots), ``"rootof"``
    (SymPy's ``CRootOf``) or ``"symbolic"`` (coefficients that contain symbols).
    """

    value: sympy.Expr
    multiplicity: int
    factor: sympy.Poly
    form: RootForm

    @property
    def is_radical(self) -> bool:
        """True when SymPy's simplification decides equalities involving the value exactly."""
        return self.form in ("rational", "quadratic", "symbolic")


# The rational root test shows each candidate's value up to this many candidates, and tests at most
# MAX_TESTED_CANDIDATES. Beyond that the rational roots are read off the factorization over ℚ.
MAX_LISTED_CANDIDATES = 16
MAX_TESTED_CANDIDATES = 400
# Ball arithmetic: the working precision in bits, and the bound that a residual must stay below.
BALL_PRECISION = 256
BALL_TOLERANCE = sympy.Rational(1, 10**40)


def function_token(name: str, var: sympy.Symbol) -> Token:
    """Return the notation ``p(λ)`` for a polynomial named ``name`` in ``var``."""
    return Token(f"{name}\\left({latex_of(var)}\\right)", f"{name}({text_of(var)})")


def find_roots(poly: sympy.Poly, *, name: str = "p", title: str = "Roots") -> tuple[list[Root], Section]:
    """Find every root of ``poly`` with its multiplicity, in descending order, and the steps.

    Complex roots are ordered by real part, then imaginary part. Roots of a polynomial with
    symbolic coefficients are listed in the order the factors are found.
    """
    if poly.degree() < 1:
        raise NotSupportedError(f"{poly.as_expr()} is constant, so it has no roots to find")
    var = poly.gen
    builder = SectionBuilder(title)
    builder.step(
        "Solve ",
        Formula.of(function_token(name, var), EQ, 0),
        " where ",
        chain(function_token(name, var), descending(poly)),
        ".",
    )
    if poly.domain.is_QQ or poly.domain.is_ZZ:
        roots = _rational_coefficient_roots(poly, name, builder)
    else:
        roots = _symbolic_coefficient_roots(poly, builder)
    roots = _merge(roots)
    if all(r.value.is_number for r in roots):
        roots.sort(key=_descending_key)
        order = "in descending order (by real part, then by imaginary part)"
    else:
        order = "in the order in which they were found, because their values depend on symbols"
    total = sum(r.multiplicity for r in roots)
    listing = join((_root_with_multiplicity(r, var) for r in roots), COMMA)
    builder.step(
        f"All {total} roots, counted with multiplicity, {order}:",
        math=listing,
    )
    return roots, builder.build()


def _factored_product(factors: list[tuple[sympy.Poly, int]]) -> sympy.Expr:
    """Return the product of the factors, unevaluated, with an exponent only where it is above 1."""
    powers = [f.as_expr() if m == 1 else sympy.Pow(f.as_expr(), m, evaluate=False) for f, m in factors]
    return powers[0] if len(powers) == 1 else sympy.Mul(*powers, evaluate=False)


def descending(poly: sympy.Poly) -> Formula:
    """Show a polynomial term by term in descending powers of its variable, as SymPy's printers
    do not when other symbols appear in the coefficients.

    >>> t, x = sympy.symbols("t x")
    >>> descending(sympy.Poly(t**2 - (x + 1) * t + x, t)).text()
    't^2 - (x + 1) · t + x'
    """
    var = poly.gen
    parts: list[object] = []
    for (k,), c in zip(poly.monoms(), poly.coeffs(), strict=True):
        c = sympy.factor_terms(sympy.sympify(c))
        negative = c.could_extract_minus_sign()
        magnitude = -c if negative else c
        if parts or negative:
            parts.append(MINUS if negative else PLUS)
        power = var**k
        if k == 0:
            parts.append(magnitude)
        elif magnitude == 1:
            parts.append(power)
        elif magnitude.is_Add:
            parts.extend([paren(magnitude), TIMES, power])
        else:
            parts.append(magnitude * power)
    return Formula.of(*parts)


def _root_with_multiplicity(root: Root, var: sympy.Symbol) -> Formula:
    shown = Formula.of(var, EQ, with_decimal(root.value))
    if root.multiplicity > 1:
        note = Token(
            rf"\ (\text{{multiplicity }} {root.multiplicity})", f" (multiplicity {root.multiplicity})"
        )
        return Formula.of(shown, note)
    return shown


def _descending_key(root: Root) -> tuple[float, float]:
    ball = enclose(root.value, 128)
    return (-round(float(ball.real.mid()), 12), -round(float(ball.imag.mid()), 12))


def _merge(roots: list[Root]) -> list[Root]:
    """Add the multiplicities of equal roots found in different factors."""
    merged: list[Root] = []
    for r in roots:
        for i, m in enumerate(merged):
            if m.value == r.value:
                merged[i] = Root(m.value, m.multiplicity + r.multiplicity, m.factor, m.form)
                break
        else:
            merged.append(r)
    return merged


# --- rational coefficients -------------------------------------------------------------------


def _rational_coefficient_roots(poly: sympy.Poly, name: str, builder: SectionBuilder) -> list[Root]:
    var = poly.gen
    roots: list[Root] = []
    _, q = poly.clear_denoms(convert=True)
    _, q = q.primitive()
    if q.LC() < 0:
        q = -q
    if q.as_expr() != poly.as_expr():
        name = "q"
        builder.step(
            "Multiply by a constant to get coprime integer coefficients; the roots do not change. "
            "Call the result ",
            function_token(name, var),
            ":",
            math=chain(function_token(name, var), q.as_expr()),
        )

    zero_multiplicity = min(m[0] for m in q.monoms())
    if zero_multiplicity:
        q = sympy.Poly(sympy.quo(q.as_expr(), var**zero_multiplicity, var), var)
        factored = sympy.Mul(var**zero_multiplicity, q.as_expr(), evaluate=False)
        name = "q" if name != "q" else "r"
        builder.step(
            "Every term contains ",
            var**zero_multiplicity,
            ", so factor it out. This gives the root ",
            Formula.of(var, EQ, 0),
            _multiplicity_words(zero_multiplicity),
            ", and the other roots are those of ",
            chain(function_token(name, var), q.as_expr()),
            ":",
            math=Formula.of(factored, EQ, 0),
        )
        roots.append(Root(sympy.Integer(0), zero_multiplicity, sympy.Poly(var, var), "rational"))

    if q.degree() >= 3:
        q = _rational_root_test(q, name, builder, roots)
    return roots + _solve_remaining(q, builder)


def _multiplicity_words(m: int) -> str:
    return "" if m == 1 else f" of multiplicity {m}"


def _rational_root_test(q: sympy.Poly, name: str, builder: SectionBuilder, roots: list[Root]) -> sympy.Poly:
    """Find the rational roots of an integer polynomial, divide them off and return the quotient."""
    var = q.gen
    factors = sympy.factor_list(q)[1]
    rational = sorted(
        ((-f.nth(0) / f.nth(1), m) for f, m in factors if f.degree() == 1), key=lambda rm: -rm[0]
    )
    leading, constant = abs(int(q.LC())), abs(int(q.nth(0)))
    candidates = _candidates(leading, constant)
    if candidates is None:
        builder.step(
            "By the rational root test, a rational root a/b in lowest terms has a dividing ",
            sympy.Integer(constant),
            " and b dividing ",
            sympy.Integer(leading),
            ". There are too many such candidates to list, so the rational roots are read off the "
            "exact factorization over ℚ instead.",
        )
    else:
        builder.step(
            "By the rational root test, a rational root a/b in lowest terms has a dividing the constant "
            "term ",
            sympy.Integer(constant),
            " and b dividing the leading coefficient ",
            sympy.Integer(leading),
            f". The {len(candidates)} candidates are:",
            math=join(candidates, COMMA),
        )
        values = [(c, q.eval(c)) for c in candidates]
        hits = [c for c, v in values if v == 0]
        if len(candidates) <= MAX_LISTED_CANDIDATES:
            shown = join((Formula.of(_evaluated(name, c), EQ, v) for c, v in values), COMMA)
            builder.step("Evaluate the polynomial at each candidate:", math=shown)
        if hits:
            builder.step("The candidates that give 0 are the rational roots: ", join(hits, COMMA), ".")
        else:
            builder.step("No candidate gives 0, so the polynomial has no rational root.")

    for r, m in rational:
        for _ in range(m):
            q = _synthetic_division(q, r, builder)
        if q.degree() >= 1:
            builder.step(
                "The quotient at ",
                Formula.of(var, EQ, r),
                " is ",
                q.eval(r),
                ", which is not 0, so ",
                Formula.of(var, EQ, r),
                f" is a root of multiplicity {m}.",
            )
        roots.append(Root(r, m, sympy.Poly(var - r, var), "rational"))
    return q


def _evaluated(name: str, c: sympy.Rational) -> Token:
    return Token(rf"{name}\left({latex_of(c)}\right)", f"{name}({text_of(c)})")


def _candidates(leading: int, constant: int) -> list[sympy.Rational] | None:
    if constant > 10**12 or leading > 10**12:
        return None
    ps = sympy.divisors(constant)
    qs = sympy.divisors(leading)
    values = sorted({sympy.Rational(p, d) for p in ps for d in qs})
    if 2 * len(values) > MAX_TESTED_CANDIDATES:
        return None
    return [s * v for v in values for s in (1, -1)]


def _synthetic_division(q: sympy.Poly, r: sympy.Rational, builder: SectionBuilder) -> sympy.Poly:
    """Divide ``q`` by ``var − r`` with the synthetic-division table and return the quotient."""
    var = q.gen
    coefficients = q.all_coeffs()
    products = [sympy.Integer(0)]
    sums = [coefficients[0]]
    for c in coefficients[1:]:
        products.append(r * sums[-1])
        sums.append(c + products[-1])
    table = sympy.Matrix([coefficients, products, sums])
    quotient = sympy.Poly(sums[:-1], var)
    if sums[-1] != 0:
        raise ArithmeticError(f"synthetic division by {var - r} left remainder {sums[-1]}")
    builder.step(
        "Divide by ",
        var - r,
        " with synthetic division: the first row holds the coefficients, each entry of the second row is ",
        r,
        " times the previous entry of the third row, and the third row holds the column sums. "
        "The last sum is the remainder 0, and the other sums are the coefficients of the quotient:",
        math=[
            Formula.of(augmented(table, len(coefficients) - 1)),
            chain(q.as_expr(), sympy.Mul(var - r, quotient.as_expr(), evaluate=False)),
        ],
    )
    return quotient


def _solve_remaining(q: sympy.Poly, builder: SectionBuilder) -> list[Root]:
    """Solve what is left after the rational roots: degree 1 and 2 directly, else factor over ℚ
    and solve each factor by its degree (CRootOf from degree 4 on)."""
    var = q.gen
    if q.degree() < 1:
        return []
    if q.degree() == 1:
        r = -q.nth(0) / q.nth(1)
        builder.step("The linear factor gives ", Formula.of(q.as_expr(), EQ, 0, IMPLIES, var, EQ, r), ".")
        return [Root(r, 1, q, "rational")]
    if q.degree() == 2:
        values = _quadratic_formula(q, builder)
        return [_quadratic_root(v, q) for v in values]
    factors = [(f if f.LC() > 0 else -f, m) for f, m in sympy.factor_list(q)[1]]
    if len(factors) == 1 and factors[0][1] == 1:
        if q.degree() >= 4:
            builder.step(
                "The polynomial ",
                q.as_expr(),
                " does not factor over ℚ (SymPy's exact factorization), not even into quadratics.",
            )
    else:
        product = _factored_product(factors)
        builder.step(
            "Factor the rest over ℚ (SymPy's exact factorization):",
            math=chain(q.as_expr(), product),
        )
    roots: list[Root] = []
    for f, m in factors:
        if f.degree() == 2:
            roots += [Root(v, m, f, "quadratic") for v in _quadratic_formula(f, builder)]
        elif f.degree() == 3:
            roots += [Root(v, m, f, form) for v, form in _cubic_roots(f, builder)]
        else:
            # NOTE: a quartic that is irreducible over ℚ but biquadratic (after a shift) has short radical
            # roots, such as ±√2 ± √3 for λ⁴ − 10λ² + 1. They are still given as CRootOf here.
            roots += [Root(v, m, f, "rootof") for v in _rootof_roots(f, builder)]
    return roots


def _quadratic_root(value: sympy.Expr, q: sympy.Poly) -> Root:
    if value.is_Rational:
        return Root(value, 1, sympy.Poly(q.gen - value, q.gen), "rational")
    return Root(value, 1, q, "quadratic")


# --- quadratics ------------------------------------------------------------------------------


def _quadratic_formula(f: sympy.Poly, builder: SectionBuilder) -> list[sympy.Expr]:
    """Solve a quadratic by the quadratic formula, showing the discriminant."""
    var = f.gen
    a, b, c = f.all_coeffs()
    disc = sympy.expand(b**2 - 4 * a * c)
    D = Token(r"\Delta", "Δ")
    builder.step(
        "Solve ",
        Formula.of(f.as_expr(), EQ, 0),
        " with the quadratic formula ",
        Formula.of(
            var,
            EQ,
            Token(r"\frac{-b \pm \sqrt{\Delta}}{2a}", "(−b ± √Δ)/(2a)"),
        ),
        ", where the discriminant is:",
        math=chain(
            D,
            Token("b^{2} - 4ac", "b² − 4ac"),
            Formula.of(paren(b), Token("^{2}", "²"), MINUS, 4, TIMES, paren(a), TIMES, paren(c)),
            disc,
        ),
    )
    root = _square_root(disc)
    denominator = 2 * a
    if disc.is_number and disc == 0:
        value = simplify_entry(-b / denominator)
        builder.step(
            "The discriminant is 0, so there is one root of multiplicity 2: ", Formula.of(var, EQ, value)
        )
        return [value, value]
    if disc.is_number and disc.is_negative:
        builder.step(
            "The discriminant is negative, so the two roots are complex conjugates, with ",
            chain(Token(r"\sqrt{\Delta}", "√Δ"), root),
            ":",
        )
    elif disc.is_number:
        builder.step(
            "The discriminant is positive, so there are two real roots, with ",
            chain(Token(r"\sqrt{\Delta}", "√Δ"), root),
            ":",
        )
    else:
        builder.step(
            "Take the square root of the discriminant: ", chain(Token(r"\sqrt{\Delta}", "√Δ"), root), ":"
        )
    plus = simplify_entry(sympy.expand((-b + root) / denominator))
    minus = simplify_entry(sympy.expand((-b - root) / denominator))
    builder.step(
        "So the two roots are:",
        math=[
            chain(Formula.of(var), Formula.of(_fraction(-b, PLUS, root, denominator)), with_decimal(plus)),
            chain(Formula.of(var), Formula.of(_fraction(-b, MINUS, root, denominator)), with_decimal(minus)),
        ],
    )
    return [plus, minus]


def _fraction(left: sympy.Expr, sign: Token, right: sympy.Expr, denominator: sympy.Expr) -> Token:
    """(left ± right)/denominator, unsimplified, as the quadratic formula is first written."""
    sign_latex = "+" if sign is PLUS else "-"
    sign_text = "+" if sign is PLUS else "-"
    under = text_of(denominator)
    if not (denominator.is_Atom and (denominator.is_Symbol or denominator.is_positive)):
        under = f"({under})"
    return Token(
        rf"\frac{{{latex_of(left)} {sign_latex} {latex_of(right)}}}{{{latex_of(denominator)}}}",
        f"({text_of(left)} {sign_text} {text_of(right)})/{under}",
    )


def _square_root(value: sympy.Expr) -> sympy.Expr:
    """√value, simplified: a perfect square of a symbolic expression gives its base (the ± of the
    quadratic formula absorbs the sign)."""
    value = sympy.sympify(value)
    if value.is_number:
        return sympy.sqrt(value)
    factored = sympy.factor(value)
    coefficient, rest = factored.as_coeff_Mul()
    inside: list[sympy.Expr] = []
    outside: list[sympy.Expr] = [sympy.sqrt(coefficient)]
    for factor in sympy.Mul.make_args(rest):
        base, exponent = factor.as_base_exp()
        if exponent.is_Integer and exponent >= 2:
            outside.append(base ** (exponent // 2))
            if exponent % 2:
                inside.append(base)
        else:
            inside.append(factor)
    return sympy.Mul(*outside) * sympy.sqrt(sympy.Mul(*inside))


# --- cubics ----------------------------------------------------------------------------------


def _cubic_roots(f: sympy.Poly, builder: SectionBuilder) -> list[tuple[sympy.Expr, RootForm]]:
    """Roots of a cubic that is irreducible over ℚ: Viète's trigonometric form when all three are
    real, Cardano's formula with real cube roots when only one is."""
    var = f.gen
    a, b, c, d = f.all_coeffs()
    b, c, d = b / a, c / a, d / a
    t = _fresh_symbol(var)
    shift = -b / 3
    p = sympy.expand(c - b**2 / 3)
    q = sympy.expand(2 * b**3 / 27 - b * c / 3 + d)
    depressed = t**3 + p * t + q
    monic = var**3 + b * var**2 + c * var + d
    if b == 0:
        substitution: tuple = (" It has no square term, so it is already depressed; write t for ", var, ":")
    else:
        substitution = (
            " Substitute ",
            Formula.of(var, EQ, t + shift),
            " to remove the square term (the depressed cubic):",
        )
    builder.step(
        "The cubic ",
        f.as_expr(),
        " has no rational root, so it does not factor over ℚ."
        + (" Divide by the leading coefficient." if a != 1 else ""),
        *substitution,
        math=[
            Formula.of(monic, EQ, 0, IMPLIES, depressed, EQ, 0),
            Formula.of(
                Token("p", "p"),
                EQ,
                Token(r"c - \frac{b^{2}}{3}", "c − b²/3"),
                EQ,
                p,
                COMMA,
                Token("q", "q"),
                EQ,
                Token(r"\frac{2b^{3}}{27} - \frac{bc}{3} + d", "2b³/27 − bc/3 + d"),
                EQ,
                q,
            ),
        ],
    )
    disc = sympy.expand(-(4 * p**3 + 27 * q**2))
    builder.step(
        "Its discriminant decides how many roots are real:",
        math=chain(Token(r"\Delta", "Δ"), Token(r"-(4p^{3} + 27q^{2})", "−(4p³ + 27q²)"), disc),
    )
    if disc > 0:
        values = _viete(p, q, t, shift, var, builder)
        return [(v, "trigonometric") for v in values]
    return [(v, "cardano") for v in _cardano(p, q, t, shift, var, builder)]


def _fresh_symbol(var: sympy.Symbol) -> sympy.Symbol:
    for name in ("t", "u", "w", "z"):
        if name != var.name:
            return sympy.Symbol(name)
    raise AssertionError("unreachable: four distinct names")


def _viete(p, q, t, shift, var, builder: SectionBuilder) -> list[sympy.Expr]:
    amplitude = 2 * sympy.sqrt(-p / 3)
    argument = sympy.radsimp(3 * q / (2 * p) * sympy.sqrt(-3 / p))
    angle = sympy.acos(argument) / 3
    builder.step(
        "Δ > 0, so there are three distinct real roots. Cardano's formula would write them with cube roots "
        "of complex numbers; the trigonometric form of Viète keeps every quantity real:",
        math=Formula.of(
            Token("t_{k}", "t_k"),
            EQ,
            Token(
                r"2\sqrt{-\frac{p}{3}}\,\cos\left(\frac{1}{3}\arccos\left(\frac{3q}{2p}\sqrt{-\frac{3}{p}}\right)"
                r" - \frac{2\pi k}{3}\right)",
                "2√(−p/3)·cos((1/3)·arccos((3q/(2p))·√(−3/p)) − 2πk/3)",
            ),
            COMMA,
            Token(r"k = 0, 1, 2", "k = 0, 1, 2"),
        ),
    )
    builder.step(
        "Here ",
        chain(Token(r"2\sqrt{-p/3}", "2√(−p/3)"), with_decimal(amplitude)),
        " and the argument of arccos is ",
        with_decimal(argument),
        ", which lies in [−1, 1] because Δ > 0.",
    )
    values = []
    shown = []
    for k in range(3):
        cosine = sympy.cos(angle - 2 * sympy.pi * k / 3, evaluate=False) if k else sympy.cos(angle)
        value = shift + amplitude * cosine
        values.append(value)
        shown.append(
            Formula.of(Token(f"{latex_of(var)}_{{{k}}}", f"{text_of(var)}{k}"), EQ, with_decimal(value))
        )
    builder.step(
        "Undo the substitution, ",
        Formula.of(var, EQ, t + shift),
        "; k = 0, 1, 2 give the roots from largest to smallest:",
        math=shown,
    )
    return values


def _cardano(p, q, t, shift, var, builder: SectionBuilder) -> list[sympy.Expr]:
    half = -q / 2
    D = sympy.expand(q**2 / 4 + p**3 / 27)
    u = sympy.real_root(sympy.expand(half + sympy.sqrt(D)), 3)
    v = sympy.real_root(sympy.expand(half - sympy.sqrt(D)), 3)
    builder.step(
        "Δ < 0, so there is one real root and a pair of complex conjugate roots. Cardano's formula "
        "gives the real one with real cube roots, because ",
        chain(Token(r"\frac{q^{2}}{4} + \frac{p^{3}}{27}", "q²/4 + p³/27"), D),
        " is positive:",
        math=[
            Formula.of(
                t,
                EQ,
                Token(
                    r"\sqrt[3]{-\frac{q}{2} + \sqrt{\frac{q^{2}}{4} + \frac{p^{3}}{27}}}"
                    r" + \sqrt[3]{-\frac{q}{2} - \sqrt{\frac{q^{2}}{4} + \frac{p^{3}}{27}}}",
                    "∛(−q/2 + √(q²/4 + p³/27)) + ∛(−q/2 − √(q²/4 + p³/27))",
                ),
                EQ,
                u + v,
            )
        ],
    )
    real = sympy.expand(shift + u + v)
    middle = sympy.expand(shift - (u + v) / 2)
    imaginary = sympy.expand(sympy.sqrt(3) / 2 * (u - v))
    builder.step(
        "With u and v the two real cube roots above, the complex pair is ",
        Formula.of(
            t, EQ, Token(r"-\frac{u + v}{2} \pm i\,\frac{\sqrt{3}}{2}(u - v)", "−(u + v)/2 ± i·(√3/2)(u − v)")
        ),
        ". Undoing the substitution gives:",
        math=[
            Formula.of(var, EQ, with_decimal(real)),
            Formula.of(var, EQ, with_decimal(middle + sympy.I * imaginary)),
            Formula.of(var, EQ, with_decimal(middle - sympy.I * imaginary)),
        ],
    )
    return [real, middle + sympy.I * imaginary, middle - sympy.I * imaginary]


# --- degree four and more --------------------------------------------------------------------


def _rootof_roots(f: sympy.Poly, builder: SectionBuilder) -> list[sympy.Expr]:
    var = f.gen
    count = f.degree()
    values = [sympy.CRootOf(f, k) for k in range(count)]
    builder.step(
        "The factor ",
        f.as_expr(),
        f" is irreducible over ℚ and of degree {count}. A formula in radicals exists only up to degree "
        "4 in general, and for degree 4 it is too long to be useful, so each root is written "
        "CRootOf(f, k): the k-th root of f in SymPy's order (real roots ascending, then complex "
        "pairs). Each is defined exactly by f and computed to any precision by exact interval "
        "refinement:",
        math=[Formula.of(var, EQ, v, APPROX, _rootof_decimal(v, 10)) for v in values],
    )
    return values


def _rootof_decimal(root: sympy.CRootOf, digits: int) -> sympy.Expr:
    """Return ``root`` to ``digits`` significant digits, read off its ball enclosure.

    SymPy 1.14 refines a complex root's isolating rectangle again at each new precision. That took
    about 0.1 s per complex root of a degree-6 polynomial in a single measurement, and flint's
    enclosure about a millisecond. At BALL_PRECISION bits the ball's radius is far below the last
    digit shown.
    """
    ball = enclose(root)
    real = sympy.Float(ball.real.str(digits, radius=False), digits)
    if root.is_real:
        return real
    return real + sympy.Float(ball.imag.str(digits, radius=False), digits) * sympy.I


# --- symbolic coefficients -------------------------------------------------------------------


def _symbolic_coefficient_roots(poly: sympy.Poly, builder: SectionBuilder) -> list[sympy.Expr]:
    var = poly.gen
    expr = poly.as_expr()
    numbers = sorted(
        {a for a in expr.atoms(sympy.Pow) if a.is_number and a.exp.is_Rational and not a.exp.is_Integer},
        key=sympy.default_sort_key,
    )
    if numbers:
        _, factors = sympy.factor_list(expr, var, extension=numbers)
    else:
        _, factors = sympy.factor_list(expr, var)
    factors = [(sympy.Poly(f, var), m) for f, m in factors if sympy.Poly(f, var).degree() >= 1]
    product = _factored_product(factors)
    builder.step(
        "The coefficients are not all rational, so factor the polynomial over the expressions in them:",
        math=chain(expr, product),
    )
    roots: list[Root] = []
    for f, m in factors:
        if f.degree() == 1:
            value = simplify_entry(-f.nth(0) / f.nth(1))
            builder.step(
                "The factor ", f.as_expr(), " gives ", Formula.of(var, EQ, value), _multiplicity_words(m), "."
            )
            roots.append(Root(value, m, f, "symbolic"))
        elif f.degree() == 2:
            roots += [Root(v, m, f, "symbolic") for v in _quadratic_formula(f, builder)]
        else:
            raise NotSupportedError(
                f"the factor {text_of(f.as_expr())} of degree {f.degree()} has symbolic or irrational "
                "coefficients; derive solves such factors only up to degree 2, so give rational entries or a "
                "smaller matrix"
            )
    return roots


# --- checks ----------------------------------------------------------------------------------


def make_check(statement: tuple, passed: bool, math: tuple[Formula, ...] = ()) -> Check:
    """Build a :class:`Check` from sentence parts (strings and values)."""
    return Check(prose(*statement), bool(passed), tuple(math))


def root_checks(poly: sympy.Poly, roots: list[Root], *, name: str = "p") -> list[Check]:
    """Verify that each root is a root of ``poly`` and that the multiplicities add up to its
    degree, computed from the values alone."""
    checks = [_root_check(poly, r, name) for r in roots]
    total = sum(r.multiplicity for r in roots)
    checks.append(
        make_check(
            ("The multiplicities add up to the degree ", sympy.Integer(poly.degree()), "."),
            total == poly.degree(),
            (chain(join([sympy.Integer(r.multiplicity) for r in roots], PLUS), sympy.Integer(total)),),
        )
    )
    return checks


def _root_check(poly: sympy.Poly, root: Root, name: str) -> Check:
    var = poly.gen
    value = root.value
    at = Token(rf"{name}\left({latex_of(value)}\right)", f"{name}({text_of(value)})")
    if root.is_radical:
        residual = simplify_entry(sympy.expand(poly.as_expr().subs(var, value)))
        passed = is_zero(residual)
        multiplicity_ok = _multiplicity_is(poly, value, root.multiplicity)
        return make_check(
            (
                Formula.of(var, EQ, value),
                f" is a root of multiplicity {root.multiplicity}: substituting it gives 0 exactly, "
                "and so do the first derivatives below that order.",
            ),
            passed and multiplicity_ok,
            (Formula.of(at, EQ, residual),),
        )
    if root.form == "trigonometric":
        return _trigonometric_check(poly, root, at)
    if root.form == "cardano" and root.value.is_real:
        return _minimal_polynomial_check(poly, root, at)
    return _ball_check(poly, root, at)


def _multiplicity_is(poly: sympy.Poly, value: sympy.Expr, m: int) -> bool:
    """True when the first ``m − 1`` derivatives vanish at ``value`` and the ``m``-th does not."""
    var = poly.gen
    derivative = poly.as_expr()
    for _ in range(m):
        if not is_zero(simplify_entry(sympy.expand(derivative.subs(var, value)))):
            return False
        derivative = sympy.diff(derivative, var)
    return not is_zero(simplify_entry(sympy.expand(derivative.subs(var, value))))


def _trigonometric_check(poly: sympy.Poly, root: Root, at: Token) -> Check:
    """Exact check of a Viète root a + b·cos(φ) with cos(3φ) = x: replace cos(φ) by a symbol c,
    and reduce p(a + b·c) modulo the triple-angle identity 4c³ − 3c − x; the remainder must be 0."""
    var = poly.gen
    (cosine,) = root.value.atoms(sympy.cos)
    (arccos,) = cosine.atoms(sympy.acos)
    c = sympy.Dummy("c")
    in_c = root.value.xreplace({cosine: c})
    identity = sympy.Poly(4 * c**3 - 3 * c - arccos.args[0], c)
    substituted = sympy.Poly(sympy.expand(poly.as_expr().subs(var, in_c)), c)
    remainder = substituted.rem(identity)
    leftover = [simplify_entry(x) for x in remainder.all_coeffs()]
    passed = all(is_zero(x) for x in leftover) and _rootof_matches(root)
    return make_check(
        (
            Formula.of(var, EQ, with_decimal(root.value)),
            " is a root, exactly: with c the cosine in it, 4c³ − 3c equals the argument of arccos "
            "(the triple-angle identity cos 3φ = 4cos³φ − 3cos φ), and reducing the polynomial at the "
            "root modulo that identity leaves remainder 0. Ball arithmetic confirms that it is the "
            "root in this position.",
        ),
        passed,
        (Formula.of(at, EQ, 0),),
    )


def _minimal_polynomial_check(poly: sympy.Poly, root: Root, at: Token) -> Check:
    var = poly.gen
    minimal = sympy.Poly(sympy.minimal_polynomial(root.value, var), var)
    remainder = poly.rem(minimal)
    passed = remainder.is_zero and _rootof_matches(root)
    return make_check(
        (
            Formula.of(var, EQ, with_decimal(root.value)),
            " is a root, exactly: its minimal polynomial ",
            minimal.as_expr(),
            " (SymPy's minimal_polynomial, computed from the radicals) divides the polynomial with "
            "remainder 0. Ball arithmetic confirms that it is the root in this position.",
        ),
        passed,
        (Formula.of(at, EQ, 0),),
    )


def _ball_check(poly: sympy.Poly, root: Root, at: Token) -> Check:
    """Check a CRootOf or complex Cardano root: its factor divides the polynomial exactly, and the
    polynomial at the value is rigorously small in ball arithmetic (Horner's scheme on one ball)."""
    var = poly.gen
    remainder = poly.rem(sympy.Poly(root.factor.as_expr(), var))
    saved = flint.ctx.prec
    flint.ctx.prec = BALL_PRECISION
    try:
        z = enclose(root.value)
        residual = flint.acb(0)
        for c in poly.all_coeffs():
            residual = residual * z + _ball(sympy.sympify(c), BALL_PRECISION)
    finally:
        flint.ctx.prec = saved
    bound = _ball_bound(residual)
    passed = remainder.is_zero and bound < BALL_TOLERANCE and _rootof_matches(root)
    return make_check(
        (
            Formula.of(var, EQ, with_decimal(root.value)),
            " is a root: its factor ",
            root.factor.as_expr(),
            " divides the polynomial with remainder 0, and ball arithmetic at "
            f"{BALL_PRECISION} bits bounds the absolute value of the polynomial at it by ",
            sympy.Float(bound, 3),
            ".",
        ),
        passed,
        (Formula.of(at, APPROX, 0),),
    )


def _rootof_matches(root: Root) -> bool:
    """True when the enclosure of the value overlaps that of a root of its factor: the same
    root in the same position, not a neighbour."""
    ball = enclose(root.value)
    f = root.factor
    denominators = sympy.ilcm(*[sympy.fraction(c)[1] for c in f.all_coeffs()])
    integer = [int(c * denominators) for c in reversed(f.all_coeffs())]
    roots = [z for z, _ in flint.fmpz_poly(integer).complex_roots()]
    return sum(1 for z in roots if z.overlaps(ball)) == 1


# --- ball arithmetic -------------------------------------------------------------------------


def enclose(value: sympy.Expr, precision: int = BALL_PRECISION) -> flint.acb:
    """Return a complex ball (python-flint ``acb``) that is guaranteed to contain ``value``.

    ``value`` is an exact SymPy number built from integers, rationals, π, i, sums, products,
    powers (principal branch, as SymPy's), cos, sin, arccos and CRootOf.

    >>> ball = enclose(sympy.sqrt(2))
    >>> ball.real.overlaps(flint.arb(2).sqrt()), float(ball.real.rad()) < 1e-70
    (True, True)
    """
    saved = flint.ctx.prec
    flint.ctx.prec = precision
    try:
        return _ball(sympy.sympify(value), precision)
    finally:
        flint.ctx.prec = saved


def _ball(x: sympy.Expr, precision: int) -> flint.acb:
    if x.is_Integer:
        return flint.acb(int(x))
    if x.is_Rational:
        return flint.acb(flint.fmpq(int(x.p), int(x.q)))
    if x is sympy.pi:
        return flint.acb(flint.arb.pi())
    if x is sympy.I:
        return flint.acb(0, 1)
    if x.is_Add:
        total = flint.acb(0)
        for a in x.args:
            total += _ball(a, precision)
        return total
    if x.is_Mul:
        product = flint.acb(1)
        for a in x.args:
            product *= _ball(a, precision)
        return product
    if x.is_Pow:
        base = _ball(x.base, precision)
        if x.exp.is_Integer:
            return base ** int(x.exp)
        if x.exp == sympy.S.Half:
            return base.sqrt()
        if x.exp.is_Rational:
            return base.pow(flint.acb(flint.fmpq(int(x.exp.p), int(x.exp.q))))
    if isinstance(x, sympy.cos):
        return _ball(x.args[0], precision).cos()
    if isinstance(x, sympy.sin):
        return _ball(x.args[0], precision).sin()
    if isinstance(x, sympy.acos):
        return _ball(x.args[0], precision).acos()
    if isinstance(x, sympy.CRootOf):
        return _rootof_ball(x)
    raise TypeError(f"cannot enclose {x} in a ball; expected an exact number")


def _rootof_ball(root: sympy.CRootOf) -> flint.acb:
    """Return the ball of ``root`` among flint's rigorous enclosures of all roots of its polynomial.

    The ball chosen is the one that meets SymPy's isolating interval (or rectangle) of that root.
    """
    poly = root.poly
    denominator = sympy.ilcm(*[sympy.fraction(c)[1] for c in poly.all_coeffs()])
    integer = [int(c * denominator) for c in reversed(poly.all_coeffs())]
    balls = [z for z, _ in flint.fmpz_poly(integer).complex_roots()]
    interval = root._get_interval()
    if root.is_real:
        region = flint.acb(_arb_between(interval.a, interval.b), 0)
    else:
        ax, ay, bx, by = interval.ax, interval.ay, interval.bx, interval.by
        region = flint.acb(_arb_between(ax, bx), _arb_between(ay, by))
    matches = [z for z in balls if z.overlaps(region)]
    if len(matches) != 1:
        raise ArithmeticError(f"could not match {root} with one of its enclosures ({len(matches)} match)")
    return matches[0]


def _arb_between(a: sympy.Rational, b: sympy.Rational) -> flint.arb:
    a, b = sympy.Rational(a), sympy.Rational(b)
    mid = (a + b) / 2
    return flint.arb(flint.fmpq(int(mid.p), int(mid.q)), flint.fmpq(int(abs(b - a).p), int(abs(b - a).q)))


def _ball_bound(ball: flint.acb) -> sympy.Rational:
    """Return an upper bound of |z| over the ball, as an exact rational."""
    upper = ball.abs_upper()
    # mid_rad_10exp gives integers with the value inside [mid ± radius]·10^exponent.
    mid, radius, exponent = upper.mid_rad_10exp()
    return sympy.Rational(abs(int(mid)) + int(radius)) * sympy.Rational(10) ** int(exponent)


def ball_difference_check(
    statement: tuple, left: sympy.Expr, right: sympy.Expr, math: tuple[Formula, ...] = ()
) -> Check:
    """Build a check that ``left`` and ``right`` agree within :data:`BALL_TOLERANCE`, rigorously."""
    bound = _ball_bound(enclose(left - right))
    note = (
        f" (ball arithmetic at {BALL_PRECISION} bits bounds the difference by ",
        sympy.Float(bound, 3),
        ").",
    )
    return make_check(tuple(statement) + note, bound < BALL_TOLERANCE, math)
