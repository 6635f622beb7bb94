"""Singular value decomposition A = UΣVᵀ through the eigenvalues of AᵀA (or AAᵀ), and best rank-k
approximations.

Conventions, stated in the solutions:

* The singular values σ₁ ≥ σ₂ ≥ … ≥ 0 go in descending order, and the columns of U and V follow them.
* Sign: each singular vector taken from the eigenvectors of the Gram matrix (vᵢ through AᵀA, uᵢ through
  AAᵀ) has its first nonzero entry positive. Its partner then follows from uᵢ = Avᵢ/σᵢ (or vᵢ = Aᵀuᵢ/σᵢ),
  and vectors that complete U or V to an orthonormal basis also have their first nonzero entry positive.
* Full SVD (default): U is m×m, Σ is m×n, V is n×n. Thin SVD: with k = min(m, n), U is m×k, Σ is k×k and
  V is n×k.

Singular vectors of a matrix whose AᵀA has irrational eigenvalues carry nested radicals such as
√(1700 + 110√34). Each singular value and entry of U and V is rewritten to its shortest exact form
(``simplest_radical``), often ±√(a + b√d). The checks prove the identities by merging square roots
into ℚ(√d), because ``simplify`` is slow on such entries.

When eigenvalues of the Gram matrix are roots of an irreducible polynomial of degree 3 or more, the
singular values stay exact as √CRootOf(p, k), and U, Σ and V are computed with 50-digit decimals
(``derive.highprecision``); the answer then has ``exact`` False and the checks hold to 1e-30.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy

from .decompositions import (
    clean,
    clean_matrix,
    compare,
    dot,
    exact_eigenvalue,
    exact_zero,
    explain_numeric_switch,
    first_nonzero_positive,
    integer_scaled,
    irreducible_factor,
    is_negative,
    matrix_with_decimals,
    name,
    norm_of,
    orthogonalize,
    polynomial_vector_at,
    show_elimination,
    simplest_radical,
    sum_of_squares,
    vector_name,
)
from .eigen import eigenspaces
from .elimination import eliminate
from .errors import InputError, NotSupportedError, VerificationError
from .formula import APPROX, EQ, Formula, Token, chain, join, latex_of, text_of, with_decimal
from .formula import decimal as rounded_decimal
from .highprecision import (
    RESIDUAL_BOUND_TEXT,
    SHOWN_DIGITS,
    WORKING_DIGITS,
    from_mp,
    from_mp_matrix,
    mp_matrix,
    numeric_matrix,
    orthonormal_basis,
    residual_check,
    to_mp,
    unit_vector,
)
from .highprecision import decimal as decimal_of
from .model import Answer, Check, Section, SectionBuilder, Solution
from .registry import Options, operation

SIGMA = Token(r"\Sigma", "Σ")


def sigma_name(index: int) -> Token:
    return Token(rf"\sigma_{{{index}}}", f"σ{str(index).translate(_SUB)}")


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class SVDResult:
    """The factors of A = UΣVᵀ and the sections that derive them."""

    singular_values: tuple[sympy.Expr, ...]  # min(m, n) values, descending, zeros included
    U: sympy.ImmutableMatrix
    Sigma: sympy.ImmutableMatrix
    V: sympy.ImmutableMatrix
    rank: int
    route: str  # "ata" or "aat"
    sections: tuple[Section, ...]
    # The eigenvalues λᵢ of the Gram matrix and its orthogonal (not normalized) eigenvectors bᵢ, in the
    # order of the singular values; the singular vectors taken from them are bᵢ/‖bᵢ‖.
    gram_values: tuple[sympy.Expr, ...] = ()
    gram_vectors: tuple[sympy.ImmutableMatrix, ...] = ()
    # False when U, Σ and V are WORKING_DIGITS-digit Floats because the exact form is unusable.
    exact: bool = True
    # The name the steps give the matrix, such as X for the data matrix of least squares.
    label: str = "A"


def gram_token(label: str, route: str) -> Token:
    """Return the Gram matrix's name for ``label`` by route: AᵀA for ``"ata"``, AAᵀ for ``"aat"``.

    >>> gram_token("X", "ata").text, gram_token("X", "aat").text
    ('XᵀX', 'XXᵀ')
    """
    if route == "ata":
        return Token(rf"{label}^{{\mathsf{{T}}}}{label}", f"{label}ᵀ{label}")
    return Token(rf"{label}{label}^{{\mathsf{{T}}}}", f"{label}{label}ᵀ")


def require_numeric(A: sympy.MatrixBase, operation_name: str, label: str = "A") -> None:
    """Raise ``NotSupportedError`` for symbolic entries, whose singular values need sign assumptions;
    ``label`` names the operand(s) in the message."""
    symbols = sorted({str(s) for x in A for s in x.free_symbols})
    if symbols:
        raise NotSupportedError(
            f"{operation_name} needs numeric entries, but {label} contains the symbol(s) "
            f"{', '.join(symbols)}; substitute values first"
        )


def nullspace_basis(M: sympy.MatrixBase, section: SectionBuilder, label: str) -> list[sympy.ImmutableMatrix]:
    """Row-reduce ``M`` (steps shown) and read off a null-space basis, one vector per free variable."""
    elimination = eliminate(M, reduced=True)
    section.step(f"Row-reduce {label} to find its null space:", math=Formula.of(M))
    show_elimination(section, elimination)
    R = elimination.result
    free = [j for j in range(M.cols) if j not in elimination.pivot_columns]
    basis = []
    for f in free:
        x = sympy.zeros(M.cols, 1)
        x[f] = 1
        for row, p in enumerate(elimination.pivot_columns):
            x[p] = -R[row, f]
        basis.append(integer_scaled(x))
    names = ", ".join(f"x{str(f + 1).translate(_SUB)}" for f in free)
    section.step(
        f"The free variable(s) {names} each set to 1 in turn (the others 0) give the null-space basis, "
        "scaled to integers:",
        math=[Formula.of(b) for b in basis],
    )
    return basis


def choose_route(A: sympy.MatrixBase, method: str | None, section: SectionBuilder, label: str = "A") -> str:
    m, n = A.shape
    L, ata, aat = label, gram_token(label, "ata").text, gram_token(label, "aat").text
    if method is not None:
        section.step(f"The {ata if method == 'ata' else aat} route was requested.")
        return method
    if n <= m:
        section.step(
            f"{L} is {m}×{n}. {ata} is {n}×{n} and {aat} is {m}×{m}; the smaller Gram matrix has the "
            f"characteristic polynomial of lower degree, so the SVD goes through {ata}: its eigenvectors are "
            f"the right singular vectors vᵢ, and uᵢ = {L}vᵢ/σᵢ."
            if n < m
            else f"{L} is square ({n}×{n}), so {ata} and {aat} have the same size; the SVD goes through "
            f"{ata}: its eigenvectors are the right singular vectors vᵢ, and uᵢ = {L}vᵢ/σᵢ."
        )
        return "ata"
    section.step(
        f"{L} is {m}×{n}. {aat} is {m}×{m} and {ata} is {n}×{n}; the smaller Gram matrix has the "
        f"characteristic polynomial of lower degree, so the SVD goes through {aat}: its eigenvectors are the "
        f"left singular vectors uᵢ, and vᵢ = {L}ᵀuᵢ/σᵢ."
    )
    return "aat"


def compute_svd(
    A: sympy.ImmutableMatrix,
    *,
    method: str | None = None,
    complete: bool = True,
    numeric: bool = False,
    label: str = "A",
) -> SVDResult:
    """Derive the full SVD of ``A``; ``complete=False`` keeps only the columns of nonzero singular values
    (the compact SVD, which is all the pseudoinverse needs). ``label`` is the name the steps give ``A``.

    When eigenvalues of the Gram matrix are roots of an irreducible polynomial of degree 3 or more, this
    raises ``NotSupportedError`` unless ``numeric`` is True. With ``numeric`` the singular values stay
    exact (√CRootOf) and U, Σ, V are computed with ``WORKING_DIGITS``-digit decimals.
    """
    require_numeric(A, "svd", label)
    m, n = A.shape
    intro = SectionBuilder("Method")
    route = choose_route(A, method, intro, label)
    intro.step(
        "The singular values are the square roots of the eigenvalues of the Gram matrix, in descending "
        "order. Sign convention: each singular vector taken from an eigenvector of the Gram matrix has its "
        "first nonzero entry positive, and its partner follows from the formula."
    )
    # Through AAᵀ, the SVD of B = Aᵀ is computed and transposed back: A = UΣVᵀ ⟺ Aᵀ = VΣᵀUᵀ.
    B = A if route == "ata" else A.T
    gram_name = gram_token(label, route)
    gram_label = gram_name.text

    G = sympy.ImmutableMatrix(B.T * B)
    gram = SectionBuilder(f"The Gram matrix {gram_label}")
    gram.step(
        f"Multiply to get the symmetric matrix {gram_label}:",
        math=Formula.of(gram_name, EQ, *((A.T, A) if route == "ata" else (A, A.T)), EQ, G),
    )
    spaces, eigen_sections = eigenspaces(G, order="descending", matrix=gram_name)
    factor = irreducible_factor(spaces)
    if factor is not None and not numeric:
        raise NotSupportedError(
            f"svd needs the eigenvalues of {gram_label} in square roots, but some are roots of the "
            f"irreducible polynomial {text_of(factor)}; run eigenvalues on {gram_label} for their decimals"
        )
    sections: list[Section] = [intro.build(), gram.build()]
    sections += [Section(f"{gram_label}: {s.title}", s.steps) for s in eigen_sections]

    space_values = [exact_eigenvalue(s) for s in spaces]
    values = [v for s, v in zip(spaces, space_values, strict=True) for _ in range(s.algebraic)]
    if factor is not None:
        switch = SectionBuilder("Exact and numeric parts")
        explain_numeric_switch(
            switch,
            spaces,
            space_values,
            f"The eigenvalues of {gram_label}",
            "the singular vectors and U, Σ, V",
        )
        sections.append(switch.build())
    singular = SectionBuilder("Singular values")
    sigmas = _singular_values(values, gram_label, singular)
    rank = sum(1 for s in sigmas if not exact_zero(s))
    singular.step(f"{rank} singular value(s) are nonzero, so {label} has rank {rank}.")
    sections.append(singular.build())
    if factor is not None:
        return _numeric_svd(B, route, spaces, space_values, sigmas, rank, complete, sections, label)
    return _exact_svd(B, route, spaces, values, sigmas, rank, complete, sections, label)


def _lambda_name(index: int) -> Token:
    return Token(rf"\lambda_{{{index}}}", f"λ{str(index).translate(_SUB)}")


def _root_token(value: sympy.Expr) -> Token:
    """√value, written out unevaluated: √4, √(5 + √17)."""
    text = text_of(value)
    atomic = value.is_Atom or (value.is_Pow and value.exp == sympy.Rational(1, 2))
    return Token(rf"\sqrt{{{latex_of(value)}}}", f"√{text}" if atomic else f"√({text})")


def _singular_values(values: list[sympy.Expr], gram_label: str, section: SectionBuilder) -> list[sympy.Expr]:
    """σᵢ = √λᵢ, in the shortest exact form, with one step each."""
    count = len(values)
    listing = " ≥ ".join(f"λ{str(i).translate(_SUB)}" for i in range(1, min(count, 3) + 1))
    section.step(
        f"Number the eigenvalues of {gram_label} in descending order, {listing}"
        + (" ≥ …" if count > 3 else "")
        + ", each as often as its multiplicity. The singular values are their square roots, σᵢ = √λᵢ."
    )
    sigmas: list[sympy.Expr] = []
    for i, lam in enumerate(values, start=1):
        if is_negative(lam) and not exact_zero(lam):
            raise VerificationError(
                f"svd: {gram_label} has the negative eigenvalue {lam}, impossible for a Gram matrix; "
                "this is a bug in derive, please report it with the input"
            )
        root_of_lambda = Token(rf"\sqrt{{\lambda_{{{i}}}}}", f"√λ{str(i).translate(_SUB)}")
        if lam.has(sympy.CRootOf):
            sigma = sympy.sqrt(lam)
            section.step(
                "The square root of ",
                Formula.of(_lambda_name(i), EQ, lam),
                ", kept exact:",
                math=Formula.of(sigma_name(i), EQ, root_of_lambda, EQ, sigma, APPROX, decimal_of(sigma)),
            )
        else:
            sigma = simplest_radical(clean(sympy.sqrt(lam)))
            # √λ that does not simplify is shown once, not as √(…) = sqrt(…).
            unchanged = sigma.is_Pow and sigma.exp == sympy.Rational(1, 2) and sigma.base == lam
            sides = [root_of_lambda, with_decimal(sigma)] if unchanged else [root_of_lambda, _root_token(lam)]
            if not unchanged:
                sides.append(with_decimal(sigma))
            section.step(
                "The square root of ",
                Formula.of(_lambda_name(i), EQ, lam),
                ":",
                math=chain(sigma_name(i), *sides),
            )
        sigmas.append(sigma)
    return sigmas


def _exact_svd(B, route, spaces, values, sigmas, rank, complete, sections, label="A") -> SVDResult:
    m, n = (B.rows, B.cols) if route == "ata" else (B.cols, B.rows)
    outer, inner = ("v", "u") if route == "ata" else ("u", "v")
    B_label, BT_label = (label, f"{label}ᵀ") if route == "ata" else (f"{label}ᵀ", label)
    gram_label = gram_token(label, route).text
    # Orthonormal eigenvectors of the Gram matrix: the outer singular vectors, first nonzero entry positive.
    vectors = SectionBuilder(f"Singular vectors {outer}ᵢ from the eigenvectors of {gram_label}")
    raw = _gram_eigenvectors(spaces, vectors)
    lengths = [clean(sympy.sqrt(clean(dot(b, b)))) for b in raw]
    outer_vectors = [
        sympy.ImmutableMatrix(b.applyfunc(lambda x, ell=ell: simplest_radical(_over(x, ell))))
        for b, ell in zip(raw, lengths, strict=True)
    ]
    for i, (b, ell, unit) in enumerate(zip(raw, lengths, outer_vectors, strict=True), start=1):
        vectors.step(
            f"Eigenvector for σ{str(i).translate(_SUB)}², first nonzero entry positive, and its length:",
            math=[
                Formula.of(name(rf"\mathbf{{b}}_{{{i}}}", f"b{str(i).translate(_SUB)}"), EQ, b),
                Formula.of(
                    norm_of(name(rf"\mathbf{{b}}_{{{i}}}", f"b{str(i).translate(_SUB)}")),
                    EQ,
                    with_decimal(simplest_radical(ell)),
                ),
                matrix_with_decimals(vector_name(outer, i), unit),
            ],
        )
    sections.append(vectors.build())

    # The partners from the formula: u_i = A v_i / σ_i, kept as (A b_i)/(‖b_i‖ σ_i) so σ_i cancels exactly.
    partners_section = SectionBuilder(f"Singular vectors {inner}ᵢ = {B_label}{outer}ᵢ/σᵢ")
    partners: list[sympy.ImmutableMatrix] = []
    for i in range(rank):
        image = sympy.ImmutableMatrix(B * raw[i]).applyfunc(clean)
        denominator = lengths[i] * sigmas[i]
        partner = sympy.ImmutableMatrix(
            image.applyfunc(lambda x, d=denominator: simplest_radical(_over(x, d)))
        )
        partners.append(partner)
        partners_section.step(
            f"For σ{str(i + 1).translate(_SUB)} ≠ 0, {inner}{str(i + 1).translate(_SUB)} = "
            f"{B_label}b{str(i + 1).translate(_SUB)}/(‖b{str(i + 1).translate(_SUB)}‖σ"
            f"{str(i + 1).translate(_SUB)}):",
            math=[
                Formula.of(
                    name(
                        rf"{_latex_label(B_label)} \mathbf{{b}}_{{{i + 1}}}",
                        f"{B_label}b{str(i + 1).translate(_SUB)}",
                    ),
                    EQ,
                    image,
                ),
                matrix_with_decimals(vector_name(inner, i + 1), partner),
            ],
        )
    size = B.rows
    if complete and len(partners) < size:
        partners += _complete_basis(B, partners, size, partners_section, inner, BT_label)
    sections.append(partners_section.build())

    k = min(m, n)
    outer_kept = outer_vectors if complete else outer_vectors[:rank]
    outer_matrix = sympy.ImmutableMatrix.hstack(*outer_kept)
    inner_matrix = (
        sympy.ImmutableMatrix.hstack(*partners) if partners else sympy.ImmutableMatrix.zeros(size, 0)
    )
    U, V = (inner_matrix, outer_matrix) if route == "ata" else (outer_matrix, inner_matrix)
    Sigma = sympy.ImmutableMatrix.zeros(U.cols, V.cols).as_mutable()
    for i in range(min(U.cols, V.cols)):
        Sigma[i, i] = sigmas[i]
    return SVDResult(
        tuple(sigmas[:k]),
        U,
        sympy.ImmutableMatrix(Sigma),
        V,
        rank,
        route,
        tuple(sections),
        tuple(values),
        tuple(raw),
        label=label,
    )


def _gram_eigenvectors(spaces, section: SectionBuilder) -> list[sympy.ImmutableMatrix]:
    """Orthogonal eigenvectors of the Gram matrix, exact, first nonzero entry positive; Gram-Schmidt runs
    inside each eigenspace of dimension 2 or more, with its steps shown."""
    raw: list[sympy.ImmutableMatrix] = []
    for s in spaces:
        basis = [first_nonzero_positive(integer_scaled(clean_matrix(b))) for b in s.basis]
        if len(basis) > 1:
            section.step(
                "The eigenvalue ",
                with_decimal(s.value),
                f" has a {len(basis)}-dimensional eigenspace; Gram-Schmidt makes its basis orthogonal:",
            )
            basis = [first_nonzero_positive(b) for b in orthogonalize(basis, section, "w", len(raw) + 1)]
        raw.extend(basis)
    return raw


def _numeric_svd(B, route, spaces, space_values, sigmas, rank, complete, sections, label="A") -> SVDResult:
    """Compute U, Σ, V with ``WORKING_DIGITS``-digit decimals, for a Gram matrix with eigenvalues that are
    roots of an irreducible polynomial of degree 3 or more. The singular values stay exact."""
    m, n = (B.rows, B.cols) if route == "ata" else (B.cols, B.rows)
    outer, inner = ("v", "u") if route == "ata" else ("u", "v")
    B_label, BT_label = (label, f"{label}ᵀ") if route == "ata" else (f"{label}ᵀ", label)
    gram_label = gram_token(label, route).text
    vectors = SectionBuilder(f"Singular vectors {outer}ᵢ from the eigenvectors of {gram_label}")
    outer_vectors = _numeric_gram_eigenvectors(spaces, space_values, vectors, outer)
    sections.append(vectors.build())

    partners_section = SectionBuilder(f"Singular vectors {inner}ᵢ = {B_label}{outer}ᵢ/σᵢ")
    B_mp = mp_matrix(B)
    partners: list[mpmath.matrix] = []
    with mpmath.workdps(WORKING_DIGITS):
        for i in range(rank):
            partner = (B_mp * outer_vectors[i]) / to_mp(sigmas[i])
            partners.append(partner)
            partners_section.step(
                f"For σ{str(i + 1).translate(_SUB)} ≠ 0, {inner}{str(i + 1).translate(_SUB)} = "
                f"{B_label}{outer}{str(i + 1).translate(_SUB)}/σ{str(i + 1).translate(_SUB)}, computed with "
                f"{WORKING_DIGITS} digits:",
                math=numeric_matrix(vector_name(inner, i + 1), from_mp_matrix(partner)),
            )
    size = B.rows
    if complete and len(partners) < size:
        completion = _complete_basis(B, partners, size, partners_section, inner, BT_label)
        partners += [mp_matrix(c) for c in completion]
    sections.append(partners_section.build())

    k = min(m, n)
    outer_kept = outer_vectors if complete else outer_vectors[:rank]
    outer_matrix = _columns(outer_kept, B.cols)
    inner_matrix = _columns(partners, size)
    U, V = (inner_matrix, outer_matrix) if route == "ata" else (outer_matrix, inner_matrix)
    Sigma = sympy.zeros(U.cols, V.cols)
    for i in range(min(U.cols, V.cols)):
        Sigma[i, i] = from_mp(to_mp(sigmas[i]))
    return SVDResult(
        tuple(sigmas[:k]),
        U,
        sympy.ImmutableMatrix(Sigma),
        V,
        rank,
        route,
        tuple(sections),
        exact=False,
        label=label,
    )


def _columns(vectors: list[mpmath.matrix], rows: int) -> sympy.ImmutableMatrix:
    if not vectors:
        return sympy.ImmutableMatrix.zeros(rows, 0)
    return sympy.ImmutableMatrix.hstack(*[from_mp_matrix(v) for v in vectors])


def _numeric_gram_eigenvectors(
    spaces, space_values, section: SectionBuilder, letter: str
) -> list[mpmath.matrix]:
    """Unit eigenvectors of the Gram matrix at ``WORKING_DIGITS`` digits, first nonzero entry positive.

    An eigenvector of a root of an irreducible polynomial m is v(λ), found exactly over ℚ[λ]/(m) in the
    eigenvector section, evaluated at the root. Other eigenvectors are exact and only normalized here.
    """
    out: list[mpmath.matrix] = []
    for s, value in zip(spaces, space_values, strict=True):
        m = s.minimal_polynomial
        if m is None:
            exact = _gram_eigenvectors([s], section)
            found = [unit_vector([to_mp(x) for x in b]) for b in exact]
            for b, unit in zip(exact, found, strict=True):
                index = len(out) + 1
                section.step(
                    f"Eigenvector for σ{str(index).translate(_SUB)}² = ",
                    with_decimal(value),
                    f", first nonzero entry positive, divided by its length with {WORKING_DIGITS} digits:",
                    math=[
                        Formula.of(
                            name(rf"\mathbf{{b}}_{{{index}}}", f"b{str(index).translate(_SUB)}"), EQ, b
                        ),
                        numeric_matrix(vector_name(letter, index), from_mp_matrix(unit)),
                    ],
                )
                out.append(unit)
            continue
        root = to_mp(value)
        found = [polynomial_vector_at(v, m.gen, root) for v in s.polynomial_basis]
        found = orthonormal_basis(found)
        for polynomial, unit in zip(s.polynomial_basis, found, strict=True):
            index = len(out) + 1
            section.step(
                f"For σ{str(index).translate(_SUB)}² = ",
                value,
                ", put the root into the eigenvector v(",
                m.gen,
                ") found modulo the polynomial, divide by the length and make the first nonzero entry "
                f"positive, all with {WORKING_DIGITS} digits:",
                math=[
                    Formula.of(
                        Token(rf"v\left({sympy.latex(m.gen)}\right)", f"v({text_of(m.gen)})"), EQ, polynomial
                    ),
                    numeric_matrix(vector_name(letter, index), from_mp_matrix(unit)),
                ],
            )
            out.append(unit)
    return out


def _latex_label(label: str) -> str:
    """Return the LaTeX of a label such as A or Aᵀ (any letter)."""
    return label.replace("ᵀ", r"^{\mathsf{T}}")


def _over(x: sympy.Expr, denominator: sympy.Expr) -> sympy.Expr:
    """``x / denominator``, rationalized only when the denominator has no nested radical."""
    if exact_zero(x):
        return sympy.Integer(0)
    nested = any(power.base.is_Add for power in sympy.sympify(denominator).atoms(sympy.Pow))
    return x / denominator if nested else clean(x / denominator)


def _complete_basis(B, partners, wanted, section, letter, BT_label) -> list[sympy.ImmutableMatrix]:
    """Vectors that complete ``partners`` to an orthonormal set of ``wanted`` vectors.

    The missing vectors come from the null space of Bᵀ, which is orthogonal to the column space of B
    where the partners lie; Gram-Schmidt makes them orthonormal among themselves.
    """
    missing = wanted - len(partners)
    section.step(
        f"{len(partners)} vector(s) {letter}ᵢ come from nonzero singular values, but {wanted} are needed. "
        f"The rest span the null space of {BT_label}, which is orthogonal to the column space that holds the "
        f"{letter}ᵢ found so far."
    )
    basis = nullspace_basis(B.T, section, BT_label)
    if len(basis) > 1:
        section.step("Gram-Schmidt makes the null-space basis orthogonal:")
        basis = orthogonalize(basis, section, "w", len(partners) + 1)
    out = []
    for offset, b in enumerate(basis[:missing]):
        b = first_nonzero_positive(b)
        length = clean(sympy.sqrt(dot(b, b)))
        unit = sympy.ImmutableMatrix(b.applyfunc(lambda x, ell=length: clean(x / ell)))
        index = len(partners) + offset + 1
        section.step(
            "Normalize, first nonzero entry positive; the length is ",
            with_decimal(length),
            ":",
            math=matrix_with_decimals(vector_name(letter, index), unit),
        )
        out.append(unit)
    return out


# ---------------------------------------------------------------------------------------------


def _orthonormal_check(M: sympy.ImmutableMatrix, label: str) -> Check:
    passed, gram = compare(M.T * M, sympy.eye(M.cols))
    return Check(
        (f"{label}ᵀ{label} = I: the columns of {label} are orthonormal.",),
        passed,
        (chain(name(rf"{label}^{{T}} {label}", f"{label}ᵀ{label}"), gram),),
    )


def _descending_check(sigmas: tuple[sympy.Expr, ...]) -> Check:
    decimals = [rounded_decimal(s) for s in sigmas]
    ordered = all(not is_negative(s) for s in sigmas) and all(
        exact_zero(a - b) or not is_negative(a - b) for a, b in zip(sigmas, sigmas[1:], strict=False)
    )
    return Check(
        ("The singular values are nonnegative and in descending order.",),
        ordered,
        (join(decimals, Token(r"\geq", "≥")),),
    )


def _rank_terms(A: sympy.ImmutableMatrix, result: SVDResult, k: int) -> list[sympy.ImmutableMatrix]:
    """The exact terms σᵢuᵢvᵢᵀ for i ≤ k.

    Through AᵀA, uᵢ = Abᵢ/(‖bᵢ‖σᵢ) and vᵢ = bᵢ/‖bᵢ‖, so σᵢuᵢvᵢᵀ = Abᵢbᵢᵀ/‖bᵢ‖², which lies in ℚ(√d)
    without the nested radicals of U and V; through AAᵀ it is bᵢbᵢᵀA/‖bᵢ‖².
    """
    terms = []
    for b in result.gram_vectors[:k]:
        outer_product = b * b.T / clean(dot(b, b))
        term = A * outer_product if result.route == "ata" else outer_product * A
        terms.append(clean_matrix(term.applyfunc(sympy.expand)))
    return terms


def approximation_is_unique(sigmas: tuple[sympy.Expr, ...], k: int) -> bool:
    """Return False when σₖ = σₖ₊₁ > 0, so that several best rank-k approximations exist.

    >>> approximation_is_unique((2, 2, 1), 1), approximation_is_unique((2, 2, 1), 2)
    (False, True)
    """
    return not (k < len(sigmas) and not exact_zero(sigmas[k]) and exact_zero(sigmas[k - 1] - sigmas[k]))


def _rank_approximation(A, result: SVDResult, k: int, section: SectionBuilder) -> tuple[dict, list[Check]]:
    """A_k = Σ_{i≤k} σᵢuᵢvᵢᵀ with its Eckart–Young errors, and the checks of both errors."""
    sigmas, U, V = result.singular_values, result.U, result.V
    if result.exact:
        A_k = clean_matrix(sum(_rank_terms(A, result, k), sympy.zeros(*A.shape)))
    else:
        with mpmath.workdps(WORKING_DIGITS):
            U_mp, V_mp = mp_matrix(U), mp_matrix(V)
            A_k_mp = mpmath.zeros(A.rows, A.cols)
            for i in range(k):
                A_k_mp += to_mp(sigmas[i]) * U_mp[:, i] * V_mp[:, i].T
        A_k = from_mp_matrix(A_k_mp)

    labels = [
        Formula.of(
            sigma_name(i + 1),
            vector_name("u", i + 1),
            name(rf"\mathbf{{v}}_{{{i + 1}}}^{{T}}", f"v{str(i + 1).translate(_SUB)}ᵀ"),
        )
        for i in range(k)
    ]
    A_k_name = name(rf"A_{{{k}}}", f"A{str(k).translate(_SUB)}")
    section.step(
        f"By the Eckart–Young theorem, the best rank-{k} approximation in both the 2-norm and the Frobenius "
        f"norm keeps {'the largest singular value' if k == 1 else f'the {k} largest singular values'}:",
        math=[
            Formula.of(A_k_name, EQ, join(labels)),
            matrix_with_decimals(A_k_name, A_k) if result.exact else numeric_matrix(A_k_name, A_k),
        ],
    )

    if not approximation_is_unique(sigmas, k):
        section.step(
            f"Here σ{str(k).translate(_SUB)} = σ{str(k + 1).translate(_SUB)} = ",
            _sigma_with_decimal(sigmas[k]),
            ". The singular vectors of a repeated singular value can be replaced by any other orthonormal "
            f"basis of their space, which changes A{str(k).translate(_SUB)} but not its errors, so the best "
            f"rank-{k} approximation is not unique: A{str(k).translate(_SUB)} above is one of them.",
        )

    rest = list(sigmas[k:])
    error_2 = rest[0] if rest else sympy.Integer(0)
    squares = sympy.Add(*[s**2 for s in rest])
    error_f = simplest_radical(clean(sympy.sqrt(clean(squares)))) if result.exact else sympy.sqrt(squares)
    section.step(
        f"The error is ‖A − A{str(k).translate(_SUB)}‖₂ = σ{str(k + 1).translate(_SUB)}, the largest "
        "singular value left out, and the Frobenius error is the root of the sum of the squares of the "
        "left-out ones:",
        math=[
            Formula.of(
                name(rf"\lVert A - A_{{{k}}} \rVert_2", f"‖A − A{str(k).translate(_SUB)}‖₂"),
                EQ,
                _sigma_with_decimal(error_2),
            ),
            Formula.of(
                name(rf"\lVert A - A_{{{k}}} \rVert_F", f"‖A − A{str(k).translate(_SUB)}‖_F"),
                EQ,
                Token(r"\sqrt{", "√("),
                sum_of_squares(rest),
                Token("}", ")"),
                EQ,
                _sigma_with_decimal(error_f),
            ),
        ],
    )

    checks = (
        _exact_error_checks(A, result, k, A_k, error_f)
        if result.exact
        else _numeric_error_checks(A, result, k, A_k, error_f)
    )
    values = {"A_k": A_k, "error_2": error_2, "error_fro": error_f}
    return values, checks


def _exact_error_checks(A, result: SVDResult, k: int, A_k, error_f) -> list[Check]:
    sigmas, U, V = result.singular_values, result.U, result.V
    E = clean_matrix(A - A_k)
    frobenius_squared = clean(sum((x**2 for x in E), sympy.Integer(0)))
    checks = [
        Check(
            (
                f"The sum of the squared entries of A − A{str(k).translate(_SUB)} equals the squared "
                "Frobenius error.",
            ),
            exact_zero(frobenius_squared - error_f**2),
            (chain(name(r"\sum_{ij} (A - A_k)_{ij}^2", "Σ (A − A_k)ᵢⱼ²"), frobenius_squared),),
        )
    ]
    expected = sympy.zeros(A.rows, V.cols)
    for j in range(k, min(V.cols, len(sigmas))):
        expected[:, j] = sigmas[j] * U[:, j]
    images_equal, images = compare(E * V, expected)
    checks.append(
        Check(
            (_images_statement(k),),
            images_equal,
            (chain(name(r"(A - A_k) V", "(A − A_k)V"), images),),
        )
    )
    return checks


def _numeric_error_checks(A, result: SVDResult, k: int, A_k, error_f) -> list[Check]:
    sigmas, U, V = result.singular_values, result.U, result.V
    with mpmath.workdps(WORKING_DIGITS):
        E = mp_matrix(A) - mp_matrix(A_k)
        squared = mpmath.fsum(E[i, j] ** 2 for i in range(E.rows) for j in range(E.cols))
        frobenius_residual = mpmath.matrix([[squared - to_mp(error_f) ** 2]])
        U_mp, V_mp = mp_matrix(U), mp_matrix(V)
        expected = mpmath.zeros(A.rows, V.cols)
        for j in range(k, min(V.cols, len(sigmas))):
            expected[:, j] = to_mp(sigmas[j]) * U_mp[:, j]
        images_residual = E * V_mp - expected
    return [
        residual_check(
            f"The sum of the squared entries of A − A{str(k).translate(_SUB)} equals the squared Frobenius "
            "error",
            frobenius_residual,
            Token(r"\sum_{ij} (A - A_k)_{ij}^2 - \lVert A - A_k \rVert_F^2", "Σ (A − A_k)ᵢⱼ² − ‖A − A_k‖_F²"),
        ),
        residual_check(_images_statement(k), images_residual, Token(r"(A - A_k) V - E", "(A − A_k)V − E")),
    ]


def _images_statement(k: int) -> str:
    return (
        f"(A − A{str(k).translate(_SUB)})vⱼ is 0 for j ≤ {k} and σⱼuⱼ for j > {k}. V is an "
        f"orthonormal basis, so the singular values of A − A{str(k).translate(_SUB)} are the "
        f"left-out σⱼ and its 2-norm is σ{str(k + 1).translate(_SUB)}"
    )


def _factorization_checks(A, U, Sigma, V, result: SVDResult) -> list[Check]:
    """UΣVᵀ = A and the orthonormality of U and V: exactly, or at WORKING_DIGITS digits."""
    if result.exact:
        product_equal, product = compare(U * Sigma * V.T, A)
        return [
            Check(
                ("UΣVᵀ, multiplied out exactly, equals A.",),
                product_equal,
                (chain(name(r"U \Sigma V^{T}", "UΣVᵀ"), product),),
            ),
            _orthonormal_check(U, "U"),
            _orthonormal_check(V, "V"),
        ]
    with mpmath.workdps(WORKING_DIGITS):
        U_mp, Sigma_mp, V_mp = mp_matrix(U), mp_matrix(Sigma), mp_matrix(V)
        product = U_mp * Sigma_mp * V_mp.T - mp_matrix(A)
        u_gram = U_mp.T * U_mp - mpmath.eye(U.cols)
        v_gram = V_mp.T * V_mp - mpmath.eye(V.cols)
    return [
        residual_check("UΣVᵀ − A is 0", product, Token(r"U \Sigma V^{T} - A", "UΣVᵀ − A")),
        residual_check(
            "UᵀU − I is 0: the columns of U are orthonormal", u_gram, Token(r"U^{T} U - I", "UᵀU − I")
        ),
        residual_check(
            "VᵀV − I is 0: the columns of V are orthonormal", v_gram, Token(r"V^{T} V - I", "VᵀV − I")
        ),
        _eigenvalue_polynomial_check(A, result),
    ]


def _eigenvalue_polynomial_check(A, result: SVDResult) -> Check:
    """Check that each σᵢ² written as CRootOf(p, k) is an eigenvalue of the Gram matrix: p divides its
    characteristic polynomial, computed again by Bareiss elimination."""
    gram_label, G = ("AᵀA", A.T * A) if result.route == "ata" else ("AAᵀ", A * A.T)
    polynomials = {root.poly for s in result.singular_values for root in s.atoms(sympy.CRootOf)}
    var = sympy.Symbol("lamda")
    independent = sympy.Poly((var * sympy.eye(G.rows) - G).det(method="bareiss"), var)
    divides = all(
        independent.rem(sympy.Poly(p.as_expr().subs(p.gen, var), var)).is_zero for p in polynomials
    ) and bool(polynomials)
    return Check(
        (
            f"Each polynomial p of the singular values √CRootOf(p, k) divides det(λI − {gram_label}), "
            "computed again by Bareiss elimination, so each σᵢ² is an eigenvalue of the Gram matrix.",
        ),
        divides,
        (chain(name(rf"\det(\lambda I - {gram_label})", f"det(λI − {gram_label})"), independent.as_expr()),),
    )


@operation(
    "svd",
    "singular value decomposition A = UΣVᵀ (full or thin), and best rank-k approximations",
    methods=("ata", "aat"),
)
def svd(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Derive A = UΣVᵀ; ``options.full`` picks the full or thin form, ``options.rank`` a rank-k
    approximation.

    >>> from sympy import Matrix
    >>> import derive
    >>> derive.solve("svd", Matrix([[1, 2], [2, 1]])).answer.values["singular_values"]
    [3, 1]
    """
    m, n = A.shape
    k = options.rank
    if k is not None and not 1 <= k <= min(m, n):
        raise InputError(
            f"rank {k} is out of range for a {m}×{n} matrix: expected 1 to {min(m, n)}; pass a smaller --rank"
        )
    result = compute_svd(A, method=method, numeric=True)
    U, Sigma, V = result.U, result.Sigma, result.V
    sections = list(result.sections)
    factors = SectionBuilder("Result")
    form = "full" if options.full else "thin"
    if not options.full:
        U, Sigma, V = U[:, : min(m, n)], Sigma[: min(m, n), : min(m, n)], V[:, : min(m, n)]
        factors.step(
            f"The thin SVD keeps the first k = min(m, n) = {min(m, n)} columns of U and V and the "
            f"{min(m, n)}×{min(m, n)} diagonal block of Σ; the dropped columns multiply zero rows or columns "
            "of Σ, so the product is still A."
        )
    shown_matrix = matrix_with_decimals if result.exact else numeric_matrix
    factors.step(
        f"The {form} SVD: U is {U.rows}×{U.cols}, Σ is {Sigma.rows}×{Sigma.cols} and V is {V.rows}×{V.cols}."
        + (
            ""
            if result.exact
            else f" Their entries are decimals with {WORKING_DIGITS} digits, shown to {SHOWN_DIGITS}."
        ),
        math=[
            shown_matrix(name("U"), U),
            Formula.of(SIGMA, EQ, Sigma) if result.exact else numeric_matrix(SIGMA, Sigma),
            shown_matrix(name("V"), V),
            Formula.of(name("A"), EQ, name("U"), SIGMA, name("V^{T}", "Vᵀ")),
        ],
    )
    checks = _factorization_checks(A, U, Sigma, V, result)
    checks.append(_descending_check(result.singular_values))
    values: dict = {
        "singular_values": list(result.singular_values),
        "U": U,
        "Sigma": Sigma,
        "V": V,
        "rank": result.rank,
        "form": form,
        "exact": result.exact,
    }
    display = [
        Formula.of(
            name(r"\sigma", "σ"),
            EQ,
            join([_sigma_with_decimal(s) for s in result.singular_values], Token(r",\ ", ", ")),
        ),
        shown_matrix(name("U"), U),
        Formula.of(SIGMA, EQ, Sigma) if result.exact else numeric_matrix(SIGMA, Sigma),
        shown_matrix(name("V"), V),
    ]
    if k is not None:
        approximation = SectionBuilder(f"Best rank-{k} approximation")
        extra, extra_checks = _rank_approximation(A, result, k, approximation)
        values.update(extra)
        checks += extra_checks
        sections.append(approximation.build())
        display.append(shown_matrix(name(rf"A_{{{k}}}", f"A{str(k).translate(_SUB)}"), extra["A_k"]))
    sections.append(factors.build())
    summary = "A = UΣVᵀ with the singular values in descending order."
    if k is not None and not approximation_is_unique(result.singular_values, k):
        summary += (
            f" Because σ{str(k).translate(_SUB)} = σ{str(k + 1).translate(_SUB)}, the best rank-{k} "
            f"approximation is not unique; A{str(k).translate(_SUB)} is one of them."
        )
    if not result.exact:
        summary += (
            " The singular values are exact (square roots of CRootOf values). U, Σ and V are "
            f"{WORKING_DIGITS}-digit decimals, because their exact entries would be unusable, and they "
            f"multiply back to A within {RESIDUAL_BOUND_TEXT}."
        )
    answer = Answer(values, tuple(display), (summary,))
    return Solution(
        "svd",
        "Singular value decomposition",
        ("Find the singular value decomposition of A.",),
        {"A": A},
        answer,
        sections,
        checks,
        result.route,
    )


def _sigma_with_decimal(sigma: sympy.Expr) -> Formula:
    if sigma.has(sympy.CRootOf):
        return Formula.of(sigma, APPROX, decimal_of(sigma))
    return with_decimal(sigma)
