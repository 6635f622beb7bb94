"""Hard cases across every operation, each run through ``registry.solve``.

Covered: 5×5 and 6×6 matrices (exact answers within a time bound, or a clear NotSupportedError);
complex, irrational, repeated and zero eigenvalues; defective matrices; rank-deficient, non-square,
zero and 1×1, 1×n, n×1 inputs; symbolic entries; whole error messages; and a seeded numerical
comparison of eigenvalues, SVDs and pseudoinverses with NumPy. Expected values come from SymPy's
own routines or are written out.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import numpy as np
import pytest
import sympy
from sympy import I, Matrix, Rational, sqrt

from derive.errors import InputError, NotSupportedError, ShapeError
from derive.formula import prose_text
from derive.model import Solution
from derive.registry import Options, all_operations, solve

a, t = sympy.symbols("a t")

# A hang guard, not a benchmark: each large case below took under 6 s when measured on a 2-core
# development machine under load, and this bound leaves room for a slower CI runner.
LARGE_CASE_SECONDS = 20.0


def solution_text(solution: Solution) -> str:
    """Return the notes and every step's sentence of a solution as plain text."""
    parts = [prose_text(note) for note in solution.notes]
    for section in solution.sections:
        parts.append(section.title)
        parts += [prose_text(step.text) for step in section.steps]
    return "\n".join(parts)


def timed_solve(*args, **kwargs) -> tuple[Solution, float]:
    start = time.perf_counter()
    solution = solve(*args, **kwargs)
    return solution, time.perf_counter() - start


def numeric(x: sympy.Expr) -> complex:
    return complex(sympy.N(x, 15))


def same_multiset(values: list[complex], expected: list[complex], tolerance: float = 1e-8) -> bool:
    """Return True when the two lists hold the same numbers with the same multiplicities."""
    remaining = list(expected)
    for v in values:
        distances = [abs(v - e) for e in remaining]
        if not distances:
            return False
        k = int(np.argmin(distances))
        if distances[k] > tolerance * max(1.0, abs(v)):
            return False
        remaining.pop(k)
    return not remaining


def exactly_zero(M: sympy.MatrixBase) -> bool:
    return all(sympy.simplify(x) == 0 for x in M)


# ---------------------------------------------------------------------------------------------
# Large matrices

RANDOM_5 = Matrix(
    [
        [-3, 4, -4, -1, -4],
        [2, 2, 2, 5, 1],
        [-2, -4, 2, -5, 1],
        [1, 4, -5, 2, -1],
        [-2, 4, -4, 0, -5],
    ]
)
RANDOM_6 = Matrix(
    [
        [-5, -5, 5, 3, -5, 1],
        [5, -2, 1, -5, 3, -2],
        [2, 2, 3, -2, 0, -2],
        [5, -2, 2, -1, -5, 1],
        [3, 5, -4, -3, 5, -1],
        [-4, 0, 3, 1, 3, 5],
    ]
)
# Entries up to ±9, so the characteristic polynomial has large coefficients and four complex roots.
WIDE_RANGE_6 = Matrix(
    [
        [-1, 2, 7, -9, 5, -2],
        [-8, -4, -6, 2, 6, -2],
        [3, 8, -6, 9, -2, -9],
        [-3, 4, -1, -4, 3, -4],
        [-7, -5, 5, -5, -5, -9],
        [-9, -3, -3, -4, -4, 0],
    ]
)
# P·diag(1, 2, −3, 4, 2)·P⁻¹: rational eigenvalues, 2 repeated with a 2-dimensional eigenspace.
SIMILAR_TO_DIAGONAL_5 = Matrix(
    [
        [1, 1, 0, 0, 0],
        [0, 1, 1, 0, 0],
        [0, 0, 1, 1, 0],
        [0, 0, 0, 1, 1],
        [1, 0, 0, 0, 2],
    ]
)
SIMILAR_TO_DIAGONAL_5 = SIMILAR_TO_DIAGONAL_5 * sympy.diag(1, 2, -3, 4, 2) * SIMILAR_TO_DIAGONAL_5.inv()
JORDAN_5 = Matrix(
    [
        [3, 1, 0, 0, 0],
        [0, 3, 1, 0, 0],
        [0, 0, 3, 1, 0],
        [0, 0, 0, 3, 1],
        [0, 0, 0, 0, 3],
    ]
)
# Row 6 is row 1 plus row 2, so the rank is 5.
SINGULAR_6 = RANDOM_6[:5, :].col_join(RANDOM_6[0, :] + RANDOM_6[1, :])
# Blocks 2×2 and 4×4: the characteristic polynomial is (λ² − 5λ − 2)(λ⁴ − λ³ − 3λ² + λ − 2).
BLOCKS_6 = sympy.diag(
    Matrix([[1, 2], [3, 4]]),
    Matrix(
        [
            [0, 1, 0, 0],
            [0, 0, 1, 0],
            [0, 0, 0, 1],
            [2, -1, 3, 1],
        ]
    ),
)
SYMBOLIC_6 = Matrix(
    [
        [a, 1, 0, 0, 0, 0],
        [0, a, 1, 0, 0, 0],
        [0, 0, a, 1, 0, 0],
        [0, 0, 0, a, 1, 0],
        [0, 0, 0, 0, a, 1],
        [2, 0, 0, 0, 0, a],
    ]
)

