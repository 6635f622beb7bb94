"""Transpose, matrix product, Hadamard product and scalar multiple, each worked entry by entry.

The matrix product shows every entry as a row of A times a column of B with the numbers written
out (11 = 3·1 + 4·2) and is verified by a second route: each column of AB recomputed as a linear
combination of the columns of A. The small formula helpers at the top (:func:`signed_sum`,
:func:`entry_name`, :func:`shape_text`) are shared with :mod:`derive.norms` and :mod:`derive.trace`.

>>> from sympy import Matrix
>>> from derive.registry import solve
>>> solve("multiply", Matrix([[3, 4], [5, 6], [7, 8]]), Matrix([1, 2])).answer.values["product"].T
Matrix([[11, 17, 23]])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import sympy

from .elimination import is_zero, simplify_entry
from .errors import InputError, ShapeError
from .formula import EQ, MINUS, PLUS, TIMES, Formula, Token, chain, join, paren, prose
from .model import Answer, Check, SectionBuilder, Solution
from .registry import Options, operation

_SUBSCRIPT_DIGITS = str.maketrans("0123456789,", "₀₁₂₃₄₅₆₇₈₉,")

TRANSPOSE_A = Token(r"A^{\mathsf{T}}", "Aᵀ")
PRODUCT_AB = Token("AB", "AB")
HADAMARD = Token(r"\odot", "⊙")


def shape_text(M: sympy.MatrixBase) -> str:
    """Return a shape as written in prose, ``3×2``."""
    return f"{M.rows}×{M.cols}"


def entry_name(name: str, i: int, j: int, text_name: str | None = None) -> Token:
    """Return the name of entry (i, j) of a matrix (0-based arguments, 1-based display): ``(AB)₁₂``.

    Indices of two digits are separated by a comma, so that entry (1, 12) does not read as (11, 2).
    """
    text_name = name if text_name is None else text_name
    index = f"{i + 1}{j + 1}" if i < 9 and j < 9 else f"{i + 1},{j + 1}"
    return Token(f"{name}_{{{index}}}", f"{text_name}{index.translate(_SUBSCRIPT_DIGITS)}")


def signed_sum(values: Sequence[object]) -> Formula:
    """Show a sum term by term, writing ``a − b`` instead of ``a + (−b)``.

    Each value is a SymPy value, a token or a formula. A SymPy value after the first term that has a
    leading minus sign is shown as a subtraction of its negative.
    """
    parts: list[object] = []
    for k, value in enumerate(values):
        if k == 0 or isinstance(value, (Formula, Token)):
            if k:
                parts.append(PLUS)
            parts.append(value)
            continue
        value = sympy.sympify(value)
        if value.could_extract_minus_sign():
            parts.extend([MINUS, -value])
        else:
            parts.extend([PLUS, value])
    return Formula.of(*parts)


def product_term(left: object, right: object) -> Formula:
    """Show ``left·right`` with a negative or compound factor in parentheses."""
    return Formula.of(paren(left), TIMES, paren(right))


def distinct_sides(*sides: Formula | sympy.Basic) -> list[Formula | sympy.Basic]:
    """Drop a side of an equation chain that typesets the same as the side before it (``3 = 3``)."""
    kept: list[Formula | sympy.Basic] = []
    previous_latex = None
    for side in sides:
        latex = Formula.of(side).latex()
        if latex != previous_latex:
            kept.append(side)
        previous_latex = latex
    return kept


def matrices_equal(left: sympy.MatrixBase, right: sympy.MatrixBase) -> bool:
    """Return True when two matrices have the same shape and every difference is exactly zero."""
    if left.shape != right.shape:
        return False
    return all(is_zero(simplify_entry(a - b)) for a, b in zip(left, right, strict=True))


def _dot_formula(
    name: Token, left: Iterable[sympy.Expr], right: Iterable[sympy.Expr]
) -> tuple[Formula, sympy.Expr]:
    """Show ``name = a₁·b₁ + a₂·b₂ + … = p₁ + p₂ + … = value`` and return it with the value."""
    pairs = list(zip(left, right, strict=True))
    products = [simplify_entry(a * b) for a, b in pairs]
    value = simplify_entry(sympy.Add(*products))
    sides = distinct_sides(signed_sum([product_term(a, b) for a, b in pairs]), signed_sum(products), value)
    if len(pairs) == 1:
        sides = distinct_sides(product_term(*pairs[0]), value)
    return chain(name, *sides), value


def _vector_kind(M: sympy.MatrixBase) -> str | None:
    if M.rows == 1 and M.cols == 1:
        return None
    if M.rows == 1:
        return "row vector"
    if M.cols == 1:
        return "column vector"
    return None


# ---------------------------------------------------------------------------------------------
# Transpose


@operation("transpose", "transpose a matrix or vector: row i becomes column i", operands=("A",))
def transpose(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Transpose ``A`` row by row: (Aᵀ)ᵢⱼ = Aⱼᵢ."""
    m, n = A.shape
    result = sympy.ImmutableMatrix(n, m, lambda i, j: A[j, i])

    rule = SectionBuilder("The rule")
    rule.step(
        "The transpose swaps the two indices of every entry, ",
        Formula.of(Token(r"(A^{\mathsf{T}})_{ij}", "(Aᵀ)ᵢⱼ"), EQ, Token("A_{ji}", "Aⱼᵢ")),
        ", so row i of A becomes column i of ",
        Formula.of(TRANSPOSE_A),
        f". A is {shape_text(A)}, so its transpose is {shape_text(result)}.",
        math=Formula.of("A", EQ, A),
    )
    kind = _vector_kind(A)
    if kind is not None:
        other = "column vector" if kind == "row vector" else "row vector"
        rule.step(f"A is a {kind}, so its transpose is a {other} with the same entries in the same order.")
    if A.rows == A.cols:
        rule.step(
            "A is square, so the diagonal entries stay where they are and each entry off the diagonal "
            "trades places with its mirror image across the diagonal."
        )
    if any(x.is_real is False for x in A):
        rule.step(
            "The entries of A are complex, and the transpose does not conjugate them; "
            "the conjugate transpose is a different matrix."
        )

    rows = SectionBuilder("Rows become columns")
    for i in range(m):
        row = A.row(i)
        rows.step(
            f"Row {i + 1} of A becomes column {i + 1} of ",
            Formula.of(TRANSPOSE_A),
            ".",
            math=Formula.of(row, Token(r"\mapsto", "↦"), row.T),
        )

    result_section = SectionBuilder("Result")
    result_section.step(
        "Placing the columns side by side gives the transpose.", math=Formula.of(TRANSPOSE_A, EQ, result)
    )

    back = result.T
    mirrored = [
        (i, j) for i in range(m) for j in range(n) if not is_zero(simplify_entry(A[i, j] - result[j, i]))
    ]
    checks = [
        Check(
            prose(
                "Transposing again gives A back: ",
                Formula.of(Token(r"(A^{\mathsf{T}})^{\mathsf{T}}", "(Aᵀ)ᵀ")),
                " = A.",
            ),
            matrices_equal(back, A),
            (Formula.of(Token(r"(A^{\mathsf{T}})^{\mathsf{T}}", "(Aᵀ)ᵀ"), EQ, back, EQ, A),),
        ),
        Check(
            prose(
                f"Every one of the {m * n} entries satisfies ",
                Formula.of(Token("A_{ij}", "Aᵢⱼ"), EQ, Token(r"(A^{\mathsf{T}})_{ji}", "(Aᵀ)ⱼᵢ")),
                " when compared one by one.",
            ),
            result.shape == (n, m) and not mirrored,
        ),
    ]
    return Solution(
        operation="transpose",
        title="Transpose",
        problem=prose(f"Find the transpose of the {shape_text(A)} matrix A."),
        inputs={"A": A},
        answer=Answer(
            values={"transpose": result},
            display=(Formula.of(TRANSPOSE_A, EQ, result),),
            summary=prose(
                "The transpose is the ",
                shape_text(result),
                " matrix ",
                Formula.of(TRANSPOSE_A, EQ, result),
                ".",
            ),
        ),
        sections=[rule.build(), rows.build(), result_section.build()],
        checks=checks,
    )


