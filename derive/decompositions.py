"""Eigendecomposition A = VΛV⁻¹, and A = QΛQᵀ for a real symmetric matrix.

The vector tools used by the SVD and the pseudoinverse also live here: exact zero tests for
expressions with nested radicals, integer scaling of eigenvectors, Gram-Schmidt shown step by step,
and an inverse shown by the 2×2 formula or by Gauss-Jordan elimination on [M | I].

Conventions, stated in the solutions:

* Eigenvalues go in descending order (real part, then imaginary part) down the diagonal of Λ, and the
  columns of V follow that order.
* An eigenvector of the general decomposition is scaled to integers with no common factor where its
  entries allow. A column of Q is a unit vector.

When eigenvalues are roots of an irreducible polynomial of degree 3 or more, they stay exact as
CRootOf(p, k), and V, Λ, V⁻¹ (or Q, Λ) are computed with 50-digit decimals; the answer then has
``exact`` False and the checks hold to 1e-30.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import mpmath
import sympy

from .eigen import Eigenspace, eigenspaces, scale_to_integer_coefficients
from .elimination import eliminate, simplify_entry
from .errors import InputError, NotSupportedError
from .formula import (
    EQ,
    MINUS,
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
from .formula import decimal as rounded_decimal
from .highprecision import (
    DEFINITION_DIGITS,
    RESIDUAL_BOUND_TEXT,
    SHOWN_DIGITS,
    WORKING_DIGITS,
    decimal,
    from_mp_matrix,
    index_of_root,
    mp_matrix,
    numeric_matrix,
    orthonormal_basis,
    residual_check,
    root_of,
    to_mp,
)
from .highprecision import with_decimal as numeric_with_decimal
from .model import Answer, Check, SectionBuilder, Solution
from .registry import Options, operation

_X = sympy.Symbol("x")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


# ---------------------------------------------------------------------------------------------
# Exact arithmetic on algebraic numbers


def clean(x: sympy.Expr) -> sympy.Expr:
    """Bring an exact entry to a readable canonical form (rationalized denominators, denested roots)."""
    x = simplify_entry(x)
    if x.has(sympy.Pow) and not x.free_symbols:
        x = sympy.sqrtdenest(x)
    return x


def clean_matrix(M: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix(M.applyfunc(clean))


def exact_zero(x: sympy.Expr) -> bool:
    """Return True when ``x`` is exactly zero.

    Expanding the numerator over a common denominator settles most entries cheaply. For the rest, a
    value that is clearly nonzero at 30 digits is nonzero, and one that is not is rationalized and,
    failing that, tested through its minimal polynomial over ℚ, which is ``x`` exactly when the value
    is 0.
    """
    x = sympy.sympify(x)
    if x.is_Rational:
        return x == 0
    y = sympy.expand(x)
    if y == 0:
        return True
    if y.free_symbols:
        return bool(sympy.cancel(y) == 0 or y.equals(0))
    field_value = _quadratic_form(y)
    if field_value is not None:
        return field_value == (0, 0)
    # radsimp on nested radicals calls nsimplify, which is slow, so merging square roots goes first.
    if not _plain_surds(y) and _terms_cancel(y):
        return True
    if sympy.expand(sympy.together(y).as_numer_denom()[0]) == 0:
        return True
    if abs(sympy.N(y, 30)) > sympy.Float("1e-20"):
        return False
    if simplify_entry(y) == 0:
        return True
    return sympy.minimal_polynomial(y, _X) == _X


def _plain_surds(x: sympy.Expr) -> bool:
    """Return True when every power in ``x`` is an integer power or the square root of a rational, so
    that ``simplify_entry`` decides whether ``x`` is 0."""
    return all(p.exp.is_Integer or (p.exp == sympy.S.Half and p.base.is_Rational) for p in x.atoms(sympy.Pow))


def _quadratic_value(x: sympy.Expr, d: int) -> tuple[Fraction, Fraction] | None:
    """Return (a, b) with x = a + b√d, evaluating the expression tree in ℚ(√d), or None when ``x``
    contains anything but rationals, √d, sums, products and integer powers."""
    if x.is_Rational:
        return Fraction(int(x.p), int(x.q)), Fraction(0)
    if x.is_Pow and x.base == d and abs(x.exp) == sympy.S.Half:
        return (Fraction(0), Fraction(1)) if x.exp > 0 else (Fraction(0), Fraction(1, d))
    if x.is_Add or x.is_Mul:
        parts = [_quadratic_value(a, d) for a in x.args]
        if any(part is None for part in parts):
            return None
        a, b = (Fraction(0), Fraction(0)) if x.is_Add else (Fraction(1), Fraction(0))
        for c, e in parts:
            a, b = (a + c, b + e) if x.is_Add else (a * c + b * e * d, a * e + b * c)
        return a, b
    if x.is_Pow and x.exp.is_Integer:
        base = _quadratic_value(x.base, d)
        if base is None:
            return None
        a, b = base
        if x.exp < 0:
            norm = a * a - b * b * d  # nonzero for a nonzero element, because d is not a square
            if norm == 0:
                return None
            a, b = a / norm, -b / norm
        result = (Fraction(1), Fraction(0))
        for _ in range(abs(int(x.exp))):
            result = (result[0] * a + result[1] * b * d, result[0] * b + result[1] * a)
        return result
    return None


def _quadratic_form(x: sympy.Expr) -> tuple[Fraction, Fraction] | None:
    """Return (a, b) with x = a + b√d when x is built from rationals and one square root √d of an
    integer, else None."""
    radicands = {p.base for p in x.atoms(sympy.Pow) if not p.exp.is_Integer}
    if len(radicands) > 1:
        return None
    if not radicands:
        return _quadratic_value(x, 2) if x.is_number else None
    (d,) = radicands
    if not (d.is_Integer and d > 1):
        return None
    return _quadratic_value(x, int(d))


def _reduce_quadratic(x: sympy.Expr) -> sympy.Expr:
    """Rewrite a number in ℚ(√d) with a single square root √d as a + b√d; other numbers go through
    ``simplify_entry``.

    Both are exact, but SymPy's radsimp calls nsimplify on every numeric denominator, and that took most
    of the time of an SVD with nested radicals. Arithmetic on pairs (a, b) of fractions is much faster.
    """
    value = _quadratic_form(x)
    if value is None:
        return simplify_entry(x)
    radicands = {p.base for p in x.atoms(sympy.Pow) if not p.exp.is_Integer}
    a, b = (sympy.Rational(c.numerator, c.denominator) for c in value)
    return a + b * sympy.sqrt(radicands.pop()) if radicands else a


def _sqrt_quadratic(value: sympy.Expr) -> sympy.Expr:
    """√(a + b√d), denested to √x ± √y with rational x, y when a² − b²d is a rational square.

    (√x + √y)² = x + y + 2√(xy), so x + y = a and 4xy = b²d; x and y are (a ± √(a² − b²d))/2.
    """
    form = _quadratic_form(value)
    if form is None or form[1] == 0:
        return sympy.sqrt(value)
    a, b = (sympy.Rational(c.numerator, c.denominator) for c in form)
    d = next(p.base for p in value.atoms(sympy.Pow) if not p.exp.is_Integer)
    c = sympy.sqrt(a**2 - b**2 * d)
    if not c.is_Rational or a <= 0:
        return sympy.sqrt(value)
    return sympy.sqrt((a + c) / 2) + sympy.sign(b) * sympy.sqrt((a - c) / 2)


def _merge_square_roots(term: sympy.Expr) -> sympy.Expr | None:
    """Write the square roots of a product as one square root, √a·√b/√c = √(ab/c), and denest it.

    The rule holds for positive radicands only, so None is returned when a radicand is not positive.
    """
    coefficient = sympy.Integer(1)
    radicand = sympy.Integer(1)
    for factor in sympy.Mul.make_args(term):
        if factor.is_Pow and factor.exp in (sympy.S.Half, -sympy.S.Half):
            if factor.base.is_positive is not True:
                return None
            radicand *= factor.base ** (2 * factor.exp)
        else:
            coefficient *= factor
    if radicand == 1:
        return term
    return coefficient * _sqrt_quadratic(_reduce_quadratic(radicand))


def _terms_cancel(y: sympy.Expr) -> bool:
    """Prove that a sum of products of nested square roots is 0, or return False when this test cannot.

    Each term divided by the first merges into one square root. When every such ratio denests into
    ℚ(√d), the sum 1 + Σ ratios is decided there exactly. This is much faster than a minimal polynomial
    for the entries of UΣVᵀ and UᵀU.
    """
    terms = sympy.Add.make_args(y)
    if len(terms) < 2:
        return False
    ratios = []
    for term in terms[1:]:
        ratio = _merge_square_roots(term / terms[0])
        if ratio is None:
            return False
        ratios.append(ratio)
    value = _quadratic_form(1 + sympy.Add(*ratios))
    return value == (0, 0)


def _radical_candidates(x: sympy.Expr) -> list[sympy.Expr]:
    """Exact rewrites of a real or complex number, any of which may be shorter than ``x``."""
    if _plain_surds(x):
        expanded = sympy.expand(x)
        rationalized = _reduce_quadratic(expanded)
        return [expanded, rationalized, sympy.factor_terms(rationalized)]
    nested = {p: _sqrt_quadratic(p.base) for p in x.atoms(sympy.Pow) if p.exp == sympy.S.Half}
    denested = x.xreplace(nested)
    candidates = [denested, sympy.expand(denested)]
    if x.is_extended_real:
        # x = ±√(x²), and x² often lies in ℚ(√d) even when x has a product of nested radicals.
        square = _reduce_quadratic(x**2)
        if _plain_surds(square) and square.is_positive:
            sign = -1 if is_negative(x) else 1
            for radicand in (square, sympy.factor_terms(square)):
                root = _sqrt_quadratic(radicand) if radicand.is_Add else sympy.sqrt(radicand)
                candidates += [sign * root, sign * sympy.expand(root)]
    return candidates


def _equal(candidate: sympy.Expr, x: sympy.Expr) -> bool:
    """Prove ``candidate = x`` exactly; for nonzero real numbers through equal squares and equal signs."""
    if x.is_extended_real and candidate.is_extended_real:
        difference = _quadratic_form(sympy.expand(candidate**2 - x**2))
        if difference is not None:
            return difference == (0, 0) and is_negative(candidate) == is_negative(x)
    return exact_zero(candidate - x)


def simplest_radical(x: sympy.Expr) -> sympy.Expr:
    """Return the shortest exact form of a number with square roots (by ``count_ops``), proven equal to ``x``.

    The candidates are expanded and rationalized forms, nested roots √(a + b√d) denested where a² − b²d
    is a rational square, and ±√(x²) with x² rationalized: √2·(√10/2 + 5√2/2)/2 becomes (5 + √5)/2. A
    candidate is used only after it is proven equal to ``x``; otherwise ``x`` is returned unchanged.

    >>> simplest_radical(sympy.sqrt(2) * (sympy.sqrt(10) / 2 + 5 * sympy.sqrt(2) / 2) / 2)
    (sqrt(5) + 5)/2
    """
    x = sympy.sympify(x)
    if x.is_Rational or x.free_symbols or not x.has(sympy.Pow) or x.has(sympy.Float):
        return x
    if x.is_zero:
        return sympy.Integer(0)

    def size(e: sympy.Expr) -> tuple[int, int]:
        return sympy.count_ops(e), len(str(e))

    # A candidate as short as x still wins, so that the entries of one vector take the same form.
    current = size(x)
    for candidate in sorted(set(_radical_candidates(x)) - {x}, key=size):
        if size(candidate) > current:
            break
        if _equal(candidate, x):
            return candidate
    return x


def compare(computed: sympy.MatrixBase, expected: sympy.MatrixBase) -> tuple[bool, sympy.ImmutableMatrix]:
    """Test two matrices for exact equality; also return ``computed`` in readable form.

    An entry proven equal to its expected entry is shown as that entry, since rationalizing a product
    of nested radicals only to reach the same number is slow; other entries are shown cleaned.
    """
    if computed.shape != expected.shape:
        return False, sympy.ImmutableMatrix(computed)
    shown = sympy.Matrix(computed)
    passed = True
    for index, (c, e) in enumerate(zip(computed, expected, strict=True)):
        if exact_zero(c - e):
            shown[index] = e
        else:
            shown[index] = clean(c)
            passed = False
    return passed, sympy.ImmutableMatrix(shown)


def matrices_equal(A: sympy.MatrixBase, B: sympy.MatrixBase) -> bool:
    """Exact equality of two matrices, entry by entry."""
    return compare(A, B)[0]


def is_negative(x: sympy.Expr) -> bool:
    """Sign test of a real exact number; decides radicals that SymPy leaves undecided by evaluation."""
    negative = x.is_negative
    if negative is None:
        return bool(sympy.N(x, 30) < 0)
    return bool(negative)


def dot(u: sympy.MatrixBase, v: sympy.MatrixBase) -> sympy.Expr:
    """Return the real dot product uᵀv of two column vectors."""
    return sum((a * b for a, b in zip(u, v, strict=True)), sympy.Integer(0))


def integer_scaled(v: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """Scale ``v`` by a positive rational so that the rational coefficients of its entries are integers
    with no common factor (27/4 + √34/2 counts 27/4 and 1/2).

    >>> integer_scaled(sympy.Matrix([sympy.Rational(1, 2), sympy.Rational(-3, 4)])).T
    Matrix([[2, -3]])
    """
    return sympy.ImmutableMatrix(scale_to_integer_coefficients(v)[0])


def first_nonzero_positive(v: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """Return ``v`` or ``−v``, whichever has a positive first nonzero entry (real vectors only)."""
    for x in v:
        if not exact_zero(x):
            if x.is_extended_real is not False and is_negative(x):
                return sympy.ImmutableMatrix(-v)
            break
    return sympy.ImmutableMatrix(v)


# ---------------------------------------------------------------------------------------------
# Notation


def vector_name(letter: str, index: int) -> Token:
    """Return the bold indexed name of a vector, such as v₂."""
    return Token(rf"\mathbf{{{letter}}}_{{{index}}}", f"{letter}{str(index).translate(_SUBSCRIPTS)}")


def norm_of(name: Token) -> Token:
    return Token(rf"\lVert {name.latex} \rVert", f"‖{name.text}‖")


def name(latex: str, text: str | None = None) -> Token:
    return Token.name(latex, text)


def _latex(part: object) -> str:
    return part.latex() if isinstance(part, Formula) else latex_of(part)


def _text(part: object) -> str:
    return part.text() if isinstance(part, Formula) else text_of(part)


def decimal_matrix(M: sympy.MatrixBase, digits: int = 4) -> sympy.ImmutableMatrix:
    """``M`` with each numeric entry correctly rounded to ``digits`` significant digits, shown beside
    exact radicals.

    >>> decimal_matrix(sympy.Matrix([[sympy.sqrt(3) / 3, 1]]))
    Matrix([[0.5774, 1]])
    """
    return sympy.ImmutableMatrix(
        M.applyfunc(lambda x: x if x.is_Rational or not x.is_number else rounded_decimal(x, digits))
    )


def needs_decimals(M: sympy.MatrixBase) -> bool:
    return any(not x.is_Rational for x in M)


def matrix_with_decimals(label: Token, M: sympy.MatrixBase) -> Formula:
    """``label = M`` followed by ``≈ decimals`` when an entry is irrational."""
    if needs_decimals(M):
        return Formula.of(label, EQ, M, Token(r"\approx", "≈"), decimal_matrix(M))
    return Formula.of(label, EQ, M)


# ---------------------------------------------------------------------------------------------
# Gram-Schmidt and normalization


def orthogonalize(
    vectors: Sequence[sympy.MatrixBase], section: SectionBuilder, letter: str = "w", first: int = 1
) -> list[sympy.ImmutableMatrix]:
    """Gram-Schmidt without normalization, shown step by step; rational results are scaled to integers.

    Scaling a vector does not change its orthogonality to the others, so integers keep the later
    projections readable; the vectors are normalized afterwards by :func:`normalize`.
    """
    out: list[sympy.ImmutableMatrix] = []
    for k, v in enumerate(vectors):
        v = sympy.ImmutableMatrix(v)
        index = first + k
        if not out:
            out.append(integer_scaled(v))
            section.step(
                "Gram-Schmidt starts from the first vector as it is:",
                math=Formula.of(vector_name(letter, index), EQ, out[-1]),
            )
            continue
        w = sympy.Matrix(v)
        terms: list[object] = [v]
        for prev in out:
            coefficient = clean(dot(v, prev) / dot(prev, prev))
            w = w - coefficient * prev
            terms.extend([MINUS, paren(coefficient), prev])
        w = clean_matrix(w)
        scaled = integer_scaled(w)
        math = [Formula.of(vector_name(letter, index), EQ, Formula.of(*terms), EQ, w)]
        if scaled != w:
            math.append(Formula.of(vector_name(letter, index), EQ, scaled))
        section.step(
            "Subtract from the next vector its projection onto each earlier one, the coefficient of ",
            name(r"\mathbf{w}", "w"),
            " being ",
            Formula.of(
                Token(r"\frac{\mathbf{v} \cdot \mathbf{w}}{\mathbf{w} \cdot \mathbf{w}}", "(v·w)/(w·w)")
            ),
            "; a multiple of the result is just as orthogonal, so it is scaled to integers where possible.",
            math=math,
        )
        out.append(scaled)
    return out


def squared(x: sympy.Expr) -> Formula:
    """``x²`` as written by hand, with parentheses unless ``x`` is a nonnegative integer."""
    x = sympy.sympify(x)
    if x.is_Integer and x >= 0:
        return Formula.of(x, Token("^{2}", "²"))
    return Formula.of(Token(r"\left(", "("), x, Token(r"\right)^{2}", ")²"))


def sum_of_squares(values: Sequence[sympy.Expr]) -> Formula:
    return join([squared(x) for x in values]) if values else Formula.of(sympy.Integer(0))


def normalize(v: sympy.MatrixBase) -> tuple[sympy.ImmutableMatrix, sympy.Expr]:
    """Return ``v/‖v‖`` and ``‖v‖``, with ``‖v‖ = √(vᵀv)`` denested when SymPy can."""
    length = clean(sympy.sqrt(clean(dot(v, v))))
    unit = sympy.ImmutableMatrix(v.applyfunc(lambda x: clean(x / length)))
    return unit, length


def show_normalize(
    section: SectionBuilder, v: sympy.MatrixBase, letter: str, index: int
) -> sympy.ImmutableMatrix:
    """Normalize ``v`` and add the step that shows ‖v‖ and the unit vector."""
    unit, length = normalize(v)
    squares = sum_of_squares(list(v))
    section.step(
        "Divide by the length ",
        Formula.of(norm_of(vector_name("v", index))),
        " to get a unit vector:",
        math=[
            Formula.of(
                norm_of(vector_name("v", index)),
                EQ,
                Token(rf"\sqrt{{{squares.latex()}}}", f"√({squares.text()})"),
                EQ,
                with_decimal(length),
            ),
            matrix_with_decimals(vector_name(letter, index), unit),
        ],
    )
    return unit


# ---------------------------------------------------------------------------------------------
# Inverse, shown


def show_elimination(section: SectionBuilder, elimination, bar: int | None = None) -> None:
    """Add one step per elimination step: the reason, the row operations and the matrix after them."""
    for step in elimination.steps:
        shown = augmented(step.matrix, bar) if bar is not None else step.matrix
        section.step(
            step.reason,
            math=[join([op.formula() for op in step.operations], Token(r",\quad", ",  ")), Formula.of(shown)],
        )


def inverse_with_steps(
    M: sympy.MatrixBase, section: SectionBuilder, label: str = "V", label_latex: str | None = None
) -> sympy.ImmutableMatrix:
    """Invert ``M`` (assumed invertible) and show how: the 2×2 formula, or Gauss-Jordan on [M | I].

    ``label`` is the matrix's name in text, ``label_latex`` its LaTeX when that differs.
    """
    latex_label = label if label_latex is None else label_latex
    M = sympy.ImmutableMatrix(M)
    inv_name = name(rf"{latex_label}^{{-1}}", f"{label}⁻¹")
    if M.shape == (2, 2):
        a, b, c, d = M
        det = clean(a * d - b * c)
        adjugate = sympy.ImmutableMatrix([[d, -b], [-c, a]])
        inverse = clean_matrix(adjugate / det)
        section.step(
            f"For a 2×2 matrix, {label}⁻¹ is the adjugate (swap the diagonal, negate the off-diagonal) "
            f"divided by the determinant ad − bc:",
            math=[
                Formula.of(
                    name(rf"\det {latex_label}", f"det {label}"),
                    EQ,
                    paren(a),
                    TIMES,
                    paren(d),
                    MINUS,
                    paren(b),
                    TIMES,
                    paren(c),
                    EQ,
                    det,
                ),
                Formula.of(
                    inv_name,
                    EQ,
                    Token(rf"\frac{{1}}{{{latex_of(det)}}}", f"(1/{_text(paren(det))})"),
                    adjugate,
                    EQ,
                    inverse,
                ),
            ],
        )
        return inverse
    n = M.rows
    block = M.row_join(sympy.eye(n))
    elimination = eliminate(block, reduced=True, pivot_columns_limit=n)
    section.step(
        f"Row-reduce [{label} | I] by Gauss-Jordan elimination; when the left block becomes I, the right "
        f"block is {label}⁻¹.",
        math=Formula.of(augmented(block, n)),
    )
    show_elimination(section, elimination, n)
    inverse = clean_matrix(elimination.result[:, n:])
    section.step("The right block is the inverse:", math=matrix_with_decimals(inv_name, inverse))
    return inverse


# ---------------------------------------------------------------------------------------------
# The operation


def _is_real_symmetric(A: sympy.MatrixBase) -> bool:
    return all(x.is_extended_real for x in A) and all(
        exact_zero(A[i, j] - A[j, i]) for i in range(A.rows) for j in range(i)
    )


def irreducible_factor(spaces: Sequence[Eigenspace]) -> sympy.Expr | None:
    """The irreducible factor of degree 3 or more whose roots are eigenvalues, if there is one.

    ``derive.eigen`` writes such roots with cosines, cube roots or CRootOf and sets their minimal
    polynomial; factoring V or inverting it with those expressions does not simplify.
    """
    for s in spaces:
        if s.minimal_polynomial is not None:
            return s.minimal_polynomial.as_expr()
    return None


def exact_eigenvalue(space: Eigenspace) -> sympy.Expr:
    """Return the eigenvalue of ``space`` in the form an answer uses: as it is, or as CRootOf(m, k) of its
    minimal polynomial m when ``derive.eigen`` wrote it with cosines, cube roots or CRootOf."""
    m = space.minimal_polynomial
    if m is None:
        return space.value
    return root_of(m, index_of_root(space.value, m))


def polynomial_vector_at(vector: sympy.MatrixBase, var: sympy.Symbol, root: mpmath.mpf | mpmath.mpc) -> list:
    """Evaluate a vector of polynomials in ``var`` at a root given to ``WORKING_DIGITS`` digits."""
    with mpmath.workdps(WORKING_DIGITS):
        return [
            mpmath.polyval([to_mp(c) for c in sympy.Poly(entry, var).all_coeffs()], root) for entry in vector
        ]


def entry_is_zero_modulo(entry: sympy.Expr, m: sympy.Poly) -> bool:
    """Return True when a polynomial entry of v(λ) is 0 modulo the minimal polynomial m, so 0 at every
    root of m."""
    return (
        sympy.Poly(entry, m.gen, domain=sympy.QQ).rem(sympy.Poly(m.as_expr(), m.gen, domain=sympy.QQ)).is_zero
    )


def _eigenvalue_names(first: int, count: int) -> list[object]:
    """λ₁ = λ₂ = … for ``count`` equal eigenvalues numbered from ``first``, followed by "=" ."""
    parts: list[object] = []
    for i in range(first, first + count):
        parts += [Token(rf"\lambda_{{{i}}}", f"λ{str(i).translate(_SUBSCRIPTS)}"), EQ]
    return parts


def explain_numeric_switch(
    section: SectionBuilder,
    spaces: Sequence[Eigenspace],
    values: Sequence[sympy.Expr],
    subject: str,
    parts: str,
) -> None:
    """Add the step that explains why the derivation continues with decimals and defines each root exactly.

    ``subject`` names the eigenvalues ("The eigenvalues of AᵀA"), ``parts`` the matrices computed with
    decimals ("the singular vectors and U, Σ, V").
    """
    polynomials: list[sympy.Expr] = []
    definitions = []
    index = 0
    for space, value in zip(spaces, values, strict=True):
        index += space.algebraic
        if space.minimal_polynomial is None:
            continue
        if space.minimal_polynomial.as_expr() not in polynomials:
            polynomials.append(space.minimal_polynomial.as_expr())
        definitions.append(
            Formula.of(
                *_eigenvalue_names(index - space.algebraic + 1, space.algebraic),
                value,
                Token(r"\approx", "≈"),
                decimal(value, DEFINITION_DIGITS),
            )
        )
    listed = [part for k, p in enumerate(polynomials) for part in ((" and " if k else ""), p)]
    plural = "polynomials" if len(polynomials) > 1 else "polynomial"
    section.step(
        f"{subject} include roots of the irreducible {plural} ",
        *listed,
        ", of degree 3 or more. Their closed "
        f"forms (cosines, cube roots or CRootOf) do not simplify in the products, sums and quotients that "
        f"{parts} need, so exact entries there would be unusable. The eigenvalues stay exact: each is "
        "CRootOf(p, k), the root of its polynomial p with index k, where real roots come first in "
        f"increasing order, then complex ones. From here on {parts} are computed with {WORKING_DIGITS}-digit "
        f"decimals ({SHOWN_DIGITS} significant digits shown), and the checks multiply them out at that "
        "precision.",
        math=definitions,
    )


LAMBDA = name(r"\Lambda", "Λ")


@operation(
    "eigendecomposition",
    "diagonalize a square matrix: A = VΛV⁻¹, or A = QΛQᵀ when A is symmetric",
    methods=("general", "symmetric"),
    square=True,
)
def eigendecomposition(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Diagonalize ``A`` with its eigenvalues in descending order.

    >>> from sympy import Matrix
    >>> import derive
    >>> derive.solve("eigendecomposition", Matrix([[2, 1], [1, 2]])).answer.values["eigenvalues"]
    [3, 1]
    """
    symmetric = _is_real_symmetric(A)
    intro = SectionBuilder("Method")
    if method == "symmetric" and not symmetric:
        raise InputError(
            "--method symmetric needs a real symmetric matrix (A = Aᵀ), but A is not symmetric; "
            "use --method general"
        )
    if method is None:
        method = "symmetric" if symmetric else "general"
        if symmetric:
            intro.step(
                "A equals its transpose and its entries are real, so by the spectral theorem it has real "
                "eigenvalues and an orthonormal basis of eigenvectors: A = QΛQᵀ with Q orthogonal "
                "(Q⁻¹ = Qᵀ). This is the method used."
            )
        else:
            intro.step(
                "A is not symmetric, so it is diagonalized as A = VΛV⁻¹, with the eigenvectors as the "
                "columns of V, when it has n independent eigenvectors."
            )
    else:
        intro.step(f"The {method} method was requested.")
    intro.step(
        "The eigenvalues go down the diagonal of Λ in descending order (by real part, then imaginary "
        "part), and the columns of the eigenvector matrix follow the same order."
    )

    spaces, eigen_sections = eigenspaces(A, order="descending")
    factor = irreducible_factor(spaces)
    sections = [intro.build(), *eigen_sections]
    values = [exact_eigenvalue(s) for s in spaces]
    eigenvalues = [v for s, v in zip(spaces, values, strict=True) for _ in range(s.algebraic)]

    multiplicities = SectionBuilder("Diagonalizability")
    for s, value in zip(spaces, values, strict=True):
        multiplicities.step(
            "The eigenvalue ",
            numeric_with_decimal(value),
            f" has algebraic multiplicity {s.algebraic} and "
            f"geometric multiplicity {s.geometric} (dimension of its eigenspace).",
        )
    defective = [s for s in spaces if s.geometric < s.algebraic]
    if any(s.minimal_polynomial is not None for s in defective):
        # NOTE: the rank check of _not_diagonalizable needs A − λI with λ in radicals. A repeated
        # irreducible factor of degree 3 needs n ≥ 6, so no 3×3 to 5×5 matrix reaches this branch.
        raise NotSupportedError(
            f"eigendecomposition: A is not diagonalizable, and its defective eigenvalues are roots of the "
            f"irreducible polynomial {text_of(factor)}; run eigenvectors for its eigenspaces"
        )
    if defective:
        return _not_diagonalizable(A, spaces, values, defective, sections, multiplicities, method)
    multiplicities.step(
        f"Every geometric multiplicity equals its algebraic multiplicity, so A has {A.rows} independent "
        "eigenvectors and is diagonalizable."
    )
    sections.append(multiplicities.build())
    if factor is not None:
        return _numeric_decomposition(A, spaces, values, sections, method)
    if method == "symmetric":
        return _symmetric(A, spaces, eigenvalues, sections)
    return _general(A, spaces, eigenvalues, sections)


