"""Eigendecomposition A = VΛV⁻¹, and A = QΛQᵀ for a real symmetric matrix.

The vector tools used by the SVD and the pseudoinverse also live here: exact zero tests for
expressions with nested radicals, integer scaling of eigenvectors, Gram-Schmidt shown step by step,
and an inverse shown by the 2×2 formula or by Gauss-Jordan elimination on [M | I].

Conventions, stated in the solutions:

* Eigenvalues go in descending order (real part, then imaginary part) down the diagonal of Λ, and the
  columns of V follow that order.
* An eigenvector of the general decomposition is scaled to integers with no common factor where its
  entries allow. A column of Q is a unit vector.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from .eigen import Eigenspace, eigenspaces, scale_to_integer_coefficients
from .elimination import eliminate, simplify_entry
from .errors import InputError, NotSupportedError
from .formula import (
    EQ,
    MINUS,
    TIMES,
    Formula,
    Token,
    augmented,
    chain,
    join,
    latex_of,
    paren,
    text_of,
    with_decimal,
)
from .model import Answer, Check, SectionBuilder, Solution
from .registry import Options, operation

_X = sympy.Symbol("x")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


# ---------------------------------------------------------------------------------------------
# Exact arithmetic on algebraic numbers


def clean(x: sympy.Expr) -> sympy.Expr:
    """Bring an exact entry to a readable canonical form (rationalized denominators, denested roots)."""
    x = simplify_entry(x)
    if x.has(sympy.Pow) and not x.free_symbols:
        x = sympy.sqrtdenest(x)
    return x


def clean_matrix(M: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix(M.applyfunc(clean))


def exact_zero(x: sympy.Expr) -> bool:
    """Return True when ``x`` is exactly zero.

    Expanding the numerator over a common denominator settles most entries cheaply. For the rest, a
    value that is clearly nonzero at 30 digits is nonzero, and one that is not is rationalized and,
    failing that, tested through its minimal polynomial over ℚ, which is ``x`` exactly when the value
    is 0.
    """
    x = sympy.sympify(x)
    if x.is_Rational:
        return x == 0
    y = sympy.expand(x)
    if y == 0:
        return True
    if y.free_symbols:
        return bool(sympy.cancel(y) == 0 or y.equals(0))
    if sympy.expand(sympy.together(y).as_numer_denom()[0]) == 0:
        return True
    if abs(sympy.N(y, 30)) > sympy.Float("1e-20"):
        return False
    if simplify_entry(y) == 0:
        return True
    return sympy.minimal_polynomial(y, _X) == _X


def compare(computed: sympy.MatrixBase, expected: sympy.MatrixBase) -> tuple[bool, sympy.ImmutableMatrix]:
    """Test two matrices for exact equality; also return ``computed`` in readable form.

    An entry proven equal to its expected entry is shown as that entry, since rationalizing a product
    of nested radicals only to reach the same number is slow; other entries are shown cleaned.
    """
    if computed.shape != expected.shape:
        return False, sympy.ImmutableMatrix(computed)
    shown = sympy.Matrix(computed)
    passed = True
    for index, (c, e) in enumerate(zip(computed, expected, strict=True)):
        if exact_zero(c - e):
            shown[index] = e
        else:
            shown[index] = clean(c)
            passed = False
    return passed, sympy.ImmutableMatrix(shown)


def matrices_equal(A: sympy.MatrixBase, B: sympy.MatrixBase) -> bool:
    """Exact equality of two matrices, entry by entry."""
    return compare(A, B)[0]


def is_negative(x: sympy.Expr) -> bool:
    """Sign test of a real exact number; decides radicals that SymPy leaves undecided by evaluation."""
    negative = x.is_negative
    if negative is None:
        return bool(sympy.N(x, 30) < 0)
    return bool(negative)


def dot(u: sympy.MatrixBase, v: sympy.MatrixBase) -> sympy.Expr:
    """Return the real dot product uᵀv of two column vectors."""
    return sum((a * b for a, b in zip(u, v, strict=True)), sympy.Integer(0))


def integer_scaled(v: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """Scale ``v`` by a positive rational so that the rational coefficients of its entries are integers
    with no common factor (27/4 + √34/2 counts 27/4 and 1/2).

    >>> integer_scaled(sympy.Matrix([sympy.Rational(1, 2), sympy.Rational(-3, 4)])).T
    Matrix([[2, -3]])
    """
    return sympy.ImmutableMatrix(scale_to_integer_coefficients(v)[0])


def first_nonzero_positive(v: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """Return ``v`` or ``−v``, whichever has a positive first nonzero entry (real vectors only)."""
    for x in v:
        if not exact_zero(x):
            if x.is_extended_real is not False and is_negative(x):
                return sympy.ImmutableMatrix(-v)
            break
    return sympy.ImmutableMatrix(v)


# ---------------------------------------------------------------------------------------------
# Notation


def vector_name(letter: str, index: int) -> Token:
    """Return the bold indexed name of a vector, such as v₂."""
    return Token(rf"\mathbf{{{letter}}}_{{{index}}}", f"{letter}{str(index).translate(_SUBSCRIPTS)}")


def norm_of(name: Token) -> Token:
    return Token(rf"\lVert {name.latex} \rVert", f"‖{name.text}‖")


def name(latex: str, text: str | None = None) -> Token:
    return Token.name(latex, text)


def _latex(part: object) -> str:
    return part.latex() if isinstance(part, Formula) else latex_of(part)


def _text(part: object) -> str:
    return part.text() if isinstance(part, Formula) else text_of(part)


def decimal_matrix(M: sympy.MatrixBase, digits: int = 4) -> sympy.ImmutableMatrix:
    """``M`` with each entry rounded to ``digits`` significant digits, shown beside exact radicals."""
    return sympy.ImmutableMatrix(M.applyfunc(lambda x: x if x.is_Rational else sympy.N(x, digits)))


def needs_decimals(M: sympy.MatrixBase) -> bool:
    return any(not x.is_Rational for x in M)


def matrix_with_decimals(label: Token, M: sympy.MatrixBase) -> Formula:
    """``label = M`` followed by ``≈ decimals`` when an entry is irrational."""
    if needs_decimals(M):
        return Formula.of(label, EQ, M, Token(r"\approx", "≈"), decimal_matrix(M))
    return Formula.of(label, EQ, M)


# ---------------------------------------------------------------------------------------------
# Gram-Schmidt and normalization


def orthogonalize(
    vectors: Sequence[sympy.MatrixBase], section: SectionBuilder, letter: str = "w", first: int = 1
) -> list[sympy.ImmutableMatrix]:
    """Gram-Schmidt without normalization, shown step by step; rational results are scaled to integers.

    Scaling a vector does not change its orthogonality to the others, so integers keep the later
    projections readable; the vectors are normalized afterwards by :func:`normalize`.
    """
    out: list[sympy.ImmutableMatrix] = []
    for k, v in enumerate(vectors):
        v = sympy.ImmutableMatrix(v)
        index = first + k
        if not out:
            out.append(integer_scaled(v))
            section.step(
                "Gram-Schmidt starts from the first vector as it is:",
                math=Formula.of(vector_name(letter, index), EQ, out[-1]),
            )
            continue
        w = sympy.Matrix(v)
        terms: list[object] = [v]
        for prev in out:
            coefficient = clean(dot(v, prev) / dot(prev, prev))
            w = w - coefficient * prev
            terms.extend([MINUS, paren(coefficient), prev])
        w = clean_matrix(w)
        scaled = integer_scaled(w)
        math = [Formula.of(vector_name(letter, index), EQ, Formula.of(*terms), EQ, w)]
        if scaled != w:
            math.append(Formula.of(vector_name(letter, index), EQ, scaled))
        section.step(
            "Subtract from the next vector its projection onto each earlier one, the coefficient of ",
            name(r"\mathbf{w}", "w"),
            " being ",
            Formula.of(
                Token(r"\frac{\mathbf{v} \cdot \mathbf{w}}{\mathbf{w} \cdot \mathbf{w}}", "(v·w)/(w·w)")
            ),
            "; a multiple of the result is just as orthogonal, so it is scaled to integers where possible.",
            math=math,
        )
        out.append(scaled)
    return out


def squared(x: sympy.Expr) -> Formula:
    """``x²`` as written by hand, with parentheses unless ``x`` is a nonnegative integer."""
    x = sympy.sympify(x)
    if x.is_Integer and x >= 0:
        return Formula.of(x, Token("^{2}", "²"))
    return Formula.of(Token(r"\left(", "("), x, Token(r"\right)^{2}", ")²"))


def sum_of_squares(values: Sequence[sympy.Expr]) -> Formula:
    return join([squared(x) for x in values]) if values else Formula.of(sympy.Integer(0))


def normalize(v: sympy.MatrixBase) -> tuple[sympy.ImmutableMatrix, sympy.Expr]:
    """Return ``v/‖v‖`` and ``‖v‖``, with ``‖v‖ = √(vᵀv)`` denested when SymPy can."""
    length = clean(sympy.sqrt(clean(dot(v, v))))
    unit = sympy.ImmutableMatrix(v.applyfunc(lambda x: clean(x / length)))
    return unit, length


def show_normalize(
    section: SectionBuilder, v: sympy.MatrixBase, letter: str, index: int
) -> sympy.ImmutableMatrix:
    """Normalize ``v`` and add the step that shows ‖v‖ and the unit vector."""
    unit, length = normalize(v)
    squares = sum_of_squares(list(v))
    section.step(
        "Divide by the length ",
        Formula.of(norm_of(vector_name("v", index))),
        " to get a unit vector:",
        math=[
            Formula.of(
                norm_of(vector_name("v", index)),
                EQ,
                Token(rf"\sqrt{{{squares.latex()}}}", f"√({squares.text()})"),
                EQ,
                with_decimal(length),
            ),
            matrix_with_decimals(vector_name(letter, index), unit),
        ],
    )
    return unit


# ---------------------------------------------------------------------------------------------
# Inverse, shown


def show_elimination(section: SectionBuilder, elimination, bar: int | None = None) -> None:
    """Add one step per elimination step: the reason, the row operations and the matrix after them."""
    for step in elimination.steps:
        shown = augmented(step.matrix, bar) if bar is not None else step.matrix
        section.step(
            step.reason,
            math=[join([op.formula() for op in step.operations], Token(r",\quad", ",  ")), Formula.of(shown)],
        )


def inverse_with_steps(
    M: sympy.MatrixBase, section: SectionBuilder, label: str = "V", label_latex: str | None = None
) -> sympy.ImmutableMatrix:
    """Invert ``M`` (assumed invertible) and show how: the 2×2 formula, or Gauss-Jordan on [M | I].

    ``label`` is the matrix's name in text, ``label_latex`` its LaTeX when that differs.
    """
    latex_label = label if label_latex is None else label_latex
    M = sympy.ImmutableMatrix(M)
    inv_name = name(rf"{latex_label}^{{-1}}", f"{label}⁻¹")
    if M.shape == (2, 2):
        a, b, c, d = M
        det = clean(a * d - b * c)
        adjugate = sympy.ImmutableMatrix([[d, -b], [-c, a]])
        inverse = clean_matrix(adjugate / det)
        section.step(
            f"For a 2×2 matrix, {label}⁻¹ is the adjugate (swap the diagonal, negate the off-diagonal) "
            f"divided by the determinant ad − bc:",
            math=[
                Formula.of(
                    name(rf"\det {latex_label}", f"det {label}"),
                    EQ,
                    paren(a),
                    TIMES,
                    paren(d),
                    MINUS,
                    paren(b),
                    TIMES,
                    paren(c),
                    EQ,
                    det,
                ),
                Formula.of(
                    inv_name,
                    EQ,
                    Token(rf"\frac{{1}}{{{latex_of(det)}}}", f"(1/{_text(paren(det))})"),
                    adjugate,
                    EQ,
                    inverse,
                ),
            ],
        )
        return inverse
    n = M.rows
    block = M.row_join(sympy.eye(n))
    elimination = eliminate(block, reduced=True, pivot_columns_limit=n)
    section.step(
        f"Row-reduce [{label} | I] by Gauss-Jordan elimination; when the left block becomes I, the right "
        f"block is {label}⁻¹.",
        math=Formula.of(augmented(block, n)),
    )
    show_elimination(section, elimination, n)
    inverse = clean_matrix(elimination.result[:, n:])
    section.step("The right block is the inverse:", math=matrix_with_decimals(inv_name, inverse))
    return inverse


# ---------------------------------------------------------------------------------------------
# The operation


def _is_real_symmetric(A: sympy.MatrixBase) -> bool:
    return all(x.is_extended_real for x in A) and all(
        exact_zero(A[i, j] - A[j, i]) for i in range(A.rows) for j in range(i)
    )


def irreducible_factor(spaces: Sequence[Eigenspace]) -> sympy.Expr | None:
    """The irreducible factor of degree 3 or more whose roots are eigenvalues, if there is one.

    ``derive.eigen`` writes such roots with cosines, cube roots or CRootOf and sets their minimal
    polynomial; factoring V or inverting it with those expressions does not simplify.
    """
    for s in spaces:
        if s.minimal_polynomial is not None:
            return s.minimal_polynomial.as_expr()
    return None


LAMBDA = name(r"\Lambda", "Λ")


@operation(
    "eigendecomposition",
    "diagonalize a square matrix: A = VΛV⁻¹, or A = QΛQᵀ when A is symmetric",
    methods=("general", "symmetric"),
    square=True,
)
def eigendecomposition(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Diagonalize ``A`` with its eigenvalues in descending order.

    >>> from sympy import Matrix
    >>> import derive
    >>> derive.solve("eigendecomposition", Matrix([[2, 1], [1, 2]])).answer.values["eigenvalues"]
    [3, 1]
    """
    symmetric = _is_real_symmetric(A)
    intro = SectionBuilder("Method")
    if method == "symmetric" and not symmetric:
        raise InputError(
            "--method symmetric needs a real symmetric matrix (A = Aᵀ), but A is not symmetric; "
            "use --method general"
        )
    if method is None:
        method = "symmetric" if symmetric else "general"
        if symmetric:
            intro.step(
                "A equals its transpose and its entries are real, so by the spectral theorem it has real "
                "eigenvalues and an orthonormal basis of eigenvectors: A = QΛQᵀ with Q orthogonal "
                "(Q⁻¹ = Qᵀ). This is the method used."
            )
        else:
            intro.step(
                "A is not symmetric, so it is diagonalized as A = VΛV⁻¹, with the eigenvectors as the "
                "columns of V, when it has n independent eigenvectors."
            )
    else:
        intro.step(f"The {method} method was requested.")
    intro.step(
        "The eigenvalues go down the diagonal of Λ in descending order (by real part, then imaginary "
        "part), and the columns of the eigenvector matrix follow the same order."
    )

    spaces, eigen_sections = eigenspaces(A, order="descending")
    factor = irreducible_factor(spaces)
    if factor is not None:
        raise NotSupportedError(
            f"eigendecomposition needs eigenvalues in square roots, but some are roots of the irreducible "
            f"polynomial {text_of(factor)}; run eigenvectors for those eigenvectors and their decimals"
        )
    sections = [intro.build(), *eigen_sections]
    eigenvalues = [s.value for s in spaces for _ in range(s.algebraic)]

    multiplicities = SectionBuilder("Diagonalizability")
    for s in spaces:
        multiplicities.step(
            "The eigenvalue ",
            with_decimal(s.value),
            f" has algebraic multiplicity {s.algebraic} and "
            f"geometric multiplicity {s.geometric} (dimension of its eigenspace).",
        )
    defective = [s for s in spaces if s.geometric < s.algebraic]
    if defective:
        return _not_diagonalizable(A, spaces, defective, sections, multiplicities, method)
    multiplicities.step(
        f"Every geometric multiplicity equals its algebraic multiplicity, so A has {A.rows} independent "
        "eigenvectors and is diagonalizable."
    )
    sections.append(multiplicities.build())
    if method == "symmetric":
        return _symmetric(A, spaces, eigenvalues, sections)
    return _general(A, spaces, eigenvalues, sections)


