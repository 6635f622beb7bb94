"""Vector and matrix norms, worked exactly, and the unit vector in the direction of a vector.

Orders (``options.ord``, default ``2``):

* vectors (one row or one column): ``1`` (sum of absolute values), ``2`` (Euclidean length),
  ``inf`` and ``max`` (largest absolute value), an integer p ≥ 1 (the Lp norm), and ``fro``, which
  for a vector is the Euclidean length;
* matrices: ``fro`` (Frobenius, also shown as √Tr(AAᵀ)) and ``max`` (largest absolute entry);
  ``1`` and ``inf``, the induced norms, which are the largest column and row sums of absolute values;
  ``2``, the largest singular value, found as √ of the largest eigenvalue of AᵀA or AAᵀ.

Symbols in the entries are taken as real numbers, so that |a|² = a², and the solution says so.

>>> from sympy import Matrix
>>> from derive.registry import Options, solve
>>> solve("norm", Matrix([[25, 2, 5]])).answer.values["norm"]
sqrt(654)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from .elimination import is_zero, simplify_entry
from .errors import InputError, NotSupportedError
from .formula import APPROX, EQ, Formula, Token, chain, paren, prose, with_decimal
from .highprecision import root_of
from .model import Answer, Check, Section, SectionBuilder, Solution
from .products import distinct_sides, shape_text, signed_sum
from .registry import Options, operation

NAMED_ORDERS = ("1", "2", "inf", "fro", "max")
# Largest integer order of an Lp norm: |x|^p and its p-th root grow past a readable step (and past a
# second of simplification) beyond it.
MAX_P = 20
HIGH_PRECISION_DIGITS = (
    30  # digits shown for a norm that is a root of a polynomial with no usable radical form
)

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_MU = sympy.Symbol("mu")


def parse_order(text: object) -> str | int:
    """Return a named order (``"1"``, ``"2"``, ``"inf"``, ``"fro"``, ``"max"``) or an integer p ≥ 3.

    The integers 1 and 2 come back by name, so each order has one spelling.

    ``None`` means the default, ``"2"``; any other value raises ``InputError``.

    >>> parse_order(None), parse_order("INF"), parse_order("3")
    ('2', 'inf', 3)
    """
    if text is None:
        return "2"
    order = str(text).strip().lower()
    if order in NAMED_ORDERS:
        return order
    if order.isdigit() and int(order) >= 1:
        p = int(order)
        if p > MAX_P:
            raise InputError(
                f"norm order {p} is too large to work by hand: expected an integer p up to {MAX_P}, "
                "or inf for the largest absolute value, which large p approaches"
            )
        return str(p) if p <= 2 else p
    raise InputError(
        f"unknown norm order {text!r}: expected 1, 2, inf, fro, max or an integer p ≥ 1; "
        "pass for example --ord 2"
    )


def _as_real_symbols(A: sympy.ImmutableMatrix) -> tuple[sympy.ImmutableMatrix, list[sympy.Symbol]]:
    """Replace each symbol of ``A`` by a real symbol of the same name; return the matrix and the symbols."""
    symbols = sorted(A.free_symbols, key=lambda s: s.name)
    replacements = {s: sympy.Symbol(s.name, real=True) for s in symbols if not s.is_real}
    return sympy.ImmutableMatrix(A.xreplace(replacements)), symbols


def _norm_token(name: str, order: str | int) -> Token:
    """Return ``‖x‖₂``, ``‖A‖_F`` and the like."""
    latex_sub = {"inf": r"\infty", "fro": "F", "max": r"\max"}.get(str(order), str(order))
    text_sub = {"inf": "∞", "fro": "_F", "max": "_max"}.get(
        str(order), str(order).translate(_SUBSCRIPT_DIGITS)
    )
    return Token(rf"\lVert {name} \rVert_{{{latex_sub}}}", f"‖{name}‖{text_sub}")


def _abs(value: sympy.Expr) -> Formula:
    return Formula((Token(r"\left|", "|"), sympy.sympify(value), Token(r"\right|", "|")))


def _ordinal(n: int) -> str:
    """``3rd``, ``4th``, ``11th``, ``21st``."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _power(value: object, p: int) -> Formula:
    base = value if isinstance(value, Formula) else paren(value)
    return Formula.of(base, Token(f"^{{{p}}}", str(p).translate(_SUPERSCRIPT_DIGITS)))