def _not_diagonalizable(A, spaces, values, defective, sections, multiplicities, method) -> Solution:
    for s in defective:
        multiplicities.step(
            "The eigenvalue ",
            s.value,
            f" has only {s.geometric} independent eigenvector(s) but algebraic "
            f"multiplicity {s.algebraic}, so A is not diagonalizable: there are fewer than {A.rows} "
            "independent eigenvectors to form V.",
        )
    sections.append(multiplicities.build())
    var = sympy.Symbol("t")
    charpoly = sympy.Matrix(A).charpoly(var)
    checks = []
    n = A.rows
    for s in defective:
        rank = (sympy.Matrix(A) - s.value * sympy.eye(n)).rank(simplify=simplify_entry)
        remainder = sympy.rem(charpoly.as_expr(), (var - s.value) ** s.algebraic, var)
        divides = all(exact_zero(c) for c in sympy.Poly(remainder, var).all_coeffs())
        shifted = name(rf"A - {sympy.latex(s.value)} I", f"A − ({s.value})I")
        checks.append(
            Check(
                (
                    f"rank(A − λI) = {rank} for λ = {s.value}, so its null space has dimension {n - rank}, "
                    f"less than the algebraic multiplicity {s.algebraic}",
                ),
                passed=n - rank == s.geometric and n - rank < s.algebraic and divides,
                math=(
                    Formula.of(name(r"\operatorname{rank}", "rank"), shifted, EQ, rank),
                    Formula.of(
                        name(
                            rf"(t - {sympy.latex(s.value)})^{{{s.algebraic}}}",
                            f"(t − ({s.value}))^{s.algebraic}",
                        ),
                        name(r"\text{ divides }", " divides "),
                        charpoly.as_expr(),
                    ),
                ),
            )
        )
    eigenvalues = [v for s, v in zip(spaces, values, strict=True) for _ in range(s.algebraic)]
    answer = Answer(
        values={
            "diagonalizable": False,
            "eigenvalues": eigenvalues,
            "algebraic_multiplicity": {v: s.algebraic for s, v in zip(spaces, values, strict=True)},
            "geometric_multiplicity": {v: s.geometric for s, v in zip(spaces, values, strict=True)},
        },
        display=(Formula.of(name(r"\text{not diagonalizable}", "not diagonalizable")),),
        summary=(
            "A is not diagonalizable: an eigenvalue has fewer independent eigenvectors than its "
            "multiplicity.",
        ),
    )
    return Solution(
        "eigendecomposition",
        "Eigendecomposition",
        ("Diagonalize A.",),
        {"A": A},
        answer,
        sections,
        checks,
        method,
    )


