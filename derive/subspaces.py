"""Reduced row echelon form, rank, the four subspaces' bases, span and linear independence.

Every reduction goes through :func:`derive.elimination.eliminate` (Gauss-Jordan), and every answer is
checked against SymPy's own ``rref``, ``rank`` and ``nullspace`` or by multiplying back.
Conventions: columns and pivots are numbered from 1 in the text and in ``Answer.values``; null-space
vectors are scaled to integers with no common factor when their entries are rational.

>>> from sympy import Matrix
>>> from derive.registry import solve
>>> solution = solve("rank", Matrix([[1, 2], [2, 4]]))
>>> solution.answer.values["rank"], solution.answer.values["nullity"]
(1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import sympy

from .elimination import Elimination, eliminate, is_zero, simplify_entry
from .errors import ShapeError
from .formula import COMMA, EQ, MINUS, NE, PLUS, TIMES, Formula, Token, augmented, join, paren
from .model import Answer, Check, Section, SectionBuilder, Solution
from .registry import Options, operation

# Names of the free parameters, in the order free variables receive them.
_PARAMETER_NAMES = ("s", "t", "u", "v", "w")

ZERO_VECTOR = Token(r"\mathbf{0}", "0")


# ---------------------------------------------------------------------------------------------------
# Helpers shared with systems.py and special.py


def ordinal_columns(columns: tuple[int, ...] | list[int]) -> str:
    """Return 0-based column indices as the 1-based words "1, 2 and 4"."""
    words = [str(c + 1) for c in columns]
    if not words:
        return "none"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def reduction_section(title: str, E: Elimination, name: Token, bar: int | None = None) -> Section:
    """Show a reduction: the start, then each step's row operations and the matrix after them.

    ``bar`` draws the matrix as augmented with a bar before that column, as for [A | b].
    """

    def shown(M: sympy.MatrixBase) -> object:
        return augmented(M, bar) if bar is not None else M

    section = SectionBuilder(title)
    section.step("Start from ", Formula.of(name), ".", math=Formula.of(name, EQ, shown(E.start)))
    if not E.steps:
        section.step("It is already in reduced row echelon form, so no row operation is needed.")
    for step in E.steps:
        operations = join((op.formula() for op in step.operations), COMMA)
        section.step(step.reason, math=[operations, Formula.of(shown(step.matrix))])
    if E.conditions:
        section.step(
            "The entries contain symbols and the reduction divides by the pivots, so it holds only when ",
            *listing([Formula.of(c, NE, 0) for c in E.conditions]),
            ". Values of the symbols that make a pivot zero need a separate reduction.",
        )
    return section.build()


def variables(n: int) -> list[sympy.Symbol]:
    """Return the unknowns x₁, …, xₙ."""
    return [sympy.Symbol(f"x_{j + 1}") for j in range(n)]


def parameters(count: int, avoid: set[sympy.Symbol]) -> list[sympy.Symbol]:
    """Return ``count`` parameter symbols (s, t, u, …) that do not clash with symbols in the input."""
    taken = {s.name for s in avoid}
    names = [n for n in _PARAMETER_NAMES if n not in taken]
    k = 1
    while len(names) < count:
        candidate = f"t_{k}"
        if candidate not in taken:
            names.append(candidate)
        k += 1
    return [sympy.Symbol(n) for n in names[:count]]


def scale_to_integers(v: sympy.MatrixBase) -> tuple[sympy.Matrix, sympy.Expr]:
    """Return ``(factor·v, factor)`` with integer entries of no common factor, when v is rational.

    A vector with irrational or symbolic entries is returned as it is, with factor 1.
    """
    entries = [sympy.sympify(x) for x in v]
    if not all(x.is_Rational for x in entries) or all(x == 0 for x in entries):
        return sympy.Matrix(v), sympy.Integer(1)
    denominator = reduce(sympy.ilcm, (x.q for x in entries), 1)
    numerators = [int(x * denominator) for x in entries]
    common = reduce(sympy.igcd, (abs(p) for p in numerators if p), 0)
    factor = sympy.Rational(denominator, common)
    return sympy.Matrix(v) * factor, factor


@dataclass(frozen=True)
class SolutionSet:
    """The solutions of [A | b] read from its reduced form.

    ``inconsistent_rows`` are the 0-based rows that read 0 = c with c ≠ 0; ``particular`` is the
    solution with every free variable 0 (None when inconsistent); ``directions`` are the null-space
    vectors, one per free column, before any scaling.
    """

    inconsistent_rows: tuple[int, ...]
    particular: sympy.Matrix | None
    free_columns: tuple[int, ...]
    directions: tuple[sympy.Matrix, ...]


def read_solutions(E: Elimination, n: int, augmented_columns: int = 0) -> SolutionSet:
    """Read the solution set of a reduced matrix whose first ``n`` columns are the coefficients.

    With ``augmented_columns`` = 1 the last column is the right-hand side b; with 0 the system is
    homogeneous.
    """
    R = E.result
    pivots = E.pivot_columns
    free = tuple(j for j in range(n) if j not in pivots)
    directions = []
    for f in free:
        v = sympy.zeros(n, 1)
        v[f] = 1
        for i, p in enumerate(pivots):
            v[p] = simplify_entry(-R[i, f])
        directions.append(v)
    inconsistent: tuple[int, ...] = ()
    particular = None
    if augmented_columns:
        inconsistent = tuple(i for i in range(len(pivots), R.rows) if not is_zero(R[i, n]))
        if not inconsistent:
            particular = sympy.zeros(n, 1)
            for i, p in enumerate(pivots):
                particular[p] = R[i, n]
    return SolutionSet(inconsistent, particular, free, tuple(directions))


def pivot_equations(E: Elimination, n: int, free_values: dict[int, sympy.Expr], rhs: bool) -> list[Formula]:
    """Write each pivot row of the reduced matrix as "x_p = …" in terms of the free values."""
    R = E.result
    xs = variables(n)
    equations = []
    for i, p in enumerate(E.pivot_columns):
        value = R[i, n] if rhs else sympy.Integer(0)
        value = value - sum((R[i, f] * t for f, t in free_values.items()), sympy.Integer(0))
        equations.append(Formula.of(xs[p], EQ, sympy.expand(value)))
    return equations


def listing(items: list[object]) -> tuple[object, ...]:
    """Return prose segments listing items as "a, b and c"."""
    segments: list[object] = []
    for k, item in enumerate(items):
        if k:
            segments.append(" and " if k == len(items) - 1 else ", ")
        segments.append(item)
    return tuple(segments)


def assumed_nonzero(E: Elimination, extra: tuple[sympy.Expr, ...] = ()) -> list[sympy.Expr]:
    """Return the symbolic expressions that a result assumes nonzero: the pivots that the reduction
    divided by, then ``extra``."""
    out: list[sympy.Expr] = []
    for c in (*E.conditions, *extra):
        if c.free_symbols and c not in out:
            out.append(c)
    return out


def condition_values(conditions: list[sympy.Expr]) -> list[sympy.Ne]:
    """Return the conditions as relations c ≠ 0, for ``Answer.values``."""
    return [sympy.Ne(c, 0) for c in conditions]


def conditional_summary(conditions: list[sympy.Expr], sentence: str) -> tuple[object, ...]:
    """Prose for an answer that holds only under ``conditions``: "When 1 − a² ≠ 0, the system …".

    ``sentence`` is written as it stands alone ("The system has …", "b is in the span"). After the
    condition its first word is lowercased, unless it is a one-letter symbol name such as b.
    """
    if not conditions:
        return (sentence + ".",)
    first = sentence.split(" ", 1)[0]
    if len(first) > 1:
        sentence = sentence[0].lower() + sentence[1:]
    return ("When ", *listing([Formula.of(c, NE, 0) for c in conditions]), f", {sentence}.")


def free_variable_step(
    section: SectionBuilder, n: int, free: tuple[int, ...], params: list[sympy.Symbol]
) -> None:
    """State which variables are free and the parameters they receive."""
    xs = variables(n)
    names = listing([xs[f] for f in free])
    settings = listing([Formula.of(xs[f], EQ, t) for f, t in zip(free, params, strict=True)])
    if len(free) == 1:
        opening = f"Column {ordinal_columns(free)} has no pivot, so "
        middle = " is a free variable; it takes any value, named "
    else:
        opening = f"Columns {ordinal_columns(free)} have no pivot, so "
        middle = " are free variables; they take any values, named "
    section.step(opening, *names, middle, *settings, ".")


def linear_combination(coefficients: list[sympy.Expr], vectors: list[sympy.MatrixBase]) -> Formula:
    """Write c₁v₁ + c₂v₂ + … with each vector as a column, a coefficient 1 left out and a negative
    number shown as a subtraction."""
    parts: list[object] = []
    for c, v in zip(coefficients, vectors, strict=True):
        c = sympy.sympify(c)
        negative = bool(c.is_number) and c.could_extract_minus_sign()
        magnitude = -c if negative else c
        term = Formula.of(sympy.ImmutableMatrix(v)) if magnitude == 1 else Formula.of(paren(magnitude), v)
        if parts:
            parts.append(MINUS if negative else PLUS)
        elif negative:
            parts.append(MINUS)
        parts.append(term)
    return Formula.of(*parts) if parts else Formula.of(ZERO_VECTOR)


def span_of(vectors: list[sympy.MatrixBase]) -> Formula:
    """Write span{v₁, v₂, …}."""
    return Formula.of(
        Token(r"\operatorname{span}\left\{", "span{"), join(vectors, COMMA), Token(r"\right\}", "}")
    )


def columns_of(V: sympy.MatrixBase) -> list[sympy.ImmutableMatrix]:
    return [sympy.ImmutableMatrix(V[:, j]) for j in range(V.cols)]


def matrix_is_zero(M: sympy.MatrixBase) -> bool:
    """True when every entry of ``M`` is identically zero."""
    return all(is_zero(simplify_entry(x)) for x in M)


def matrices_equal(A: sympy.MatrixBase, B: sympy.MatrixBase) -> bool:
    return A.shape == B.shape and matrix_is_zero(sympy.Matrix(A) - sympy.Matrix(B))


def require_column_vector(
    b: sympy.MatrixBase, M: sympy.MatrixBase, operand: str, operation_name: str
) -> None:
    """Raise ``ShapeError`` unless ``b`` is a column vector with one entry per row of ``M``, the
    operand named ``operand``."""
    rows = M.rows
    if b.cols != 1:
        raise ShapeError(
            f"b is {b.rows}×{b.cols}, but {operation_name} needs b as a column vector; "
            f"give b as a column vector with {rows} entries"
        )
    if b.rows != rows:
        raise ShapeError(
            f"{operand} is {M.rows}×{M.cols} and b is {b.rows}×1: b needs as many entries as {operand} has "
            f"rows ({rows}); give b as a column vector with {rows} entries"
        )


A_NAME = Token("A", "A")
V_NAME = Token("V", "V")
RREF_A = Token.name(r"\operatorname{rref}(A)", "rref(A)")


def _symbols_of(*matrices: sympy.MatrixBase) -> set[sympy.Symbol]:
    return set().union(*(M.free_symbols for M in matrices))


# ---------------------------------------------------------------------------------------------------
# Null space


def nullspace_sections(A: sympy.MatrixBase, E: Elimination) -> tuple[list[Section], list[sympy.Matrix]]:
    """Solve Ax = 0 from the reduced form ``E`` of A; return the sections and the basis shown."""
    n = A.cols
    found = read_solutions(E, n)
    section = SectionBuilder("Solving Ax = 0")
    if not found.free_columns:
        section.step(
            "Every column has a pivot, so there is no free variable: the only solution of ",
            Formula.of(A_NAME, Token("x", "x"), EQ, ZERO_VECTOR),
            " is x = 0 and the null space is {0}, with the empty basis.",
        )
        return [section.build()], []

    params = parameters(len(found.free_columns), _symbols_of(A))
    free_values = dict(zip(found.free_columns, params, strict=True))
    free_variable_step(section, n, found.free_columns, params)
    if E.pivot_columns:
        section.step(
            "Each nonzero row of the reduced matrix gives its pivot variable in terms of the free ones:",
            math=pivot_equations(E, n, free_values, rhs=False),
        )

    general = sum((t * v for t, v in zip(params, found.directions, strict=True)), sympy.zeros(n, 1))
    x = sympy.Matrix(variables(n))
    section.step(
        "So every solution is a combination of fixed vectors, one per free variable:",
        math=Formula.of(
            x, EQ, general.applyfunc(sympy.expand), EQ, linear_combination(params, found.directions)
        ),
    )

    basis = []
    scaled_any = False
    for v in found.directions:
        w, factor = scale_to_integers(v)
        scaled_any = scaled_any or factor != 1
        basis.append(w)
    if scaled_any:
        section.step(
            "Multiplying a vector by a nonzero number keeps it in the null space and keeps the basis a "
            "basis, so each vector is scaled to integer entries with no common factor:",
            math=join((sympy.ImmutableMatrix(w) for w in basis), COMMA),
        )
    elif not all(x.is_Rational for v in found.directions for x in v):
        section.step("The vectors have irrational or symbolic entries, so they are left unscaled.")
    return [section.build()], basis


def _null_vector_checks(A: sympy.MatrixBase, basis: list[sympy.Matrix], name: Token = A_NAME) -> list[Check]:
    checks = []
    for k, v in enumerate(basis, start=1):
        product = (sympy.Matrix(A) * v).applyfunc(simplify_entry)
        checks.append(
            Check(
                (f"Null-space vector {k} satisfies Av = 0.",),
                matrix_is_zero(product),
                (Formula.of(name, sympy.ImmutableMatrix(v), EQ, sympy.ImmutableMatrix(product)),),
            )
        )
    return checks


@operation("nullspace", "basis of the null space: solve Ax = 0 from the reduced row echelon form")
def nullspace(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Solve Ax = 0 by Gauss-Jordan elimination and return a basis of the solutions.

    Checks: A·v = 0 for every basis vector, the basis is independent (SymPy's rank of the basis
    equals its size), and its size equals n − rank(A) by SymPy.
    """
    E = eliminate(A)
    rows = reduction_section("Row reduction", E, A_NAME)
    solve_sections, basis = nullspace_sections(A, E)
    checks = _null_vector_checks(A, basis)
    expected = A.cols - A.rank(simplify=True)
    checks.append(
        Check(
            ("The basis has n − rank(A) vectors, with the rank computed by SymPy.",),
            len(basis) == expected,
            (Formula.of(A.cols, MINUS, A.rank(simplify=True), EQ, expected),),
        )
    )
    if basis:
        B = sympy.Matrix.hstack(*basis)
        rank_b = B.rank(simplify=True)
        checks.append(
            Check(
                ("The basis vectors are linearly independent (the matrix of them has full column rank).",),
                rank_b == len(basis),
                (Formula.of(Token.name(r"\operatorname{rank}", "rank"), B, EQ, rank_b),),
            )
        )
    display = (
        Formula.of(Token.name(r"N(A)", "N(A)"), EQ, span_of(basis))
        if basis
        else Formula.of(Token.name(r"N(A)", "N(A)"), EQ, Token.name(r"\{\mathbf{0}\}", "{0}")),
    )
    summary = (f"The null space has dimension {len(basis)}.",)
    return Solution(
        operation="nullspace",
        title="Null space",
        problem=("Find a basis of the null space of ", Formula.of(A_NAME, EQ, A), ", all x with Ax = 0."),
        inputs={"A": A},
        answer=Answer(
            {"nullspace": [sympy.ImmutableMatrix(v) for v in basis], "nullity": len(basis)}, display, summary
        ),
        sections=[rows, *solve_sections],
        checks=checks,
    )