LARGE = {
    "random-5x5": RANDOM_5,
    "random-6x6": RANDOM_6,
    "wide-range-6x6": WIDE_RANGE_6,
    "similar-to-diagonal-5x5": SIMILAR_TO_DIAGONAL_5,
    "jordan-5x5": JORDAN_5,
    "singular-6x6": SINGULAR_6,
    "blocks-6x6": BLOCKS_6,
}


@pytest.mark.parametrize("matrix", LARGE.values(), ids=LARGE.keys())
def test_large_det_by_row_reduction(matrix):
    solution, seconds = timed_solve("det", matrix)
    assert solution.answer.values["det"] == matrix.det(method="bareiss")
    assert solution.method == "row-reduction"
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


@pytest.mark.parametrize("size", [5, 6])
def test_large_det_by_requested_cofactors(size):
    matrix = RANDOM_5 if size == 5 else RANDOM_6
    solution, seconds = timed_solve("det", matrix, method="cofactor")
    assert solution.answer.values["det"] == matrix.det(method="bareiss")
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


@pytest.mark.parametrize("matrix", LARGE.values(), ids=LARGE.keys())
def test_large_inverse(matrix):
    solution, seconds = timed_solve("inverse", matrix)
    invertible = matrix.det() != 0
    assert solution.answer.values["invertible"] is invertible
    assert solution.answer.values["inverse"] == (matrix.inv() if invertible else None)
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


@pytest.mark.parametrize("matrix", LARGE.values(), ids=LARGE.keys())
def test_large_rref(matrix):
    solution, seconds = timed_solve("rref", matrix)
    expected, pivots = matrix.rref()
    assert solution.answer.values["rref"] == expected
    assert solution.answer.values["pivot_columns"] == [p + 1 for p in pivots]
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


@pytest.mark.parametrize("matrix", LARGE.values(), ids=LARGE.keys())
def test_large_eigenvalues(matrix):
    solution, seconds = timed_solve("eigenvalues", matrix)
    values = solution.answer.values["eigenvalues"]
    lam = solution.answer.values["charpoly"].free_symbols.pop()
    assert sympy.expand(solution.answer.values["charpoly"] - matrix.charpoly(lam).as_expr()) == 0
    assert same_multiset([numeric(v) for v in values], list(np.linalg.eigvals(np.array(matrix, dtype=float))))
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


def test_large_eigenvalues_explain_berkowitz_and_crootof():
    solution = solve("eigenvalues", RANDOM_6)
    text = solution_text(solution)
    assert "A cofactor expansion of this 6×6 determinant would have 720 products" in text
    assert "Berkowitz algorithm" in text
    assert "is irreducible over ℚ and of degree 6" in text
    assert "each root is written CRootOf(f, k)" in text
    assert all(isinstance(v, sympy.CRootOf) for v in solution.answer.values["eigenvalues"])


def test_large_rational_eigenvalues_stay_exact():
    values = solve("eigenvalues", SIMILAR_TO_DIAGONAL_5).answer.values
    assert values["eigenvalues"] == [4, 2, 2, 1, -3]
    assert values["multiplicities"] == {4: 1, 2: 2, 1: 1, -3: 1}


@pytest.mark.parametrize(
    "matrix",
    [RANDOM_5, WIDE_RANGE_6, SIMILAR_TO_DIAGONAL_5, JORDAN_5, BLOCKS_6],
    ids=["random-5x5", "wide-range-6x6", "similar-to-diagonal-5x5", "jordan-5x5", "blocks-6x6"],
)
def test_large_eigenvectors(matrix):
    solution, seconds = timed_solve("eigenvectors", matrix)
    spaces = solution.answer.values["eigenvectors"]
    A = np.array(matrix, dtype=float)
    for value, basis in spaces.items():
        lam = numeric(value)
        for v in basis:
            x = np.array([numeric(e) for e in v])
            assert np.linalg.norm(A @ x - lam * x) < 1e-8 * max(1.0, np.linalg.norm(x))
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


def test_large_jordan_block_is_defective():
    values = solve("eigenvectors", JORDAN_5).answer.values
    assert values["eigenvectors"] == {3: [Matrix([1, 0, 0, 0, 0])]}
    assert values["algebraic_multiplicities"] == {3: 5}
    assert values["geometric_multiplicities"] == {3: 1}
    assert values["diagonalizable"] is False