def _not_diagonalizable(A, spaces, defective, sections, multiplicities, method) -> Solution:
    for s in defective:
        multiplicities.step(
            "The eigenvalue ",
            s.value,
            f" has only {s.geometric} independent eigenvector(s) but algebraic "
            f"multiplicity {s.algebraic}, so A is not diagonalizable: there are fewer than {A.rows} "
            "independent eigenvectors to form V.",
        )
    sections.append(multiplicities.build())
    var = sympy.Symbol("t")
    charpoly = sympy.Matrix(A).charpoly(var)
    checks = []
    n = A.rows
    for s in defective:
        rank = (sympy.Matrix(A) - s.value * sympy.eye(n)).rank(simplify=simplify_entry)
        remainder = sympy.rem(charpoly.as_expr(), (var - s.value) ** s.algebraic, var)
        divides = all(exact_zero(c) for c in sympy.Poly(remainder, var).all_coeffs())
        shifted = name(rf"A - {sympy.latex(s.value)} I", f"A − ({s.value})I")
        checks.append(
            Check(
                (
                    f"rank(A − λI) = {rank} for λ = {s.value}, so its null space has dimension {n - rank}, "
                    f"less than the algebraic multiplicity {s.algebraic}",
                ),
                passed=n - rank == s.geometric and n - rank < s.algebraic and divides,
                math=(
                    Formula.of(name(r"\operatorname{rank}", "rank"), shifted, EQ, rank),
                    Formula.of(
                        name(
                            rf"(t - {sympy.latex(s.value)})^{{{s.algebraic}}}",
                            f"(t − ({s.value}))^{s.algebraic}",
                        ),
                        name(r"\text{ divides }", " divides "),
                        charpoly.as_expr(),
                    ),
                ),
            )
        )
    eigenvalues = [s.value for s in spaces for _ in range(s.algebraic)]
    answer = Answer(
        values={
            "diagonalizable": False,
            "eigenvalues": eigenvalues,
            "algebraic_multiplicity": {s.value: s.algebraic for s in spaces},
            "geometric_multiplicity": {s.value: s.geometric for s in spaces},
        },
        display=(Formula.of(name(r"\text{not diagonalizable}", "not diagonalizable")),),
        summary=(
            "A is not diagonalizable: an eigenvalue has fewer independent eigenvectors than its "
            "multiplicity.",
        ),
    )
    return Solution(
        "eigendecomposition",
        "Eigendecomposition",
        ("Diagonalize A.",),
        {"A": A},
        answer,
        sections,
        checks,
        method,
    )


