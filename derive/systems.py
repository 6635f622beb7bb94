"""Linear systems Ax = b by Gauss-Jordan elimination of the augmented matrix [A | b].

The reduced form decides between the three cases: a row 0 = c with c ≠ 0 (no solution), a pivot in
every column of A (one solution), or free columns (infinitely many, written x = x_p + s·v₁ + …).

>>> from sympy import Matrix
>>> from derive.registry import solve
>>> solve("system", Matrix([[4, 2], [-5, -3]]), Matrix([4, -7])).answer.values["x"]
Matrix([
[-1],
[ 4]])
"""

from __future__ import annotations

import sympy

from .elimination import eliminate, simplify_entry
from .formula import COMMA, EQ, PLUS, Formula, Token, join
from .model import Answer, Check, SectionBuilder, Solution
from .registry import Options, operation
from .subspaces import (
    assumed_nonzero,
    condition_values,
    conditional_summary,
    free_variable_step,
    inconsistent_row_step,
    matrices_equal,
    matrix_is_zero,
    parameters,
    pivot_equations,
    read_solutions,
    reduction_section,
    require_column_vector,
    variables,
)

A_NAME = Token("A", "A")
X_NAME = Token.name(r"\mathbf{x}", "x")


def _equations(A: sympy.MatrixBase, b: sympy.MatrixBase) -> list[Formula]:
    """Write each row of Ax = b as an equation in x₁, …, xₙ."""
    xs = variables(A.cols)
    return [
        Formula.of(sum((A[i, j] * xs[j] for j in range(A.cols)), sympy.Integer(0)), EQ, b[i])
        for i in range(A.rows)
    ]


