"""The determinant, worked by the 2×2 formula, Sarrus's rule, cofactor expansion or row reduction.

Each method shows its arithmetic the way it is written by hand. The value is then checked against
two determinants computed independently of the steps: SymPy's fraction-free Bareiss elimination and
the division-free Berkowitz algorithm.

The cofactor helpers here (:func:`expand_by_cofactors`, :func:`two_by_two`, :func:`minor`) are
public because the adjugate inverse and the characteristic polynomial expand determinants too.

>>> from sympy import Matrix
>>> from derive.registry import Options
>>> solution = determinant(Matrix([[4, 2], [-5, -3]]), method=None, options=Options())
>>> solution.answer.values["det"]
-2
>>> solution.sections[1].steps[0].math[0].text()
'det(A) = 4 · (-3) - 2 · (-5) = -12 + 10 = -2'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy

from .elimination import eliminate, is_zero, simplify_entry
from .errors import InputError
from .formula import (
    COMMA,
    EQ,
    MINUS,
    NE,
    PLUS,
    TIMES,
    Formula,
    Part,
    Prose,
    Token,
    augmented,
    chain,
    det_of,
    join,
    paren,
    prose,
    with_decimal,
)
from .model import Answer, Check, Section, SectionBuilder, Solution
from .registry import Options, operation

METHODS = ("formula", "sarrus", "cofactor", "row-reduction")

# Minors up to this size are expanded step by step. A larger minor (in a cofactor expansion of a 6×6
# or larger matrix) gets its value from Bareiss elimination, because written out it would run to
# hundreds of lines.
DETAIL_LIMIT = 4

DET_A = Token(r"\det(A)", "det(A)")


# Exact values and how they are shown


def simplify_value(x: sympy.Expr) -> sympy.Expr:
    """Bring a determinant (or a cofactor) to one canonical exact form: expanded, radicals rationalized."""
    x = sympy.sympify(x)
    if x.is_Rational:
        return x
    if x.free_symbols:
        return sympy.expand(sympy.cancel(x))
    return simplify_entry(x)


def value_is_zero(x: sympy.Expr) -> bool:
    """Return True only when ``x`` is identically zero.

    A rational function with rational coefficients is zero exactly when its cancelled form is 0, a
    test that avoids the slower general ``equals`` of :func:`derive.elimination.is_zero`.
    """
    x = simplify_value(x)
    if x.is_Rational:
        return x == 0
    if x.free_symbols and x.is_rational_function() and all(n.is_Rational for n in x.atoms(sympy.Number)):
        return x == 0
    return is_zero(x)


def factored(x: sympy.Expr) -> sympy.Expr:
    """Return ``x`` factored when it splits into at least two non-constant factors, else ``x`` itself.

    >>> a = sympy.Symbol("a")
    >>> factored(a**2 - 1), factored(a**2 - 2), factored(2*a**2 - 4)
    ((a - 1)*(a + 1), a**2 - 2, 2*a**2 - 4)
    """
    if not x.free_symbols:
        return x
    _, factors = sympy.factor_list(x)
    if sum(multiplicity for _, multiplicity in factors) < 2:
        return x
    return sympy.factor(x)


def signed_sum(values: list[sympy.Expr]) -> Formula:
    """Show a sum term by term, writing ``a - 4`` rather than ``a + (-4)``.

    >>> signed_sum([sympy.Integer(-16), sympy.Integer(-4), sympy.Integer(40)]).text()
    '-16 - 4 + 40'
    """
    parts: list[object] = []
    for k, v in enumerate(values):
        v = sympy.sympify(v)
        if k == 0:
            parts.append(v)
        elif v.could_extract_minus_sign():
            parts.extend([MINUS, _group(-v)])
        else:
            parts.extend([PLUS, _group(v)])
    return Formula.of(*parts)


def _group(v: sympy.Expr) -> Part:
    """Parenthesize a sum that follows a + or - sign."""
    if v.is_Add:
        return Formula.of(Token(r"\left(", "("), v, Token(r"\right)", ")"))
    return v


def _chain_distinct(*sides: object) -> Formula:
    """``a = b = c`` with a side left out when it reads exactly like the one before it."""
    kept: list[object] = []
    last = None
    for side in sides:
        text = side.text() if isinstance(side, Formula) else Formula.of(side).text()
        if text != last:
            kept.append(side)
        last = text
    return chain(*kept)


def listing(values: tuple[sympy.Expr, ...] | list[sympy.Expr]) -> list[object]:
    """Prose segments that list values: ``a``, ``a and b``, ``a, b and c``."""
    segments: list[object] = []
    for k, v in enumerate(values):
        if k:
            segments.append(" and " if k == len(values) - 1 else ", ")
        segments.append(Formula.of(v))
    return segments


def entry_token(i: int, j: int) -> Token:
    return Token(f"a_{{{i + 1}{j + 1}}}", f"a{i + 1}{j + 1}")


def minor_token(i: int, j: int) -> Token:
    return Token(f"M_{{{i + 1}{j + 1}}}", f"M{i + 1}{j + 1}")


def sign_token(i: int, j: int) -> Token:
    return Token(f"(-1)^{{{i + 1}+{j + 1}}}", f"(-1)^({i + 1}+{j + 1})")


def minor(M: sympy.MatrixBase, i: int, j: int) -> sympy.ImmutableMatrix:
    """Return ``M`` without row ``i`` and column ``j`` (0-based)."""
    rows = [r for r in range(M.rows) if r != i]
    cols = [c for c in range(M.cols) if c != j]
    return sympy.ImmutableMatrix(M.extract(rows, cols))


# The 2×2 formula and Sarrus's rule


def two_by_two(M: sympy.MatrixBase, name: Part = DET_A) -> tuple[Formula, sympy.Expr]:
    """Evaluate a 2×2 determinant as ad − bc with the entries substituted; return the chain and value.

    >>> formula, value = two_by_two(sympy.Matrix([[1, 2], [3, 4]]))
    >>> formula.text()
    'det(A) = 1 · 4 - 2 · 3 = 4 - 6 = -2'
    """
    a, b, c, d = M[0, 0], M[0, 1], M[1, 0], M[1, 1]
    products = Formula.of(paren(a), TIMES, paren(d), MINUS, paren(b), TIMES, paren(c))
    ad = simplify_value(a * d)
    bc = simplify_value(b * c)
    value = simplify_value(ad - bc)
    return _chain_distinct(name, products, signed_sum([ad, -bc]), value), value


def _product_formula(entries: list[sympy.Expr]) -> Formula:
    if len(entries) == 1:
        return Formula.of(entries[0])
    parts: list[object] = []
    for k, e in enumerate(entries):
        if k:
            parts.append(TIMES)
        parts.append(paren(e))
    return Formula.of(*parts)


def _sarrus(A: sympy.ImmutableMatrix, section: SectionBuilder) -> sympy.Expr:
    extended = A.row_join(A[:, :2])
    section.step(
        "Write the first two columns of A again to the right of it. Each diagonal of three entries "
        "is then a straight line through this array.",
        math=Formula.of(augmented(extended, 3)),
    )

    down = [[A[k, (k + s) % 3] for k in range(3)] for s in range(3)]
    up = [[A[k, (s - k) % 3] for k in range(3)] for s in (2, 0, 1)]
    down_values = [simplify_value(sympy.Mul(*d)) for d in down]
    up_values = [simplify_value(sympy.Mul(*u)) for u in up]

    section.step(
        "Multiply along the three diagonals that run down to the right. These products are added.",
        math=[_chain_distinct(_product_formula(d), v) for d, v in zip(down, down_values, strict=True)],
    )
    section.step(
        "Multiply along the three diagonals that run up to the right. These products are subtracted.",
        math=[_chain_distinct(_product_formula(u), v) for u, v in zip(up, up_values, strict=True)],
    )

    down_sum = simplify_value(sum(down_values))
    up_sum = simplify_value(sum(up_values))
    value = simplify_value(down_sum - up_sum)
    difference = Formula.of(_group(down_sum), MINUS, _group(up_sum))
    section.step(
        "The determinant is the sum of the downward products minus the sum of the upward products.",
        math=_chain_distinct(
            DET_A,
            Formula.of(
                Token(r"\left(", "("),
                signed_sum(down_values),
                Token(r"\right)", ")"),
                MINUS,
                Token(r"\left(", "("),
                signed_sum(up_values),
                Token(r"\right)", ")"),
            ),
            difference,
            value,
        ),
    )
    return value


# Cofactor (Laplace) expansion


@dataclass(frozen=True)
class ExpansionLine:
    """The row or column that a cofactor expansion runs along (0-based ``index``)."""

    kind: Literal["row", "column"]
    index: int
    zeros: int
    tied: bool

    def positions(self, n: int) -> list[tuple[int, int]]:
        if self.kind == "row":
            return [(self.index, j) for j in range(n)]
        return [(i, self.index) for i in range(n)]

    @property
    def name(self) -> str:
        return f"{self.kind} {self.index + 1}"

    def reason(self, n: int) -> str:
        """Why this line was chosen, as a sentence."""
        if self.zeros == 0:
            return "No row or column contains a zero, so the expansion runs along the first row."
        zeros = "one zero" if self.zeros == 1 else f"{self.zeros} zeros"
        text = (
            f"{self.name.capitalize()} contains the most zeros ({zeros} of {n} entries), so expanding along "
            f"it leaves the fewest terms."
        )
        if self.tied:
            text += " Where lines tie, rows come before columns and the first one is taken."
        return text


def choose_expansion_line(M: sympy.MatrixBase) -> ExpansionLine:
    """Return the row or column with the most zero entries; ties go to rows first, then the first one.

    >>> choose_expansion_line(sympy.Matrix([[1, 2, 4], [2, -1, 3], [0, 5, 1]])).name
    'row 3'
    """
    n = M.rows
    counts: list[tuple[Literal["row", "column"], int, int]] = []
    for i in range(n):
        counts.append(("row", i, sum(value_is_zero(M[i, j]) for j in range(n))))
    for j in range(n):
        counts.append(("column", j, sum(value_is_zero(M[i, j]) for i in range(n))))
    best = max(c for _, _, c in counts)
    winners = [(kind, index) for kind, index, c in counts if c == best]
    kind, index = winners[0]
    return ExpansionLine(kind, index, best, tied=best > 0 and len(winners) > 1)


def _term_parts(first: bool, sign: int, entry: sympy.Expr, factor: Part) -> list[object]:
    """Build one signed term ``± entry·factor`` of an expansion."""
    parts: list[object] = []
    if sign < 0:
        parts.append(MINUS)
    elif not first:
        parts.append(PLUS)
    parts.extend([paren(entry), TIMES, factor])
    return parts


def expand_by_cofactors(
    M: sympy.MatrixBase,
    section: SectionBuilder,
    name: Part = DET_A,
    *,
    minor_section: MinorSections | None = None,
    top_level: bool = True,
) -> sympy.Expr:
    """Add the steps of a Laplace expansion of ``det(M)`` to ``section`` and return its value.

    The expansion runs along the line with the most zeros. Minors of size 2 are evaluated by the
    formula inside the step of their term; minors of size 3 up to ``DETAIL_LIMIT`` are expanded the
    same way, recursively; larger minors get their value from Bareiss elimination, and a step states that.
    With ``minor_section``, each minor of size 3 or more is worked in its own section.
    """
    n = M.rows
    if n == 1:
        value = simplify_value(M[0, 0])
        section.step("A 1×1 determinant is its single entry.", math=chain(name, value))
        return value
    if n == 2:
        formula, value = two_by_two(M, name)
        section.step(
            "A 2×2 determinant is ad − bc, the product of the main diagonal minus the other.", math=formula
        )
        return value

    line = choose_expansion_line(M)
    positions = line.positions(n)
    expansion: list[object] = []
    terms: list[tuple[int, int, int, sympy.Expr, sympy.ImmutableMatrix]] = []
    zero_positions: list[tuple[int, int]] = []
    for i, j in positions:
        entry = M[i, j]
        if value_is_zero(entry):
            zero_positions.append((i, j))
            continue
        sign = -1 if (i + j) % 2 else 1
        sub = minor(M, i, j)
        expansion.extend(_term_parts(not expansion, sign, entry, det_of(sub)))
        terms.append((i, j, sign, entry, sub))

    if top_level:
        sentence = (
            f"Expand det(A) along {line.name}. {line.reason(n)} Each term is the sign (−1)^(i+j), "
            "times the entry, times its minor (the determinant left after deleting the entry's row and "
            "column)."
        )
    else:
        sentence = f"Expand this {n}×{n} determinant along {line.name}. {line.reason(n)}"
    section.step(sentence, math=chain(name, Formula.of(*expansion)) if expansion else chain(name, 0))
    for i, j in zero_positions:
        section.step(f"The entry in row {i + 1}, column {j + 1} is 0, so its term vanishes.")
    if not terms:
        section.step(f"Every entry of {line.name} is 0, so the determinant is 0.", math=chain(name, 0))
        return sympy.Integer(0)

    minor_values: list[sympy.Expr] = []
    for i, j, sign, entry, sub in terms:
        minor_values.append(
            _evaluate_term(i, j, sign, entry, sub, section, top_level=top_level, minor_section=minor_section)
        )

    target = section if minor_section is None else minor_section.summary()
    with_values: list[object] = []
    term_values: list[sympy.Expr] = []
    for (_, _, sign, entry, _), value in zip(terms, minor_values, strict=True):
        with_values.extend(_term_parts(not with_values, sign, entry, paren(value)))
        term_values.append(simplify_value(sign * entry * value))
    total = simplify_value(sum(term_values))
    target.step(
        "Put the minors' values into the expansion and add the terms.",
        math=_chain_distinct(name, Formula.of(*with_values), signed_sum(term_values), total),
    )
    return total


def _evaluate_term(
    i: int,
    j: int,
    sign: int,
    entry: sympy.Expr,
    sub: sympy.ImmutableMatrix,
    section: SectionBuilder,
    *,
    top_level: bool,
    minor_section: MinorSections | None,
) -> sympy.Expr:
    """Show one term's sign, entry and minor, evaluate the minor and return its value."""
    k = sub.rows
    sign_text = "+1" if sign > 0 else "−1"
    label = minor_token(i, j) if top_level else det_of(sub)
    sentence = (
        f"Row {i + 1}, column {j + 1}: the sign is (−1)^({i + 1}+{j + 1}) = {sign_text}, the entry is ",
        entry,
        f", and the minor is the determinant left after deleting row {i + 1} and column {j + 1}.",
    )
    sign_formula = chain(sign_token(i, j), sign)

    if k == 1:
        value = simplify_value(sub[0, 0])
        section.step(*sentence, math=[sign_formula, chain(det_of(sub), value)])
        return value
    if k == 2:
        formula, value = two_by_two(sub, det_of(sub))
        shown = [sign_formula, chain(label, det_of(sub))] if top_level else [sign_formula]
        section.step(*sentence, math=[*shown, formula])
        return value
    section.step(*sentence, math=[sign_formula, chain(label, det_of(sub))])
    if k > DETAIL_LIMIT:
        value = simplify_value(sympy.Matrix(sub).det(method="bareiss"))
        section.step(
            f"This minor is {k}×{k}: its cofactor expansion would have up to {sympy.factorial(k)} "
            "products, so its value comes from fraction-free (Bareiss) elimination instead.",
            math=chain(label, value),
        )
        return value
    target = section if minor_section is None else minor_section.open(i, j)
    return expand_by_cofactors(sub, target, label, top_level=False)


