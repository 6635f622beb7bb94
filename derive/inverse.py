"""The inverse of a square matrix by the 2×2 formula, Gauss-Jordan elimination on [A | I] or the adjugate.

A singular matrix is not an error: its solution explains why no inverse exists (det(A) = 0, or a
zero row in the left half of the reduction) and returns ``{"inverse": None, "invertible": False}``.
An inverse is verified by multiplying it with A on both sides.

>>> from sympy import Matrix
>>> from derive.registry import Options
>>> solution = inverse(Matrix([[4, 2], [-5, -3]]), method=None, options=Options())
>>> solution.answer.values["inverse"]
Matrix([
[ 3/2,  1],
[-5/2, -2]])
>>> inverse(Matrix([[-4, 1], [-8, 2]]), method=None, options=Options()).answer.values["invertible"]
False
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .determinant import (
    DET_A,
    choose_expansion_line,
    entry_token,
    expand_by_cofactors,
    factored,
    independent_det_checks,
    invertibility_condition,
    listing,
    minor,
    minor_token,
    sign_token,
    signed_sum,
    simplify_value,
    two_by_two,
    value_is_zero,
)
from .elimination import eliminate
from .errors import InputError
from .formula import (
    COMMA,
    EQ,
    NE,
    TIMES,
    Formula,
    Token,
    augmented,
    chain,
    det_of,
    join,
    latex_of,
    paren,
    prose,
    text_of,
)
from .model import Answer, Check, Section, SectionBuilder, Solution
from .registry import Options, operation

METHODS = ("formula", "gauss-jordan", "adjugate")

A_INV = Token("A^{-1}", "A⁻¹")
ADJ_A = Token(r"\operatorname{adj}(A)", "adj(A)")

# Cofactors whose minors are at most this size are worked step by step in the adjugate method. For a
# 5×5 or larger matrix the minors' values come from Bareiss elimination, and a step states that.
ADJUGATE_DETAIL_LIMIT = 3


@dataclass
class _Outcome:
    """The result of one method: its sections, the determinant and the inverse (None when singular)."""

    sections: list[Section]
    det: sympy.Expr
    inverse: sympy.ImmutableMatrix | None


def _reciprocal(d: sympy.Expr) -> Token:
    """``1/det`` written as a fraction with the determinant visible, such as 1/(−2)."""
    shown = text_of(d) if (d.is_Integer and d > 0) or d.is_Symbol else f"({text_of(d)})"
    return Token(rf"\frac{{1}}{{{latex_of(d)}}}", f"1/{shown}")


def _divide(M: sympy.MatrixBase, d: sympy.Expr) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix(M.applyfunc(lambda x: simplify_value(sympy.cancel(x / d))))


def _scaled_inverse(d: sympy.Expr, adjugate: sympy.MatrixBase, result: sympy.MatrixBase) -> Formula:
    """``A⁻¹ = (1/det)·adj = result``."""
    return chain(A_INV, Formula.of(_reciprocal(d), adjugate), result)


def _singular_step(section: SectionBuilder, d_formula: Formula | None = None) -> None:
    section.step(
        "det(A) = 0, so A is singular: no matrix B gives AB = I, because det(A)·det(B) would have to "
        "equal det(I) = 1.",
        math=() if d_formula is None else d_formula,
    )


# The 2×2 (and 1×1) formula


def _formula(A: sympy.ImmutableMatrix) -> _Outcome:
    n = A.rows
    det_section = SectionBuilder("Determinant")
    if n == 1:
        d = simplify_value(A[0, 0])
        det_section.step("The determinant of a 1×1 matrix is its single entry.", math=chain(DET_A, d))
    else:
        formula, d = two_by_two(A)
        det_section.step("For a 2×2 matrix with rows (a, b) and (c, d), det(A) = ad − bc.", math=formula)
    if value_is_zero(d):
        _singular_step(det_section)
        return _Outcome([det_section.build()], sympy.Integer(0), None)

    work = SectionBuilder("The formula")
    if n == 1:
        result = sympy.ImmutableMatrix([[simplify_value(1 / d)]])
        work.step("The inverse of a 1×1 matrix [a] with a ≠ 0 is [1/a].", math=chain(A_INV, result))
        return _Outcome([det_section.build(), work.build()], d, result)
    a, b, c, e = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
    swapped = sympy.ImmutableMatrix([[e, simplify_value(-b)], [simplify_value(-c), a]])
    result = _divide(swapped, d)
    work.step(
        "For a 2×2 matrix, swap the two diagonal entries, change the sign of the two other entries and "
        "divide by the determinant.",
        math=[
            chain(
                A_INV,
                Formula.of(
                    Token(r"\frac{1}{ad - bc}", "1/(ad - bc)"), sympy.Matrix([["d", "-b"], ["-c", "a"]])
                ),
            ),
            _scaled_inverse(d, swapped, result),
        ],
    )
    return _Outcome([det_section.build(), work.build()], d, result)


# Gauss-Jordan elimination on [A | I]


def _gauss_jordan(A: sympy.ImmutableMatrix) -> _Outcome:
    n = A.rows
    start = A.row_join(sympy.eye(n))
    record = eliminate(start, reduced=True, pivot_columns_limit=n)
    work = SectionBuilder("Gauss-Jordan elimination on [A | I]")
    work.step(
        "Write A and the identity matrix side by side and row-reduce. When the left half becomes I, "
        "the same operations have turned I into A⁻¹.",
        math=Formula.of(augmented(start, n)),
    )
    for step in record.steps:
        operations = join([op.formula() for op in step.operations], COMMA)
        work.step(step.reason, math=[operations, Formula.of(augmented(step.matrix, n))])

    if record.rank < n:
        missing = [c + 1 for c in range(n) if c not in record.pivot_columns]
        columns = ", ".join(str(c) for c in missing)
        stop = SectionBuilder("No inverse")
        zero_rows = n - record.rank
        rows = "a row" if zero_rows == 1 else f"{zero_rows} rows"
        stop.step(
            f"Column {columns} of the left half has no pivot, so the left half ends with {rows} of zeros "
            "and can never become I. A is singular, and its determinant is 0 because a matrix with a "
            "zero row has determinant 0 and row operations only multiply the determinant by nonzero "
            "factors.",
            math=Formula.of(augmented(record.result, n)),
        )
        return _Outcome([work.build(), stop.build()], sympy.Integer(0), None)

    read = SectionBuilder("The inverse")
    right = sympy.ImmutableMatrix(record.result[:, n:])
    read.step("The left half is now I, so the right half is A⁻¹.", math=chain(A_INV, right))

    # det(I) = det(A) · (product of the operations' effects), so det(A) = 1 / that product.
    effects = [op.determinant_factor for op in record.operations if op.kind != "add"]
    d = simplify_value(1 / sympy.Mul(*effects))
    if effects:
        product = join([paren(f) for f in effects], TIMES)
        shown = Formula.of(Token(r"\frac{1}{", "1/("), product, Token("}", ")"))
        read.step(
            "The same reduction gives the determinant. It ended at det(I) = 1; each swap multiplied the "
            "determinant by −1 and each scaling by its factor, while adding multiples of rows changed "
            "nothing. Undo those factors:",
            math=chain(DET_A, shown, d),
        )
    else:
        read.step("No row was swapped or scaled, so det(A) = det(I).", math=chain(DET_A, d))
    if record.conditions:
        read.step(
            "The reduction divided by the symbolic pivots ",
            *listing(record.conditions),
            ", so it assumed that they are nonzero. After cancelling, every entry of A⁻¹ is a fraction "
            "whose denominator divides det(A), so the result holds whenever det(A) ≠ 0.",
        )
    return _Outcome([work.build(), read.build()], d, right)


# The adjugate


def _cofactor_token(i: int, j: int) -> Token:
    return Token(f"C_{{{i + 1}{j + 1}}}", f"C{i + 1}{j + 1}")


def _cofactor(A: sympy.ImmutableMatrix, i: int, j: int, section: SectionBuilder) -> sympy.Expr:
    """Show and return the cofactor C_ij = (−1)^(i+j)·M_ij of a matrix of size 2 or more."""
    sub = minor(A, i, j)
    sign = -1 if (i + j) % 2 else 1
    name = minor_token(i, j)
    definition = chain(_cofactor_token(i, j), Formula.of(sign_token(i, j), TIMES, det_of(sub)))
    k = sub.rows
    if k == 1:
        value = simplify_value(sub[0, 0])
        evaluation = [chain(name, det_of(sub), value)]
    elif k == 2:
        evaluation = [two_by_two(sub, Formula.of(name))[0]]
        value = two_by_two(sub)[1]
    elif k <= ADJUGATE_DETAIL_LIMIT:
        section.step(
            f"Row {i + 1}, column {j + 1}: delete row {i + 1} and column {j + 1} to get the minor "
            f"M{i + 1}{j + 1}.",
            math=definition,
        )
        value = expand_by_cofactors(sub, section, name, top_level=False)
        cofactor = simplify_value(sign * value)
        section.step(
            f"Attach the sign (−1)^({i + 1}+{j + 1}).",
            math=chain(
                _cofactor_token(i, j), Formula.of(paren(sympy.Integer(sign)), TIMES, paren(value)), cofactor
            ),
        )
        return cofactor
    else:
        value = simplify_value(sympy.Matrix(sub).det(method="bareiss"))
        evaluation = [chain(name, value)]
        section.step(
            f"Row {i + 1}, column {j + 1}: the minor M{i + 1}{j + 1} is {k}×{k}, so its value comes from "
            "fraction-free (Bareiss) elimination rather than a written-out expansion.",
            math=[definition, *evaluation],
        )
        cofactor = simplify_value(sign * value)
        section.step(
            "Attach the sign.",
            math=chain(
                _cofactor_token(i, j), Formula.of(paren(sympy.Integer(sign)), TIMES, paren(value)), cofactor
            ),
        )
        return cofactor
    cofactor = simplify_value(sign * value)
    section.step(
        f"Row {i + 1}, column {j + 1}: delete row {i + 1} and column {j + 1} for the minor, then attach "
        f"the sign (−1)^({i + 1}+{j + 1}).",
        math=[
            definition,
            *evaluation,
            chain(
                _cofactor_token(i, j), Formula.of(paren(sympy.Integer(sign)), TIMES, paren(value)), cofactor
            ),
        ],
    )
    return cofactor


def _adjugate(A: sympy.ImmutableMatrix) -> _Outcome:
    n = A.rows
    sections: list[SectionBuilder] = []
    if n == 1:
        cofactors = sympy.ImmutableMatrix([[1]])
        one = SectionBuilder("Cofactors")
        one.step(
            "A 1×1 matrix has one cofactor, the determinant of the empty minor, which is 1 by convention.",
            math=chain(_cofactor_token(0, 0), 1),
        )
        sections.append(one)
    else:
        entries = [[sympy.Integer(0)] * n for _ in range(n)]
        whole = SectionBuilder("Cofactors")
        whole.step(
            "Each cofactor is C_ij = (−1)^(i+j)·M_ij, where the minor M_ij is the determinant of A with "
            "row i and column j deleted."
        )
        sections.append(whole)
        for i in range(n):
            section = whole if n <= 3 else SectionBuilder(f"Cofactors of row {i + 1}")
            if section is not whole:
                sections.append(section)
            for j in range(n):
                entries[i][j] = _cofactor(A, i, j, section)
        cofactors = sympy.ImmutableMatrix(entries)

    adjugate = sympy.ImmutableMatrix(cofactors.T)
    adj = SectionBuilder("Adjugate")
    adj.step("Collect the cofactors in the cofactor matrix C.", math=chain(Token("C", "C"), cofactors))
    adj.step(
        "The adjugate is the transpose of the cofactor matrix.",
        math=chain(ADJ_A, Token("C^{T}", "Cᵀ"), adjugate),
    )
    sections.append(adj)

    det_section = SectionBuilder("Determinant")
    if n == 1:
        d = simplify_value(A[0, 0])
        det_section.step("The determinant of a 1×1 matrix is its single entry.", math=chain(DET_A, d))
    else:
        line = choose_expansion_line(A)
        positions = line.positions(n)
        names = join([Formula.of(entry_token(i, j), _cofactor_token(i, j)) for i, j in positions])
        numbers = join([Formula.of(paren(A[i, j]), TIMES, paren(cofactors[i, j])) for i, j in positions])
        products = [simplify_value(A[i, j] * cofactors[i, j]) for i, j in positions]
        d = simplify_value(sum(products))
        det_section.step(
            f"Expand det(A) along {line.name} with the cofactors already found. {line.reason(n)}",
            math=chain(DET_A, names, numbers, signed_sum(products), d),
        )
    sections.append(det_section)
    if value_is_zero(d):
        _singular_step(det_section)
        return _Outcome([s.build() for s in sections], sympy.Integer(0), None)

    result = _divide(adjugate, d)
    inv = SectionBuilder("The inverse")
    inv.step(
        "Divide the adjugate by the determinant.",
        math=[chain(A_INV, Formula.of(_reciprocal_token(), ADJ_A)), _scaled_inverse(d, adjugate, result)],
    )
    sections.append(inv)
    return _Outcome([s.build() for s in sections], d, result)


def _reciprocal_token() -> Token:
    return Token(r"\frac{1}{\det(A)}", "1/det(A)")


# Method choice, checks and the operation


def _choose_method(n: int) -> tuple[str, str]:
    if n == 1:
        return "formula", "A is 1×1, so its inverse is [1/a] when a ≠ 0."
    if n == 2:
        return (
            "formula",
            "A is 2×2, so the formula A⁻¹ = (1/(ad − bc))·[d −b; −c a] gives the inverse directly.",
        )
    return "gauss-jordan", (
        f"A is {n}×{n}, so Gauss-Jordan elimination on [A | I] is the method: it takes fewer operations than "
        f"the {n * n} cofactors of the adjugate."
    )


def _product_check(left: sympy.MatrixBase, right: sympy.MatrixBase, names: tuple[Token, Token]) -> Check:
    n = left.rows
    product = sympy.ImmutableMatrix((left * right).applyfunc(simplify_value))
    identity = sympy.eye(n)
    passed = all(value_is_zero(product[i, j] - identity[i, j]) for i in range(n) for j in range(n))
    statement = prose(f"{names[0].text}·{names[1].text} = I, multiplied out entry by entry.")
    shown = Formula.of(left, right, EQ, product, EQ if passed else NE, Token("I", "I"))
    return Check(statement, passed, (shown,))


def _singular_checks(A: sympy.ImmutableMatrix) -> list[Check]:
    """Build checks that confirm singularity: Bareiss's determinant and, for numeric entries, the rank."""
    checks = independent_det_checks(A, sympy.Integer(0))[:1]
    if not A.free_symbols:
        rank = sympy.Matrix(A).rank()
        checks.append(
            Check(
                prose(f"SymPy's rank of A is {rank}, less than {A.rows}, so A is singular."),
                rank < A.rows,
                (Formula.of(Token(r"\operatorname{rank}(A)", "rank(A)"), EQ, rank),),
            )
        )
    return checks