def _general(A, spaces, eigenvalues, sections) -> Solution:
    build = SectionBuilder("Eigenvector matrix V and eigenvalue matrix Λ")
    columns = []
    index = 1
    for s in spaces:
        for vector in s.basis:
            scaled = integer_scaled(clean_matrix(vector))
            columns.append(scaled)
            build.step(
                f"Column {index} of V is an eigenvector for ",
                with_decimal(s.value),
                ", scaled to integers with no common factor where its entries allow:",
                math=Formula.of(vector_name("v", index), EQ, scaled),
            )
            index += 1
    V = sympy.ImmutableMatrix.hstack(*columns)
    Lam = sympy.ImmutableMatrix(sympy.diag(*eigenvalues))
    build.step(
        "The eigenvectors as columns, and the eigenvalues in the same order on the diagonal:",
        math=[Formula.of(name("V"), EQ, V), Formula.of(LAMBDA, EQ, Lam)],
    )
    sections.append(build.build())

    inverse_section = SectionBuilder("Inverse of V")
    V_inv = inverse_with_steps(V, inverse_section, "V")
    sections.append(inverse_section.build())

    result = SectionBuilder("Result")
    V_inv_name = name("V^{-1}", "V⁻¹")
    result.step(
        "Putting the factors together:",
        math=Formula.of(name("A"), EQ, name("V"), LAMBDA, V_inv_name, EQ, V, Lam, V_inv),
    )
    sections.append(result.build())

    product_equal, product = compare(V * Lam * V_inv, A)
    identity_equal, identity = compare(V * V_inv, sympy.eye(A.rows))
    checks = [
        Check(
            ("The product VΛV⁻¹, multiplied out, equals A.",),
            product_equal,
            (chain(Formula.of(name("V"), LAMBDA, V_inv_name), product),),
        ),
        Check(
            ("V times the computed V⁻¹ is the identity.",),
            identity_equal,
            (chain(Formula.of(name("V"), V_inv_name), identity),),
        ),
    ]
    answer = Answer(
        values={"diagonalizable": True, "eigenvalues": eigenvalues, "V": V, "Lambda": Lam, "V_inv": V_inv},
        display=(
            Formula.of(name("V"), EQ, V),
            Formula.of(LAMBDA, EQ, Lam),
            Formula.of(V_inv_name, EQ, V_inv),
        ),
        summary=("A = VΛV⁻¹ with the eigenvectors as the columns of V.",),
    )
    return Solution(
        "eigendecomposition",
        "Eigendecomposition",
        ("Diagonalize A as A = VΛV⁻¹.",),
        {"A": A},
        answer,
        sections,
        checks,
        "general",
    )