def _general(A, spaces, eigenvalues, sections) -> Solution:
    build = SectionBuilder("Eigenvector matrix V and eigenvalue matrix Λ")
    columns = []
    index = 1
    for s in spaces:
        for vector in s.basis:
            scaled = integer_scaled(clean_matrix(vector))
            columns.append(scaled)
            build.step(
                f"Column {index} of V is an eigenvector for ",
                with_decimal(s.value),
                ", scaled to integers with no common factor where its entries allow:",
                math=Formula.of(vector_name("v", index), EQ, scaled),
            )
            index += 1
    V = sympy.ImmutableMatrix.hstack(*columns)
    Lam = sympy.ImmutableMatrix(sympy.diag(*eigenvalues))
    build.step(
        "The eigenvectors as columns, and the eigenvalues in the same order on the diagonal:",
        math=[Formula.of(name("V"), EQ, V), Formula.of(LAMBDA, EQ, Lam)],
    )
    sections.append(build.build())

    inverse_section = SectionBuilder("Inverse of V")
    V_inv = inverse_with_steps(V, inverse_section, "V")
    sections.append(inverse_section.build())

    result = SectionBuilder("Result")
    V_inv_name = name("V^{-1}", "V⁻¹")
    result.step(
        "Putting the factors together:",
        math=Formula.of(name("A"), EQ, name("V"), LAMBDA, V_inv_name, EQ, V, Lam, V_inv),
    )
    sections.append(result.build())

    product_equal, product = compare(V * Lam * V_inv, A)
    identity_equal, identity = compare(V * V_inv, sympy.eye(A.rows))
    checks = [
        Check(
            ("The product VΛV⁻¹, multiplied out, equals A.",),
            product_equal,
            (chain(Formula.of(name("V"), LAMBDA, V_inv_name), product),),
        ),
        Check(
            ("V times the computed V⁻¹ is the identity.",),
            identity_equal,
            (chain(Formula.of(name("V"), V_inv_name), identity),),
        ),
    ]
    answer = Answer(
        values={
            "diagonalizable": True,
            "eigenvalues": eigenvalues,
            "V": V,
            "Lambda": Lam,
            "V_inv": V_inv,
            "exact": True,
        },
        display=(
            Formula.of(name("V"), EQ, V),
            Formula.of(LAMBDA, EQ, Lam),
            Formula.of(V_inv_name, EQ, V_inv),
        ),
        summary=("A = VΛV⁻¹ with the eigenvectors as the columns of V.",),
    )
    return Solution(
        "eigendecomposition",
        "Eigendecomposition",
        ("Diagonalize A as A = VΛV⁻¹.",),
        {"A": A},
        answer,
        sections,
        checks,
        "general",
    )