@pytest.mark.parametrize("operation", ["det", "inverse", "rref", "charpoly"])
def test_large_symbolic(operation):
    solution, seconds = timed_solve(operation, SYMBOLIC_6)
    values = solution.answer.values
    if operation == "det":
        assert sympy.expand(values["det"] - (a**6 - 2)) == 0
    elif operation == "inverse":
        assert exactly_zero(values["inverse"] * SYMBOLIC_6 - sympy.eye(6))
    elif operation == "rref":
        assert values["rref"] == sympy.eye(6)
    else:
        assert sympy.expand(values["charpoly"] - SYMBOLIC_6.charpoly(values["variable"]).as_expr()) == 0
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


@pytest.mark.parametrize("operation", ["eigenvalues", "eigenvectors"])
def test_large_symbolic_eigenvalues_not_supported(operation):
    message = (
        r"^the factor a\^6 - 6\*a\^5\*λ \+ 15\*a\^4\*λ\^2 - 20\*a\^3\*λ\^3 \+ 15\*a\^2\*λ\^4 - 6\*a\*λ\^5 \+ "
        r"λ\^6 - 2 of degree 6 has symbolic or irrational coefficients; derive solves such factors only "
        r"up to degree 2, so give rational entries or a smaller matrix$"
    )
    with pytest.raises(NotSupportedError, match=message):
        solve(operation, SYMBOLIC_6)


def test_large_eigendecomposition_numeric():
    solution, seconds = timed_solve("eigendecomposition", RANDOM_5)
    values = solution.answer.values
    assert values["exact"] is False
    lam = sympy.Symbol("lamda")
    p = lam**5 + 2 * lam**4 - 81 * lam**3 - 207 * lam**2 + lam + 38
    assert values["eigenvalues"] == [sympy.CRootOf(p, k) for k in (4, 3, 2, 1, 0)]
    expected = sorted(np.linalg.eigvals(np.array(RANDOM_5.tolist(), dtype=float)).real, reverse=True)
    assert np.allclose([float(v) for v in values["eigenvalues"]], expected, atol=1e-10)
    residual = values["V"] * values["Lambda"] * values["V_inv"] - RANDOM_5
    assert all(abs(sympy.N(x, 60)) < 1e-30 for x in residual)
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


def test_large_singular_pinv_by_rank_factorization():
    solution, seconds = timed_solve("pinv", SINGULAR_6)
    assert solution.answer.values["pinv"] == SINGULAR_6.pinv()
    assert solution.method == "rank-factorization"
    assert "some of them are roots of an irreducible polynomial of degree 3 or more" in solution_text(
        solution
    )
    assert solution.verified
    assert seconds < LARGE_CASE_SECONDS


# ---------------------------------------------------------------------------------------------
# Spectra: complex, irrational, repeated, zero and symbolic eigenvalues, defective matrices

ROTATION = Matrix(
    [
        [0, -1],
        [1, 0],
    ]
)
COMPLEX_PAIR = Matrix(
    [
        [1, -2],
        [1, 3],
    ]
)
IRRATIONAL = Matrix(
    [
        [1, 2],
        [3, 4],
    ]
)
SHEAR = Matrix(
    [
        [1, 2],
        [0, 1],
    ]
)
JORDAN_3 = Matrix(
    [
        [2, 1, 0],
        [0, 2, 1],
        [0, 0, 2],
    ]
)
RANK_ONE_3 = Matrix(
    [
        [1, 2, 3],
        [2, 4, 6],
        [3, 6, 9],
    ]
)
RANK_TWO_3 = Matrix(
    [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
    ]
)
SCALAR_3 = 2 * sympy.eye(3)
SYMBOLIC_2 = Matrix(
    [
        [a, 1],
        [1, a],
    ]
)

# (matrix, eigenvalues in the answer's order, geometric multiplicity of each distinct eigenvalue)
SPECTRA = {
    "rotation": (ROTATION, [I, -I], {I: 1, -I: 1}),
    "complex-pair": (COMPLEX_PAIR, [2 + I, 2 - I], {2 + I: 1, 2 - I: 1}),
    "irrational": (
        IRRATIONAL,
        [Rational(5, 2) + sqrt(33) / 2, Rational(5, 2) - sqrt(33) / 2],
        {Rational(5, 2) + sqrt(33) / 2: 1, Rational(5, 2) - sqrt(33) / 2: 1},
    ),
    "shear-defective": (SHEAR, [1, 1], {1: 1}),
    "jordan-3x3": (JORDAN_3, [2, 2, 2], {2: 1}),
    "rank-one": (RANK_ONE_3, [14, 0, 0], {14: 1, 0: 2}),
    "rank-two": (
        RANK_TWO_3,
        [Rational(15, 2) + 3 * sqrt(33) / 2, 0, Rational(15, 2) - 3 * sqrt(33) / 2],
        {Rational(15, 2) + 3 * sqrt(33) / 2: 1, 0: 1, Rational(15, 2) - 3 * sqrt(33) / 2: 1},
    ),
    "scalar": (SCALAR_3, [2, 2, 2], {2: 3}),
    "zero-2x2": (sympy.zeros(2, 2), [0, 0], {0: 2}),
    "1x1": (Matrix([[5]]), [5], {5: 1}),
    "1x1-zero": (Matrix([[0]]), [0], {0: 1}),
    "symbolic": (SYMBOLIC_2, [a + 1, a - 1], {a + 1: 1, a - 1: 1}),
}