class MinorSections:
    """Sections for a long expansion: one per minor of size 3 or more, then one for the sum."""

    def __init__(self) -> None:
        self.sections: list[SectionBuilder] = []
        self._summary: SectionBuilder | None = None

    def open(self, i: int, j: int) -> SectionBuilder:
        builder = SectionBuilder(f"Minor M{i + 1}{j + 1} (row {i + 1} and column {j + 1} deleted)")
        self.sections.append(builder)
        return builder

    def summary(self) -> SectionBuilder:
        if self._summary is None:
            self._summary = SectionBuilder("Sum of the terms")
            self.sections.append(self._summary)
        return self._summary


def _cofactor_sections(A: sympy.ImmutableMatrix) -> tuple[list[Section], sympy.Expr]:
    main = SectionBuilder("Cofactor expansion")
    if A.rows < 4:
        value = expand_by_cofactors(A, main)
        return [main.build()], value
    minors = MinorSections()
    value = expand_by_cofactors(A, main, minor_section=minors)
    return [main.build(), *(b.build() for b in minors.sections if b)], value


# Row reduction


def _scaled_det(factor: sympy.Expr, M: sympy.MatrixBase) -> Formula:
    """``det(A) = factor·|M|`` with a factor of ±1 written as a sign."""
    if factor == 1:
        return chain(DET_A, det_of(M))
    if factor == -1:
        return chain(DET_A, Formula.of(MINUS, det_of(M)))
    return chain(DET_A, Formula.of(paren(factor), TIMES, det_of(M)))