def orthonormal_eigenvectors(
    spaces: Sequence[Eigenspace], section: SectionBuilder, letter: str = "q"
) -> list[sympy.ImmutableMatrix]:
    """Orthonormal eigenvectors of a symmetric matrix, in the order of ``spaces``, with the steps shown.

    Eigenvectors of distinct eigenvalues of a symmetric matrix are already orthogonal, so Gram-Schmidt
    runs only inside an eigenspace of dimension 2 or more. Each vector's first nonzero entry is made
    positive (the sign convention).
    """
    out: list[sympy.ImmutableMatrix] = []
    for s in spaces:
        basis = [integer_scaled(clean_matrix(b)) for b in s.basis]
        if len(basis) > 1:
            section.step(
                "The eigenvalue ",
                with_decimal(s.value),
                f" has a {len(basis)}-dimensional eigenspace, whose "
                "basis vectors need not be orthogonal, so Gram-Schmidt makes them orthogonal:",
            )
            basis = orthogonalize(basis, section, "w", len(out) + 1)
        for b in basis:
            b = first_nonzero_positive(b)
            index = len(out) + 1
            section.step(
                "Eigenvector for ",
                with_decimal(s.value),
                ", first nonzero entry positive:",
                math=Formula.of(vector_name("v", index), EQ, b),
            )
            out.append(show_normalize(section, b, letter, index))
    return out