def orthonormal_eigenvectors(
    spaces: Sequence[Eigenspace], section: SectionBuilder, letter: str = "q"
) -> list[sympy.ImmutableMatrix]:
    """Orthonormal eigenvectors of a symmetric matrix, in the order of ``spaces``, with the steps shown.

    Eigenvectors of distinct eigenvalues of a symmetric matrix are already orthogonal, so Gram-Schmidt
    runs only inside an eigenspace of dimension 2 or more. Each vector's first nonzero entry is made
    positive (the sign convention).
    """
    out: list[sympy.ImmutableMatrix] = []
    for s in spaces:
        basis = [integer_scaled(clean_matrix(b)) for b in s.basis]
        if len(basis) > 1:
            section.step(
                "The eigenvalue ",
                with_decimal(s.value),
                f" has a {len(basis)}-dimensional eigenspace, whose "
                "basis vectors need not be orthogonal, so Gram-Schmidt makes them orthogonal:",
            )
            basis = orthogonalize(basis, section, "w", len(out) + 1)
        for b in basis:
            b = first_nonzero_positive(b)
            index = len(out) + 1
            section.step(
                "Eigenvector for ",
                with_decimal(s.value),
                ", first nonzero entry positive:",
                math=Formula.of(vector_name("v", index), EQ, b),
            )
            out.append(show_normalize(section, b, letter, index))
    return out