# ---------------------------------------------------------------------------------------------
# Matrix product


def require_product_shapes(A: sympy.MatrixBase, B: sympy.MatrixBase) -> None:
    """Raise ``ShapeError`` unless AB is defined, naming the two dimensions that disagree."""
    if A.cols != B.rows:
        raise ShapeError(
            f"A is {shape_text(A)} and B is {shape_text(B)}: AB needs as many columns of A ({A.cols}) "
            f"as rows of B ({B.rows}); check the order, or transpose one of them"
        )


@operation("multiply", "matrix product AB, each entry as a row of A times a column of B", operands=("A", "B"))
def multiply(
    A: sympy.ImmutableMatrix, B: sympy.ImmutableMatrix, *, method: str | None, options: Options
) -> Solution:
    """Multiply ``A`` by ``B`` entry by entry, each entry a row·column dot product."""
    require_product_shapes(A, B)
    m, inner, n = A.rows, A.cols, B.cols

    shapes = SectionBuilder("Shapes")
    shapes.step(
        f"A is {shape_text(A)} and B is {shape_text(B)}. The number of columns of A ({inner}) equals "
        f"the number of rows of B ({B.rows}), so AB is defined, and it has the rows of A and the "
        f"columns of B: it is {m}×{n}.",
        math=Formula.of("A", EQ, A, Token(r",\quad", ",  "), "B", EQ, B),
    )
    if m == 1 and n == 1:
        shapes.step("A row times a column is a single number: the dot product of the two vectors.")
    elif n == 1:
        shapes.step(
            "B is a column vector, so this is a matrix–vector product: each entry of the result is one row "
            "of A times that vector."
        )
    shapes.step(
        "Entry (i, j) of AB is row i of A times column j of B: multiply matching entries and add, ",
        Formula.of(
            Token("(AB)_{ij}", "(AB)ᵢⱼ"),
            EQ,
            Token(r"\sum_{k} A_{ik} B_{kj}", "Σₖ AᵢₖBₖⱼ"),
        ),
        ". The order matters: BA, when it is defined at all, is usually a different matrix.",
    )

    entries = SectionBuilder("Entries")
    values: dict[tuple[int, int], sympy.Expr] = {}
    for i in range(m):
        formulas = []
        for j in range(n):
            formula, value = _dot_formula(entry_name("(AB)", i, j), A.row(i), B.col(j))
            formulas.append(formula)
            values[i, j] = value
        if n > 1:
            ending = f", times each column of B gives row {i + 1} of AB."
        else:
            ending = f", times B gives entry {i + 1} of AB."
        entries.step(f"Row {i + 1} of A, ", Formula.of(A.row(i)), ending, math=formulas)
    product = sympy.ImmutableMatrix(m, n, lambda i, j: values[i, j])

    result_section = SectionBuilder("Result")
    result_section.step("Collecting the entries gives the product.", math=Formula.of(A, B, EQ, product))

    return Solution(
        operation="multiply",
        title="Matrix product",
        problem=prose(f"Multiply the {shape_text(A)} matrix A by the {shape_text(B)} matrix B."),
        inputs={"A": A, "B": B},
        answer=Answer(
            values={"product": product},
            display=(Formula.of(PRODUCT_AB, EQ, product),),
            summary=prose(f"The product is the {m}×{n} matrix ", Formula.of(PRODUCT_AB, EQ, product), "."),
        ),
        sections=[shapes.build(), entries.build(), result_section.build()],
        checks=[_column_combination_check(A, B, product)],
    )