def _symmetric(A, spaces, eigenvalues, sections) -> Solution:
    ortho = SectionBuilder("Orthonormal eigenvectors")
    ortho.step(
        "For a symmetric matrix, eigenvectors of different eigenvalues are orthogonal, so only the vectors "
        "within one eigenspace may need Gram-Schmidt; then each is divided by its length."
    )
    columns = orthonormal_eigenvectors(spaces, ortho)
    sections.append(ortho.build())
    Q = sympy.ImmutableMatrix.hstack(*columns)
    Lam = sympy.ImmutableMatrix(sympy.diag(*eigenvalues))
    result = SectionBuilder("Result")
    QT = name("Q^{T}", "Qᵀ")
    result.step(
        "The unit eigenvectors are the columns of Q, the eigenvalues in the same order are the diagonal "
        "of Λ, and since Q is orthogonal its inverse is its transpose:",
        math=[
            matrix_with_decimals(name("Q"), Q),
            Formula.of(LAMBDA, EQ, Lam),
            Formula.of(name("A"), EQ, name("Q"), LAMBDA, QT, EQ, Q, Lam, Q.T),
        ],
    )
    sections.append(result.build())
    gram_equal, gram = compare(Q.T * Q, sympy.eye(A.rows))
    product_equal, product = compare(Q * Lam * Q.T, A)
    checks = [
        Check(
            ("QᵀQ = I: the columns of Q are orthonormal.",),
            gram_equal,
            (chain(Formula.of(QT, name("Q")), gram),),
        ),
        Check(
            ("The product QΛQᵀ, multiplied out, equals A.",),
            product_equal,
            (chain(Formula.of(name("Q"), LAMBDA, QT), product),),
        ),
    ]
    answer = Answer(
        values={"diagonalizable": True, "eigenvalues": eigenvalues, "Q": Q, "Lambda": Lam, "exact": True},
        display=(matrix_with_decimals(name("Q"), Q), Formula.of(LAMBDA, EQ, Lam)),
        summary=("A = QΛQᵀ with orthonormal eigenvectors as the columns of Q.",),
    )
    return Solution(
        "eigendecomposition",
        "Eigendecomposition of a symmetric matrix",
        ("Diagonalize the symmetric matrix A as A = QΛQᵀ.",),
        {"A": A},
        answer,
        sections,
        checks,
        "symmetric",
    )


