"""Moore-Penrose pseudoinverse A⁺ and least squares w = X⁺y.

Two routes to A⁺, chosen by rank:

* ``normal``: for full column rank, A⁺ = (AᵀA)⁻¹Aᵀ, and for full row rank, A⁺ = Aᵀ(AAᵀ)⁻¹. Rational
  input keeps every step rational, so this is the automatic choice whenever the rank allows it.
* ``svd``: A⁺ = VΣ⁺Uᵀ, where Σ⁺ transposes Σ and inverts its nonzero singular values; it works for
  every rank. Only the r columns of nonzero singular values contribute, so the compact SVD suffices.
  It is the automatic choice for a rank-deficient matrix when the eigenvalues of its Gram matrix
  are square roots at worst.
* ``rank-factorization``: A = CR, with C the pivot columns of A and R the nonzero rows of rref(A),
  gives A⁺ = Rᵀ(RRᵀ)⁻¹(CᵀC)⁻¹Cᵀ. Every step stays rational, so it is the automatic fallback when the
  SVD would need roots of an irreducible cubic or higher.

When the SVD route is requested for such a matrix, it continues as ``svd`` does: the singular values
stay exact (√CRootOf) and A⁺ is computed with 50-digit decimals, the answer has ``exact`` False, and
the Penrose conditions are checked to 1e-30. A step points to the exact rank-factorization route.
"""

from __future__ import annotations

import re

import mpmath
import sympy

from .decompositions import (
    clean,
    clean_matrix,
    compare,
    dot,
    inverse_with_steps,
    matrix_with_decimals,
    name,
    show_elimination,
    sum_of_squares,
)
from .elimination import eliminate
from .errors import InputError, NotSupportedError, ShapeError
from .formula import APPROX, EQ, MINUS, PLUS, Formula, Token, augmented, chain, join, paren, with_decimal
from .formula import decimal as rounded_decimal
from .highprecision import (
    RESIDUAL_BOUND_TEXT,
    SHOWN_DIGITS,
    WORKING_DIGITS,
    from_mp_matrix,
    mp_matrix,
    numeric_matrix,
    residual_check,
    shown,
    to_mp,
)
from .model import Answer, Check, Section, SectionBuilder, Solution
from .registry import Options, operation
from .render.latex import escape_text
from .svd import compute_svd, gram_token, require_numeric

A_PLUS = name("A^{+}", "A⁺")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _rank_section(A: sympy.MatrixBase, label: str) -> tuple[int, Section]:
    """Row-reduce ``A`` to an echelon form (steps shown) and count its pivots."""
    section = SectionBuilder(f"Rank of {label}")
    elimination = eliminate(A, reduced=False)
    section.step(f"Row-reduce {label} to an echelon form and count the pivots:", math=Formula.of(A))
    show_elimination(section, elimination)
    m, n = A.shape
    r = elimination.rank
    facts = []
    if r == n:
        facts.append(f"full column rank ({n} independent columns)")
    if r == m:
        facts.append(f"full row rank ({m} independent rows)")
    summary = " and ".join(facts) if facts else f"neither full column rank ({n}) nor full row rank ({m})"
    section.step(f"{label} has {r} pivot(s), so its rank is {r}: {summary}.")
    return r, section.build()


def _choose_method(m: int, n: int, r: int, method: str | None, section: SectionBuilder, label: str) -> str:
    full_rank = r in (m, n)
    if method == "normal" and not full_rank:
        raise InputError(
            f"--method normal needs full column or row rank, but {label} is {m}×{n} with rank {r}, so "
            f"neither {label}ᵀ{label} nor {label}{label}ᵀ is invertible; use --method svd"
        )
    if method is not None:
        section.step(f"The {method} method was requested.")
        return method
    if full_rank:
        section.step(
            f"{label} has full {'column' if r == n else 'row'} rank, so the pseudoinverse has a closed form "
            "through the normal equations, which keeps rational entries rational; that route is used."
        )
        return "normal"
    section.step(
        f"{label} is rank-deficient, so neither {label}ᵀ{label} nor {label}{label}ᵀ is invertible and the "
        "normal equations do not give the pseudoinverse."
    )
    return "svd"