def _column_combination_check(A: sympy.MatrixBase, B: sympy.MatrixBase, product: sympy.MatrixBase) -> Check:
    """Recompute each column of AB as B's weights on the columns of A and compare it exactly."""
    formulas = []
    passed = True
    for j in range(B.cols):
        column = sympy.zeros(A.rows, 1)
        terms = []
        for k in range(A.cols):
            column += B[k, j] * A.col(k)
            terms.append(Formula.of(paren(B[k, j]), A.col(k)))
        column = column.applyfunc(simplify_entry)
        passed = passed and matrices_equal(column, product.col(j))
        formulas.append(
            chain(
                Token(rf"\text{{column {j + 1} of }} AB", f"column {j + 1} of AB"), join(terms, PLUS), column
            )
        )
    return Check(
        prose(
            "Each column of AB is a combination of the columns of A, weighted by that column of B; "
            "recomputed this way, the columns agree exactly."
        ),
        passed,
        tuple(formulas),
    )


# ---------------------------------------------------------------------------------------------
# Hadamard product


@operation(
    "hadamard", "Hadamard (element-wise) product of two matrices of the same shape", operands=("A", "B")
)
def hadamard(
    A: sympy.ImmutableMatrix, B: sympy.ImmutableMatrix, *, method: str | None, options: Options
) -> Solution:
    """Multiply ``A`` and ``B`` entry by entry."""
    if A.shape != B.shape:
        raise ShapeError(
            f"A is {shape_text(A)} and B is {shape_text(B)}: the Hadamard product needs two matrices of the "
            f"same shape; give B as a {shape_text(A)} matrix, or use multiply for the matrix product AB"
        )
    m, n = A.shape
    name = Formula.of("A", HADAMARD, "B")

    rule = SectionBuilder("The rule")
    rule.step(
        "The Hadamard (element-wise) product multiplies the entries in the same position, ",
        Formula.of(Token(r"(A \odot B)_{ij}", "(A⊙B)ᵢⱼ"), EQ, Token(r"A_{ij} B_{ij}", "AᵢⱼBᵢⱼ")),
        ". Unlike the matrix product AB, which combines a whole row of A with a whole column of B, "
        "each entry here uses one entry of each matrix, so both must have the same shape, "
        f"and the result has that shape too ({shape_text(A)}).",
        math=Formula.of("A", EQ, A, Token(r",\quad", ",  "), "B", EQ, B),
    )

    entries = SectionBuilder("Entries")
    values: dict[tuple[int, int], sympy.Expr] = {}
    for i in range(m):
        formulas = []
        for j in range(n):
            value = simplify_entry(A[i, j] * B[i, j])
            values[i, j] = value
            sides = distinct_sides(product_term(A[i, j], B[i, j]), value)
            formulas.append(chain(entry_name(r"(A \odot B)", i, j, "(A⊙B)"), *sides))
        entries.step(
            f"Row {i + 1}: multiply each entry of A by the entry of B in the same place.", math=formulas
        )
    result = sympy.ImmutableMatrix(m, n, lambda i, j: values[i, j])

    result_section = SectionBuilder("Result")
    result_section.step(
        "Collecting the entries gives the Hadamard product.", math=Formula.of(name, EQ, result)
    )

    library = A.multiply_elementwise(B).applyfunc(simplify_entry)
    reversed_order = B.multiply_elementwise(A)
    mismatches = [
        (i, j)
        for i in range(m)
        for j in range(n)
        if not is_zero(simplify_entry(result[i, j] - A[i, j] * B[i, j]))
    ]
    checks = [
        Check(
            prose("SymPy's multiply_elementwise gives the same matrix."),
            matrices_equal(library, result),
            (Formula.of(name, EQ, library),),
        ),
        Check(
            prose(
                f"Each of the {m * n} entries, compared one by one with the product of the entries of "
                "A and B in its place, agrees."
            ),
            not mismatches,
        ),
        Check(
            prose(
                "Multiplying in the other order gives the same matrix, as it must, because the Hadamard "
                "product is commutative: ",
                Formula.of("B", HADAMARD, "A", EQ, "A", HADAMARD, "B"),
                ".",
            ),
            matrices_equal(reversed_order, result),
        ),
    ]
    return Solution(
        operation="hadamard",
        title="Hadamard product",
        problem=prose(
            f"Find the Hadamard (element-wise) product of the two {shape_text(A)} matrices A and B."
        ),
        inputs={"A": A, "B": B},
        answer=Answer(
            values={"hadamard": result},
            display=(Formula.of(name, EQ, result),),
            summary=prose("The Hadamard product is ", Formula.of(name, EQ, result), "."),
        ),
        sections=[rule.build(), entries.build(), result_section.build()],
        checks=checks,
    )