# ---------------------------------------------------------------------------------------------
# Eigenvalues beyond square roots: exact eigenvalues, factors with WORKING_DIGITS-digit decimals


def _numeric_decomposition(A, spaces, values, sections, method) -> Solution:
    """Build A = VΛV⁻¹ (or QΛQᵀ) with exact CRootOf eigenvalues and decimal factors, for eigenvalues that
    are roots of an irreducible polynomial of degree 3 or more."""
    symmetric = method == "symmetric"
    letter = "Q" if symmetric else "V"
    parts = "the eigenvectors and Q, Λ" if symmetric else "the eigenvectors and V, Λ, V⁻¹"
    switch = SectionBuilder("Exact and numeric parts")
    explain_numeric_switch(switch, spaces, values, "The eigenvalues of A", parts)
    sections.append(switch.build())

    title = "Orthonormal eigenvectors" if symmetric else "Eigenvector matrix V and eigenvalue matrix Λ"
    build = SectionBuilder(title)
    columns: list[mpmath.matrix] = []
    for s, value in zip(spaces, values, strict=True):
        columns += _numeric_columns(s, value, build, symmetric, len(columns) + 1)
    with mpmath.workdps(WORKING_DIGITS):
        V_mp = mpmath.matrix(A.rows, A.rows)
        for j, column in enumerate(columns):
            for i in range(A.rows):
                V_mp[i, j] = column[i]
        eigenvalues = [v for s, v in zip(spaces, values, strict=True) for _ in range(s.algebraic)]
        Lam_mp = mpmath.diag([to_mp(v) for v in eigenvalues])
    V = from_mp_matrix(V_mp)
    Lam = from_mp_matrix(Lam_mp)
    build.step(
        f"The eigenvectors as the columns of {letter}, and the eigenvalues in the same order on the diagonal "
        f"of Λ, with {WORKING_DIGITS} digits:",
        math=[numeric_matrix(name(letter), V), numeric_matrix(LAMBDA, Lam)],
    )
    sections.append(build.build())
    checks = _exact_eigenvector_checks(A, spaces, values)
    A_mp = mp_matrix(A)
    if symmetric:
        with mpmath.workdps(WORKING_DIGITS):
            product = V_mp * Lam_mp * V_mp.T - A_mp
            gram = V_mp.T * V_mp - mpmath.eye(A.rows)
        checks += [
            residual_check("QΛQᵀ − A is 0", product, Token(r"Q \Lambda Q^{T} - A", "QΛQᵀ − A")),
            residual_check(
                "QᵀQ − I is 0: the columns of Q are orthonormal", gram, Token(r"Q^{T} Q - I", "QᵀQ − I")
            ),
        ]
        values_out = {
            "diagonalizable": True,
            "eigenvalues": eigenvalues,
            "Q": V,
            "Lambda": Lam,
            "exact": False,
        }
        display = (numeric_matrix(name("Q"), V), numeric_matrix(LAMBDA, Lam))
        return _numeric_solution(A, values_out, display, eigenvalues, sections, checks, "symmetric")

    inverse = SectionBuilder("Inverse of V")
    with mpmath.workdps(WORKING_DIGITS):
        V_inv_mp = mpmath.inverse(V_mp)
    V_inv = from_mp_matrix(V_inv_mp)
    inverse.step(
        f"V⁻¹ comes from Gaussian elimination with partial pivoting (mpmath's inverse) at {WORKING_DIGITS} "
        "digits; exact elimination on entries with these roots would not simplify.",
        math=numeric_matrix(name("V^{-1}", "V⁻¹"), V_inv),
    )
    sections.append(inverse.build())
    with mpmath.workdps(WORKING_DIGITS):
        product = V_mp * Lam_mp * V_inv_mp - A_mp
        identity = V_mp * V_inv_mp - mpmath.eye(A.rows)
    checks += [
        residual_check("VΛV⁻¹ − A is 0", product, Token(r"V \Lambda V^{-1} - A", "VΛV⁻¹ − A")),
        residual_check("V·V⁻¹ − I is 0", identity, Token(r"V V^{-1} - I", "VV⁻¹ − I")),
    ]
    values_out = {
        "diagonalizable": True,
        "eigenvalues": eigenvalues,
        "V": V,
        "Lambda": Lam,
        "V_inv": V_inv,
        "exact": False,
    }
    display = (
        numeric_matrix(name("V"), V),
        numeric_matrix(LAMBDA, Lam),
        numeric_matrix(name("V^{-1}", "V⁻¹"), V_inv),
    )
    return _numeric_solution(A, values_out, display, eigenvalues, sections, checks, "general")