def svd_or_factorization_pseudoinverse(
    A: sympy.ImmutableMatrix, requested: str | None, section: SectionBuilder, label: str
) -> tuple[str, sympy.ImmutableMatrix, list[Section], bool]:
    """Build the pseudoinverse of ``A`` from its SVD or its rank factorization, as requested.

    Without a requested method the SVD is tried first. When it raises ``NotSupportedError`` because
    the Gram matrix has eigenvalues beyond square roots, the rank factorization is used instead and
    a step of ``section`` gives the reason. A requested SVD continues with ``WORKING_DIGITS``-digit
    decimals in that case, and a step names the exact route. Returns the method used, A⁺, the sections
    deriving it and whether A⁺ is exact.
    """
    if requested == "rank-factorization":
        P, sections = rank_factorization_pseudoinverse(A, label)
        return requested, P, sections, True
    gram = gram_token(label, "ata" if A.rows >= A.cols else "aat").text
    if requested == "svd":
        P, sections, exact = svd_pseudoinverse(A, label, numeric=True)
        if not exact:
            r = sympy.Matrix(A).rank()
            automatic = "the normal equations" if r in A.shape else f"the rank factorization {label} = CR"
            section.step(
                f"Some eigenvalues of {gram} are roots of an irreducible polynomial of degree 3 or more, so "
                f"the SVD continues with {WORKING_DIGITS}-digit decimals and {label}⁺ comes out in decimals. "
                f"The pseudoinverse of a rational matrix is rational: the rank-factorization route "
                f"(--method rank-factorization) gives it exactly, and without --method derive takes an exact "
                f"route by itself ({automatic} for this matrix)."
            )
        return requested, P, sections, exact
    try:
        P, sections, _ = svd_pseudoinverse(A, label)
    except NotSupportedError:
        section.step(
            f"The singular value decomposition would need the eigenvalues of {gram}, but some of them are "
            "roots of an irreducible polynomial of degree 3 or more, which have no usable exact form. The "
            "pseudoinverse of a rational matrix is rational, so it is built from the rank factorization "
            f"{label} = CR instead, where every step stays rational."
        )
        P, sections = rank_factorization_pseudoinverse(A, label)
        return "rank-factorization", P, sections, True
    section.step(f"The pseudoinverse {label}⁺ is built from the singular value decomposition of {label}.")
    return "svd", P, sections, True