@operation("system", "solve the linear system Ax = b by row-reducing [A | b]", operands=("A", "b"))
def system(
    A: sympy.ImmutableMatrix, b: sympy.ImmutableMatrix, *, method: str | None, options: Options
) -> Solution:
    """Solve Ax = b by Gauss-Jordan elimination of [A | b].

    Answer: ``solutions`` ("unique", "infinite" or "none"); ``x`` (the solution, or the general
    solution in the parameters s, t, … when there are infinitely many); ``particular`` and
    ``nullspace`` (the x_p and v₁, … of x = x_p + s·v₁ + …) when there are infinitely many;
    ``conditions`` (relations c ≠ 0 on the symbols under which the answer holds) when there are any.
    Checks: A·x = b recomputed; A·x_p = b and A·vᵢ = 0 with as many vᵢ as n − rank(A) by SymPy; or,
    with no solution, rank [A | b] > rank A by SymPy.
    """
    m, n = A.shape
    require_column_vector(b, A, "A", "system")
    Ab = sympy.Matrix.hstack(A, b)
    E = eliminate(Ab, pivot_columns_limit=n)
    xs = variables(n)

    setup = SectionBuilder("The system")
    if m:
        setup.step("Written out, the system Ax = b is", math=_equations(A, b))
    setup.step(
        "Row-reduce the augmented matrix [A | b]. Row operations change the equations but not their "
        "solutions."
    )
    rows = reduction_section("Row reduction", E, Token.name(r"[A \mid \mathbf{b}]", "[A | b]"), bar=n)
    found = read_solutions(E, n, augmented_columns=1)
    solve_section = SectionBuilder("Solution")
    values: dict[str, object] = {}
    x_vector = sympy.Matrix(xs)

    if found.inconsistent_rows:
        values["solutions"] = "none"
        inconsistent_row_step(
            solve_section, E, n, found.inconsistent_rows[0], "the system has no solution", "x"
        )
        rank_a = A.rank(simplify=True)
        rank_ab = Ab.rank(simplify=True)
        checks = [
            Check(
                ("SymPy's rank of [A | b] exceeds the rank of A, so b is not in the column space of A.",),
                rank_ab > rank_a,
                (Formula.of(rank_ab, Token(">", ">"), rank_a),),
            )
        ]
        display = (Formula.of(Token.name(r"\text{no solution}", "no solution")),)
        conditions = assumed_nonzero(E, (E.result[found.inconsistent_rows[0], n],))
        summary = conditional_summary(conditions, "The system is inconsistent: it has no solution")
    elif not found.free_columns:
        x = sympy.ImmutableMatrix(found.particular)
        values.update({"solutions": "unique", "x": x})
        solve_section.step(
            "Every column of A has a pivot and no row reads 0 = c with c ≠ 0, so there is exactly one "
            "solution; each row of the reduced matrix gives one unknown:",
            math=join((Formula.of(xs[j], EQ, x[j]) for j in range(n)), COMMA),
        )
        product = (sympy.Matrix(A) * x).applyfunc(simplify_entry)
        checks = [
            Check(
                ("Multiplying back, Ax equals b.",),
                matrices_equal(product, b),
                (Formula.of(A, x, EQ, sympy.ImmutableMatrix(product)),),
            ),
            Check(
                ("SymPy's rank of A equals the number of unknowns, so the solution is unique.",),
                A.rank(simplify=True) == n,
                (Formula.of(Token.name(r"\operatorname{rank}A", "rank A"), EQ, A.rank(simplify=True)),),
            ),
        ]
        display = (Formula.of(X_NAME, EQ, x),)
        conditions = assumed_nonzero(E)
        summary = conditional_summary(conditions, "The system has exactly one solution")
    else:
        params = parameters(len(found.free_columns), A.free_symbols | b.free_symbols)
        free_values = dict(zip(found.free_columns, params, strict=True))
        solve_section.step("No row reads 0 = c with c ≠ 0, so the system is consistent.")
        free_variable_step(solve_section, n, found.free_columns, params)
        if E.pivot_columns:
            solve_section.step(
                "Each nonzero row of the reduced matrix gives its pivot variable in terms of the free ones:",
                math=pivot_equations(E, n, free_values, rhs=True),
            )
        particular = sympy.ImmutableMatrix(found.particular)
        directions = [sympy.ImmutableMatrix(v) for v in found.directions]
        general = particular + sum(
            (t * v for t, v in zip(params, directions, strict=True)), sympy.zeros(n, 1)
        )
        general = sympy.ImmutableMatrix(general.applyfunc(sympy.expand))
        combination = join(
            [particular, *(Formula.of(t, v) for t, v in zip(params, directions, strict=True))], PLUS
        )
        solve_section.step(
            "So there are infinitely many solutions: a particular solution x_p (every free variable 0) plus "
            "any combination of null-space vectors of A:",
            math=Formula.of(x_vector, EQ, general, EQ, combination),
        )
        values.update(
            {"solutions": "infinite", "x": general, "particular": particular, "nullspace": directions}
        )
        product = (sympy.Matrix(A) * particular).applyfunc(simplify_entry)
        checks = [
            Check(
                ("Multiplying back, A·x_p equals b.",),
                matrices_equal(product, b),
                (Formula.of(A, particular, EQ, sympy.ImmutableMatrix(product)),),
            )
        ]
        for k, v in enumerate(directions, start=1):
            Av = (sympy.Matrix(A) * v).applyfunc(simplify_entry)
            checks.append(
                Check(
                    (f"Direction {k} satisfies Av = 0, so adding any multiple of it keeps Ax = b.",),
                    matrix_is_zero(Av),
                    (Formula.of(A, v, EQ, sympy.ImmutableMatrix(Av)),),
                )
            )
        expected = n - A.rank(simplify=True)
        checks.append(
            Check(
                ("There are n − rank(A) directions, with the rank computed by SymPy, so none is missing.",),
                len(directions) == expected,
                (Formula.of(len(directions), EQ, expected),),
            )
        )
        display = (Formula.of(X_NAME, EQ, general),)
        conditions = assumed_nonzero(E)
        summary = conditional_summary(
            conditions, f"The system has infinitely many solutions, with {len(params)} free parameter(s)"
        )
    if conditions:
        values["conditions"] = condition_values(conditions)

    return Solution(
        operation="system",
        title="Linear system",
        problem=("Solve ", Formula.of(A, x_vector, EQ, b), " for x."),
        inputs={"A": A, "b": b},
        answer=Answer(values, display, summary),
        sections=[setup.build(), rows, solve_section.build()],
        checks=checks,
    )
