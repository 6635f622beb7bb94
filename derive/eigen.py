"""Characteristic polynomials, eigenvalues and eigenvectors, derived step by step.

The characteristic polynomial is det(A − λI) expanded by cofactors (up to 4×4, else the Berkowitz
algorithm), made monic as p(λ) = det(λI − A). Its roots come from :mod:`derive.roots`. Each
eigenspace is the null space of A − λI, found by Gauss-Jordan elimination.

A root written with cosines or as CRootOf (a root of an irreducible cubic or of a higher-degree
factor) does not simplify in that elimination, so it runs in ℚ[λ]/(m) instead. There λ stays a
symbol and every entry is reduced modulo the root's minimal polynomial m. The resulting vector v(λ)
serves every root of m at once.

Conventions: eigenvalues in descending order (real part, then imaginary part); basis vectors scaled
by a positive factor to integer coefficients with no common factor where the entries allow it.

>>> from sympy import Matrix
>>> spaces, _ = eigenspaces(Matrix([[2, 1], [1, 2]]))
>>> [(s.value, s.algebraic, s.basis[0].T.tolist()) for s in spaces]
[(3, 1, [[1, 1]]), (1, 1, [[-1, 1]])]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import reduce

import sympy

from .determinant import expand_by_cofactors
from .elimination import eliminate, is_zero, simplify_entry
from .errors import NotSupportedError, VerificationError
from .formula import (
    APPROX,
    COMMA,
    EQ,
    MINUS,
    ROUNDING_GUARD_DIGITS,
    TIMES,
    Formula,
    Token,
    chain,
    det_of,
    join,
    latex_of,
    paren,
    round_significant,
    text_of,
    with_decimal,
)
from .model import Answer, Check, Section, SectionBuilder, Solution
from .registry import Options, operation
from .roots import (
    Root,
    ball_difference_check,
    descending,
    enclose,
    find_roots,
    function_token,
    make_check,
    root_checks,
)
from .subspaces import (
    free_variable_step,
    linear_combination,
    matrix_is_zero,
    parameters,
    pivot_equations,
    read_solutions,
    reduction_section,
)

# Up to this size det(A − λI) is expanded by cofactors step by step; beyond it the Berkowitz
# algorithm computes the polynomial, and a step states which was used.
COFACTOR_LIMIT = 4

A_NAME = Token("A", "A")


def characteristic_variable(A: sympy.MatrixBase) -> sympy.Symbol:
    """Return λ (SymPy's ``lamda``), or ``t``, ``s``, ``mu`` in turn when ``A`` already uses the name.

    >>> characteristic_variable(sympy.Matrix([[sympy.Symbol("lamda"), 1], [0, 1]]))
    t
    """
    taken = {s.name for s in sympy.ImmutableMatrix(A).free_symbols}
    if not taken & {"lamda", "lambda"}:
        return sympy.Symbol("lamda")
    for name in ("t", "s", "mu"):
        if name not in taken:
            return sympy.Symbol(name)
    raise NotSupportedError(
        "the matrix uses every name derive gives the characteristic variable (lambda, t, s, mu); "
        "rename one of its symbols"
    )


def _shifted_name(var: sympy.Symbol, matrix: Token = A_NAME) -> Token:
    return Token(rf"{matrix.latex} - {latex_of(var)} I", f"{matrix.text} - {text_of(var)}I")


def characteristic_polynomial(
    A: sympy.MatrixBase, var: sympy.Symbol, matrix: Token = A_NAME
) -> tuple[sympy.Poly, Section]:
    """Return p = det(λI − A) as a polynomial in ``var`` and the section that derives it from
    det(A − λI); ``matrix`` is the name the steps give A (for example AᵀA for a Gram matrix).

    >>> lam = sympy.Symbol("lamda")
    >>> characteristic_polynomial(sympy.Matrix([[-1, 4], [2, -2]]), lam)[0].as_expr()
    lamda**2 + 3*lamda - 6
    """
    A = sympy.Matrix(A)
    n = A.rows
    shifted = A - var * sympy.eye(n)
    name = _shifted_name(var, matrix)
    determinant = Token(rf"\det({name.latex})", f"det({name.text})")
    section = SectionBuilder("Characteristic polynomial")
    section.step(
        "The eigenvalues are the numbers ",
        var,
        f" for which {matrix.text} − ",
        var,
        f"I is singular, that is, the roots of det({matrix.text} − ",
        var,
        "I). Subtract ",
        var,
        f" from each diagonal entry of {matrix.text}:",
        math=Formula.of(name, EQ, shifted),
    )
    if n > COFACTOR_LIMIT:
        value = sympy.expand(A.charpoly(var).as_expr() * (-1) ** n)
        section.step(
            f"A cofactor expansion of this {n}×{n} determinant would have {sympy.factorial(n)} products, "
            "so it is computed by the Berkowitz algorithm (division-free, exact):",
            math=chain(determinant, value),
        )
    elif n > 1 and (shifted.is_upper or shifted.is_lower):
        diagonal = [shifted[i, i] for i in range(n)]
        value = sympy.expand(sympy.Mul(*diagonal))
        product = join([paren(d) for d in diagonal], TIMES)
        section.step(
            "This matrix is triangular, so its determinant is the product of its diagonal entries:",
            math=chain(determinant, product, value),
        )
    else:
        value = sympy.expand(expand_by_cofactors(shifted, section, determinant, top_level=False))
    poly = sympy.Poly(value * (-1) ** n, var)
    if n % 2:
        section.step(
            f"For odd n = {n}, det({matrix.text} − ",
            var,
            "I) starts with −",
            var**n,
            ". Multiplying by −1 gives the monic characteristic polynomial, with the same roots:",
            math=chain(
                function_token("p", var),
                Token(rf"\det({latex_of(var)} I - {matrix.latex})", f"det({text_of(var)}I - {matrix.text})"),
                Formula.of(MINUS, paren(value)),
                descending(poly),
            ),
        )
    else:
        section.step(
            "Collected in descending powers of ",
            var,
            ", this is the characteristic polynomial (monic because n is even):",
            math=chain(function_token("p", var), descending(poly)),
        )
    return poly, section.build()


@dataclass(frozen=True)
class Eigenspace:
    """An exact eigenvalue, its algebraic multiplicity and a basis of its eigenspace.

    For an eigenvalue written with cosines or as CRootOf, ``minimal_polynomial`` is its minimal
    polynomial m over ℚ and ``polynomial_basis`` the basis as vectors of polynomials in m's variable;
    ``basis`` then contains those vectors evaluated at the value.
    """

    value: sympy.Expr
    algebraic: int
    basis: tuple[sympy.ImmutableMatrix, ...]
    minimal_polynomial: sympy.Poly | None = field(default=None, compare=False)
    polynomial_basis: tuple[sympy.ImmutableMatrix, ...] = field(default=(), compare=False)

    @property
    def geometric(self) -> int:
        return len(self.basis)


@dataclass(frozen=True)
class _EigenData:
    """Everything the operations show: the polynomial, its roots, the spaces and the sections."""

    var: sympy.Symbol
    poly: sympy.Poly
    roots: list[Root]
    spaces: list[Eigenspace]
    charpoly_section: Section
    roots_section: Section
    space_sections: list[Section]


def eigenspaces(
    A: sympy.MatrixBase, *, order: str = "descending", matrix: Token = A_NAME
) -> tuple[list[Eigenspace], list[Section]]:
    """Return the eigenvalues with bases of their eigenspaces, and the sections deriving them
    (characteristic polynomial, its roots, each null space).

    ``order`` is ``"descending"`` or ``"ascending"`` (by real part, then imaginary part); ``matrix``
    is the name the steps give A, such as AᵀA for a Gram matrix.
    """
    data = _eigen_data(sympy.ImmutableMatrix(A), order, matrix)
    return data.spaces, [data.charpoly_section, data.roots_section, *data.space_sections]


def _eigen_values(
    A: sympy.ImmutableMatrix, order: str, matrix: Token = A_NAME
) -> tuple[sympy.Symbol, sympy.Poly, list[Root], list[Section]]:
    if order not in ("descending", "ascending"):
        raise ValueError(f"order must be 'descending' or 'ascending', not {order!r}")
    var = characteristic_variable(A)
    poly, charpoly_section = characteristic_polynomial(A, var, matrix)
    roots, roots_section = find_roots(poly, title="Eigenvalues")
    if order == "ascending":
        roots = roots[::-1]
        note = SectionBuilder(roots_section.title)
        note.step("The eigenvalues are used in ascending order, the reverse of the list above.")
        roots_section = Section(roots_section.title, roots_section.steps + note.build().steps)
    return var, poly, roots, [charpoly_section, roots_section]


def _eigen_data(A: sympy.ImmutableMatrix, order: str = "descending", matrix: Token = A_NAME) -> _EigenData:
    var, poly, roots, (charpoly_section, roots_section) = _eigen_values(A, order, matrix)
    spaces: list[Eigenspace] = []
    sections: list[Section] = []
    done_factors: dict[sympy.Expr, tuple[list[sympy.ImmutableMatrix], Section]] = {}
    for root in roots:
        if root.is_radical:
            basis, section = _radical_eigenspace(A, var, root, matrix)
            spaces.append(Eigenspace(root.value, root.multiplicity, tuple(basis)))
            sections.append(section)
            continue
        key = root.factor.as_expr()
        if key not in done_factors:
            same_factor = [r for r in roots if r.factor.as_expr() == key]
            done_factors[key] = _polynomial_eigenspace(A, var, root.factor, same_factor, matrix)
            sections.append(done_factors[key][1])
        polynomial_basis = done_factors[key][0]
        basis = tuple(sympy.ImmutableMatrix(v.xreplace({var: root.value})) for v in polynomial_basis)
        spaces.append(
            Eigenspace(root.value, root.multiplicity, basis, sympy.Poly(key, var), tuple(polynomial_basis))
        )
    return _EigenData(var, poly, roots, spaces, charpoly_section, roots_section, sections)


def _value_title(var: sympy.Symbol, value: sympy.Expr) -> str:
    return f"Eigenvectors for {text_of(var)} = {text_of(value)}"


def _radical_eigenspace(
    A: sympy.ImmutableMatrix, var: sympy.Symbol, root: Root, matrix: Token = A_NAME
) -> tuple[list[sympy.ImmutableMatrix], Section]:
    """Row-reduce A − λI at an eigenvalue that SymPy simplifies exactly, and read off the basis."""
    n = A.rows
    value = root.value
    shifted = (sympy.Matrix(A) - value * sympy.eye(n)).applyfunc(simplify_entry)
    E = eliminate(shifted)
    name = Token(
        rf"{matrix.latex} - \left({latex_of(value)}\right) I", f"{matrix.text} - ({text_of(value)})I"
    )
    reduction = reduction_section(_value_title(var, value), E, name)
    section = SectionBuilder(reduction.title)
    section.step(
        "Put ",
        Formula.of(var, EQ, value),
        f" into {matrix.text} − ",
        var,
        f"I and solve ({matrix.text} − ",
        var,
        "I)x = 0 by row reduction:",
    )
    for step in reduction.steps:
        section.step(*step.text, math=list(step.math))
    vectors = _read_basis(A, var, E, section)
    return [sympy.ImmutableMatrix(v) for v in vectors], _close_eigenspace(section, var, value, root, vectors)


def _read_basis(
    A: sympy.ImmutableMatrix, var: sympy.Symbol, E, section: SectionBuilder
) -> list[sympy.Matrix]:
    """Read the null-space basis off a reduced matrix, scaled to integer coefficients where possible."""
    n = A.rows
    found = read_solutions(E, n)
    if not found.free_columns:
        raise VerificationError(
            "eigen: A − λI has a pivot in every column at a computed eigenvalue; this is a bug in derive"
        )
    params = parameters(len(found.free_columns), set(A.free_symbols) | {var})
    free_values = dict(zip(found.free_columns, params, strict=True))
    free_variable_step(section, n, found.free_columns, params)
    if E.pivot_columns:
        section.step(
            "Each nonzero row of the reduced matrix gives its pivot variable in terms of the free ones:",
            math=pivot_equations(E, n, free_values, rhs=False),
        )
    general = sum((t * v for t, v in zip(params, found.directions, strict=True)), sympy.zeros(n, 1))
    section.step(
        "So the eigenvectors are the nonzero combinations",
        math=Formula.of(
            sympy.Matrix(sympy.symbols(f"x_1:{n + 1}")),
            EQ,
            general.applyfunc(sympy.expand),
            EQ,
            linear_combination(params, found.directions),
        ),
    )
    basis = []
    factors = []
    for v in found.directions:
        w, factor = scale_to_integer_coefficients(v)
        basis.append(w)
        factors.append(factor)
    if any(f != 1 for f in factors):
        section.step(
            "A nonzero multiple of an eigenvector is an eigenvector, so each basis vector is multiplied by a "
            "positive number (",
            join(factors, COMMA),
            ") to get integer coefficients with no common factor:",
            math=join((sympy.ImmutableMatrix(w) for w in basis), COMMA),
        )
    return basis


def scale_to_integer_coefficients(v: sympy.MatrixBase) -> tuple[sympy.Matrix, sympy.Expr]:
    """Return ``(c·v, c)`` with c > 0 rational such that the rational coefficients of every term of
    every entry are integers with no common factor.

    Entries may contain radicals, i, or the symbol of a polynomial vector; a vector with a symbolic
    denominator is returned unscaled with c = 1.

    >>> scale_to_integer_coefficients(sympy.Matrix([sympy.Rational(1, 2), sympy.sqrt(2) / 4]))[0].T
    Matrix([[2, sqrt(2)]])
    """
    coefficients: list[sympy.Rational] = []
    for x in v:
        x = sympy.expand(x)
        if x == 0:
            continue
        for term in sympy.Add.make_args(x):
            c, rest = term.as_coeff_Mul()
            if not c.is_Rational or any(d.free_symbols for d in [sympy.fraction(rest)[1]]):
                return sympy.Matrix(v), sympy.Integer(1)
            coefficients.append(c)
    if not coefficients:
        return sympy.Matrix(v), sympy.Integer(1)
    denominator = reduce(sympy.ilcm, (c.q for c in coefficients), 1)
    common = reduce(sympy.igcd, (abs(int(c * denominator)) for c in coefficients), 0)
    factor = sympy.Rational(denominator, common)
    return sympy.Matrix(v).applyfunc(lambda x: sympy.expand(factor * x)), factor


def _close_eigenspace(
    section: SectionBuilder, var: sympy.Symbol, value: sympy.Expr, root: Root, basis: list
) -> Section:
    g, m = len(basis), root.multiplicity
    dimension = "one-dimensional" if g == 1 else f"{g}-dimensional"
    verdict = (
        "the two multiplicities are equal"
        if g == m
        else "the geometric multiplicity is smaller, so this eigenvalue is defective"
    )
    section.step(
        "The eigenspace of ",
        Formula.of(var, EQ, value),
        f" is {dimension} (geometric multiplicity {g}); the eigenvalue has algebraic multiplicity {m}, so "
        f"{verdict}. Basis:",
        math=join((sympy.ImmutableMatrix(v) for v in basis), COMMA),
    )
    return section.build()


def _modulo(m: sympy.Poly):
    """Return the simplifier of ℚ[λ]/(m), which replaces each entry by its remainder modulo m.

    Division by a nonzero class multiplies by its inverse modulo m, which exists because m is
    irreducible.
    """
    var = m.gen
    m_q = sympy.Poly(m.as_expr(), var, domain=sympy.QQ)

    def reduce_entry(x: sympy.Expr) -> sympy.Expr:
        numerator, denominator = sympy.fraction(sympy.together(sympy.sympify(x)))
        top = sympy.Poly(numerator, var, domain=sympy.QQ)
        bottom = sympy.Poly(denominator, var, domain=sympy.QQ)
        if bottom.degree() > 0 or bottom.LC() != 1:
            top = top * bottom.invert(m_q)
        return top.rem(m_q).as_expr()

    return reduce_entry


# Largest degree of an irreducible factor whose eigenvectors are derived over ℚ[λ]/(m); beyond it the
# entries of v(λ) run to pages (a 10×10 integer matrix gives degree-9 polynomials with 40-digit
# coefficients) and the PDF no longer typesets.
MAX_POLYNOMIAL_EIGENVECTOR_DEGREE = 6


def _polynomial_eigenspace(
    A: sympy.ImmutableMatrix, var: sympy.Symbol, m: sympy.Poly, roots: list[Root], matrix: Token = A_NAME
) -> tuple[list[sympy.ImmutableMatrix], Section]:
    """Eigenvectors for all roots of an irreducible factor m at once, over ℚ[λ]/(m)."""
    n = A.rows
    m = sympy.Poly(m.as_expr(), var)
    d = m.degree()
    if d > MAX_POLYNOMIAL_EIGENVECTOR_DEGREE:
        raise NotSupportedError(
            f"the eigenvectors for the roots of the irreducible factor {text_of(m.as_expr())} of degree {d} "
            f"are polynomials of degree {d - 1} in {text_of(var)} with very long coefficients, too large "
            f"for a worked solution (derive shows them up to degree {MAX_POLYNOMIAL_EIGENVECTOR_DEGREE}); "
            "ask for the eigenvalues only, or use numpy.linalg.eig for numeric eigenvectors"
        )
    top = sympy.Poly(var**d, var).rem(sympy.Poly(m.as_expr() / m.LC(), var))
    shifted = sympy.Matrix(A) - var * sympy.eye(n)
    E = eliminate(shifted, simplify=_modulo(m))
    title = f"Eigenvectors for the roots of {text_of(m.as_expr())}"
    # The pivots are nonzero polynomials of degree below deg m, so none vanishes at a root of m:
    # the conditions that reduction_section would list for symbolic pivots do not apply here.
    reduction = reduction_section(title, dataclasses.replace(E, conditions=()), _shifted_name(var, matrix))
    section = SectionBuilder(title)
    section.step(
        "The roots of ",
        chain(function_token("m", var), m.as_expr()),
        " are written with cosines or as CRootOf, and row reduction with such expressions does not "
        f"simplify. Instead, row-reduce {matrix.text} − ",
        var,
        "I keeping ",
        var,
        " as a symbol, and replace ",
        var**d,
        " by ",
        top.as_expr(),
        " wherever it appears, because m(",
        var,
        ") = 0. Every entry is then a polynomial in ",
        var,
        f" of degree below {d}. Dividing by such a polynomial is allowed, because m is irreducible over "
        "ℚ, so a nonzero one has an inverse modulo m. The result holds for every root of m at once.",
    )
    for step in reduction.steps[1:]:
        section.step(*step.text, math=list(step.math))
    vectors = _read_basis(A, var, E, section)
    approximations = []
    for root in roots:
        ball = enclose(root.value, 64)
        for v in vectors:
            approximations.append(
                Formula.of(
                    Token(rf"v\left({latex_of(var)}\right)", f"v({text_of(var)})"),
                    Token(r"\text{ at }", " at "),
                    with_decimal(root.value),
                    APPROX,
                    sympy.ImmutableMatrix([_approximate(e, var, ball) for e in v]),
                )
            )
    section.step(
        "Put each root into v(",
        var,
        ") to get its eigenvector; in decimals:",
        math=approximations,
    )
    g = len(vectors)
    section.step(
        "Each root of m is a simple root of the characteristic polynomial "
        if roots[0].multiplicity == 1
        else f"Each root of m has algebraic multiplicity {roots[0].multiplicity} ",
        f"and has a {g}-dimensional eigenspace.",
    )
    return [sympy.ImmutableMatrix(v) for v in vectors], section.build()


def _approximate(entry: sympy.Expr, var: sympy.Symbol, ball) -> sympy.Expr:
    """Evaluate an entry polynomial in ``var`` at a root's ball, to 4 significant digits."""
    poly = sympy.Poly(entry, var)
    value = 0
    for c in poly.all_coeffs():
        value = value * ball + complex(c)
    z = value.mid()
    re, im = float(z.real), float(z.imag)
    shown = round_significant(z.real.str(ROUNDING_GUARD_DIGITS, radius=False), 4)
    if abs(im) > 1e-12 * max(1.0, abs(re)):
        shown += sympy.I * round_significant(z.imag.str(ROUNDING_GUARD_DIGITS, radius=False), 4)
    return shown


# --- checks ----------------------------------------------------------------------------------


def _charpoly_checks(A: sympy.ImmutableMatrix, poly: sympy.Poly) -> list[Check]:
    var = poly.gen
    n = A.rows
    p = poly.as_expr()
    if n <= COFACTOR_LIMIT:
        other = sympy.Matrix(A).charpoly(var).as_expr()
        how = "SymPy's Berkowitz algorithm, computed independently,"
    else:
        other = sympy.expand((var * sympy.eye(n) - sympy.Matrix(A)).det(method="bareiss"))
        how = "det(λI − A) by fraction-free (Bareiss) elimination"
    checks = [
        make_check(
            (f"{how[0].upper()}{how[1:]} gives the same polynomial.",),
            sympy.expand(sympy.cancel(other - p)) == 0,
            (chain(function_token("p", var), sympy.expand(other)),),
        )
    ]
    trace = sympy.expand(A.trace())
    coefficient = poly.coeff_monomial(var ** (n - 1))
    checks.append(
        make_check(
            ("The coefficient of ", var ** (n - 1), " is −tr(A)."),
            sympy.expand(coefficient + trace) == 0,
            (
                Formula.of(
                    Token(r"-\operatorname{tr}(A)", "-tr(A)"), EQ, sympy.expand(-trace), EQ, coefficient
                ),
            ),
        )
    )
    det = sympy.expand(sympy.Matrix(A).det(method="bareiss"))
    constant = poly.coeff_monomial(1)
    sign = (-1) ** n
    checks.append(
        make_check(
            (f"The constant term is (−1)^{n}·det(A), with det(A) by Bareiss elimination.",),
            sympy.expand(sympy.cancel(constant - sign * det)) == 0,
            (
                Formula.of(
                    Token(f"(-1)^{{{n}}}", f"(-1)^{n}"),
                    TIMES,
                    det_of(A),
                    EQ,
                    sympy.expand(sign * det),
                    EQ,
                    constant,
                ),
            ),
        )
    )
    return checks


def _sum_product_checks(A: sympy.ImmutableMatrix, roots: list[Root]) -> list[Check]:
    values = [r.value for r in roots for _ in range(r.multiplicity)]
    total = sympy.Add(*values)
    product = sympy.Mul(*values)
    trace = A.trace()
    det = sympy.Matrix(A).det(method="bareiss")
    checks = []
    for what, combined, target, token in (
        ("sum", total, trace, Token(r"\operatorname{tr}(A)", "tr(A)")),
        ("product", product, det, Token(r"\det(A)", "det(A)")),
    ):
        statement = (f"The {what} of the eigenvalues, with multiplicity, equals {token.text}",)
        math = (Formula.of(token, EQ, target),)
        if all(r.is_radical for r in roots):
            difference = simplify_entry(sympy.expand(combined - target))
            checks.append(make_check((statement[0] + ", exactly.",), is_zero(difference), math))
        else:
            checks.append(ball_difference_check(statement, combined, target, math))
    return checks


def _eigenvector_checks(A: sympy.ImmutableMatrix, var: sympy.Symbol, spaces: list[Eigenspace]) -> list[Check]:
    checks = []
    n = A.rows
    done: set = set()
    for space in spaces:
        if space.minimal_polynomial is None:
            shifted = (sympy.Matrix(A) - space.value * sympy.eye(n)).applyfunc(simplify_entry)
            for v in space.basis:
                residual = (shifted * sympy.Matrix(v)).applyfunc(simplify_entry)
                nonzero = not matrix_is_zero(sympy.Matrix(v))
                checks.append(
                    make_check(
                        (
                            "(A − ",
                            var,
                            "I)v = 0 and v ≠ 0 for ",
                            Formula.of(var, EQ, space.value),
                            ", v = ",
                            sympy.ImmutableMatrix(v).T,
                            "ᵀ.",
                        ),
                        matrix_is_zero(residual) and nonzero,
                        (Formula.of(shifted, sympy.ImmutableMatrix(v), EQ, residual),),
                    )
                )
            continue
        m = space.minimal_polynomial
        key = m.as_expr()
        if key in done:
            continue
        done.add(key)
        reduce_entry = _modulo(m)
        shifted = sympy.Matrix(A) - var * sympy.eye(n)
        for v in space.polynomial_basis:
            residual = (shifted * sympy.Matrix(v)).applyfunc(sympy.expand).applyfunc(reduce_entry)
            nonzero = any(reduce_entry(x) != 0 for x in v)
            checks.append(
                make_check(
                    (
                        "(A − ",
                        var,
                        "I)v(",
                        var,
                        ") reduces to 0 modulo ",
                        m.as_expr(),
                        " exactly, so it is 0 at every root of it; v(",
                        var,
                        ") = ",
                        sympy.ImmutableMatrix(v).T,
                        "ᵀ is not 0 modulo m, and m is irreducible, so v is nonzero at every root.",
                    ),
                    matrix_is_zero(residual) and nonzero,
                    (
                        Formula.of(
                            _shifted_name(var), sympy.ImmutableMatrix(v), Token(r"\equiv", "≡"), residual
                        ),
                    ),
                )
            )
    return checks


def _independence_checks(spaces: list[Eigenspace]) -> list[Check]:
    checks = []
    for space in spaces:
        vectors = space.polynomial_basis or space.basis
        columns = sympy.Matrix.hstack(*[sympy.Matrix(v) for v in vectors])
        rank = columns.rank(simplify=True) if space.polynomial_basis else columns.rank(iszerofunc=is_zero)
        checks.append(
            make_check(
                (
                    f"The {len(vectors)} basis vector(s) for ",
                    Formula.of(with_decimal(space.value)),
                    f" are linearly independent (rank {rank}), and 1 ≤ geometric multiplicity ≤ algebraic "
                    f"multiplicity ({space.geometric} ≤ {space.algebraic}).",
                ),
                rank == len(vectors) and 1 <= space.geometric <= space.algebraic,
            )
        )
    return checks


# --- operations ------------------------------------------------------------------------------


def _problem(A: sympy.ImmutableMatrix, what: str) -> tuple:
    return (f"Find {what} of ", Formula.of(A_NAME, EQ, A), ".")


def _charpoly_display(var: sympy.Symbol, poly: sympy.Poly) -> Formula:
    return chain(function_token("p", var), descending(poly))


@operation("charpoly", "characteristic polynomial det(λI − A), expanded by cofactors", square=True)
def charpoly(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Derive the characteristic polynomial of ``A``."""
    var = characteristic_variable(A)
    poly, section = characteristic_polynomial(A, var)
    answer = Answer(
        {"charpoly": poly.as_expr(), "variable": var},
        (_charpoly_display(var, poly),),
        ("The characteristic polynomial is ", _charpoly_display(var, poly), "."),
    )
    return Solution(
        "charpoly",
        "Characteristic polynomial",
        _problem(A, "the characteristic polynomial"),
        {"A": A},
        answer,
        [section],
        _charpoly_checks(A, poly),
    )


def _eigenvalue_display(var: sympy.Symbol, roots: list[Root]) -> list[Formula]:
    shown = []
    for r in roots:
        formula = Formula.of(var, EQ, with_decimal(r.value))
        if r.multiplicity > 1:
            formula = Formula.of(
                formula,
                Token(rf"\ (\text{{multiplicity }} {r.multiplicity})", f" (multiplicity {r.multiplicity})"),
            )
        shown.append(formula)
    return shown


@operation(
    "eigenvalues", "eigenvalues as the roots of the characteristic polynomial, found exactly", square=True
)
def eigenvalues(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Derive the eigenvalues of ``A`` with their multiplicities."""
    var, poly, roots, sections = _eigen_values(A, "descending")
    values = [r.value for r in roots for _ in range(r.multiplicity)]
    display = tuple(_eigenvalue_display(var, roots))
    answer = Answer(
        {
            "charpoly": poly.as_expr(),
            "eigenvalues": values,
            "multiplicities": {r.value: r.multiplicity for r in roots},
        },
        display,
        ("The eigenvalues, in descending order: ", join(display, COMMA), "."),
    )
    checks = root_checks(poly, roots) + _sum_product_checks(A, roots)
    return Solution(
        "eigenvalues", "Eigenvalues", _problem(A, "the eigenvalues"), {"A": A}, answer, sections, checks
    )


@operation(
    "eigenvectors", "eigenvalues and a basis of each eigenspace, from the null space of A − λI", square=True
)
def eigenvectors(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Derive the eigenvalues of ``A`` and a basis of each eigenspace."""
    data = _eigen_data(A)
    var = data.var
    spaces = data.spaces
    diagonalizable = all(s.geometric == s.algebraic for s in spaces)
    summary = SectionBuilder("Summary")
    if diagonalizable:
        summary.step(
            "For every eigenvalue the geometric multiplicity equals the algebraic multiplicity, so the "
            f"eigenvectors together form a basis of the {A.rows}-dimensional space: A is diagonalizable."
        )
    else:
        defective = [s for s in spaces if s.geometric < s.algebraic]
        summary.step(
            *[
                part
                for s in defective
                for part in (
                    Formula.of(var, EQ, s.value),
                    f" has algebraic multiplicity {s.algebraic} but only a {s.geometric}-dimensional "
                    "eigenspace. ",
                )
            ],
            "So there are too few independent eigenvectors to form a basis: A is not diagonalizable.",
        )
    display = []
    for s in spaces:
        display.append(
            Formula.of(var, EQ, with_decimal(s.value), Token(r":\quad", ":  "), join(s.basis, COMMA))
        )
    answer = Answer(
        {
            "charpoly": data.poly.as_expr(),
            "eigenvalues": [s.value for s in spaces for _ in range(s.algebraic)],
            "eigenvectors": {s.value: list(s.basis) for s in spaces},
            "algebraic_multiplicities": {s.value: s.algebraic for s in spaces},
            "geometric_multiplicities": {s.value: s.geometric for s in spaces},
            "diagonalizable": diagonalizable,
        },
        tuple(display),
        ("A is diagonalizable." if diagonalizable else "A is not diagonalizable.",),
    )
    checks = (
        root_checks(data.poly, data.roots)
        + _sum_product_checks(A, data.roots)
        + _eigenvector_checks(A, var, spaces)
        + _independence_checks(spaces)
    )
    sections = [data.charpoly_section, data.roots_section, *data.space_sections, summary.build()]
    return Solution(
        "eigenvectors",
        "Eigenvalues and eigenvectors",
        _problem(A, "the eigenvalues and eigenvectors"),
        {"A": A},
        answer,
        sections,
        checks,
    )