@pytest.mark.parametrize(("matrix", "expected", "geometric"), SPECTRA.values(), ids=SPECTRA.keys())
def test_spectrum_eigenvalues(matrix, expected, geometric):
    solution = solve("eigenvalues", matrix)
    values = solution.answer.values["eigenvalues"]
    assert len(values) == len(expected)
    assert all(sympy.simplify(v - e) == 0 for v, e in zip(values, expected, strict=True))
    assert solution.verified


@pytest.mark.parametrize(("matrix", "expected", "geometric"), SPECTRA.values(), ids=SPECTRA.keys())
def test_spectrum_eigenvectors(matrix, expected, geometric):
    solution = solve("eigenvectors", matrix)
    spaces = solution.answer.values["eigenvectors"]
    assert {sympy.simplify(k): len(v) for k, v in spaces.items()} == geometric
    for value, basis in spaces.items():
        for v in basis:
            assert not exactly_zero(v)
            assert exactly_zero((matrix - value * sympy.eye(matrix.rows)) * v)
    diagonalizable = sum(geometric.values()) == matrix.rows
    assert solution.answer.values["diagonalizable"] is diagonalizable
    assert solution.verified


@pytest.mark.parametrize(("matrix", "expected", "geometric"), SPECTRA.values(), ids=SPECTRA.keys())
def test_spectrum_eigendecomposition(matrix, expected, geometric):
    solution = solve("eigendecomposition", matrix)
    values = solution.answer.values
    diagonalizable = sum(geometric.values()) == matrix.rows
    assert values["diagonalizable"] is diagonalizable
    if diagonalizable and "Q" in values:
        assert exactly_zero(values["Q"] * values["Lambda"] * values["Q"].T - matrix)
    elif diagonalizable:
        assert exactly_zero(values["V"] * values["Lambda"] * values["V_inv"] - matrix)
    assert solution.verified


def test_defective_shear_text_says_defective():
    text = solution_text(solve("eigenvectors", SHEAR))
    assert "the geometric multiplicity is smaller, so this eigenvalue is defective" in text


# ---------------------------------------------------------------------------------------------
# Degenerate shapes: rank-deficient, non-square, zero rows and columns, zero, 1×1, 1×n, n×1

SHAPES = {
    "rank-two-3x3": RANK_TWO_3,
    "wide-2x3": Matrix(
        [
            [1, 2, 3],
            [4, 5, 6],
        ]
    ),
    "tall-3x2": Matrix(
        [
            [1, 2],
            [3, 4],
            [5, 6],
        ]
    ),
    "zero-row": Matrix(
        [
            [1, 2, 3],
            [0, 0, 0],
            [4, 5, 6],
        ]
    ),
    "zero-column": Matrix(
        [
            [1, 0, 3],
            [2, 0, 6],
            [4, 0, 5],
        ]
    ),
    "zero-2x3": sympy.zeros(2, 3),
    "zero-2x2": sympy.zeros(2, 2),
    "1x1": Matrix([[5]]),
    "1x1-zero": Matrix([[0]]),
    "row-1x3": Matrix([[1, 2, 3]]),
    "column-3x1": Matrix([1, 2, 3]),
}
SQUARE_SHAPES = {k: v for k, v in SHAPES.items() if v.is_square}
NON_SQUARE_SHAPES = {k: v for k, v in SHAPES.items() if not v.is_square}


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_rref_rank_nullspace(matrix):
    expected, pivots = matrix.rref()
    rref = solve("rref", matrix)
    assert rref.answer.values["rref"] == expected
    assert rref.answer.values["rank"] == len(pivots)
    assert rref.verified
    rank = solve("rank", matrix)
    assert rank.answer.values["rank"] == len(pivots)
    assert rank.answer.values["nullity"] == matrix.cols - len(pivots)
    assert rank.verified
    nullspace = solve("nullspace", matrix)
    basis = nullspace.answer.values["nullspace"]
    assert len(basis) == matrix.cols - len(pivots)
    assert all(matrix * v == sympy.zeros(matrix.rows, 1) for v in basis)
    if basis:
        assert Matrix.hstack(*basis).rank() == len(basis)
    assert nullspace.verified