def _numeric_columns(space: Eigenspace, value, section: SectionBuilder, symmetric: bool, first: int) -> list:
    """The eigenvector columns of one eigenspace at WORKING_DIGITS digits, with the step that shows them.

    An eigenvector of a root of an irreducible polynomial m is v(λ), found over ℚ[λ]/(m) in the eigenvector
    section and evaluated at the root. Other eigenvectors are exact and scaled to integers. For Q they are
    also made orthonormal, each with its first nonzero entry positive.
    """
    m = space.minimal_polynomial
    if m is None:
        exact = [integer_scaled(clean_matrix(b)) for b in space.basis]
        shown = [Formula.of(vector_name("v", first + k), EQ, b) for k, b in enumerate(exact)]
        found = [[to_mp(x) for x in b] for b in exact]
        how = "an exact eigenvector, scaled to integers"
    else:
        root = to_mp(value)
        found = [polynomial_vector_at(v, m.gen, root) for v in space.polynomial_basis]
        variable = Token(rf"v\left({sympy.latex(m.gen)}\right)", f"v({text_of(m.gen)})")
        shown = [Formula.of(variable, EQ, v) for v in space.polynomial_basis]
        how = f"v({text_of(m.gen)}) from the reduction modulo the polynomial, at the root"
    if symmetric:
        vectors = orthonormal_basis(found)
        how += ", made orthonormal with its first nonzero entry positive"
    else:
        with mpmath.workdps(WORKING_DIGITS):
            vectors = [mpmath.matrix(v) for v in found]
    label = "q" if symmetric else "v"
    section.step(
        "For the eigenvalue ",
        value,
        f", the column is {how}, computed with {WORKING_DIGITS} digits:",
        math=shown
        + [numeric_matrix(vector_name(label, first + k), from_mp_matrix(v)) for k, v in enumerate(vectors)],
    )
    return vectors