def _root(inner: object, p: int) -> Formula:
    """Show the p-th root of ``inner`` (a value or a formula) with a radical sign."""
    latex_open = r"\sqrt{" if p == 2 else rf"\sqrt[{p}]{{"
    text_open = "√(" if p == 2 else f"{p}√("
    return Formula.of(Token(latex_open, text_open), inner, Token("}", ")"))


def _max_of(values: Sequence[object]) -> Formula:
    items: list[object] = []
    for k, value in enumerate(values):
        if k:
            items.append(Token(",", ","))
        items.append(value)
    return Formula.of(Token(r"\max\left(", "max("), *items, Token(r"\right)", ")"))


def root_sides(total: sympy.Expr, p: int) -> tuple[list[Formula | sympy.Basic], sympy.Expr]:
    """Return the sides that simplify ``total^(1/p)`` and its exact value.

    A positive integer with a p-th power factor is split to show the factoring, as
    √650 = √(5²·26) = 5√26.
    """
    value = sympy.root(total, p)
    sides: list[Formula | sympy.Basic] = [_root(total, p)]
    if total.is_Integer and total > 0:
        outside, inside = sympy.Integer(1), sympy.Integer(1)
        for prime, exponent in sympy.factorint(total).items():
            outside *= prime ** (exponent // p)
            inside *= prime ** (exponent % p)
        if outside > 1 and inside > 1:
            sides.append(_root(Formula.of(_power(outside, p), Token(r"\cdot", "·"), inside), p))
    sides.append(value)
    return distinct_sides(*sides), value


def same_value(left: sympy.Expr, right: sympy.Expr) -> bool:
    """Return True when two exact values are equal, allowing for different radical forms."""
    difference = sympy.expand(sympy.sympify(left) - sympy.sympify(right))
    if difference == 0:
        return True
    return is_zero(sympy.radsimp(sympy.sqrtdenest(difference)))


def _is_vector(A: sympy.MatrixBase) -> bool:
    return A.rows == 1 or A.cols == 1


# ---------------------------------------------------------------------------------------------
# The operation


@operation(
    "norm", "vector or matrix norm (--ord 1, 2, inf, fro, max or p) and the unit vector", operands=("A",)
)
def norm(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Compute the norm of ``A`` of order ``options.ord``; for a vector and order 2, also x/‖x‖."""
    order = parse_order(options.ord)
    real_A, symbols = _as_real_symbols(A)
    notes = []
    if symbols:
        names = ", ".join(s.name for s in symbols)
        notes.append(
            prose(f"The symbols {names} are taken to be real numbers, so that |a|² = a² for each of them.")
        )
    solution = _vector_norm(real_A, A, order) if _is_vector(A) else _matrix_norm(real_A, A, order)
    solution.notes.extend(notes)
    return solution


def _vector_norm(x: sympy.ImmutableMatrix, original: sympy.ImmutableMatrix, order: str | int) -> Solution:
    entries = list(x)
    kind = "row" if x.rows == 1 and x.cols > 1 else "column"
    start = SectionBuilder("The vector")
    start.step(
        f"Call the {kind} vector x; it has {len(entries)} entries.",
        math=Formula.of("x", EQ, x),
    )
    if order == "fro":
        start.step("The Frobenius norm of a vector is its Euclidean length, the 2-norm, computed here.")
    if order == "max":
        start.step("The max norm of a vector is its largest absolute entry, the same as its ∞-norm.")

    name = _norm_token("x", order)
    section = SectionBuilder("The norm")
    if order in ("2", "fro"):
        value = _euclidean(section, name, entries)
    elif order == "1":
        absolute = [simplify_entry(sympy.Abs(v)) for v in entries]
        value = simplify_entry(sympy.Add(*absolute))
        section.step(
            "The 1-norm adds the absolute values of the entries.",
            math=chain(
                name, *distinct_sides(signed_sum([_abs(v) for v in entries]), signed_sum(absolute), value)
            ),
        )
    elif order in ("inf", "max"):
        absolute = [simplify_entry(sympy.Abs(v)) for v in entries]
        value = sympy.Max(*absolute)
        section.step(
            f"The {'∞' if order == 'inf' else 'max'}-norm is the largest absolute value among the entries.",
            math=chain(name, *distinct_sides(_max_of([_abs(v) for v in entries]), _max_of(absolute), value)),
        )
    else:
        value = _lp(section, name, entries, int(order))

    sections = [start.build(), section.build()]
    values: dict[str, object] = {"norm": value, "ord": str(order)}
    display = [chain(name, with_decimal(value))]
    checks = [_library_check(name, value, x, order)]
    if order in ("2", "fro"):
        unit = _unit_vector(x, value)
        sections.append(unit.section)
        if unit.vector is not None:
            values["unit_vector"] = unit.vector
            display.append(Formula.of(Token(r"\hat{x}", "x̂"), EQ, unit.vector))
            checks.append(unit.check)

    return Solution(
        operation="norm",
        title="Vector norm",
        problem=prose(f"Find the {_order_words(order)} of the {shape_text(x)} vector x."),
        inputs={"A": original},
        answer=Answer(
            values=values,
            display=tuple(display),
            summary=prose("The norm is ", chain(name, with_decimal(value)), "."),
        ),
        sections=sections,
        checks=checks,
    )


def _order_words(order: str | int) -> str:
    return {
        "1": "1-norm",
        "2": "2-norm (Euclidean length)",
        "inf": "∞-norm",
        "fro": "Frobenius norm",
        "max": "max norm",
    }.get(str(order), f"{order}-norm")


def _euclidean(section: SectionBuilder, name: Token, entries: Sequence[sympy.Expr]) -> sympy.Expr:
    """Add the steps of √(Σ|xᵢ|²) and return its exact value."""
    squares = [simplify_entry(sympy.Abs(v) ** 2) for v in entries]
    total = simplify_entry(sympy.Add(*squares))
    shown = [_power(_abs(v) if v.is_real is not True else v, 2) for v in entries]
    sides, value = root_sides(total, 2)
    section.step(
        "The 2-norm is the square root of the sum of the squares of the entries (Pythagoras in "
        f"{len(entries)} dimensions).",
        math=chain(name, *distinct_sides(_root(signed_sum(shown), 2), _root(signed_sum(squares), 2), *sides)),
    )
    if len(sides) > 2:
        section.step("Taking the square factor out of the root simplifies it.")
    elif total.is_Integer and total > 1 and value.is_irrational:
        section.step(f"{total} has no square factor, so the root is already in simplest form.")
    if value.is_number and not value.is_Rational:
        section.step("As a decimal:", math=chain(name, with_decimal(value)))
    return value


def _lp(section: SectionBuilder, name: Token, entries: Sequence[sympy.Expr], p: int) -> sympy.Expr:
    """Add the steps of (Σ|xᵢ|^p)^(1/p) and return its exact value."""
    powers = [simplify_entry(sympy.Abs(v) ** p) for v in entries]
    total = simplify_entry(sympy.Add(*powers))
    sides, value = root_sides(total, p)
    section.step(
        f"The {p}-norm raises each absolute value to the power {p}, adds them, and takes the {_ordinal(p)} "
        "root of the sum.",
        math=chain(
            name,
            *distinct_sides(
                _root(signed_sum([_power(_abs(v), p) for v in entries]), p),
                _root(signed_sum(powers), p),
                *sides,
            ),
        ),
    )
    if len(sides) > 2:
        section.step(f"Taking the factor that is a {_ordinal(p)} power out of the root simplifies it.")
    if value.is_number and not value.is_Rational:
        section.step("As a decimal:", math=chain(name, with_decimal(value)))
    return value


@dataclass(frozen=True)
class _UnitVector:
    section: Section
    vector: sympy.ImmutableMatrix | None  # None for the zero vector
    check: Check | None


def _unit_vector(x: sympy.ImmutableMatrix, length: sympy.Expr) -> _UnitVector:
    """Build x/‖x‖ with its section and the check that its length is 1."""
    section = SectionBuilder("Unit vector")
    hat = Token(r"\hat{x}", "x̂")
    if is_zero(length):
        section.step("x is the zero vector: it has no direction, so there is no unit vector along it.")
        return _UnitVector(section.build(), None, None)
    unit = sympy.ImmutableMatrix(x.applyfunc(lambda v: simplify_entry(v / length)))
    math = [
        chain(
            hat,
            Formula.of(Token(r"\frac{x}{\lVert x \rVert_{2}}", "x / ‖x‖₂")),
            Formula.of(Token(r"\frac{1}{", "(1/"), length, Token("}", ")"), x),
            unit,
        )
    ]
    if unit.free_symbols:
        section.step(
            "Dividing x by its length gives the vector of length 1 in the same direction (for x ≠ 0).",
            math=math,
        )
    else:
        if not all(v.is_Rational for v in unit):
            math.append(Formula.of(hat, APPROX, unit.evalf(4)))
        section.step(
            "Dividing x by its length gives the vector of length 1 in the same direction; the roots are "
            "moved out of the denominators.",
            math=math,
        )
    squares = [simplify_entry(sympy.Abs(v) ** 2) for v in unit]
    total = simplify_entry(sympy.Add(*squares))
    check = Check(
        prose("The unit vector has length 1: the squares of its entries add up to 1."),
        same_value(total, 1),
        (chain(Token(r"\lVert \hat{x} \rVert_{2}^{2}", "‖x̂‖₂²"), signed_sum(squares), total),),
    )
    return _UnitVector(section.build(), unit, check)


def _library_check(name: Token, value: sympy.Expr, A: sympy.ImmutableMatrix, order: str | int) -> Check:
    """Compare with SymPy's ``Matrix.norm`` (or ``Max`` of the absolute entries for the max norm)."""
    if order == "max":
        other = sympy.Max(*[sympy.Abs(v) for v in A])
        route = "The largest absolute entry, found by SymPy's Max over all entries, is the same value."
    else:
        library_order = {"1": 1, "2": 2, "inf": sympy.oo, "fro": 2 if _is_vector(A) else "fro"}.get(
            str(order), order
        )
        other = A.norm(library_order)
        route = "SymPy's Matrix.norm computes the same value for this order."
    return Check(prose(route), same_value(value, other), (chain(name, other),))


# ---------------------------------------------------------------------------------------------
# Matrix norms


def _matrix_norm(A: sympy.ImmutableMatrix, original: sympy.ImmutableMatrix, order: str | int) -> Solution:
    if isinstance(order, int):
        raise NotSupportedError(
            f"the induced {order}-norm of a matrix has no exact formula; "
            "for matrices use --ord 1, 2, inf, fro or max"
        )
    start = SectionBuilder("The matrix")
    start.step(f"A is {shape_text(A)}.", math=Formula.of("A", EQ, A))
    name = _norm_token("A", order)
    checks: list[Check] = []
    sections = [start.build()]
    if order == "fro":
        value, fro_sections, trace_check = _frobenius(A, name)
        sections.extend(fro_sections)
        checks.append(trace_check)
    elif order == "max":
        value = _max_entry(A, name, sections)
    elif order in ("1", "inf"):
        value = _induced_sum(A, name, order, sections)
    else:
        value, two_sections, two_checks = _induced_two(A, name)
        sections.extend(two_sections)
        checks.extend(two_checks)
    if order != "2":
        checks.insert(0, _library_check(name, value, A, order))
    return Solution(
        operation="norm",
        title="Matrix norm",
        problem=prose(f"Find the {_matrix_order_words(order)} of the {shape_text(A)} matrix A."),
        inputs={"A": original},
        answer=Answer(
            values={"norm": value, "ord": str(order)},
            display=(chain(name, _decimal_beside(value)),),
            summary=prose("The norm is ", chain(name, _decimal_beside(value)), "."),
        ),
        sections=sections,
        checks=checks,
    )


def _matrix_order_words(order: str) -> str:
    return {
        "1": "induced 1-norm (largest absolute column sum)",
        "2": "induced 2-norm (largest singular value)",
        "inf": "induced ∞-norm (largest absolute row sum)",
        "fro": "Frobenius norm",
        "max": "max norm (largest absolute entry)",
    }[order]


def _decimal_beside(value: sympy.Expr) -> Formula:
    """``with_decimal``, with more digits for a root of a polynomial given by its definition."""
    if value.has(sympy.CRootOf):
        return Formula.of(value, APPROX, sympy.N(value, HIGH_PRECISION_DIGITS))
    return with_decimal(value)


def _frobenius(A: sympy.ImmutableMatrix, name: Token) -> tuple[sympy.Expr, list[Section], Check]:
    """Return ‖A‖_F, its sections (entries, then the trace of AAᵀ), and the trace check."""
    entries = list(A)
    squares = [simplify_entry(sympy.Abs(v) ** 2) for v in entries]
    total = simplify_entry(sympy.Add(*squares))
    sides, value = root_sides(total, 2)
    by_entries = SectionBuilder("Frobenius norm from the entries")
    shown = [_power(_abs(v) if v.is_real is not True else v, 2) for v in entries]
    by_entries.step(
        "The Frobenius norm is the square root of the sum of the squares of all entries, taken row by row.",
        math=chain(name, *distinct_sides(_root(signed_sum(shown), 2), _root(signed_sum(squares), 2), *sides)),
    )
    if len(sides) > 2:
        by_entries.step("Taking the square factor out of the root simplifies it.")
    if value.is_number and not value.is_Rational:
        by_entries.step("As a decimal:", math=chain(name, with_decimal(value)))

    real = all(v.is_real for v in entries)
    transpose_name = r"A^{\mathsf{T}}" if real else r"A^{\mathsf{H}}"
    transpose_text = "Aᵀ" if real else "Aᴴ"
    gram = (A * (A.T if real else A.H)).applyfunc(simplify_entry)
    gram_token = Token(f"A {transpose_name}", f"A{transpose_text}")
    diagonal = [gram[i, i] for i in range(gram.rows)]
    trace = simplify_entry(sympy.Add(*diagonal))
    by_trace = SectionBuilder("Frobenius norm through the trace")
    by_trace.step(
        "Entry (i, i) of ",
        Formula.of(gram_token),
        " is row i of A times itself, the sum of the squares of that row, so the trace (the sum of the "
        "diagonal) adds the squares of all entries: ",
        Formula.of(
            name, EQ, _root(Formula.of(Token(r"\operatorname{Tr}(", "Tr("), gram_token, Token(")", ")")), 2)
        ),
        ".",
        math=Formula.of(gram_token, EQ, gram),
    )
    trace_sides, trace_root = root_sides(trace, 2)
    by_trace.step(
        "Adding the diagonal and taking the square root gives the same norm.",
        math=[
            chain(
                Formula.of(Token(r"\operatorname{Tr}(", "Tr("), gram_token, Token(")", ")")),
                *distinct_sides(signed_sum(diagonal), trace),
            ),
            chain(name, *trace_sides),
        ],
    )
    check = Check(
        prose(
            "The square root of the trace of ",
            Formula.of(gram_token),
            ", computed from that product, equals the norm.",
        ),
        same_value(trace_root, value),
        (chain(name, _root(trace, 2), trace_root),),
    )
    return value, [by_entries.build(), by_trace.build()], check


def _max_entry(A: sympy.ImmutableMatrix, name: Token, sections: list[Section]) -> sympy.Expr:
    absolute = [simplify_entry(sympy.Abs(v)) for v in A]
    value = sympy.Max(*absolute)
    section = SectionBuilder("Largest absolute entry")
    section.step(
        "The max norm is the largest absolute value among the entries. It is not an induced norm, and "
        "‖AB‖ ≤ ‖A‖‖B‖ can fail for it.",
        math=chain(name, *distinct_sides(_max_of([_abs(v) for v in A]), _max_of(absolute), value)),
    )
    sections.append(section.build())
    return value


def _induced_sum(A: sympy.ImmutableMatrix, name: Token, order: str, sections: list[Section]) -> sympy.Expr:
    """Add the column sums (order 1) or row sums (order inf) of absolute values and return the largest."""
    by_column = order == "1"
    count = A.cols if by_column else A.rows
    word = "column" if by_column else "row"
    section = SectionBuilder(f"Absolute {word} sums")
    section.step(
        f"The induced {'1' if by_column else '∞'}-norm, the most that A can stretch a vector measured in "
        f"the {'1' if by_column else '∞'}-norm, is the largest sum of absolute values along a {word}."
    )
    sums = []
    formulas = []
    for k in range(count):
        line = list(A.col(k)) if by_column else list(A.row(k))
        absolute = [simplify_entry(sympy.Abs(v)) for v in line]
        total = simplify_entry(sympy.Add(*absolute))
        sums.append(total)
        label = Token(rf"\text{{{word} {k + 1}}}", f"{word} {k + 1}")
        formulas.append(
            chain(label, *distinct_sides(signed_sum([_abs(v) for v in line]), signed_sum(absolute), total))
        )
    section.step(f"The sum of absolute values along each {word}:", math=formulas)
    value = sympy.Max(*sums)
    section.step(
        f"The largest {word} sum is the norm.", math=chain(name, *distinct_sides(_max_of(sums), value))
    )
    sections.append(section.build())
    return value


def _induced_two(A: sympy.ImmutableMatrix, name: Token) -> tuple[sympy.Expr, list[Section], list[Check]]:
    """Return the largest singular value of A, its sections and its checks."""
    if A.free_symbols:
        raise NotSupportedError(
            "the induced 2-norm of a matrix with symbols needs the largest eigenvalue of AᵀA, which depends "
            "on the values of the symbols; substitute numbers, or use --ord fro"
        )
    real = all(v.is_real for v in A)
    star_latex, star_text = (r"\mathsf{T}", "ᵀ") if real else (r"\mathsf{H}", "ᴴ")
    adjoint = A.T if real else A.H
    left_gram = Token(f"A^{{{star_latex}}} A", f"A{star_text}A")  # n×n
    right_gram = Token(f"A A^{{{star_latex}}}", f"AA{star_text}")  # m×m
    if A.rows < A.cols:
        gram = (A * adjoint).applyfunc(simplify_entry)
        gram_token = right_gram
        reason = (
            Formula.of(right_gram),
            f" ({A.rows}×{A.rows}) is smaller than ",
            Formula.of(left_gram),
            f" ({A.cols}×{A.cols}) and has the same nonzero eigenvalues, so it is used.",
        )
    else:
        gram = (adjoint * A).applyfunc(simplify_entry)
        gram_token = left_gram
        reason = (
            Formula.of(left_gram),
            f" is {A.cols}×{A.cols}, no larger than ",
            Formula.of(right_gram),
            f" ({A.rows}×{A.rows}), and the two have the same nonzero eigenvalues, so it is used.",
        )

    setup = SectionBuilder("Singular values through the Gram matrix")
    setup.step(
        "The induced 2-norm is the largest factor by which A stretches the length of a vector, which is the "
        "largest singular value of A: the square root of the largest eigenvalue of ",
        Formula.of(left_gram),
        ". ",
        *reason,
        math=Formula.of(gram_token, EQ, gram),
    )

    polynomial = gram.charpoly(_MU).as_expr()
    eigen = SectionBuilder("Largest eigenvalue")
    determinant = Token(rf"\det(\mu I - {gram_token.latex})", f"det(μI − {gram_token.text})")
    factored = sympy.factor(polynomial)
    eigen.step(
        "The eigenvalues are the roots of the characteristic polynomial.",
        math=chain(determinant, *distinct_sides(polynomial, factored)),
    )
    eigenvalues, uses_roots = _gram_eigenvalues(polynomial)
    if uses_roots:
        eigen.step(
            "An irreducible factor of degree 3 or more has roots whose radical forms are too long to be "
            "useful, pass through complex numbers, or do not exist. Each such eigenvalue is therefore kept "
            "exactly as a numbered real root of its factor: CRootOf(p, k) is the (k+1)-th smallest real "
            "root of p."
        )
    ordered = sorted(eigenvalues, key=lambda v: sympy.N(v, HIGH_PRECISION_DIGITS), reverse=True)
    eigen.step(
        "The eigenvalues, from largest to smallest (all are ≥ 0 because the Gram matrix is positive "
        "semidefinite):",
        math=[
            Formula.of(Token(rf"\mu_{{{k + 1}}}", f"μ{k + 1}"), EQ, _decimal_beside(v))
            for k, v in enumerate(ordered)
        ],
    )
    largest = ordered[0]
    if largest.is_Rational:
        sides, value = root_sides(largest, 2)
    elif largest.has(sympy.CRootOf):
        value = sympy.sqrt(largest)
        sides = [value]
    else:
        denested = sympy.sqrtdenest(sympy.sqrt(largest))
        value = min([sympy.sqrt(largest), denested, sympy.expand(denested)], key=sympy.count_ops)
        sides = distinct_sides(_root(largest, 2), value)
    eigen.step(
        "The norm is the square root of the largest eigenvalue.",
        math=Formula.of(chain(name, *sides), APPROX, _decimal_of(value))
        if not value.is_Rational
        else chain(name, *sides),
    )
    if uses_roots and not value.is_Rational:
        eigen.step(
            "The exact value is the square root of the largest real root of ",
            _minimal_polynomial(largest),
            f"; the decimal has {HIGH_PRECISION_DIGITS} significant digits.",
        )
    checks = _induced_two_checks(A, name, gram, gram_token, largest, value, eigenvalues)
    return value, [setup.build(), eigen.build()], checks


def _decimal_of(value: sympy.Expr) -> sympy.Float:
    digits = HIGH_PRECISION_DIGITS if value.has(sympy.CRootOf) else 4
    return sympy.N(value, digits)


def _gram_eigenvalues(polynomial: sympy.Expr) -> tuple[list[sympy.Expr], bool]:
    """Return the roots of a Gram matrix's characteristic polynomial, with multiplicity, exactly.

    Factors of degree 1 or 2 give radicals, and a factor of higher degree gives ``CRootOf`` values.
    The second result is True when any value is a ``CRootOf``.
    """
    poly = sympy.Poly(polynomial, _MU)
    if not poly.domain.is_QQ and not poly.domain.is_ZZ:
        found = sympy.roots(poly, multiple=True)
        if len(found) != poly.degree():
            raise NotSupportedError(
                "the eigenvalues of the Gram matrix of this matrix have no exact form derive can find; "
                "use --ord fro, 1 or inf"
            )
        return found, False
    eigenvalues: list[sympy.Expr] = []
    uses_roots = False
    _, factors = sympy.factor_list(poly)
    for factor, multiplicity in factors:
        if factor.degree() <= 2:
            found = sympy.roots(factor, multiple=True)
        else:
            uses_roots = True
            # root_of keeps the factor as given: sympy.CRootOf would write a root of μ³ − 10μ² + 24μ − 8
            # as 2·CRootOf(μ³ − 5μ² + 6μ − 1, k), and its square root as √2·√CRootOf(…).
            found = [root_of(factor, k) for k in range(factor.degree())]
        eigenvalues.extend(found * multiplicity)
    return eigenvalues, uses_roots


def _minimal_polynomial(value: sympy.Expr) -> sympy.Expr:
    """Return the minimal polynomial of an algebraic number in the variable μ."""
    if isinstance(value, sympy.CRootOf):
        return sympy.Poly(value.poly.as_expr(), value.poly.gen).as_expr().subs(value.poly.gen, _MU)
    return sympy.minimal_polynomial(value, _MU)


def _is_eigenvalue_check(
    determinant: Token, independent: sympy.Poly, largest: sympy.Expr, value: sympy.Expr, rational: bool
) -> Check:
    """Check that ``largest`` = ``value``² is a root of the independently computed polynomial."""
    squared = same_value(value**2, largest)
    shown = (Formula.of(determinant, EQ, independent.as_expr()),)
    if rational:
        minimal = sympy.Poly(_minimal_polynomial(largest), _MU)
        return Check(
            prose(
                "The square of the norm is an eigenvalue: its minimal polynomial ",
                minimal.as_expr(),
                " divides ",
                Formula.of(determinant),
                ", computed again by Bareiss' fraction-free elimination, with remainder 0.",
            ),
            bool(independent.rem(minimal).is_zero) and squared,
            shown,
        )
    at_root = independent.as_expr().subs(_MU, largest)
    return Check(
        prose(
            "The square of the norm is an eigenvalue: substituted into ",
            Formula.of(determinant),
            ", computed again by Bareiss' fraction-free elimination, it gives exactly 0.",
        ),
        same_value(at_root, 0) and squared,
        shown,
    )


def _is_largest_check(independent: sympy.Poly, largest: sympy.Expr, rational: bool) -> Check:
    """Check that no eigenvalue is larger than ``largest``."""
    if rational:
        # The last isolating interval contains only the largest real root, so a root inside it is that root.
        low, high = independent.intervals()[-1][0]
        try:
            inside = bool(sympy.Le(low, largest)) and bool(sympy.Le(largest, high))
        except TypeError:  # SymPy could not decide the comparison
            inside = False
        return Check(
            prose(
                "It is the largest eigenvalue: the largest real root of that polynomial is the only root in "
                "the isolating interval [",
                low,
                ", ",
                high,
                "], and the square of the norm lies in it too.",
            ),
            inside,
        )
    others = sympy.roots(independent, multiple=True)
    try:
        largest_of_all = len(others) == independent.degree() and all(
            bool(sympy.Le(r, largest)) for r in others
        )
    except TypeError:  # SymPy could not decide a comparison
        largest_of_all = False
    return Check(
        prose("It is the largest eigenvalue: no root of that polynomial, found by SymPy's roots, is larger."),
        largest_of_all,
    )


def _induced_two_checks(
    A: sympy.ImmutableMatrix,
    name: Token,
    gram: sympy.ImmutableMatrix,
    gram_token: Token,
    largest: sympy.Expr,
    value: sympy.Expr,
    eigenvalues: Sequence[sympy.Expr],
) -> list[Check]:
    """Build the checks that σ² is the largest root of det(G − μI), computed again by Bareiss' method."""
    determinant = Token(rf"\det({gram_token.latex} - \mu I)", f"det({gram_token.text} − μI)")
    independent = sympy.expand((gram - _MU * sympy.eye(gram.rows)).det(method="bareiss"))
    independent_poly = sympy.Poly(independent, _MU)
    rational = independent_poly.domain.is_ZZ or independent_poly.domain.is_QQ
    checks = [_is_eigenvalue_check(determinant, independent_poly, largest, value, rational)]
    checks.append(_is_largest_check(independent_poly, largest, rational))

    if all(not v.has(sympy.CRootOf) for v in eigenvalues):
        try:
            library = A.norm(2)
        except ValueError:  # SymPy's Max cannot order radical forms that it cannot compare
            library = None
        if library is not None:
            checks.append(
                Check(
                    prose("SymPy's Matrix.norm(2) computes the same value."),
                    same_value(value, library),
                    (chain(name, library),),
                )
            )
    return checks