@pytest.mark.parametrize("matrix", SQUARE_SHAPES.values(), ids=SQUARE_SHAPES.keys())
def test_shape_square_det_inverse_trace(matrix):
    det = solve("det", matrix)
    assert det.answer.values["det"] == matrix.det()
    assert det.verified
    inverse = solve("inverse", matrix)
    invertible = matrix.det() != 0
    assert inverse.answer.values["invertible"] is invertible
    assert inverse.answer.values["inverse"] == (matrix.inv() if invertible else None)
    assert inverse.verified
    trace = solve("trace", matrix)
    assert trace.answer.values["trace"] == matrix.trace()
    assert trace.verified
    charpoly = solve("charpoly", matrix)
    lam = charpoly.answer.values["variable"]
    assert sympy.expand(charpoly.answer.values["charpoly"] - matrix.charpoly(lam).as_expr()) == 0
    assert charpoly.verified


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_transpose_scale_hadamard(matrix):
    transpose = solve("transpose", matrix)
    assert transpose.answer.values["transpose"] == matrix.T
    assert transpose.verified
    scale = solve("scale", matrix, options=Options(scalar=Rational(-3, 2)))
    assert scale.answer.values["scaled"] == Rational(-3, 2) * matrix
    assert scale.verified
    hadamard = solve("hadamard", matrix, matrix)
    assert hadamard.answer.values["hadamard"] == matrix.multiply_elementwise(matrix)
    assert hadamard.verified


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_multiply_by_transpose(matrix):
    left = solve("multiply", matrix, matrix.T)
    assert left.answer.values["product"] == matrix * matrix.T
    assert left.verified
    right = solve("multiply", matrix.T, matrix)
    assert right.answer.values["product"] == matrix.T * matrix
    assert right.verified


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_pinv(matrix):
    solution = solve("pinv", matrix)
    assert solution.answer.values["pinv"] == matrix.pinv()
    assert solution.verified


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_svd(matrix):
    solution = solve("svd", matrix)
    values = solution.answer.values
    expected = sorted((sympy.sqrt(e) for e in (matrix.T * matrix).eigenvals(multiple=True)), reverse=True)
    count = min(matrix.shape)
    assert [numeric(s) for s in values["singular_values"]] == pytest.approx(
        [numeric(s) for s in expected[:count]]
    )
    assert exactly_zero(values["U"] * values["Sigma"] * values["V"].T - matrix)
    assert solution.verified


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_norms(matrix):
    frobenius = solve("norm", matrix, options=Options(ord="fro"))
    assert sympy.simplify(frobenius.answer.values["norm"] - matrix.norm()) == 0
    assert frobenius.verified
    one = solve("norm", matrix, options=Options(ord="1"))
    assert one.verified
    if 1 in matrix.shape:
        assert one.answer.values["norm"] == sum(abs(x) for x in matrix)
    else:
        assert one.answer.values["norm"] == max(
            sum(abs(x) for x in matrix.col(j)) for j in range(matrix.cols)
        )


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_independence(matrix):
    solution = solve("independence", matrix)
    independent = matrix.rank() == matrix.cols
    assert solution.answer.values["independent"] is independent
    if not independent:
        relation = solution.answer.values["relation"]
        assert relation != sympy.zeros(matrix.cols, 1)
        assert matrix * relation == sympy.zeros(matrix.rows, 1)
    assert solution.verified


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_system_and_span(matrix):
    b = Matrix([1] * matrix.rows)
    system = solve("system", matrix, b)
    consistent = matrix.rank() == matrix.row_join(b).rank()
    unique = consistent and matrix.rank() == matrix.cols
    if unique:
        expected = "unique"
    elif consistent:
        expected = "infinite"
    else:
        expected = "none"
    assert system.answer.values["solutions"] == expected
    if unique:
        assert matrix * system.answer.values["x"] == b
    if consistent and not unique:
        assert matrix * system.answer.values["particular"] == b
    assert system.verified
    span = solve("span", matrix, b)
    assert span.answer.values["in_span"] is consistent
    if consistent:
        assert matrix * span.answer.values["coefficients"] == b
    assert span.verified


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_lstsq(matrix):
    y = Matrix(range(1, matrix.rows + 1))
    solution = solve("lstsq", matrix, y)
    assert solution.answer.values["w"] == matrix.pinv() * y
    assert solution.answer.values["residuals"] == y - matrix * matrix.pinv() * y
    assert solution.verified


@pytest.mark.parametrize("matrix", SHAPES.values(), ids=SHAPES.keys())
def test_shape_classify(matrix):
    solution = solve("classify", matrix)
    values = solution.answer.values
    assert values["square"] is matrix.is_square
    assert values["symmetric"] is (matrix.is_square and matrix == matrix.T)
    # Triangular is defined for square matrices only (SymPy's is_upper also accepts a rectangular one).
    assert values["upper_triangular"] is (matrix.is_square and matrix.is_upper)
    assert values["lower_triangular"] is (matrix.is_square and matrix.is_lower)
    assert solution.verified


