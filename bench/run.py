"""Time each derivation against SymPy's bare computation of the same answer, in the same run.

Usage: ``python bench/run.py [--repeat N]``. Each row is the median wall time of N runs of
``derive.solve`` (steps, answer and independent checks, no PDF) and of the bare SymPy call on the
same parsed matrix, each run starting from a cleared SymPy cache; the ratio says how much the worked
solution costs over the bare answer.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import sympy
from sympy.core.cache import clear_cache

import derive
from derive.registry import Options

A2 = "4 2; -5 -3"
A3 = "1 2 4; 2 -1 3; 0 5 1"
A3_INV = "2 1 1; 1 3 2; 1 0 0"
A3_CUBIC = "25 2 9; 5 26 -5; 3 7 -1"
A3_TRIDIAGONAL = "2 -1 0; -1 2 -1; 0 -1 2"
A4 = "204 98 -26 -10; -280 -134 36 14; 716 348 -90 -36; -472 -232 60 28"
A32 = "-1 2; 3 -2; 5 7"
A3_RANK2 = "1 2 3; 2 4 6; 1 0 1"
X_REGRESSION = "1 0; 1 1; 1 2; 1 3; 1 4; 1 5; 1 6; 1 7"
Y_REGRESSION = "[1.86, 1.31, 0.62, 0.33, 0.09, -0.67, -1.23, -1.37]"


def _iris() -> tuple[sympy.ImmutableMatrix, Options]:
    from derive.pca import read_csv_data

    path = Path(__file__).resolve().parent.parent / "tests" / "cases" / "iris.csv"
    columns = ("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm")
    X, names = read_csv_data(path, columns)
    return X, Options(columns=columns, components=2, column_names=names)


def _iris_bare() -> None:
    X, _ = _iris()
    Xc = sympy.Matrix(X) - sympy.ones(X.rows, 1) * (sympy.ones(1, X.rows) * sympy.Matrix(X)) / X.rows
    C = Xc.T * Xc / (X.rows - 1)
    sympy.Poly(C.charpoly().as_expr()).nroots(n=30)


# (label, operation, operand texts, method, options, bare SymPy computation on the parsed operands)
CASES: list[tuple[str, str, tuple[str, ...], str | None, Options, Callable[..., object]]] = [
    ("det 2×2", "det", (A2,), None, Options(), lambda A: A.det()),
    ("det 3×3 cofactor", "det", (A3,), "cofactor", Options(), lambda A: A.det()),
    ("det 3×3 row reduction", "det", (A3,), "row-reduction", Options(), lambda A: A.det()),
    ("det 4×4", "det", (A4,), None, Options(), lambda A: A.det()),
    ("inverse 2×2", "inverse", (A2,), None, Options(), lambda A: A.inv()),
    (
        "inverse 3×3 Gauss-Jordan",
        "inverse",
        (A3_INV,),
        "gauss-jordan",
        Options(),
        lambda A: A.inv(),
    ),
    ("inverse 3×3 adjugate", "inverse", (A3_INV,), "adjugate", Options(), lambda A: A.inv()),
    (
        "eigenvalues 2×2",
        "eigenvalues",
        ("-1 4; 2 -2",),
        None,
        Options(),
        lambda A: A.eigenvals(),
    ),
    (
        "eigenvalues 3×3 cubic",
        "eigenvalues",
        (A3_CUBIC,),
        None,
        Options(),
        lambda A: A.eigenvals(),
    ),
    (
        "eigenvectors 3×3",
        "eigenvectors",
        (A3_TRIDIAGONAL,),
        None,
        Options(),
        lambda A: A.eigenvects(),
    ),
    ("eigenvectors 4×4", "eigenvectors", (A4,), None, Options(), lambda A: A.eigenvects()),
    (
        "multiply 3×2·2×2",
        "multiply",
        ("3 4; 5 6; 7 8", "1 9; 2 0"),
        None,
        Options(),
        lambda A, B: A * B,
    ),
    ("norm L2", "norm", ("[[25, 2, 5]]",), None, Options(ord="2"), lambda A: A.norm()),
    (
        "rref 3×4",
        "rref",
        ("1 2 3 4; 2 4 6 8; 1 0 1 0",),
        None,
        Options(),
        lambda A: A.rref(),
    ),
    (
        "system 2×2",
        "system",
        (A2, "[4, -7]"),
        None,
        Options(),
        lambda A, b: A.LUsolve(b),
    ),
    (
        "eigendecomposition 2×2",
        "eigendecomposition",
        ("2 1; 1 2",),
        None,
        Options(),
        lambda A: A.diagonalize(),
    ),
    ("svd 3×2", "svd", (A32,), None, Options(), lambda A: A.singular_value_decomposition()),
    ("pinv 3×2", "pinv", (A32,), None, Options(), lambda A: A.pinv()),
    (
        "lstsq 8×2",
        "lstsq",
        (X_REGRESSION, Y_REGRESSION),
        None,
        Options(),
        lambda X, y: X.pinv() * y,
    ),
    ("charpoly 3×3", "charpoly", (A3_CUBIC,), None, Options(), lambda A: A.charpoly()),
    ("transpose 3×2", "transpose", (A32,), None, Options(), lambda A: A.T),
    ("hadamard 3×2", "hadamard", (A32, A32), None, Options(), lambda A, B: A.multiply_elementwise(B)),
    ("scale 3×2", "scale", (A32,), None, Options(scalar=sympy.Integer(3)), lambda A: 3 * A),
    ("norm Frobenius 3×2", "norm", (A32,), None, Options(ord="fro"), lambda A: A.norm()),
    ("trace 3×3", "trace", (A3,), None, Options(), lambda A: A.trace()),
    ("rank 3×3", "rank", (A3_RANK2,), None, Options(), lambda A: A.rank()),
    ("nullspace 3×3", "nullspace", (A3_RANK2,), None, Options(), lambda A: A.nullspace()),
    (
        "span 3×2",
        "span",
        ("1 0; 0 1; 1 1", "[2, 3, 5]"),
        None,
        Options(),
        lambda V, b: V.gauss_jordan_solve(b),
    ),
    ("independence 3×3", "independence", (A3_RANK2,), None, Options(), lambda V: V.rank()),
    (
        "classify 3×3",
        "classify",
        (A3_TRIDIAGONAL,),
        None,
        Options(),
        lambda A: (A.is_symmetric(), A.is_positive_definite, A.det()),
    ),
    ("svd 2×3 wide", "svd", ("1 0 1; 0 1 1",), None, Options(), lambda A: A.singular_value_decomposition()),
]


def median_seconds(function: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, each with SymPy's cache cleared first, because a warm
    cache would return the bare call's answer from memory and compare nothing."""
    times = []
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (the median is shown)")
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, SymPy {sympy.__version__}, {platform.machine()}, "
        f"median of {args.repeat} runs, seconds"
    )
    print()
    print("| case | derive (s) | SymPy bare (s) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for label, operation, sources, method, options, bare in CASES:
        names = derive.registry.get_operation(operation).operands
        matrices = [derive.parse_matrix(s, n) for s, n in zip(sources, names, strict=True)]
        solve = partial(derive.solve, operation, *matrices, method=method, options=options)
        derived = median_seconds(solve, args.repeat)
        baseline = median_seconds(partial(bare, *(sympy.Matrix(M) for M in matrices)), args.repeat)
        print(f"| {label} | {derived:.4f} | {baseline:.4f} | {derived / baseline:.1f}× |")
    X, options = _iris()
    derived = median_seconds(partial(derive.solve, "pca", X, options=options), max(1, args.repeat // 2))
    baseline = median_seconds(_iris_bare, max(1, args.repeat // 2))
    print(
        f"| pca iris 150×4 (bare: exact covariance + 30-digit roots) | {derived:.4f} | {baseline:.4f} | "
        f"{derived / baseline:.1f}× |"
    )


if __name__ == "__main__":
    main()
