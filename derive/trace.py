"""The trace of a square matrix: the sum of its diagonal, which is also the sum of its eigenvalues.

The solution adds the diagonal, shows that Aᵀ has the same trace, and connects the trace to the
eigenvalues. When A is at most 4×4 and every irreducible factor of the characteristic polynomial has
degree 1 or 2, it lists them (SymPy's ``eigenvals``, with multiplicity) and adds them. Otherwise it
reads the sum from the coefficient of λⁿ⁻¹ in det(λI − A), which is −Tr(A).

>>> from sympy import Matrix
>>> from derive.registry import solve
>>> solve("trace", Matrix([[25, 2], [5, 4]])).answer.values["trace"]
29
"""

from __future__ import annotations

from functools import cmp_to_key

import sympy

from .eigen import with_decimal
from .elimination import simplify_entry
from .formula import EQ, MINUS, Formula, Token, chain, paren, prose
from .model import Answer, Check, Section, SectionBuilder, Solution
from .norms import same_value
from .products import TRANSPOSE_A, distinct_sides, entry_name, signed_sum
from .registry import Options, operation
from .roots import descending

MAX_EIGENVALUE_SIZE = 4  # larger matrices show the trace through the characteristic polynomial only

TRACE_A = Token(r"\operatorname{Tr}(A)", "Tr(A)")
TRACE_AT = Token(r"\operatorname{Tr}(A^{\mathsf{T}})", "Tr(Aᵀ)")


def _variable(A: sympy.MatrixBase) -> sympy.Symbol:
    """Return λ as the polynomial variable, or t when the entries already use λ."""
    names = {s.name for s in A.free_symbols}
    return sympy.Symbol("t" if "lamda" in names else "lamda")


