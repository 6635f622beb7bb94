"""Gaussian and Gauss-Jordan elimination that records every elementary row operation.

Determinants by row reduction, inverses by [A | I], reduced row echelon forms, null spaces,
eigenvectors and linear systems all read the same record: each step names its row operations and
shows the matrix after them, and the result carries the pivot columns and, for symbolic entries,
the conditions (pivots assumed nonzero) under which the reduction holds.

Conventions, as taught by hand:

* A row swap brings up a pivot of ±1 when the pivot position holds neither 1 nor −1 and a row below
  has one there, since that keeps fractions out of the next steps; a pivot position holding zero is
  filled from the first row below with a nonzero entry (a number before a symbolic expression).
* In reduced form each pivot row is scaled to a leading 1 before its column is cleared above and
  below (Gauss-Jordan); in echelon form rows are never scaled and only entries below pivots cleared.
* Operations that clear one column are shown together, as one step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import sympy

from .formula import Formula, Token, paren

Simplifier = Callable[[sympy.Expr], sympy.Expr]


def simplify_entry(x: sympy.Expr) -> sympy.Expr:
    """Bring an entry to a canonical form so that zero tests are exact.

    Rationals are returned as they are; radicals are rationalized (``radsimp``) because eigenvalues
    such as (−3 + √33)/2 make entries whose zero-ness only shows after that; symbolic entries are
    cancelled to one fraction of polynomials.
    """
    x = sympy.sympify(x)
    if x.is_Rational:
        return x
    if x.free_symbols:
        return sympy.factor_terms(sympy.cancel(x))
    return sympy.expand(sympy.radsimp(sympy.expand(x))) if x.has(sympy.Pow) else sympy.expand(x)


def is_zero(x: sympy.Expr) -> bool:
    """Return True only when ``x`` is identically zero (for every value of its symbols)."""
    x = sympy.sympify(x)
    if x.is_Rational:
        return x == 0
    if x.free_symbols and x.is_rational_function():
        # A quotient of polynomials over ℚ cancels to a canonical form, which is 0 exactly when x is.
        return sympy.cancel(x) == 0
    zero = x.is_zero
    if zero is None:
        zero = x.equals(0)
    return bool(zero)


def _row_name(i: int) -> Token:
    return Token(f"R_{{{i + 1}}}", f"R{i + 1}")


LEFTARROW = Token(r"\leftarrow", "←")
SWAP = Token(r"\leftrightarrow", "↔")


@dataclass(frozen=True)
class RowOperation:
    """An elementary row operation on 0-based rows.

    ``swap`` exchanges rows ``target`` and ``source``; ``scale`` multiplies row ``target`` by
    ``factor``; ``add`` adds ``factor`` times row ``source`` to row ``target``.
    """

    kind: Literal["swap", "scale", "add"]
    target: int
    source: int | None = None
    factor: sympy.Expr = sympy.Integer(1)

    def apply(self, M: sympy.Matrix, simplify: Simplifier = simplify_entry) -> sympy.Matrix:
        M = sympy.Matrix(M)
        if self.kind == "swap":
            M.row_swap(self.target, self.source)
        elif self.kind == "scale":
            M[self.target, :] = (self.factor * M[self.target, :]).applyfunc(simplify)
        else:
            M[self.target, :] = (M[self.target, :] + self.factor * M[self.source, :]).applyfunc(simplify)
        return M

    @property
    def determinant_factor(self) -> sympy.Expr:
        """What the operation multiplies the determinant by: −1, the scale factor, or 1."""
        if self.kind == "swap":
            return sympy.Integer(-1)
        if self.kind == "scale":
            return self.factor
        return sympy.Integer(1)

    def formula(self) -> Formula:
        """The operation in the usual notation: R₁ ↔ R₂, R₂ ← ½R₂, R₂ ← R₂ − 2R₁."""
        t = _row_name(self.target)
        if self.kind == "swap":
            return Formula.of(t, SWAP, _row_name(self.source))
        if self.kind == "scale":
            return Formula.of(t, LEFTARROW, paren(self.factor), t)
        c = self.factor
        sign, size = ("-", -c) if c.could_extract_minus_sign() else ("+", c)
        if size == 1:
            return Formula.of(t, LEFTARROW, t, sign, _row_name(self.source))
        return Formula.of(t, LEFTARROW, t, sign, paren(size), _row_name(self.source))

    def sentence(self) -> str:
        """Describe the operation in words, without formulas (a formula is shown beside it)."""
        if self.kind == "swap":
            return f"swap rows {self.target + 1} and {self.source + 1}"
        if self.kind == "scale":
            return f"scale row {self.target + 1}"
        if self.factor.could_extract_minus_sign():
            return f"subtract a multiple of row {self.source + 1} from row {self.target + 1}"
        return f"add a multiple of row {self.source + 1} to row {self.target + 1}"


@dataclass(frozen=True)
class EliminationStep:
    """One or more row operations done together, the reason, and the matrix after them."""

    operations: tuple[RowOperation, ...]
    reason: str
    matrix: sympy.ImmutableMatrix


@dataclass(frozen=True)
class Elimination:
    """The record of a reduction: start, steps, result, pivots and assumed-nonzero pivots."""

    start: sympy.ImmutableMatrix
    steps: tuple[EliminationStep, ...]
    result: sympy.ImmutableMatrix
    pivot_columns: tuple[int, ...]
    conditions: tuple[sympy.Expr, ...]
    reduced: bool

    @property
    def rank(self) -> int:
        return len(self.pivot_columns)

    @property
    def operations(self) -> tuple[RowOperation, ...]:
        return tuple(op for step in self.steps for op in step.operations)


def _choose_pivot_row(M: sympy.Matrix, row: int, col: int) -> int | None:
    """Return the row whose entry becomes the pivot of column ``col``, or None if all are zero."""
    candidates = [r for r in range(row, M.rows) if not is_zero(M[r, col])]
    if not candidates:
        return None
    for r in candidates:
        if M[r, col] in (1, -1):
            return r
    if candidates[0] == row:
        return row
    numeric = [r for r in candidates if not M[r, col].free_symbols]
    return numeric[0] if numeric else candidates[0]


def eliminate(
    A: sympy.MatrixBase,
    *,
    reduced: bool = True,
    pivot_columns_limit: int | None = None,
    simplify: Simplifier = simplify_entry,
) -> Elimination:
    """Row-reduce ``A`` and record each step.

    ``reduced=True`` gives the reduced row echelon form (Gauss-Jordan); ``False`` gives an echelon
    form with unscaled pivots and zeros only below them, the form a determinant is read from.
    ``pivot_columns_limit`` stops the pivot search after that many columns, as for an augmented
    matrix [A | I] or [A | b] whose right part must not receive pivots.

    >>> from sympy import Matrix
    >>> E = eliminate(Matrix([[2, 4], [1, 3]]))
    >>> E.result, E.pivot_columns
    (Matrix([
    [1, 0],
    [0, 1]]), (0, 1))
    """
    M = sympy.Matrix(A).applyfunc(simplify)
    start = sympy.ImmutableMatrix(M)
    steps: list[EliminationStep] = []
    pivots: list[int] = []
    conditions: list[sympy.Expr] = []
    last_col = A.cols if pivot_columns_limit is None else pivot_columns_limit
    row = 0
    for col in range(last_col):
        if row >= M.rows:
            break
        r = _choose_pivot_row(M, row, col)
        if r is None:
            continue
        if r != row:
            op = RowOperation("swap", row, r)
            if is_zero(M[row, col]):
                reason = (
                    f"The entry in row {row + 1}, column {col + 1} is 0, so a row below with a nonzero "
                    "entry there moves up."
                )
            else:
                reason = (
                    f"Row {r + 1} has {M[r, col]} in column {col + 1}; moving it up gives a pivot of ±1 "
                    "and keeps fractions out of the next steps."
                )
            M = op.apply(M, simplify)
            steps.append(EliminationStep((op,), reason, sympy.ImmutableMatrix(M)))
        pivot = M[row, col]
        if pivot.free_symbols:
            conditions.append(pivot)
        if reduced and pivot != 1:
            op = RowOperation("scale", row, None, simplify(1 / pivot))
            M = op.apply(M, simplify)
            reason = f"Scale row {row + 1} so that its pivot (column {col + 1}) is 1."
            steps.append(EliminationStep((op,), reason, sympy.ImmutableMatrix(M)))
            pivot = sympy.Integer(1)
        targets = range(M.rows) if reduced else range(row + 1, M.rows)
        ops = []
        for t in targets:
            if t == row or is_zero(M[t, col]):
                continue
            op = RowOperation("add", t, row, simplify(-M[t, col] / pivot))
            ops.append(op)
        if ops:
            for op in ops:
                M = op.apply(M, simplify)
            where = "above and below" if reduced else "below"
            reason = f"Clear column {col + 1} {where} the pivot in row {row + 1}."
            steps.append(EliminationStep(tuple(ops), reason, sympy.ImmutableMatrix(M)))
        pivots.append(col)
        row += 1
    return Elimination(
        start, tuple(steps), sympy.ImmutableMatrix(M), tuple(pivots), tuple(conditions), reduced
    )