def _symmetric(A, spaces, eigenvalues, sections) -> Solution:
    ortho = SectionBuilder("Orthonormal eigenvectors")
    ortho.step(
        "For a symmetric matrix, eigenvectors of different eigenvalues are orthogonal, so only the vectors "
        "within one eigenspace may need Gram-Schmidt; then each is divided by its length."
    )
    columns = orthonormal_eigenvectors(spaces, ortho)
    sections.append(ortho.build())
    Q = sympy.ImmutableMatrix.hstack(*columns)
    Lam = sympy.ImmutableMatrix(sympy.diag(*eigenvalues))
    result = SectionBuilder("Result")
    QT = name("Q^{T}", "Qᵀ")
    result.step(
        "The unit eigenvectors are the columns of Q, the eigenvalues in the same order are the diagonal "
        "of Λ, and since Q is orthogonal its inverse is its transpose:",
        math=[
            matrix_with_decimals(name("Q"), Q),
            Formula.of(LAMBDA, EQ, Lam),
            Formula.of(name("A"), EQ, name("Q"), LAMBDA, QT, EQ, Q, Lam, Q.T),
        ],
    )
    sections.append(result.build())
    gram_equal, gram = compare(Q.T * Q, sympy.eye(A.rows))
    product_equal, product = compare(Q * Lam * Q.T, A)
    checks = [
        Check(
            ("QᵀQ = I: the columns of Q are orthonormal.",),
            gram_equal,
            (chain(Formula.of(QT, name("Q")), gram),),
        ),
        Check(
            ("The product QΛQᵀ, multiplied out, equals A.",),
            product_equal,
            (chain(Formula.of(name("Q"), LAMBDA, QT), product),),
        ),
    ]
    answer = Answer(
        values={"diagonalizable": True, "eigenvalues": eigenvalues, "Q": Q, "Lambda": Lam},
        display=(matrix_with_decimals(name("Q"), Q), Formula.of(LAMBDA, EQ, Lam)),
        summary=("A = QΛQᵀ with orthonormal eigenvectors as the columns of Q.",),
    )
    return Solution(
        "eigendecomposition",
        "Eigendecomposition of a symmetric matrix",
        ("Diagonalize the symmetric matrix A as A = QΛQᵀ.",),
        {"A": A},
        answer,
        sections,
        checks,
        "symmetric",
    )