NON_SQUARE_OPERATIONS = [
    "det",
    "inverse",
    "charpoly",
    "eigenvalues",
    "eigenvectors",
    "eigendecomposition",
    "trace",
]


@pytest.mark.parametrize("operation", NON_SQUARE_OPERATIONS)
@pytest.mark.parametrize("matrix", NON_SQUARE_SHAPES.values(), ids=NON_SQUARE_SHAPES.keys())
def test_shape_non_square_rejected(operation, matrix):
    m, n = matrix.shape
    message = rf"^A is {m}×{n}, but {operation} needs a square matrix; give an n×n matrix$"
    with pytest.raises(ShapeError, match=message):
        solve(operation, matrix)


def test_every_operation_covered():
    covered = {
        "charpoly",
        "classify",
        "det",
        "eigendecomposition",
        "eigenvalues",
        "eigenvectors",
        "hadamard",
        "independence",
        "inverse",
        "lstsq",
        "multiply",
        "norm",
        "nullspace",
        "pca",
        "pinv",
        "rank",
        "rref",
        "scale",
        "span",
        "svd",
        "system",
        "trace",
        "transpose",
    }
    assert set(all_operations()) == covered


# ---------------------------------------------------------------------------------------------
# PCA on thin data


def test_pca_single_column():
    values = solve("pca", Matrix([1, 2, 3])).answer.values
    assert values["covariance"] == Matrix([[1]])
    assert values["eigenvalues"] == [1]
    assert values["explained_variance_ratio"] == [1]


def test_pca_zero_column_kept_at_zero_variance():
    X = Matrix(
        [
            [1, 0, 3],
            [2, 0, 6],
            [4, 0, 5],
        ]
    )
    solution = solve("pca", X)
    assert solution.answer.values["covariance"] == Matrix(
        [
            [Rational(7, 3), 0, Rational(7, 6)],
            [0, 0, 0],
            [Rational(7, 6), 0, Rational(7, 3)],
        ]
    )
    assert solution.answer.values["eigenvalues"] == [Rational(7, 2), Rational(7, 6), 0]
    assert solution.verified


# ---------------------------------------------------------------------------------------------
# Symbolic entries

SYMBOLIC_3 = Matrix(
    [
        [a, 1, 0],
        [0, a, 1],
        [1, 0, a],
    ]
)
SYMBOLIC_T = Matrix(
    [
        [1, t],
        [t, 1],
    ]
)


def test_symbolic_det():
    assert sympy.expand(solve("det", SYMBOLIC_2).answer.values["det"] - (a**2 - 1)) == 0
    assert sympy.expand(solve("det", SYMBOLIC_3).answer.values["det"] - (a**3 + 1)) == 0


def test_symbolic_inverse_states_condition():
    solution = solve("inverse", SYMBOLIC_2)
    assert exactly_zero(solution.answer.values["inverse"] - SYMBOLIC_2.inv())
    assert "The inverse exists exactly when det(A) = (a - 1)*(a + 1) ≠ 0, that is when a ≠ -1, a ≠ 1." in (
        solution_text(solution)
    )
    assert solution.verified


@pytest.mark.parametrize("matrix", [SYMBOLIC_2, SYMBOLIC_3, SYMBOLIC_T], ids=["a-2x2", "a-3x3", "t-2x2"])
def test_symbolic_charpoly_transpose_multiply(matrix):
    charpoly = solve("charpoly", matrix).answer.values
    lam = charpoly["variable"]
    assert sympy.expand(charpoly["charpoly"] - matrix.charpoly(lam).as_expr()) == 0
    assert solve("transpose", matrix).answer.values["transpose"] == matrix.T
    product = solve("multiply", matrix, matrix.T).answer.values["product"]
    assert exactly_zero(product - matrix * matrix.T)


def test_symbolic_rref_states_pivot_condition():
    solution = solve("rref", SYMBOLIC_2)
    assert solution.answer.values["rref"] == sympy.eye(2)
    assert "it holds only when 1 - a^2 ≠ 0" in solution_text(solution)
    assert solution.verified


def test_symbolic_system_states_pivot_condition():
    solution = solve("system", SYMBOLIC_2, Matrix([1, 1]))
    assert exactly_zero(solution.answer.values["x"] - Matrix([1 / (a + 1), 1 / (a + 1)]))
    assert "it holds only when 1 - a^2 ≠ 0" in solution_text(solution)
    assert solution.verified


def test_symbolic_3x3_eigenvalues_complex_pair():
    values = solve("eigenvalues", SYMBOLIC_3).answer.values["eigenvalues"]
    expected = [a + 1, a - Rational(1, 2) + sqrt(3) * I / 2, a - Rational(1, 2) - sqrt(3) * I / 2]
    assert [sympy.expand(v - e) for v, e in zip(values, expected, strict=True)] == [0, 0, 0]