_DET_EFFECT = {
    "swap": "The swap changes the sign of the determinant.",
    "scale": "Scaling a row by c multiplies the determinant by c, so the factor in front is divided by c.",
    "add": "Adding multiples of a row to other rows leaves the determinant unchanged.",
}


def _row_reduction(A: sympy.ImmutableMatrix) -> tuple[list[Section], sympy.Expr]:
    n = A.rows
    record = eliminate(A, reduced=False)
    steps = SectionBuilder("Row reduction to triangular form")
    steps.step(
        "Reduce A to an upper triangular matrix with row operations. Adding a multiple of one row to "
        "another leaves the determinant unchanged, a row swap changes its sign, and scaling a row by c "
        "multiplies it by c.",
        math=chain(DET_A, det_of(A)),
    )
    factor = sympy.Integer(1)  # det(A) = factor · det(current matrix)
    for step in record.steps:
        for op in step.operations:
            if op.kind == "swap":
                factor = -factor
            elif op.kind == "scale":
                factor = simplify_value(factor / op.factor)
        operations = join([op.formula() for op in step.operations], COMMA)
        effect = _DET_EFFECT[step.operations[0].kind]
        steps.step(f"{step.reason} {effect}", math=[operations, _scaled_det(factor, step.matrix)])
    if not record.steps:
        steps.step("A is already upper triangular, so no row operation is needed.")

    result = SectionBuilder("Product of the diagonal")
    U = record.result
    diagonal = [U[k, k] for k in range(n)]
    product = simplify_value(sympy.Mul(*diagonal))
    value = simplify_value(factor * product)
    missing = [c + 1 for c in range(n) if c not in record.pivot_columns]
    if missing:
        columns = ", ".join(str(c) for c in missing)
        result.step(
            f"Column {columns} has no pivot, so the triangular form has a 0 on its diagonal, and the "
            "determinant of a triangular matrix is the product of its diagonal entries.",
            math=_chain_distinct(det_of(U), _product_formula(diagonal), 0),
        )
    else:
        result.step(
            "The determinant of a triangular matrix is the product of its diagonal entries.",
            math=_chain_distinct(det_of(U), _product_formula(diagonal), product),
        )
    shown_factor = Formula.of(paren(factor), TIMES, paren(product)) if factor != 1 else Formula.of(product)
    result.step(
        "Undo the effect of the row operations on the determinant.",
        math=_chain_distinct(DET_A, shown_factor, value),
    )
    if record.conditions:
        result.step(
            "The reduction divided by the symbolic pivots ",
            *listing(record.conditions),
            ", so it assumed that they are nonzero. Both det(A) and the result are polynomials in the "
            "symbols and agree wherever the pivots are nonzero, so they agree for every value.",
        )
    return [steps.build(), result.build()], value