# ---------------------------------------------------------------------------------------------------
# RREF and rank


def _sympy_rref_check(A: sympy.MatrixBase, E: Elimination) -> Check:
    R, pivots = sympy.Matrix(A).rref(simplify=True)
    agrees = matrices_equal(R, E.result) and tuple(pivots) == E.pivot_columns
    return Check(
        ("SymPy's own rref, computed separately, gives the same matrix and pivot columns.",),
        agrees,
        (Formula.of(RREF_A, EQ, sympy.ImmutableMatrix(R)),),
    )


def _result_step(section: SectionBuilder, E: Elimination) -> None:
    pivots = E.pivot_columns
    section.step("The reduced row echelon form is", math=Formula.of(RREF_A, EQ, E.result))
    if pivots:
        word = "column" if len(pivots) == 1 else "columns"
        section.step(
            f"The pivots (leading 1s) stand in {word} {ordinal_columns(pivots)}, so the rank is the "
            f"number of pivots, {len(pivots)}."
        )
    else:
        section.step("There is no pivot, because every entry is zero; the rank is 0.")


@operation("rref", "reduced row echelon form by Gauss-Jordan elimination, with pivot columns and rank")
def rref(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Row-reduce A to reduced row echelon form, showing every row operation.

    Answer: ``rref`` (matrix), ``rank`` and ``pivot_columns`` (numbered from 1). Check: SymPy's
    own ``rref`` agrees.
    """
    E = eliminate(A)
    rows = reduction_section("Row reduction", E, A_NAME)
    result = SectionBuilder("Result")
    _result_step(result, E)
    pivots = [p + 1 for p in E.pivot_columns]
    display = (Formula.of(RREF_A, EQ, E.result),)
    return Solution(
        operation="rref",
        title="Reduced row echelon form",
        problem=("Row-reduce ", Formula.of(A_NAME, EQ, A), " to reduced row echelon form."),
        inputs={"A": A},
        answer=Answer(
            {"rref": E.result, "rank": E.rank, "pivot_columns": pivots},
            display,
            (f"The rank is {E.rank}.",),
        ),
        sections=[rows, result.build()],
        checks=[_sympy_rref_check(A, E)],
    )


@operation("rank", "rank, nullity and bases of the column space, row space and null space")
def rank(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Find the rank from the pivots of the RREF, and bases of the column, row and null spaces.

    Checks: rank(Aᵀ) by SymPy equals the rank, rank + nullity = n with the nullity from SymPy's
    ``nullspace``, and A·v = 0 for every null-space vector shown.
    """
    E = eliminate(A)
    m, n = A.shape
    rows = reduction_section("Row reduction", E, A_NAME)
    result = SectionBuilder("Rank")
    _result_step(result, E)

    spaces = SectionBuilder("Column space and row space")
    column_basis = [sympy.ImmutableMatrix(A[:, p]) for p in E.pivot_columns]
    row_basis = [sympy.ImmutableMatrix(E.result[i, :]) for i in range(E.rank)]
    if column_basis:
        spaces.step(
            "Row operations do not change which columns are independent, so the pivot columns of the "
            "original A (not of the reduced matrix) are a basis of the column space:",
            math=join(column_basis, COMMA),
        )
        spaces.step(
            "Row operations do not change the row space, so the nonzero rows of the reduced matrix are "
            "a basis of the row space:",
            math=join(row_basis, COMMA),
        )
    else:
        spaces.step("A is zero, so its column space and row space are {0}, with the empty basis.")
    null_sections, null_basis = nullspace_sections(A, E)
    nullity = len(null_basis)
    theorem = SectionBuilder("Rank-nullity")
    theorem.step(
        "The rank counts the pivot columns and the nullity counts the free columns, so together they "
        "count all n columns:",
        math=Formula.of(
            Token.name(r"\operatorname{rank}A + \operatorname{nullity}A", "rank A + nullity A"),
            EQ,
            E.rank,
            PLUS,
            nullity,
            EQ,
            n,
        ),
    )

    sympy_rank_t = A.T.rank(simplify=True)
    sympy_nullity = len(sympy.Matrix(A).nullspace(simplify=True))
    checks = [
        Check(
            (
                "The rank of ",
                Formula.of(Token.name("A^{T}", "Aᵀ")),
                ", computed by SymPy, equals the rank found (row rank = column rank).",
            ),
            sympy_rank_t == E.rank,
            (Formula.of(Token.name(r"\operatorname{rank}A^{T}", "rank Aᵀ"), EQ, sympy_rank_t),),
        ),
        Check(
            ("Rank plus the nullity found by SymPy's nullspace equals the number of columns.",),
            E.rank + sympy_nullity == n and sympy_nullity == nullity,
            (Formula.of(E.rank, PLUS, sympy_nullity, EQ, E.rank + sympy_nullity),),
        ),
        *_null_vector_checks(A, null_basis),
    ]
    display = (
        Formula.of(Token.name(r"\operatorname{rank}A", "rank A"), EQ, E.rank),
        Formula.of(Token.name(r"\operatorname{nullity}A", "nullity A"), EQ, nullity),
    )
    return Solution(
        operation="rank",
        title="Rank and the fundamental subspaces",
        problem=(
            "Find the rank of ",
            Formula.of(A_NAME, EQ, A),
            " and bases of its column, row and null spaces.",
        ),
        inputs={"A": A},
        answer=Answer(
            {
                "rank": E.rank,
                "nullity": nullity,
                "column_space": column_basis,
                "row_space": row_basis,
                "nullspace": [sympy.ImmutableMatrix(v) for v in null_basis],
            },
            display,
            (f"The {m}×{n} matrix has rank {E.rank} and nullity {nullity}.",),
        ),
        sections=[rows, result.build(), spaces.build(), *null_sections, theorem.build()],
        checks=checks,
    )


# ---------------------------------------------------------------------------------------------------
# Span and independence


@operation(
    "span", "whether b is a combination of the columns of V, with the coefficients", operands=("V", "b")
)
def span(
    V: sympy.ImmutableMatrix, b: sympy.ImmutableMatrix, *, method: str | None, options: Options
) -> Solution:
    """Decide whether b lies in the span of the columns of V by row-reducing [V | b].

    Answer: ``in_span`` and, when it is, ``coefficients`` c with Vc = b (free coefficients set to 0
    when c is not unique) and ``unique``; ``conditions`` (relations c ≠ 0 on the symbols under which
    the answer holds) when there are any. Checks: Vc = b recomputed, or rank [V | b] > rank V by SymPy.
    """
    m, n = V.shape
    require_column_vector(b, V, "V", "span")
    Vb = sympy.Matrix.hstack(V, b)
    E = eliminate(Vb, pivot_columns_limit=n)
    vectors = columns_of(V)
    b_name = Token.name(r"\mathbf{b}", "b")
    coefficient_names = [sympy.Symbol(f"c_{j + 1}") for j in range(n)]

    setup = SectionBuilder("Setting up")
    setup.step(
        "The vector b is in the span exactly when some coefficients satisfy ",
        Formula.of(b_name, EQ, linear_combination(coefficient_names, vectors))
        if n
        else Formula.of(b_name, EQ, ZERO_VECTOR),
        ", a linear system whose coefficient matrix has the vectors as columns. Row-reduce the augmented "
        "matrix [V | b].",
    )
    rows = reduction_section("Row reduction", E, Token.name(r"[V \mid \mathbf{b}]", "[V | b]"), bar=n)
    found = read_solutions(E, n, augmented_columns=1)
    decision = SectionBuilder("Decision")
    values: dict[str, object] = {}
    if found.inconsistent_rows:
        values["in_span"] = False
        inconsistent_row_step(
            decision, E, n, found.inconsistent_rows[0], "no choice of coefficients works", "c"
        )
        decision.step("So b is not in the span of the columns of V.")
        rank_v = V.rank(simplify=True)
        rank_vb = Vb.rank(simplify=True)
        checks = [
            Check(
                ("SymPy's rank of [V | b] exceeds the rank of V, so b adds a new direction.",),
                rank_vb > rank_v,
                (Formula.of(rank_vb, Token(">", ">"), rank_v),),
            )
        ]
        display = (Formula.of(b_name, Token(r"\notin", "∉"), span_of(vectors)),)
        row_value = E.result[found.inconsistent_rows[0], n]
        conditions = assumed_nonzero(E, (row_value,))
        summary = conditional_summary(conditions, "b is not in the span")
    else:
        c = found.particular
        values.update(
            {"in_span": True, "coefficients": sympy.ImmutableMatrix(c), "unique": not found.free_columns}
        )
        if found.free_columns:
            decision.step(
                "The system is consistent, so b is in the span. Column(s) "
                + ordinal_columns(found.free_columns)
                + " of V have no pivot, so the coefficients are not unique: set the free ones to 0 for "
                "one particular choice, and read the others from the pivot rows.",
            )
        else:
            decision.step(
                "The system is consistent and every column has a pivot, so the coefficients are unique."
            )
        decision.step(
            "The coefficients are",
            math=join(
                (Formula.of(name, EQ, value) for name, value in zip(coefficient_names, c, strict=True)), COMMA
            ),
        )
        decision.step(
            "Written out, b is this combination of the columns:",
            math=Formula.of(sympy.ImmutableMatrix(b), EQ, linear_combination(list(c), vectors)),
        )
        product = (sympy.Matrix(V) * c).applyfunc(simplify_entry)
        checks = [
            Check(
                ("Multiplying back, Vc equals b.",),
                matrices_equal(product, b),
                (Formula.of(V, sympy.ImmutableMatrix(c), EQ, sympy.ImmutableMatrix(product)),),
            )
        ]
        display = (Formula.of(sympy.ImmutableMatrix(b), EQ, linear_combination(list(c), vectors)),)
        conditions = assumed_nonzero(E)
        summary = conditional_summary(conditions, "b is in the span")
    if conditions:
        values["conditions"] = condition_values(conditions)
    return Solution(
        operation="span",
        title="Membership in a span",
        problem=(
            "Is ",
            Formula.of(b_name, EQ, b),
            " in the span of the columns of ",
            Formula.of(V_NAME, EQ, V),
            "?",
        ),
        inputs={"V": V, "b": b},
        answer=Answer(values, display, summary),
        sections=[setup.build(), rows, decision.build()],
        checks=checks,
    )


def inconsistent_row_step(
    section: SectionBuilder, E: Elimination, n: int, row: int, consequence: str, unknown: str
) -> None:
    """Show the row 0 = c of a reduced augmented matrix and explain why it rules out every solution."""
    names = [sympy.Symbol(f"{unknown}_{j + 1}") for j in range(n)]
    zero_sum = join((Formula.of(0, TIMES, names[j]) for j in range(n)), PLUS) if n else Formula.of(0)
    c = E.result[row, n]
    section.step(
        f"Row {row + 1} of the reduced matrix has zeros left of the bar and ",
        c,
        " right of it; it reads ",
        Formula.of(zero_sum, EQ, c),
        ".",
    )
    if c.free_symbols:
        section.step(
            "That holds only when ",
            Formula.of(c, EQ, 0),
            f"; for all other values of the symbols {consequence}.",
        )
    else:
        section.step(f"The left side is 0 whatever the values, and the right side is not, so {consequence}.")


@operation(
    "independence",
    "whether the columns of V are linearly independent, with a dependence relation",
    operands=("V",),
)
def independence(V: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Decide whether the columns of V are linearly independent from the pivots of its RREF.

    When they are dependent, the answer gives ``relation``, a nonzero c with Vc = 0 scaled to
    integers where possible. Checks: Vc = 0 with c ≠ 0, or SymPy's rank equals the number of columns.
    """
    m, n = V.shape
    E = eliminate(V)
    vectors = columns_of(V)
    names = [sympy.Symbol(f"c_{j + 1}") for j in range(n)]
    setup = SectionBuilder("Setting up")
    setup.step(
        "The columns are independent exactly when ",
        Formula.of(linear_combination(names, vectors), EQ, ZERO_VECTOR) if n else Formula.of(ZERO_VECTOR),
        " forces every coefficient to be 0, that is when Vc = 0 has only the zero solution, that is "
        "when every column of V has a pivot.",
    )
    if n > m:
        setup.step(
            f"There are {n} vectors with {m} entries each, and at most {m} columns can have a pivot, so the "
            "vectors are dependent before any computation; the reduction finds a relation."
        )
    rows = reduction_section("Row reduction", E, V_NAME)
    decision = SectionBuilder("Decision")
    values: dict[str, object] = {"rank": E.rank}
    if E.rank == n:
        values["independent"] = True
        decision.step(f"Every one of the {n} columns has a pivot, so the vectors are linearly independent.")
        sympy_rank = V.rank(simplify=True)
        checks = [
            Check(
                ("SymPy's rank of V equals the number of vectors.",),
                sympy_rank == n,
                (Formula.of(Token.name(r"\operatorname{rank}V", "rank V"), EQ, sympy_rank),),
            )
        ]
        display = (Formula.of(Token.name(r"\text{independent}", "independent")),)
    else:
        values["independent"] = False
        found = read_solutions(E, n)
        first_free = found.free_columns[0]
        c, _ = scale_to_integers(found.directions[0])
        values["relation"] = sympy.ImmutableMatrix(c)
        decision.step(
            f"Column {first_free + 1} has no pivot, so the vectors are linearly dependent. Setting its "
            "coefficient to 1 and every other free coefficient to 0, the pivot rows give the remaining "
            "coefficients (scaled to integers where possible):",
            math=join((Formula.of(name, EQ, value) for name, value in zip(names, c, strict=True)), COMMA),
        )
        terms = [(value, v) for value, v in zip(c, vectors, strict=True) if not is_zero(value)]
        decision.step(
            "So this combination of the vectors is zero:",
            math=Formula.of(
                linear_combination([t[0] for t in terms], [t[1] for t in terms]), EQ, ZERO_VECTOR
            ),
        )
        product = (sympy.Matrix(V) * c).applyfunc(simplify_entry)
        nonzero = not matrix_is_zero(c)
        checks = [
            Check(
                ("Multiplying back, Vc = 0 with c ≠ 0.",),
                matrix_is_zero(product) and nonzero,
                (Formula.of(V, sympy.ImmutableMatrix(c), EQ, sympy.ImmutableMatrix(product)),),
            )
        ]
        display = (
            Formula.of(linear_combination([t[0] for t in terms], [t[1] for t in terms]), EQ, ZERO_VECTOR),
        )
    return Solution(
        operation="independence",
        title="Linear independence",
        problem=("Are the columns of ", Formula.of(V_NAME, EQ, V), " linearly independent?"),
        inputs={"V": V},
        answer=Answer(
            values,
            display,
            (
                "The vectors are linearly independent."
                if values["independent"]
                else "The vectors are linearly dependent.",
            ),
        ),
        sections=[setup.build(), rows, decision.build()],
        checks=checks,
    )