def rank_factorization_pseudoinverse(
    A: sympy.ImmutableMatrix, label: str = "A"
) -> tuple[sympy.ImmutableMatrix, list[Section]]:
    """A⁺ = Rᵀ(RRᵀ)⁻¹(CᵀC)⁻¹Cᵀ from the full-rank factorization A = CR, with every step shown.

    C consists of the pivot columns of A and R of the nonzero rows of rref(A), so C has independent columns,
    R has independent rows, and both Gram matrices CᵀC and RRᵀ are invertible.
    """
    m, n = A.shape
    factor = SectionBuilder(f"Rank factorization {label} = CR")
    elimination = eliminate(A, reduced=True)
    r = elimination.rank
    factor.step(f"Row-reduce {label} to its reduced row echelon form:", math=Formula.of(A))
    show_elimination(factor, elimination)
    if r == 0:
        pinv = sympy.ImmutableMatrix.zeros(n, m)
        factor.step(
            f"{label} is the zero matrix, so its pseudoinverse is the {n}×{m} zero matrix:",
            math=Formula.of(A_PLUS, EQ, pinv),
        )
        return pinv, [factor.build()]
    pivots = list(elimination.pivot_columns)
    C = sympy.ImmutableMatrix(A[:, pivots])
    R = sympy.ImmutableMatrix(elimination.result[:r, :])
    columns = ", ".join(str(j + 1) for j in pivots)
    factor.step(
        f"The pivot columns ({columns}) of {label} form C, with independent columns, and the {r} nonzero "
        f"row(s) of the reduced form make R, with independent rows. Each column of {label} is the "
        f"combination of pivot columns that the matching column of R records, so {label} = CR:",
        math=[
            Formula.of(name("C"), EQ, C),
            Formula.of(name("R"), EQ, R),
            Formula.of(name("C R", "CR"), EQ, C, R, EQ, sympy.ImmutableMatrix(C * R)),
        ],
    )
    factor.step(
        f"For such a factorization {label}⁺ = R⁺C⁺, with C⁺ = (CᵀC)⁻¹Cᵀ and R⁺ = Rᵀ(RRᵀ)⁻¹, because C has "
        "full column rank and R full row rank. So "
        f"{label}⁺ = Rᵀ(RRᵀ)⁻¹(CᵀC)⁻¹Cᵀ. First the two Gram matrices:",
        math=[
            Formula.of(name("C^{T} C", "CᵀC"), EQ, C.T, C, EQ, sympy.ImmutableMatrix(C.T * C)),
            Formula.of(name("R R^{T}", "RRᵀ"), EQ, R, R.T, EQ, sympy.ImmutableMatrix(R * R.T)),
        ],
    )
    inverse_c = SectionBuilder("Inverse of CᵀC")
    Gc_inv = inverse_with_steps(sympy.ImmutableMatrix(C.T * C), inverse_c, "(CᵀC)", "(C^{T} C)")
    inverse_r = SectionBuilder("Inverse of RRᵀ")
    Gr_inv = inverse_with_steps(sympy.ImmutableMatrix(R * R.T), inverse_r, "(RRᵀ)", "(R R^{T})")
    pinv = clean_matrix(R.T * Gr_inv * Gc_inv * C.T)
    product = SectionBuilder("Product Rᵀ(RRᵀ)⁻¹(CᵀC)⁻¹Cᵀ")
    product.step(
        "Multiply the four factors:",
        math=Formula.of(
            A_PLUS if label == "A" else name(f"{label}^{{+}}", f"{label}⁺"),
            EQ,
            name(r"R^{T} (R R^{T})^{-1} (C^{T} C)^{-1} C^{T}", "Rᵀ(RRᵀ)⁻¹(CᵀC)⁻¹Cᵀ"),
            EQ,
            R.T,
            Gr_inv,
            Gc_inv,
            C.T,
            EQ,
            pinv,
        ),
    )
    return pinv, [factor.build(), inverse_c.build(), inverse_r.build(), product.build()]


def _normal_route(A: sympy.ImmutableMatrix, r: int) -> tuple[sympy.ImmutableMatrix, list[Section]]:
    m, n = A.shape
    section = SectionBuilder("Pseudoinverse through the normal equations")
    if r == n:
        G = sympy.ImmutableMatrix(A.T * A)
        section.step(
            "With independent columns, AᵀA is invertible and A⁺ = (AᵀA)⁻¹Aᵀ"
            + (" (A is square and invertible, so this is A⁻¹)." if m == n else ".")
            + " First AᵀA:",
            math=Formula.of(name("A^{T} A", "AᵀA"), EQ, A.T, A, EQ, G),
        )
        inverse_section = SectionBuilder("Inverse of AᵀA")
        G_inv = inverse_with_steps(G, inverse_section, "(AᵀA)", "(A^{T} A)")
        pinv = clean_matrix(G_inv * A.T)
        section_result = SectionBuilder("Product (AᵀA)⁻¹Aᵀ")
        section_result.step(
            "Multiply the inverse by Aᵀ:",
            math=Formula.of(A_PLUS, EQ, name(r"(A^{T} A)^{-1} A^{T}", "(AᵀA)⁻¹Aᵀ"), EQ, G_inv, A.T, EQ, pinv),
        )
    else:
        G = sympy.ImmutableMatrix(A * A.T)
        section.step(
            "With independent rows, AAᵀ is invertible and A⁺ = Aᵀ(AAᵀ)⁻¹. First AAᵀ:",
            math=Formula.of(name("A A^{T}", "AAᵀ"), EQ, A, A.T, EQ, G),
        )
        inverse_section = SectionBuilder("Inverse of AAᵀ")
        G_inv = inverse_with_steps(G, inverse_section, "(AAᵀ)", "(A A^{T})")
        pinv = clean_matrix(A.T * G_inv)
        section_result = SectionBuilder("Product Aᵀ(AAᵀ)⁻¹")
        section_result.step(
            "Multiply Aᵀ by the inverse:",
            math=Formula.of(A_PLUS, EQ, name(r"A^{T} (A A^{T})^{-1}", "Aᵀ(AAᵀ)⁻¹"), EQ, A.T, G_inv, EQ, pinv),
        )
    return pinv, [section.build(), inverse_section.build(), section_result.build()]