# Method choice, checks and the operation


def _methods_that_fit(n: int) -> list[str]:
    if n <= 2:
        return ["formula", "cofactor", "row-reduction"]
    if n == 3:
        return ["sarrus", "cofactor", "row-reduction"]
    return ["cofactor", "row-reduction"]


def _require_method_fits(method: str, n: int) -> None:
    fits = _methods_that_fit(n)
    if method in fits:
        return
    others = ", ".join(fits[:-1]) + " or " + fits[-1]
    if method == "sarrus":
        raise InputError(
            f"the sarrus method works only on 3×3 matrices, but A is {n}×{n}; use --method {others}"
        )
    raise InputError(
        f"the formula method works only on 1×1 and 2×2 matrices, but A is {n}×{n}; use --method {others}"
    )


def _choose_method(A: sympy.ImmutableMatrix) -> tuple[str, str]:
    """Return the method for ``method=None`` and the sentence that explains the choice."""
    n = A.rows
    if n == 1:
        return "formula", "A is 1×1, so its determinant is its single entry."
    if n == 2:
        return "formula", "A is 2×2, so the formula ad − bc gives the determinant directly."
    line = choose_expansion_line(A)
    if n == 3:
        if line.zeros >= 1:
            return "cofactor", (
                f"A is 3×3 and {line.name} contains a zero, so a cofactor expansion along it needs fewer "
                "products than Sarrus's six."
            )
        return (
            "sarrus",
            "A is 3×3 with no zero entry, so Sarrus's rule (six diagonal products) is the shortest way.",
        )
    if n == 4 and line.zeros >= 2:
        return "cofactor", (
            f"A is 4×4 and {line.name} contains {line.zeros} zeros, so a cofactor expansion along it needs "
            f"only {4 - line.zeros} minors of size 3×3."
        )
    if n == 4:
        return "row-reduction", (
            "A is 4×4 and no row or column contains two zeros, so row reduction to triangular form takes "
            "less arithmetic than a cofactor expansion into four 3×3 minors."
        )
    return "row-reduction", (
        f"A is {n}×{n}; a cofactor expansion would involve up to {sympy.factorial(n)} products, so row "
        "reduction to triangular form is the practical method."
    )