# ---------------------------------------------------------------------------------------------
# Scalar multiple


def _scalar_value(scalar: object) -> sympy.Expr:
    """Return ``options.scalar`` as an exact SymPy value, or raise ``InputError``."""
    if scalar is None:
        raise InputError("scale needs a scalar, but none was given; pass --scalar c, for example --scalar 3")
    if isinstance(scalar, str):
        from .parsing import parse_entry  # imported here: parsing is only needed for text input

        return parse_entry(scalar, "scalar")
    if isinstance(scalar, Fraction):
        return sympy.Rational(scalar.numerator, scalar.denominator)
    if isinstance(scalar, float):
        raise InputError(
            f"the scalar {scalar!r} is a floating-point number, but scale works exactly; "
            "pass it as text such as '0.25' or '1/4'"
        )
    if isinstance(scalar, sympy.MatrixBase) or not isinstance(scalar, (int, sympy.Expr)):
        raise InputError(
            f"the scalar {scalar!r} is not a number or expression; pass --scalar c, for example --scalar 3"
        )
    return sympy.sympify(scalar)


@operation("scale", "multiply every entry of a matrix by a scalar (--scalar)", operands=("A",))
def scale(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Multiply every entry of ``A`` by ``options.scalar``."""
    c = _scalar_value(options.scalar)
    m, n = A.shape
    name = Formula.of(c, "A") if not (c.is_Add or c.could_extract_minus_sign()) else Formula.of(paren(c), "A")

    rule = SectionBuilder("The rule")
    rule.step(
        "Multiplying a matrix by a scalar multiplies every entry by it, ",
        Formula.of(Token("(cA)_{ij}", "(cA)ᵢⱼ"), EQ, Token("c A_{ij}", "c·Aᵢⱼ")),
        ", here with c = ",
        c,
        f"; the shape stays {shape_text(A)}.",
        math=Formula.of("A", EQ, A),
    )

    entries = SectionBuilder("Entries")
    values: dict[tuple[int, int], sympy.Expr] = {}
    for i in range(m):
        formulas = []
        for j in range(n):
            value = simplify_entry(c * A[i, j])
            values[i, j] = value
            formulas.append(chain(entry_name("(cA)", i, j), *distinct_sides(product_term(c, A[i, j]), value)))
        entries.step(f"Row {i + 1}: multiply each entry by ", c, ".", math=formulas)
    result = sympy.ImmutableMatrix(m, n, lambda i, j: values[i, j])

    result_section = SectionBuilder("Result")
    result_section.step(
        "Collecting the entries gives the scalar multiple.", math=Formula.of(name, EQ, result)
    )

    library = (A * c).applyfunc(simplify_entry)
    checks = [
        Check(
            prose("SymPy's scalar multiplication of the whole matrix gives the same result."),
            matrices_equal(library, result),
            (Formula.of(name, EQ, library),),
        )
    ]
    if not is_zero(c):
        inverse = 1 / c
        recovered = (result * inverse).applyfunc(simplify_entry)
        checks.append(
            Check(
                prose("Multiplying the result by 1/c = ", inverse, " gives A back."),
                matrices_equal(recovered, A),
                (Formula.of(paren(inverse), TIMES, result, EQ, recovered),),
            )
        )
    return Solution(
        operation="scale",
        title="Scalar multiple",
        problem=prose(f"Multiply the {shape_text(A)} matrix A by the scalar ", c, "."),
        inputs={"A": A},
        answer=Answer(
            values={"scaled": result},
            display=(Formula.of(name, EQ, result),),
            summary=prose("The scalar multiple is ", Formula.of(name, EQ, result), "."),
        ),
        sections=[rule.build(), entries.build(), result_section.build()],
        checks=checks,
    )