def _exact_eigenvector_checks(A, spaces, values) -> list[Check]:
    """Check (A − λI)v = 0 exactly for each exact eigenvector, and (A − λI)v(λ) ≡ 0 modulo m for each
    eigenvector of the roots of an irreducible m, so that (A − λI)v(λ) is 0 at every root of m."""
    checks = []
    done: list[sympy.Expr] = []
    n = A.rows
    for s, value in zip(spaces, values, strict=True):
        m = s.minimal_polynomial
        if m is None:
            for b in s.basis:
                b = integer_scaled(clean_matrix(b))
                passed, residual = compare((sympy.Matrix(A) - value * sympy.eye(n)) * b, sympy.zeros(n, 1))
                checks.append(
                    Check(
                        prose("(A − λI)v = 0 exactly for λ = ", value, ", v = ", b.T, "ᵀ."),
                        passed and any(not exact_zero(x) for x in b),
                        (Formula.of(Token(r"(A - \lambda I)\mathbf{v}", "(A − λI)v"), EQ, residual),),
                    )
                )
            continue
        if m.as_expr() in done:
            continue
        done.append(m.as_expr())
        for v in s.polynomial_basis:
            residual = ((sympy.Matrix(A) - m.gen * sympy.eye(n)) * v).applyfunc(sympy.expand)
            reduced = all(entry_is_zero_modulo(x, m) for x in residual)
            nonzero = any(not entry_is_zero_modulo(x, m) for x in v)
            checks.append(
                Check(
                    prose(
                        "(A − λI)v(λ) reduces to 0 modulo ",
                        m.as_expr(),
                        " exactly, so it is 0 at every root; v(λ) = ",
                        sympy.ImmutableMatrix(v).T,
                        "ᵀ is not 0 modulo that irreducible polynomial, so it is nonzero at every root.",
                    ),
                    reduced and nonzero,
                )
            )
    return checks


def _numeric_solution(A, values, display, eigenvalues, sections, checks, method) -> Solution:
    letter = "Q" if method == "symmetric" else "V"
    factors = "QΛQᵀ" if method == "symmetric" else "VΛV⁻¹"
    definition = join(
        [
            Formula.of(Token(rf"\lambda_{{{i}}}", f"λ{str(i).translate(_SUBSCRIPTS)}"), EQ, v)
            for i, v in enumerate(eigenvalues, start=1)
        ],
        Token(r",\ ", ", "),
    )
    summary = (
        f"A = {factors} with the eigenvalues exact as CRootOf values; {letter} and the other factors are "
        f"{WORKING_DIGITS}-digit decimals, because their exact entries would be unusable, and they multiply "
        f"back to A within {RESIDUAL_BOUND_TEXT}.",
    )
    return Solution(
        "eigendecomposition",
        "Eigendecomposition of a symmetric matrix" if method == "symmetric" else "Eigendecomposition",
        (f"Diagonalize A as A = {factors}.",),
        {"A": A},
        Answer(values, (definition, *display), summary),
        sections,
        checks,
        method,
    )