@operation("trace", "trace: the sum of the diagonal entries, also the sum of the eigenvalues", square=True)
def trace(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Add the diagonal of ``A`` and relate the sum to Aᵀ and to the eigenvalues."""
    n = A.rows
    diagonal = [A[i, i] for i in range(n)]
    value = simplify_entry(sympy.Add(*diagonal))
    names = [entry_name("a", i, i) for i in range(n)]

    by_diagonal = SectionBuilder("Sum of the diagonal")
    by_diagonal.step(
        "The trace of a square matrix is the sum of the entries on its main diagonal, from the top left "
        "to the bottom right.",
        math=Formula.of("A", EQ, A),
    )
    by_diagonal.step(
        "Adding the diagonal entries:",
        math=chain(TRACE_A, *distinct_sides(signed_sum(names), signed_sum(diagonal), value)),
    )

    transposed = A.T
    transposed_diagonal = [transposed[i, i] for i in range(n)]
    transposed_value = simplify_entry(sympy.Add(*transposed_diagonal))
    by_transpose = SectionBuilder("Trace of the transpose")
    by_transpose.step(
        "Transposing moves entry (i, j) to (j, i) and so leaves every diagonal entry (i, i) in place: ",
        Formula.of(TRANSPOSE_A),
        " has the same diagonal and the same trace.",
        math=[
            Formula.of(TRANSPOSE_A, EQ, transposed),
            chain(TRACE_AT, *distinct_sides(signed_sum(transposed_diagonal), transposed_value), TRACE_A),
        ],
    )

    variable = _variable(A)
    eigen_section, eigen_checks = _eigenvalue_section(A, value, variable)
    checks = [
        Check(
            prose("SymPy's Matrix.trace computes the same sum."),
            same_value(A.trace(), value),
            (chain(TRACE_A, A.trace()),),
        ),
        Check(
            prose(
                "Transposing keeps the trace: the diagonal of ",
                Formula.of(TRANSPOSE_A),
                " adds up to the same value.",
            ),
            same_value(transposed_value, value),
            (chain(TRACE_AT, transposed_value),),
        ),
        *eigen_checks,
    ]
    return Solution(
        operation="trace",
        title="Trace",
        problem=prose(f"Find the trace of the {n}×{n} matrix A."),
        inputs={"A": A},
        answer=Answer(
            values={"trace": value},
            display=(chain(TRACE_A, with_decimal(value)),),
            summary=prose("The trace is ", chain(TRACE_A, with_decimal(value)), "."),
        ),
        sections=[by_diagonal.build(), by_transpose.build(), eigen_section],
        checks=checks,
    )


def _eigenvalue_section(
    A: sympy.ImmutableMatrix, value: sympy.Expr, variable: sympy.Symbol
) -> tuple[Section, list[Check]]:
    """Show Tr(A) as the sum of the eigenvalues, or through the characteristic polynomial."""
    n = A.rows
    section = SectionBuilder("Trace and eigenvalues")
    polynomial = A.charpoly(variable)
    determinant = Token(rf"\det({sympy.latex(variable)} I - A)", f"det({_text(variable)}I − A)")
    section.step(
        "The eigenvalues of A are the roots of its characteristic polynomial.",
        math=chain(determinant, descending(polynomial)),
    )
    coefficient = simplify_entry(polynomial.coeff_monomial(variable ** (n - 1)))
    from_polynomial = simplify_entry(-coefficient)
    checks = [
        Check(
            prose(
                "The coefficient of ",
                variable ** (n - 1),
                " in the characteristic polynomial, computed by SymPy's charpoly (Berkowitz' method), is "
                "minus the trace.",
            ),
            same_value(from_polynomial, value),
            (chain(Formula.of(MINUS, paren(coefficient)), from_polynomial, TRACE_A),),
        )
    ]

    reason = _why_not_listed(A, polynomial, variable)
    if reason is None:
        eigenvalues = A.eigenvals()
        listed = [
            eigenvalue
            for eigenvalue in sorted(eigenvalues, key=cmp_to_key(_descending))
            for _ in range(eigenvalues[eigenvalue])
        ]
        total = simplify_entry(sympy.Add(*listed))
        repeated = [f"{_text(e)} (multiplicity {m})" for e, m in eigenvalues.items() if m > 1]
        order = (
            "in descending order (by real part, then imaginary part)"
            if all(e.is_number for e in listed)
            else "in no particular order of size, since that depends on the values of the symbols"
        )
        sentence = (
            f"Listing each eigenvalue as often as its multiplicity, {order}, their sum is the trace"
            if len(listed) > 1
            else "A 1×1 matrix has its only entry as its only eigenvalue, which is also the trace"
        )
        if repeated:
            sentence += "; " + ", ".join(repeated) + " appears more than once"
        section.step(
            sentence + ".",
            math=[
                *[
                    Formula.of(Token(rf"\lambda_{{{k + 1}}}", f"λ{k + 1}"), EQ, with_decimal(e))
                    for k, e in enumerate(listed)
                    if len(listed) > 1
                ],
                chain(_eigenvalue_sum(len(listed)), *distinct_sides(signed_sum(listed), total), TRACE_A),
            ],
        )
        checks.append(
            Check(
                prose("The eigenvalues found by SymPy's eigenvals add up to the trace."),
                same_value(total, value),
                (chain(signed_sum(listed), total),),
            )
        )
    else:
        section.step(
            reason + " Instead, the trace is read from the characteristic polynomial: expanding det(λI − A) "
            "gives λⁿ − Tr(A)·λⁿ⁻¹ + …, and for a monic polynomial the sum of the roots is minus the "
            "coefficient of λⁿ⁻¹ (Vieta's formulas), so the eigenvalues add up to the trace.",
            math=chain(
                _eigenvalue_sum(n),
                Formula.of(MINUS, paren(coefficient)),
                from_polynomial,
                TRACE_A,
            ),
        )
    return section.build(), checks


def _eigenvalue_sum(n: int) -> Token:
    """λ1 + λ2 + λ3 written out for n ≤ 3, else λ1 + … + λn.

    >>> _eigenvalue_sum(1).text, _eigenvalue_sum(2).text, _eigenvalue_sum(5).text
    ('λ1', 'λ1 + λ2', 'λ1 + … + λ5')
    """
    if n <= 3:
        indices = range(1, n + 1)
        return Token(" + ".join(rf"\lambda_{{{k}}}" for k in indices), " + ".join(f"λ{k}" for k in indices))
    return Token(rf"\lambda_1 + \dots + \lambda_{{{n}}}", f"λ1 + … + λ{n}")


def _descending(x: sympy.Expr, y: sympy.Expr) -> int:
    """Compare two eigenvalues for a descending order: by real part, then by imaginary part.

    Symbolic values have no size, so the one that exceeds the other by a term without a leading minus
    sign comes first, such as (a + d + √D)/2 before (a + d − √D)/2.
    """
    difference = simplify_entry(y - x)
    if difference == 0:
        return 0
    if difference.is_number:
        real, imaginary = (sympy.N(part, 30) for part in difference.as_real_imag())
        key = real if abs(real) > 1e-25 else imaginary
        return 1 if key > 0 else -1
    return 1 if not difference.could_extract_minus_sign() else -1


def _why_not_listed(A: sympy.ImmutableMatrix, polynomial: sympy.Poly, variable: sympy.Symbol) -> str | None:
    """Return why the eigenvalues are not listed one by one, or None when they are listed."""
    n = A.rows
    if n > MAX_EIGENVALUE_SIZE:
        return (
            f"A is {n}×{n}, larger than {MAX_EIGENVALUE_SIZE}×{MAX_EIGENVALUE_SIZE}, so its eigenvalues are "
            "not listed one by one."
        )
    if n <= 2:
        return None
    try:
        # extension=True factors over the field generated by radicals in the coefficients, such as Q(√2).
        _, factors = sympy.factor_list(polynomial.as_expr(), variable, extension=True)
    except (sympy.PolynomialError, NotImplementedError):
        return (
            "SymPy cannot factor the characteristic polynomial, so the eigenvalues are not listed one by one."
        )
    largest = max((sympy.degree(factor, variable) for factor, _ in factors), default=0)
    if largest > 2:
        return (
            f"The characteristic polynomial has an irreducible factor of degree {largest}. The radical forms "
            "of its roots are too long to be useful (and for a cubic with three real roots they pass through "
            "complex numbers), so the eigenvalues are not listed one by one."
        )
    return None


def _text(value: sympy.Expr) -> str:
    return Formula.of(value).text()