def independent_det_checks(A: sympy.MatrixBase, value: sympy.Expr) -> list[Check]:
    """Compare a determinant with Bareiss's and Berkowitz's, both computed by SymPy from ``A`` alone."""
    M = sympy.Matrix(A)
    checks = []
    for label, method in (("Bareiss", "bareiss"), ("Berkowitz", "berkowitz")):
        other = simplify_value(M.det(method=method))
        agree = value_is_zero(value - other)
        name = Token(rf"\det\nolimits_{{\text{{{label}}}}}(A)", f"det(A) by {label}")
        checks.append(
            Check(
                prose(
                    f"SymPy's {label} algorithm, run on A independently of the steps, "
                    "gives the same determinant."
                ),
                agree,
                (Formula.of(name, EQ, other, EQ if agree else NE, Token(r"\det(A)", "det(A)")),),
            )
        )
    return checks


def solved_condition(d: sympy.Expr) -> Formula | None:
    """Solve ``d ≠ 0`` for its symbol (``a ≠ r₁, a ≠ r₂``) when ``d`` has exactly one; else None.

    >>> a = sympy.Symbol("a")
    >>> solved_condition(a**2 - 2).text()
    'a ≠ -sqrt(2), a ≠ sqrt(2)'
    """
    symbols = sorted(d.free_symbols, key=str)
    if len(symbols) != 1:
        return None
    try:
        roots = sympy.solve(sympy.factor(d), symbols[0])
    except NotImplementedError:
        return None
    if not roots or any(isinstance(r, dict) for r in roots):
        return None
    return join([Formula.of(symbols[0], NE, r) for r in roots], COMMA)


