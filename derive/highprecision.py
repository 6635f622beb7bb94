"""High-precision numerics for decompositions whose exact form is unusable.

When eigenvalues are roots of an irreducible polynomial of degree 3 or more, products and inverses
of expressions in them do not simplify. The eigenvalues then stay exact as ``CRootOf(p, k)``, and
the vectors and matrices built from them are computed with ``WORKING_DIGITS`` significant digits.
Steps show ``SHOWN_DIGITS`` digits, and the checks of such results hold to ``RESIDUAL_BOUND`` in the
Frobenius norm.

>>> x = sympy.Symbol("x")
>>> root_of(sympy.Poly(x**3 - 10 * x**2 + 24 * x - 8, x), 2)
CRootOf(x**3 - 10*x**2 + 24*x - 8, 2)
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath
import sympy
from sympy.polys.rootoftools import ComplexRootOf

from .formula import APPROX, Formula, Token, round_significant
from .formula import with_decimal as formula_with_decimal
from .model import Check
from .roots import enclose

WORKING_DIGITS = 50
SHOWN_DIGITS = 8
DEFINITION_DIGITS = 30  # digits of an eigenvalue's decimal beside its CRootOf definition
RESIDUAL_BOUND_TEXT = "1e-30"
RESIDUAL_BOUND_LATEX = r"10^{-30}"
RESIDUAL_BOUND = mpmath.mpf(RESIDUAL_BOUND_TEXT)
# A numeric entry below this magnitude counts as 0 when the sign convention looks for the first nonzero
# entry. Entries computed at WORKING_DIGITS digits are either 0 to about 1e-50 or far larger.
NEGLIGIBLE = mpmath.mpf("1e-40")
_ROUNDING = mpmath.mpf(10) ** (5 - WORKING_DIGITS)
_BALL_BITS = 256  # about 77 decimal digits, well beyond WORKING_DIGITS


def root_of(poly: sympy.Poly, index: int) -> sympy.Expr:
    """Return the root of ``poly`` with the given index in SymPy's order, as ``CRootOf`` of ``poly`` itself.

    ``sympy.CRootOf`` rescales some polynomials, writing a root of x³ − 10x² + 24x − 8 as
    2·CRootOf(x³ − 5x² + 6x − 1, 2). Its square root then shows as √2·√CRootOf(…), which hides the
    polynomial the reader was given. The unscaled object is built by ``ComplexRootOf._new``
    (SymPy 1.14), and its value is compared with the public constructor's before it is returned.
    """
    public = sympy.CRootOf(poly.as_expr(), index)
    if isinstance(public, ComplexRootOf) and public.poly == sympy.PurePoly(poly.as_expr(), poly.gen):
        return public
    # NOTE: ComplexRootOf._new is private SymPy API; the comparison below catches a change of its meaning.
    own = ComplexRootOf._new(sympy.PurePoly(poly.as_expr(), poly.gen), index)
    difference = enclose(own - public, _BALL_BITS)
    if not (abs(difference.real.mid()) < 1e-60 and abs(difference.imag.mid()) < 1e-60):
        return public
    return own


def index_of_root(value: sympy.Expr, poly: sympy.Poly) -> int:
    """Return the index k for which ``CRootOf(poly, k)`` is the root ``value`` of ``poly``.

    The roots of an irreducible polynomial are distinct, so the nearest one at 256 bits is the value.
    """
    target = enclose(value, _BALL_BITS).mid()
    distances = [
        abs(enclose(sympy.CRootOf(poly.as_expr(), k), _BALL_BITS).mid() - target)
        for k in range(poly.degree())
    ]
    return min(range(poly.degree()), key=lambda k: distances[k])


def decimal(value: sympy.Expr, digits: int = SHOWN_DIGITS) -> sympy.Expr:
    """Return ``value`` to ``digits`` significant digits, computed in ball arithmetic.

    SymPy's own evalf of a complex CRootOf refines its isolating rectangle again. That took about 0.25 s
    per root of λ³ − λ − 1 in one measurement (SymPy 1.14), and the ball enclosure took milliseconds.
    """
    x = to_mp(value)
    guard = WORKING_DIGITS
    if isinstance(x, mpmath.mpc):
        real = round_significant(mpmath.nstr(x.real, guard), digits, guard) if x.real else sympy.Integer(0)
        return real + sympy.I * round_significant(mpmath.nstr(x.imag, guard), digits, guard)
    return round_significant(mpmath.nstr(x, guard), digits, guard) if x else sympy.Float(0, digits)


def with_decimal(value: sympy.Expr, digits: int = SHOWN_DIGITS) -> Formula:
    """``value ≈ decimal`` for a value that contains CRootOf, else ``formula.with_decimal``."""
    if value.has(sympy.CRootOf):
        return Formula.of(value, APPROX, decimal(value, digits))
    return formula_with_decimal(value)


def to_mp(x: sympy.Expr) -> mpmath.mpf | mpmath.mpc:
    """Return an exact or Float SymPy number as an mpmath number at ``WORKING_DIGITS`` digits."""
    x = sympy.sympify(x)
    with mpmath.workdps(WORKING_DIGITS + 10):
        if x.is_Rational:
            return mpmath.mpf(int(x.p)) / int(x.q)
        if x.has(sympy.Float):
            real, imaginary = x.as_real_imag()
            real = mpmath.mpf(sympy.Float(real, WORKING_DIGITS)._mpf_)
            if imaginary == 0:
                return real
            return mpmath.mpc(real, mpmath.mpf(sympy.Float(imaginary, WORKING_DIGITS)._mpf_))
        ball = enclose(x, _BALL_BITS)
        real = mpmath.mpf(ball.real.str(WORKING_DIGITS + 10, radius=False))
        if x.is_extended_real:
            return real
        return mpmath.mpc(real, mpmath.mpf(ball.imag.str(WORKING_DIGITS + 10, radius=False)))


def mp_matrix(M: sympy.MatrixBase) -> mpmath.matrix:
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.matrix([[to_mp(x) for x in M.row(i)] for i in range(M.rows)])


def from_mp(x: mpmath.mpf | mpmath.mpc) -> sympy.Expr:
    """Return an mpmath number as a SymPy Float (or Float + Float·i) of ``WORKING_DIGITS`` digits."""
    if isinstance(x, mpmath.mpc):
        real = sympy.Float(x.real, WORKING_DIGITS)
        # An imaginary part at the level of rounding (a real entry of V⁻¹ computed in complex arithmetic)
        # is dropped. It is far below RESIDUAL_BOUND, so the checks are unaffected.
        if abs(x.imag) <= _ROUNDING * max(1, abs(x.real)):
            return real
        return real + sympy.I * sympy.Float(x.imag, WORKING_DIGITS)
    return sympy.Float(x, WORKING_DIGITS)


def from_mp_matrix(M: mpmath.matrix) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix(
        M.rows, M.cols, [from_mp(M[i, j]) for i in range(M.rows) for j in range(M.cols)]
    )


def shown(M: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """Return ``M`` with its Float entries rounded to ``SHOWN_DIGITS`` significant digits for display."""
    return sympy.ImmutableMatrix(M.applyfunc(lambda x: sympy.N(x, SHOWN_DIGITS) if x.has(sympy.Float) else x))


def numeric_matrix(label: Token, M: sympy.MatrixBase) -> Formula:
    """``label ≈ M`` with ``M`` shown to ``SHOWN_DIGITS`` digits."""
    return Formula.of(label, APPROX, shown(M))


def unit_vector(v: Sequence[mpmath.mpf | mpmath.mpc]) -> mpmath.matrix:
    """Divide a vector by its Euclidean length at ``WORKING_DIGITS`` digits."""
    with mpmath.workdps(WORKING_DIGITS):
        column = mpmath.matrix(list(v))
        length = mpmath.sqrt(mpmath.fsum(abs(x) ** 2 for x in column))
        return column / length


def first_nonzero_positive(v: mpmath.matrix) -> mpmath.matrix:
    """Return ``v`` or ``−v``, whichever has a positive first entry above ``NEGLIGIBLE`` (real vectors)."""
    for x in v:
        if abs(x) > NEGLIGIBLE:
            return -v if mpmath.re(x) < 0 else v
    return v


def orthonormal_basis(vectors: Sequence[Sequence[mpmath.mpf]]) -> list[mpmath.matrix]:
    """Gram-Schmidt at ``WORKING_DIGITS`` digits: orthonormal real vectors spanning ``vectors``, each with
    its first nonzero entry positive."""
    out: list[mpmath.matrix] = []
    with mpmath.workdps(WORKING_DIGITS):
        for v in vectors:
            w = mpmath.matrix(list(v))
            for q in out:
                w = w - mpmath.fsum(a * b for a, b in zip(q, w, strict=True)) * q
            out.append(first_nonzero_positive(unit_vector(list(w))))
    return out


def frobenius(M: mpmath.matrix) -> mpmath.mpf:
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.sqrt(mpmath.fsum(abs(M[i, j]) ** 2 for i in range(M.rows) for j in range(M.cols)))


def residual_check(statement: str, residual: mpmath.matrix, label: Token) -> Check:
    """Build the check that ``residual``, computed at ``WORKING_DIGITS`` digits, is below
    ``RESIDUAL_BOUND`` in the Frobenius norm."""
    size = frobenius(residual)
    passed = bool(size < RESIDUAL_BOUND)
    relation = Token("<", "<") if passed else Token(r"\geq", "≥")
    math = Formula.of(
        Token(rf"\lVert {label.latex} \rVert_F", f"‖{label.text}‖_F"),
        Token("=", "="),
        sympy.Float(size, 3),
        relation,
        Token(RESIDUAL_BOUND_LATEX, RESIDUAL_BOUND_TEXT),
    )
    return Check(
        (
            f"{statement}, computed at {WORKING_DIGITS} digits, to {RESIDUAL_BOUND_TEXT} in the Frobenius "
            "norm.",
        ),
        passed,
        (math,),
    )