def _plus_name(label: str) -> Token:
    return A_PLUS if label == "A" else name(f"{label}^{{+}}", f"{label}⁺")


def svd_pseudoinverse(
    A: sympy.ImmutableMatrix, label: str = "A", *, numeric: bool = False
) -> tuple[sympy.ImmutableMatrix, list[Section], bool]:
    """A⁺ = V_r Σ_r⁻¹ U_rᵀ from the compact SVD, with the SVD's sections and the product shown.

    With ``numeric``, a Gram matrix whose eigenvalues are roots of an irreducible cubic or higher gives
    A⁺ with ``WORKING_DIGITS``-digit decimals; the last value returned says whether A⁺ is exact.
    """
    result = compute_svd(A, complete=False, numeric=numeric, label=label)
    r = result.rank
    plus = _plus_name(label)
    section = SectionBuilder("Pseudoinverse from the SVD")
    if r == 0:
        pinv = sympy.ImmutableMatrix.zeros(A.cols, A.rows)
        section.step(
            f"{label} is the zero matrix, so every singular value is 0 and {label}⁺ is the zero matrix:",
            math=Formula.of(plus, EQ, pinv),
        )
        return pinv, [*result.sections, section.build()], True
    sigma_plus = sympy.ImmutableMatrix(sympy.diag(*[1 / s for s in result.singular_values[:r]]))
    section.step(
        "Σ⁺ is Σ transposed with each nonzero singular value replaced by its reciprocal. The zero rows and "
        f"columns contribute nothing, so only the {r} column(s) of nonzero singular values are kept:",
        math=[
            Formula.of(name(r"\Sigma_r^{+}", "Σ_r⁺"), EQ, sigma_plus),
            Formula.of(
                plus,
                EQ,
                name(r"V \Sigma^{+} U^{T}", "VΣ⁺Uᵀ"),
                EQ,
                join(
                    [
                        Formula.of(
                            Token(rf"\frac{{1}}{{\sigma_{{{i + 1}}}}}", f"(1/σ{i + 1})"),
                            name(
                                rf"\mathbf{{v}}_{{{i + 1}}} \mathbf{{u}}_{{{i + 1}}}^{{T}}",
                                f"v{i + 1}u{i + 1}ᵀ",
                            ),
                        )
                        for i in range(r)
                    ]
                ),
            ),
        ],
    )
    if not result.exact:
        with mpmath.workdps(WORKING_DIGITS):
            U, V = mp_matrix(result.U[:, :r]), mp_matrix(result.V[:, :r])
            inverse_sigma = mpmath.diag([1 / to_mp(sigma) for sigma in result.singular_values[:r]])
            product = V * inverse_sigma * U.T
            noise = mpmath.mpf(10) ** (10 - WORKING_DIGITS) * max(1, mpmath.mnorm(product, 1))
            pinv = from_mp_matrix(product.apply(lambda x: 0 if abs(x) < noise else x))
        section.step(
            f"Multiplied out with the {WORKING_DIGITS}-digit columns of U and V (an entry below "
            f"10^{10 - WORKING_DIGITS} times the largest is rounding error and is shown as 0):",
            math=numeric_matrix(plus, pinv),
        )
        return pinv, [*result.sections, section.build()], False
    # Each term vᵢuᵢᵀ/σᵢ equals bᵢbᵢᵀAᵀ/(‖bᵢ‖²λᵢ) through AᵀA (Aᵀbᵢbᵢᵀ/(‖bᵢ‖²λᵢ) through AAᵀ), where bᵢ
    # is the Gram eigenvector. Only the scalar 1/(‖bᵢ‖²λᵢ) needs rationalizing. The rest is expanding
    # products in ℚ(√d), much cheaper than rationalizing the nested radicals of U and V entry by entry.
    scalars = [
        clean(1 / (clean(dot(b, b)) * lam))
        for b, lam in zip(result.gram_vectors[:r], result.gram_values[:r], strict=True)
    ]
    middle = sympy.zeros(result.gram_vectors[0].rows, result.gram_vectors[0].rows)
    for c, b in zip(scalars, result.gram_vectors[:r], strict=True):
        middle += c * b * b.T
    middle = middle.applyfunc(sympy.expand)
    product = middle * A.T if result.route == "ata" else A.T * middle
    pinv = clean_matrix(product.applyfunc(sympy.expand))
    L = label
    gram = gram_token(L, result.route).text
    partner = f"uᵢ = {L}vᵢ/σᵢ" if result.route == "ata" else f"vᵢ = {L}ᵀuᵢ/σᵢ"
    formula = f"bᵢbᵢᵀ{L}ᵀ/(‖bᵢ‖²λᵢ)" if result.route == "ata" else f"{L}ᵀbᵢbᵢᵀ/(‖bᵢ‖²λᵢ)"
    section.step(
        f"Since {partner}, each term equals {formula}, with bᵢ the eigenvector of {gram} and λᵢ = σᵢ² its "
        "eigenvalue; the radicals of the norms cancel, and the sum multiplied out is",
        math=matrix_with_decimals(plus, pinv),
    )
    return pinv, [*result.sections, section.build()], True