NOT_SUPPORTED_SYMBOLIC = {
    "svd": (
        ("svd", SYMBOLIC_2),
        {},
        r"^svd needs numeric entries, but A contains the symbol\(s\) a; substitute values first$",
    ),
    "pinv": (
        ("pinv", SYMBOLIC_2),
        {},
        r"^pinv needs numeric entries, but A contains the symbol\(s\) a; substitute values first$",
    ),
    "lstsq-X": (
        ("lstsq", SYMBOLIC_T, Matrix([1, 2])),
        {},
        r"^lstsq needs numeric entries, but X contains the symbol\(s\) t; substitute values first$",
    ),
    "lstsq-y": (
        ("lstsq", IRRATIONAL, Matrix([1, t])),
        {},
        r"^lstsq needs numeric entries, but y contains the symbol\(s\) t; substitute values first$",
    ),
    "norm-2": (
        ("norm", SYMBOLIC_2),
        {"options": Options(ord="2")},
        r"^the induced 2-norm of a matrix with symbols needs the largest eigenvalue of AᵀA, which depends on "
        r"the values of the symbols; substitute numbers, or use --ord fro$",
    ),
}


@pytest.mark.parametrize(
    ("args", "kwargs", "message"), NOT_SUPPORTED_SYMBOLIC.values(), ids=NOT_SUPPORTED_SYMBOLIC
)
def test_symbolic_not_supported(args, kwargs, message):
    with pytest.raises(NotSupportedError, match=message):
        solve(*args, **kwargs)


def test_symbolic_pca_rejected():
    message = (
        r"^X has a in row 1, column 1, but PCA needs rational data; give an integer, a decimal such as 5\.1 "
        r"or a fraction such as 3/4$"
    )
    with pytest.raises(InputError, match=message):
        solve("pca", SYMBOLIC_2)


# ---------------------------------------------------------------------------------------------
# Shape and input errors of two-operand and data operations

INPUT_ERRORS = {
    "multiply-inner-sizes": (
        ("multiply", SHAPES["tall-3x2"], SHAPES["tall-3x2"]),
        ShapeError,
        r"^A is 3×2 and B is 3×2: AB needs as many columns of A \(2\) as rows of B \(3\); check the order, "
        r"or transpose one of them$",
    ),
    "hadamard-shapes": (
        ("hadamard", SHAPES["row-1x3"], SHAPES["column-3x1"]),
        ShapeError,
        r"^A is 1×3 and B is 3×1: the Hadamard product needs two matrices of the same shape; give B as a "
        r"1×3 matrix, or use multiply for the matrix product AB$",
    ),
    "system-b-rows": (
        ("system", IRRATIONAL, Matrix([1, 2, 3])),
        ShapeError,
        r"^A is 2×2 and b is 3×1: b needs as many entries as A has rows \(2\); give b as a column vector "
        r"with 2 entries$",
    ),
    "system-b-matrix": (
        ("system", IRRATIONAL, IRRATIONAL),
        ShapeError,
        r"^b is 2×2, but system needs b as a column vector; give b as a column vector with 2 entries$",
    ),
    "span-b-rows": (
        ("span", IRRATIONAL, Matrix([1, 2, 3])),
        ShapeError,
        r"^V is 2×2 and b is 3×1: b needs as many entries as V has rows \(2\); give b as a column vector "
        r"with 2 entries$",
    ),
    "lstsq-y-rows": (
        ("lstsq", IRRATIONAL, Matrix([1, 2, 3])),
        ShapeError,
        r"^X is 2×2 and y is 3×1: least squares needs one entry of y per row of X \(2\); give y with 2 "
        r"entries$",
    ),
    "pca-one-row": (
        ("pca", SHAPES["row-1x3"]),
        InputError,
        r"^X has 1 row, but the sample covariance divides by n − 1, so PCA needs at least 2 observations; "
        r"give one row per observation$",
    ),
    "pca-constant": (
        ("pca", sympy.zeros(2, 3)),
        InputError,
        r"^every column of X is constant, so the total variance is 0 and the explained variance ratios are "
        r"undefined; give data that varies$",
    ),
    "scale-no-scalar": (
        ("scale", Matrix([[1]])),
        InputError,
        r"^scale needs a scalar, but none was given; pass --scalar c, for example --scalar 3$",
    ),
    "operand-count": (
        ("eigenvalues", IRRATIONAL, IRRATIONAL),
        InputError,
        r"^eigenvalues takes 1 matrix operand\(s\), A, but got 2$",
    ),
}


@pytest.mark.parametrize(("args", "error", "message"), INPUT_ERRORS.values(), ids=INPUT_ERRORS.keys())
def test_input_error(args, error, message):
    with pytest.raises(error, match=message):
        solve(*args)