def invertibility_condition(d: sympy.Expr) -> Prose:
    """Say when a matrix with symbolic determinant ``d`` is invertible, solved for its symbol if
    there is one."""
    solved = solved_condition(d)
    det_nonzero = Formula.of(DET_A, EQ, factored(d), NE, 0)
    if solved is None:
        return prose("exactly when ", det_nonzero)
    return prose("exactly when ", det_nonzero, ", that is when ", solved)


def _result_section(value: sympy.Expr) -> tuple[Section, list]:
    result = SectionBuilder("Result")
    notes = []
    shown = factored(value)
    if shown == value:
        result.step("The determinant of A is", math=chain(DET_A, with_decimal(value)))
    else:
        result.step("The determinant of A, expanded and factored, is", math=chain(DET_A, value, shown))
    if value_is_zero(value):
        note = prose("det(A) = 0, so A is singular (not invertible).")
        result.step(*note)
        notes.append(note)
    elif value.free_symbols:
        note = prose("A is invertible ", *invertibility_condition(value), ".")
        result.step(*note)
        notes.append(note)
    return result.build(), notes


@operation("det", "determinant of a square matrix", methods=METHODS, square=True)
def determinant(A: sympy.MatrixBase, *, method: str | None, options: Options) -> Solution:
    """Compute det(A) by the requested method, or by the one that suits the size and zeros of A."""
    A = sympy.ImmutableMatrix(A)
    n = A.rows
    if n == 0:
        raise InputError(
            "A is 0×0 (empty), so there is no determinant to work out; give an n×n matrix with n ≥ 1"
        )
    choice = SectionBuilder("Method")
    if method is None:
        method, why = _choose_method(A)
        choice.step(why)
    else:
        _require_method_fits(method, n)
        choice.step(f"The {method} method was requested for this {n}×{n} matrix.")
    if method == "cofactor" and n > 4:
        choice.step(
            f"A cofactor expansion of an {n}×{n} determinant has up to {sympy.factorial(n)} products; row "
            "reduction is the practical method at this size, but the expansion is shown as requested."
        )

    if method == "formula":
        work = SectionBuilder("The formula")
        if n == 1:
            value = simplify_value(A[0, 0])
            work.step("The determinant of a 1×1 matrix is its single entry.", math=chain(DET_A, value))
        else:
            formula, value = two_by_two(A)
            work.step("For a 2×2 matrix with rows (a, b) and (c, d), det(A) = ad − bc.", math=formula)
        sections = [work.build()]
    elif method == "sarrus":
        work = SectionBuilder("Sarrus's rule")
        value = _sarrus(A, work)
        sections = [work.build()]
    elif method == "cofactor":
        sections, value = _cofactor_sections(A)
    else:
        sections, value = _row_reduction(A)

    result, notes = _result_section(value)
    shown = factored(value)
    return Solution(
        operation="det",
        title="Determinant",
        problem=prose("Compute the determinant of ", Formula.of(Token("A", "A"), EQ, A), "."),
        inputs={"A": A},
        answer=Answer(
            values={"det": shown},
            display=(chain(DET_A, with_decimal(shown)),),
            summary=prose("det(A) = ", with_decimal(shown), "."),
        ),
        sections=[choice.build(), *sections, result],
        checks=independent_det_checks(A, value),
        method=method,
        notes=notes,
    )