def penrose_checks(
    A: sympy.ImmutableMatrix, P: sympy.ImmutableMatrix, label: str = "A", *, exact: bool = True
) -> list[Check]:
    """Compute the four Moore-Penrose conditions, which together determine the pseudoinverse uniquely:
    exactly, or for a decimal P at ``WORKING_DIGITS`` digits to ``RESIDUAL_BOUND_TEXT``."""
    plus = f"{label}⁺"
    if not exact:
        with mpmath.workdps(WORKING_DIGITS):
            A_mp, P_mp = mp_matrix(A), mp_matrix(P)
            AP, PA = A_mp * P_mp, P_mp * A_mp
            residuals = [
                (f"{label}{plus}{label} − {label} is 0", AP * A_mp - A_mp),
                (f"{plus}{label}{plus} − {plus} is 0", PA * P_mp - P_mp),
                (f"({label}{plus})ᵀ − {label}{plus} is 0", AP.T - AP),
                (f"({plus}{label})ᵀ − {plus}{label} is 0", PA.T - PA),
            ]
        return [
            residual_check(f"Penrose condition: {statement}", residual, Token(statement[:-5], statement[:-5]))
            for statement, residual in residuals
        ]
    AP, PA = A * P, P * A
    conditions = [
        (f"{label}{plus}{label} = {label}", A * P * A, A, rf"{label} {label}^{{+}} {label}"),
        (f"{plus}{label}{plus} = {plus}", P * A * P, P, rf"{label}^{{+}} {label} {label}^{{+}}"),
        (f"({label}{plus})ᵀ = {label}{plus}", AP.T, AP, rf"({label} {label}^{{+}})^{{T}}"),
        (f"({plus}{label})ᵀ = {plus}{label}", PA.T, PA, rf"({label}^{{+}} {label})^{{T}}"),
    ]
    checks = []
    for statement, left, right, latex in conditions:
        passed, shown = compare(left, right)
        checks.append(
            Check(
                (f"Penrose condition {statement}.",),
                passed,
                (chain(name(latex, statement.split(" = ")[0]), shown),),
            )
        )
    return checks