def test_pinv_svd_method_continues_numerically():
    singular = Matrix(
        [
            [1, 1, 0, 2],
            [0, 1, 1, 3],
            [2, 0, 1, 1],
            [1, 2, 1, 5],
        ]
    )
    solution = solve("pinv", singular, method="svd")
    assert solution.answer.values["exact"] is False
    assert all(abs(x) < 1e-30 for x in solution.answer.values["pinv"] - singular.pinv())
    method_steps = [prose_text(step.text) for step in solution.sections[1].steps]
    assert any(
        "the rank-factorization route (--method rank-factorization) gives it exactly" in text
        and "(the rank factorization A = CR for this matrix)" in text
        for text in method_steps
    )


def test_svd_cubic_gram_numeric():
    solution = solve("svd", JORDAN_3)
    values = solution.answer.values
    assert values["exact"] is False
    expected = np.linalg.svd(np.array(JORDAN_3.tolist(), dtype=float), compute_uv=False)
    assert np.allclose([float(s) for s in values["singular_values"]], expected, atol=1e-12)
    residual = values["U"] * values["Sigma"] * values["V"].T - JORDAN_3
    assert all(abs(sympy.N(x, 60)) < 1e-30 for x in residual)
    assert solution.verified


def test_lstsq_full_rank_with_cubic_gram():
    # XᵀX has irrational cubic eigenvalues: the normal equations still solve it exactly.
    solution = solve("lstsq", JORDAN_3, Matrix([1, 1, 1]))
    assert solution.answer.values["w"] == JORDAN_3.inv() * Matrix([1, 1, 1])
    assert solution.method == "normal"
    assert solution.verified


# ---------------------------------------------------------------------------------------------
# Numerical comparison with NumPy on seeded random integer matrices


def random_integer_matrix(rng: random.Random, rows: int, cols: int, bound: int = 4) -> Matrix:
    return Matrix(rows, cols, lambda i, j: rng.randint(-bound, bound))


def random_low_rank_matrix(rng: random.Random, rows: int, cols: int, rank: int) -> Matrix:
    return random_integer_matrix(rng, rows, rank, 2) * random_integer_matrix(rng, rank, cols, 2)


def seeded_cases(count: int, make: Callable[[random.Random], Matrix]) -> list:
    return [pytest.param(make(random.Random(seed)), id=f"seed-{seed}") for seed in range(count)]


EIGENVALUE_CASES = seeded_cases(12, lambda rng: random_integer_matrix(rng, *([rng.choice([2, 3, 4])] * 2)))
SVD_CASES = seeded_cases(
    10, lambda rng: random_integer_matrix(rng, *rng.choice([(2, 2), (2, 3), (3, 2), (1, 3)]))
)
PINV_CASES = seeded_cases(
    12,
    lambda rng: (
        random_integer_matrix(rng, rng.randint(1, 4), rng.randint(1, 4))
        if rng.random() < 0.5
        else random_low_rank_matrix(rng, rng.randint(2, 4), rng.randint(2, 4), rng.randint(1, 2))
    ),
)


@pytest.mark.parametrize("matrix", EIGENVALUE_CASES)
def test_numpy_eigenvalues(matrix):
    solution = solve("eigenvalues", matrix)
    values = [numeric(v) for v in solution.answer.values["eigenvalues"]]
    expected = list(np.linalg.eigvals(np.array(matrix, dtype=float)))
    # NumPy's eigenvalues of a repeated root spread by about the square root of machine precision.
    assert same_multiset(values, expected, tolerance=1e-6)
    assert solution.verified


@pytest.mark.parametrize("matrix", SVD_CASES)
def test_numpy_svd(matrix):
    solution = solve("svd", matrix)
    values = solution.answer.values
    singular = np.array([float(sympy.N(s, 20)) for s in values["singular_values"]])
    expected = np.linalg.svd(np.array(matrix, dtype=float), compute_uv=False)
    assert singular == pytest.approx(expected, abs=1e-10)
    U = np.array(sympy.N(values["U"], 20), dtype=float)
    S = np.array(sympy.N(values["Sigma"], 20), dtype=float)
    V = np.array(sympy.N(values["V"], 20), dtype=float)
    assert pytest.approx(np.array(matrix, dtype=float), abs=1e-10) == U @ S @ V.T
    assert pytest.approx(np.eye(U.shape[1]), abs=1e-10) == U.T @ U
    assert pytest.approx(np.eye(V.shape[1]), abs=1e-10) == V.T @ V
    assert solution.verified


@pytest.mark.parametrize("matrix", PINV_CASES)
def test_numpy_pinv(matrix):
    solution = solve("pinv", matrix)
    computed = np.array(solution.answer.values["pinv"], dtype=float)
    assert computed == pytest.approx(np.linalg.pinv(np.array(matrix, dtype=float)), abs=1e-10)
    assert solution.verified