@operation("inverse", "inverse of a square matrix", methods=METHODS, square=True)
def inverse(A: sympy.MatrixBase, *, method: str | None, options: Options) -> Solution:
    """Compute A⁻¹ by the requested method or the one that suits the size of A, or show why none exists."""
    A = sympy.ImmutableMatrix(A)
    n = A.rows
    if n == 0:
        raise InputError(
            "A is 0×0 (empty), so there is no inverse to work out; give an n×n matrix with n ≥ 1"
        )
    choice = SectionBuilder("Method")
    if method is None:
        method, why = _choose_method(n)
        choice.step(why)
    else:
        if method == "formula" and n > 2:
            raise InputError(
                f"the formula method works only on 1×1 and 2×2 matrices, but A is {n}×{n}; "
                "use --method gauss-jordan or adjugate"
            )
        choice.step(f"The {method} method was requested for this {n}×{n} matrix.")

    if method == "formula":
        outcome = _formula(A)
    elif method == "gauss-jordan":
        outcome = _gauss_jordan(A)
    else:
        outcome = _adjugate(A)

    problem = prose("Find the inverse of ", Formula.of(Token("A", "A"), EQ, A), ", if it exists.")
    if outcome.inverse is None:
        note = prose("det(A) = 0, so A is singular (not invertible).")
        return Solution(
            operation="inverse",
            title="Inverse",
            problem=problem,
            inputs={"A": A},
            answer=Answer(
                values={"inverse": None, "invertible": False, "det": sympy.Integer(0)},
                display=(
                    Formula.of(Token(r"A^{-1} \text{ does not exist}", "A⁻¹ does not exist")),
                    chain(DET_A, 0),
                ),
                summary=prose("A is singular (det(A) = 0), so it has no inverse."),
            ),
            sections=[choice.build(), *outcome.sections],
            checks=_singular_checks(A),
            method=method,
            notes=[note],
        )

    d = outcome.det
    result = SectionBuilder("Result")
    result.step("The inverse of A is", math=chain(A_INV, outcome.inverse))
    notes = []
    if d.free_symbols:
        note = prose("The inverse exists ", *invertibility_condition(d), ".")
        result.step(*note)
        notes.append(note)
    checks = [
        _product_check(A, outcome.inverse, (Token("A", "A"), A_INV)),
        _product_check(outcome.inverse, A, (A_INV, Token("A", "A"))),
        *independent_det_checks(A, d)[:1],
    ]
    return Solution(
        operation="inverse",
        title="Inverse",
        problem=problem,
        inputs={"A": A},
        answer=Answer(
            values={
                "inverse": outcome.inverse,
                "invertible": True,
                "det": factored(d),
                **({"condition": sympy.Ne(factored(d), 0)} if d.free_symbols else {}),
            },
            display=(chain(A_INV, outcome.inverse),),
            summary=(
                prose("A is invertible ", *invertibility_condition(d), ".")
                if d.free_symbols
                else prose("A is invertible, with det(A) = ", factored(d), ".")
            ),
        ),
        sections=[choice.build(), *outcome.sections, result.build()],
        checks=checks,
        method=method,
        notes=notes,
    )