@operation(
    "pinv",
    "Moore-Penrose pseudoinverse A⁺, through the normal equations, the SVD or a rank factorization",
    methods=("normal", "svd", "rank-factorization"),
)
def pinv(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Derive the pseudoinverse of ``A`` and check the four Penrose conditions.

    >>> from sympy import Matrix
    >>> import derive
    >>> derive.solve("pinv", Matrix([[1, 0], [0, 1], [0, 0]])).answer.values["pinv"]
    Matrix([
    [1, 0, 0],
    [0, 1, 0]])
    """
    require_numeric(A, "pinv")
    m, n = A.shape
    r, rank_section = _rank_section(A, "A")
    intro = SectionBuilder("Method")
    requested = method
    method = _choose_method(m, n, r, method, intro, "A")
    exact = True
    if method == "normal":
        P, route_sections = _normal_route(A, r)
    else:
        method, P, route_sections, exact = svd_or_factorization_pseudoinverse(A, requested, intro, "A")
    summary = "The Moore-Penrose pseudoinverse of A."
    if not exact:
        summary += (
            f" Its entries are {WORKING_DIGITS}-digit decimals from the requested SVD route; "
            "--method rank-factorization gives them exactly."
        )
    answer = Answer(
        values={"pinv": P, "exact": exact},
        display=(matrix_with_decimals(A_PLUS, P) if exact else numeric_matrix(A_PLUS, P),),
        summary=(summary,),
    )
    return Solution(
        "pinv",
        "Moore-Penrose pseudoinverse",
        ("Find the pseudoinverse A⁺ of A.",),
        {"A": A},
        answer,
        [rank_section, intro.build(), *route_sections],
        penrose_checks(A, P, exact=exact),
        method,
    )


# ---------------------------------------------------------------------------------------------
# Least squares


def _check_operands(X: sympy.MatrixBase, y: sympy.MatrixBase) -> None:
    m = X.rows
    if y.cols != 1:
        raise ShapeError(
            f"y is {y.rows}×{y.cols}, but lstsq needs y as a column vector; give y as a column of {m} entries"
        )
    if y.rows != m:
        raise ShapeError(
            f"X is {X.rows}×{X.cols} and y is {y.rows}×1: least squares needs one entry of y per row of X "
            f"({m}); give y with {m} entries"
        )


def _coefficient_name(j: int) -> Token:
    return Token(rf"w_{{{j}}}", f"w{str(j).translate(_SUB)}")


_FROM_SUBSCRIPT = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _variable_latex(label: str) -> str:
    r"""Return the LaTeX of a variable name in the fitted model: x₁ as an upright x with subscript 1,
    any other name (a column header) as escaped text.

    >>> print(_variable_latex("x₁₂"), _variable_latex("petal_width"))
    \,\mathrm{x}_{12} \,\text{petal\_width}
    """
    match = re.fullmatch(r"([A-Za-z]+)([₀-₉]+)", label)
    if match:
        return rf"\,\mathrm{{{match[1]}}}_{{{match[2].translate(_FROM_SUBSCRIPT)}}}"
    return rf"\,\text{{{escape_text(label)}}}"


def _model(
    X: sympy.MatrixBase, w: sympy.MatrixBase, options: Options
) -> tuple[Formula, list[str], int | None]:
    """Return the fitted model as a formula ``y ≈ w₀ + w₁x``, the variable names and the intercept column."""
    intercept = next((j for j in range(X.cols) if all(x == 1 for x in X[:, j])), None)
    features = [j for j in range(X.cols) if j != intercept]
    names = (
        list(options.column_names)
        if len(options.column_names) == len(features)
        else (
            ["x"] if len(features) == 1 else [f"x{str(i + 1).translate(_SUB)}" for i in range(len(features))]
        )
    )
    parts: list[object] = [Token("y", "y"), Token(r"\approx", "≈")]
    if intercept is not None:
        parts.append(w[intercept])
    for j, label in zip(features, names, strict=True):
        coefficient = w[j]
        negative = coefficient.is_number and coefficient.could_extract_minus_sign()
        if len(parts) > 2:
            parts.append(MINUS if negative else PLUS)
            coefficient = -coefficient if negative else coefficient
        parts += [
            paren(coefficient) if coefficient.is_Add else coefficient,
            Token(_variable_latex(label), label),
        ]
    if len(parts) == 2:
        parts.append(sympy.Integer(0))
    return Formula.of(*parts), names, intercept


@operation(
    "lstsq",
    "least-squares solution w = X⁺y of Xw ≈ y, with the normal equations, residuals and fitted model",
    operands=("X", "y"),
    methods=("normal", "svd", "rank-factorization"),
)
def lstsq(
    X: sympy.ImmutableMatrix, y: sympy.ImmutableMatrix, *, method: str | None, options: Options
) -> Solution:
    """Solve the least-squares problem min ‖Xw − y‖.

    >>> from sympy import Matrix
    >>> import derive
    >>> derive.solve("lstsq", Matrix([[1, 0], [1, 1], [1, 2]]), Matrix([1, 2, 2])).answer.values["w"].T
    Matrix([[7/6, 1/2]])
    """
    _check_operands(X, y)
    require_numeric(X, "lstsq", "X")
    require_numeric(y, "lstsq", "y")
    m, n = X.shape
    r, rank_section = _rank_section(X, "X")
    intro = SectionBuilder("Method")
    intro.step(
        "The least-squares solution minimizes the sum of squared residuals ‖y − Xw‖². It solves the normal "
        "equations XᵀXw = Xᵀy, and among their solutions w = X⁺y has the smallest length."
    )
    _, _, intercept = _model(X, sympy.zeros(n, 1), options)
    if intercept is not None:
        intro.step(
            f"Column {intercept + 1} of X is all ones, so it is the intercept column: "
            f"w{str(intercept).translate(_SUB)} is the intercept of the fitted model."
        )
    if method is None and r < n:
        intro.step(
            f"X has rank {r} < {n} columns, so XᵀX is singular and the normal equations have infinitely many "
            "solutions; the minimum-length one is w = X⁺y."
        )
    elif method == "normal" and r < n:
        raise InputError(
            f"--method normal needs X with full column rank, but X is {m}×{n} with rank {r}, so XᵀX is "
            "singular; use --method svd"
        )
    elif method is None:
        method = "normal"
        intro.step(
            "X has full column rank, so XᵀX is invertible and the normal equations have exactly one "
            "solution; they are solved exactly by Gauss-Jordan elimination."
        )
    else:
        intro.step(f"The {method} method was requested.")

    exact = True
    if method == "normal":
        w, solve_sections = _normal_equations(X, y)
    else:
        method, P, solve_sections, exact = svd_or_factorization_pseudoinverse(X, method, intro, "X")
        product = SectionBuilder("Solution w = X⁺y")
        if exact:
            w = clean_matrix(P * y)
            product.step(
                "Multiply the pseudoinverse by y:",
                math=Formula.of(name("w"), EQ, name("X^{+} y", "X⁺y"), EQ, P, y, EQ, w),
            )
        else:
            w = _numeric_product(P, y)
            product.step(
                f"Multiply the pseudoinverse by y, with {WORKING_DIGITS} digits:",
                math=numeric_matrix(name("w"), w),
            )
        solve_sections.append(product.build())
    sections = [rank_section, intro.build(), *solve_sections]

    model, _, _ = _model(X, w if exact else shown(w), options)
    fit = SectionBuilder("Fitted model and residuals")
    fit.step("The fitted model:" if exact else "The fitted model, coefficients rounded:", math=model)
    if exact:
        fitted = clean_matrix(X * w)
        residuals = clean_matrix(y - fitted)
        ssr = clean(sum((e**2 for e in residuals), sympy.Integer(0)))
        fit.step(
            "The residuals are the observed values minus the fitted ones, r = y − Xw:",
            math=[
                Formula.of(name(r"X \mathbf{w}", "Xw"), EQ, fitted),
                Formula.of(name(r"\mathbf{r}", "r"), EQ, y, MINUS, fitted, EQ, residuals),
            ],
        )
        fit.step(
            "The sum of squared residuals, the quantity that least squares minimizes:",
            math=Formula.of(
                name(r"\lVert \mathbf{r} \rVert^{2}", "‖r‖²"),
                EQ,
                sum_of_squares(list(residuals)),
                EQ,
                with_decimal(ssr),
            ),
        )
    else:
        fitted = _numeric_product(X, w)
        with mpmath.workdps(WORKING_DIGITS):
            residuals = from_mp_matrix(mp_matrix(y) - mp_matrix(fitted))
            ssr = from_mp_matrix(mpmath.matrix([[mpmath.fsum(to_mp(e) ** 2 for e in residuals)]]))[0]
        fit.step(
            f"The residuals are the observed values minus the fitted ones, r = y − Xw, with {WORKING_DIGITS} "
            "digits:",
            math=[
                numeric_matrix(name(r"X \mathbf{w}", "Xw"), fitted),
                numeric_matrix(name(r"\mathbf{r}", "r"), residuals),
            ],
        )
        fit.step(
            "The sum of squared residuals, the quantity that least squares minimizes:",
            math=Formula.of(
                name(r"\lVert \mathbf{r} \rVert^{2}", "‖r‖²"), APPROX, rounded_decimal(ssr, SHOWN_DIGITS)
            ),
        )
    sections.append(fit.build())

    checks = _lstsq_checks(X, y, w, residuals, exact)
    summary = "The least-squares coefficients w = X⁺y."
    if not exact:
        summary += (
            f" They are {WORKING_DIGITS}-digit decimals from the requested SVD route, within "
            f"{RESIDUAL_BOUND_TEXT} of the exact ones; --method rank-factorization gives them exactly."
        )
    answer = Answer(
        values={"w": w, "residuals": residuals, "ssr": ssr, "exact": exact},
        display=(
            matrix_with_decimals(name(r"\mathbf{w}", "w"), w)
            if exact
            else numeric_matrix(name(r"\mathbf{w}", "w"), w),
            model,
        ),
        summary=(summary,),
    )
    return Solution(
        "lstsq",
        "Least squares",
        ("Find the least-squares solution of Xw ≈ y.",),
        {"X": X, "y": y},
        answer,
        sections,
        checks,
        method,
    )


def _normal_equations(
    X: sympy.ImmutableMatrix, y: sympy.ImmutableMatrix
) -> tuple[sympy.ImmutableMatrix, list]:
    n = X.cols
    section = SectionBuilder("Normal equations")
    G = sympy.ImmutableMatrix(X.T * X)
    b = sympy.ImmutableMatrix(X.T * y)
    section.step(
        "Multiply both sides of Xw ≈ y by Xᵀ to get the normal equations XᵀXw = Xᵀy, with",
        math=[Formula.of(name("X^{T} X", "XᵀX"), EQ, G), Formula.of(name("X^{T} y", "Xᵀy"), EQ, b)],
    )
    block = G.row_join(b)
    elimination = eliminate(block, reduced=True, pivot_columns_limit=n)
    section.step("Row-reduce the augmented matrix [XᵀX | Xᵀy]:", math=Formula.of(augmented(block, n)))
    show_elimination(section, elimination, n)
    w = clean_matrix(elimination.result[:, n:])
    section.step(
        "The left block is now I, so the right block is w:", math=Formula.of(name(r"\mathbf{w}", "w"), EQ, w)
    )
    return w, [section.build()]


def _numeric_product(M: sympy.MatrixBase, v: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    with mpmath.workdps(WORKING_DIGITS):
        return from_mp_matrix(mp_matrix(M) * mp_matrix(v))


def _lstsq_checks(X, y, w, residuals, exact: bool = True) -> list[Check]:
    # SymPy's rank decomposition is rational for every rank, so this check never needs the exact SVD,
    # which fails for most Gram matrices of size 3 or more.
    P = sympy.ImmutableMatrix(sympy.Matrix(X).pinv(method="RD"))
    route = (
        "SymPy's rank decomposition X = BC (B with independent columns, C with independent rows), X⁺ = C⁺B⁺"
    )
    if not exact:
        with mpmath.workdps(WORKING_DIGITS):
            difference = mp_matrix(P * y) - mp_matrix(w)
            gradient = mp_matrix(X).T * mp_matrix(residuals)
        return [
            residual_check(
                f"w − X⁺y is 0, with X⁺ computed exactly by {route}",
                difference,
                Token("w - X^{+} y", "w − X⁺y"),
            ),
            residual_check(
                "The residual is orthogonal to the columns of X: Xᵀ(y − Xw) is 0",
                gradient,
                Token(r"X^{\mathsf{T}} (\mathbf{y} - X \mathbf{w})", "Xᵀ(y − Xw)"),
            ),
        ]
    same, shown = compare(P * y, w)
    orthogonal, gradient = compare(X.T * residuals, sympy.zeros(X.cols, 1))
    return [
        Check(
            (f"w = X⁺y, with X⁺ computed independently by {route}.",),
            same,
            (chain(name("X^{+} y", "X⁺y"), shown),),
        ),
        Check(
            ("The residual is orthogonal to the columns of X: Xᵀ(y − Xw) = 0.",),
            orthogonal,
            (chain(name(r"X^{T} (\mathbf{y} - X \mathbf{w})", "Xᵀ(y − Xw)"), gradient),),
        ),
    ]
