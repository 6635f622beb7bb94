"""Classification of a matrix: identity, diagonal, triangular, symmetric, orthogonal, invertible, definite.

Each property is decided with its reason shown (the first entry that breaks it, QᵀQ against I, the
leading principal minors of Sylvester's criterion) and then recomputed a second way in ``checks``.
Properties are decided identically in the symbols of a symbolic matrix: [[a, 0], [0, 1]] is not the
identity, because it is one only for a = 1. Invertibility then holds under the stated condition
det(A) ≠ 0, and a definiteness that depends on the symbols' values is reported as ``"depends"``.

>>> from sympy import Matrix
>>> from derive.registry import solve
>>> values = solve("classify", Matrix([[2, 1], [1, 2]])).answer.values
>>> values["symmetric"], values["positive_definite"], values["orthogonal"]
(True, True, False)
"""

from __future__ import annotations

import re
from itertools import combinations, pairwise

import sympy

from .eigen import with_decimal
from .elimination import eliminate, is_zero, simplify_entry
from .formula import COMMA, EQ, MINUS, NE, PLUS, Formula, Token, det_of, join
from .model import Answer, Check, SectionBuilder, Solution
from .registry import Options, operation
from .subspaces import matrix_is_zero

A_NAME = Token("A", "A")
A_T = Token.name("A^{T}", "Aᵀ")
_TRANSPOSED = {"Aᵀ": A_T, "xᵀ": Token.name("x^{T}", "xᵀ")}
IDENTITY = Token("I", "I")
DEPENDS = "depends"  # a definiteness that holds for some values of the symbols and not for others

# The maximum number of principal minors shown one by one in the semidefiniteness test. Beyond it
# they are still all computed, and a negative one is still shown.
_SHOWN_MINORS_MAX = 15


def _transposes(*segments: object) -> tuple[object, ...]:
    """Return prose segments with each "Aᵀ" or "xᵀ" in the text as a formula, because LaTeX text
    mode has no superscript T."""
    out: list[object] = []
    for segment in segments:
        if not isinstance(segment, str):
            out.append(segment)
            continue
        for piece in re.split(r"([Ax]ᵀ)", segment):
            if piece in _TRANSPOSED:
                out.append(Formula.of(_TRANSPOSED[piece]))
            elif piece:
                out.append(piece)
    return tuple(out)


def _step(section: SectionBuilder, *text: object, math: Formula | list[Formula] = ()) -> None:
    section.step(*_transposes(*text), math=math)


def _entry(i: int, j: int) -> Token:
    return Token(f"a_{{{i + 1}{j + 1}}}", f"a{i + 1}{j + 1}")


def _first_nonzero(M: sympy.MatrixBase, positions: list[tuple[int, int]]) -> tuple[int, int] | None:
    for i, j in positions:
        if not is_zero(simplify_entry(M[i, j])):
            return i, j
    return None


def _sign(x: sympy.Expr) -> int | None:
    """Return the sign of an exact number (−1, 0 or 1), or None when symbols leave it open."""
    x = simplify_entry(x)
    if is_zero(x):
        return 0
    if x.is_positive:
        return 1
    if x.is_negative:
        return -1
    return None


def _yes_no(value: bool) -> str:
    return "is" if value else "is not"


def _yes_no_word(value: bool) -> str:
    return "yes" if value else "no"


class _Classifier:
    """Decide each property in turn, collecting sections, answer values and checks."""

    def __init__(self, A: sympy.ImmutableMatrix) -> None:
        self.A = A
        self.m, self.n = A.shape
        self.square = self.m == self.n
        self.values: dict[str, object] = {"square": self.square}
        self.checks: list[Check] = []
        self.sections = []

    # -- structure ---------------------------------------------------------------------------------

    def structure(self) -> None:
        A, m, n = self.A, self.m, self.n
        s = SectionBuilder("Shape and structure")
        if self.square:
            _step(s, f"A is {m}×{n}, a square matrix.")
        else:
            _step(
                s,
                f"A is {m}×{n}, not square, so it is not diagonal, upper or lower triangular, the identity, "
                "symmetric, skew-symmetric, orthogonal, invertible or definite: each of those is defined for "
                "square matrices only.",
            )
            self._rectangular_structure(s)
            return
        off_diagonal = [(i, j) for i in range(m) for j in range(n) if i != j]
        below = [(i, j) for i in range(m) for j in range(min(i, n))]
        above = [(i, j) for i in range(m) for j in range(i + 1, n)]

        bad = _first_nonzero(A, off_diagonal)
        diagonal = bad is None
        if diagonal:
            _step(s, "Every entry off the main diagonal is 0, so A is diagonal.")
        else:
            i, j = bad
            _step(
                s,
                "The entry ",
                Formula.of(_entry(i, j), EQ, A[i, j]),
                " is off the main diagonal and nonzero, so A is not diagonal.",
            )
        self.values["diagonal"] = diagonal
        self.checks.append(
            Check(
                (f"SymPy's is_diagonal agrees: A {_yes_no(diagonal)} diagonal.",),
                bool(A.is_diagonal()) == diagonal,
            )
        )

        for key, name, positions, sympy_test, sympy_name, where in (
            ("upper_triangular", "upper triangular", below, A.is_upper, "is_upper", "below"),
            ("lower_triangular", "lower triangular", above, A.is_lower, "is_lower", "above"),
        ):
            bad = _first_nonzero(A, positions)
            holds = bad is None
            if holds:
                _step(s, f"Every entry {where} the main diagonal is 0, so A is {name}.")
            else:
                i, j = bad
                _step(
                    s,
                    "The entry ",
                    Formula.of(_entry(i, j), EQ, A[i, j]),
                    f" is {where} the main diagonal and nonzero, so A is not {name}.",
                )
            self.values[key] = holds
            self.checks.append(
                Check(
                    (f"SymPy's {sympy_name} agrees: A {_yes_no(holds)} {name}.",), bool(sympy_test) == holds
                )
            )

        identity = False
        if self.square:
            difference = (sympy.Matrix(A) - sympy.eye(n)).applyfunc(simplify_entry)
            identity = diagonal and all(is_zero(difference[k, k]) for k in range(n))
            if identity:
                _step(s, "A is diagonal with every diagonal entry 1, so A is the identity matrix.")
            elif diagonal:
                k = next(k for k in range(n) if not is_zero(difference[k, k]))
                _step(
                    s,
                    "The diagonal entry ",
                    Formula.of(_entry(k, k), EQ, A[k, k]),
                    " is not 1, so A is not the identity matrix.",
                )
            else:
                _step(s, "A is not diagonal, so it is not the identity matrix.")
            self.checks.append(
                Check(
                    (
                        f"A − I is {'' if identity else 'not '}the zero matrix, "
                        f"so A {_yes_no(identity)} the identity.",
                    ),
                    matrix_is_zero(difference) == identity,
                    (Formula.of(A_NAME, MINUS, IDENTITY, EQ, difference),),
                )
            )
        self.values["identity"] = identity
        self.sections.append(s.build())

    def _rectangular_structure(self, s: SectionBuilder) -> None:
        """Record the square-only structure flags of a non-square matrix as False. A zero pattern below or
        above the diagonal gets a step with its name for non-square matrices (trapezoidal)."""
        A, m, n = self.A, self.m, self.n
        below = [(i, j) for i in range(m) for j in range(min(i, n))]
        above = [(i, j) for i in range(m) for j in range(i + 1, n)]
        for side, positions in (("upper", below), ("lower", above)):
            if positions and _first_nonzero(A, positions) is None:
                where = "below" if side == "upper" else "above"
                _step(
                    s,
                    f"Every entry {where} the main diagonal is 0; for a non-square matrix this shape is "
                    f"called {side} trapezoidal, not {side} triangular.",
                )
        for key in ("diagonal", "upper_triangular", "lower_triangular", "identity"):
            self.values[key] = False
        self.checks.append(
            Check(
                (
                    f"A has {A.rows} row{'s' if A.rows != 1 else ''} and {A.cols} column"
                    f"{'s' if A.cols != 1 else ''}, a different number, so the square-only properties "
                    "(diagonal, triangular, identity) are all false.",
                ),
                A.rows != A.cols
                and not any(self.values[k] for k in ("diagonal", "upper_triangular", "lower_triangular")),
            )
        )
        self.sections.append(s.build())

    # -- symmetry ----------------------------------------------------------------------------------

    def symmetry(self) -> None:
        A, n = self.A, self.n
        if not self.square:
            self.values["symmetric"] = False
            self.values["skew_symmetric"] = False
            return
        s = SectionBuilder("Symmetry")
        _step(s, "Transposing swaps rows and columns:", math=Formula.of(A_T, EQ, A.T))

        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        bad = next((p for p in pairs if not is_zero(simplify_entry(A[p] - A[p[1], p[0]]))), None)
        symmetric = bad is None
        if symmetric:
            _step(s, "Every entry equals its mirror image across the diagonal, so A = Aᵀ and A is symmetric.")
        else:
            i, j = bad
            _step(
                s,
                "The mirror entries ",
                Formula.of(_entry(i, j), EQ, A[i, j]),
                " and ",
                Formula.of(_entry(j, i), EQ, A[j, i]),
                " differ, so A ≠ Aᵀ and A is not symmetric.",
            )
        difference = (sympy.Matrix(A) - A.T).applyfunc(simplify_entry)
        self.checks.append(
            Check(
                _transposes(
                    f"A − Aᵀ is {'' if symmetric else 'not '}the zero matrix, "
                    f"so A {_yes_no(symmetric)} symmetric."
                ),
                matrix_is_zero(difference) == symmetric,
                (Formula.of(A_NAME, MINUS, A_T, EQ, difference),),
            )
        )

        skew_pairs = [(i, j) for i in range(n) for j in range(i, n)]
        bad = next((p for p in skew_pairs if not is_zero(simplify_entry(A[p] + A[p[1], p[0]]))), None)
        skew = bad is None
        if skew:
            _step(
                s,
                "Every entry is the negative of its mirror image and the diagonal is 0, so A = −Aᵀ and A is "
                "skew-symmetric.",
            )
        elif bad[0] == bad[1]:
            _step(
                s,
                "The diagonal entry ",
                Formula.of(_entry(*bad), EQ, A[bad]),
                " is not 0, so A ≠ −Aᵀ and A is not skew-symmetric.",
            )
        else:
            i, j = bad
            _step(
                s,
                "The mirror entries ",
                Formula.of(_entry(i, j), EQ, A[i, j]),
                " and ",
                Formula.of(_entry(j, i), EQ, A[j, i]),
                " do not add to 0, so A ≠ −Aᵀ and A is not skew-symmetric.",
            )
        total = (sympy.Matrix(A) + A.T).applyfunc(simplify_entry)
        self.checks.append(
            Check(
                _transposes(
                    f"A + Aᵀ is {'' if skew else 'not '}the zero matrix, so A {_yes_no(skew)} skew-symmetric."
                ),
                matrix_is_zero(total) == skew,
                (Formula.of(A_NAME, PLUS, A_T, EQ, total),),
            )
        )
        self.values["symmetric"] = symmetric
        self.values["skew_symmetric"] = skew
        self.sections.append(s.build())

    # -- orthogonality and invertibility ------------------------------------------------------------

    def orthogonality(self) -> None:
        A, n = self.A, self.n
        if not self.square:
            self.values["orthogonal"] = False
            return
        s = SectionBuilder("Orthogonality")
        gram = (A.T * A).applyfunc(simplify_entry)
        orthogonal = matrix_is_zero(gram - sympy.eye(n))
        _step(
            s,
            "A is orthogonal when its columns are orthonormal, that is when AᵀA = I. Compute AᵀA:",
            math=Formula.of(A_T, A_NAME, EQ, sympy.ImmutableMatrix(gram)),
        )
        if orthogonal:
            _step(s, "That is the identity, so A is orthogonal (and its inverse is Aᵀ).")
        else:
            _step(s, "That is not the identity, so A is not orthogonal.")
        other = (A * A.T).applyfunc(simplify_entry)
        self.checks.append(
            Check(
                _transposes(f"AAᵀ, computed separately, {'equals' if orthogonal else 'differs from'} I."),
                matrix_is_zero(other - sympy.eye(n)) == orthogonal,
                (Formula.of(A_NAME, A_T, EQ, sympy.ImmutableMatrix(other)),),
            )
        )
        self.values["orthogonal"] = orthogonal
        self.sections.append(s.build())

    def invertibility(self) -> None:
        A, n = self.A, self.n
        if not self.square:
            self.values["invertible"] = False
            return
        s = SectionBuilder("Invertibility")
        det = simplify_entry(A.det(method="bareiss"))
        det_name = Token.name(r"\det(A)", "det(A)")
        invertible = not is_zero(det)
        _step(
            s,
            "A square matrix is invertible exactly when its determinant is nonzero.",
            math=Formula.of(det_name, EQ, with_decimal(det) if not det.free_symbols else det),
        )
        if not invertible:
            _step(s, "The determinant is 0, so A is not invertible.")
        elif det.free_symbols:
            _step(
                s,
                "The determinant is not identically zero, so A is invertible whenever ",
                Formula.of(det, NE, 0),
                "; for values of the symbols where it vanishes, A is singular.",
            )
        else:
            _step(s, "The determinant is nonzero, so A is invertible.")

        E = eliminate(A, reduced=False)
        self.checks.append(
            Check(
                (
                    f"Row reduction finds {E.rank} pivot(s) in {n} columns, "
                    f"so A {_yes_no(invertible)} invertible.",
                ),
                (E.rank == n) == invertible,
                (Formula.of(Token.name(r"\operatorname{rank}A", "rank A"), EQ, E.rank),),
            )
        )
        self.values["invertible"] = invertible
        self.sections.append(s.build())

    # -- definiteness ------------------------------------------------------------------------------

    def definiteness(self) -> None:
        A = self.A
        if not self.square:
            self.values["positive_definite"] = False
            self.values["positive_semidefinite"] = False
            return
        s = SectionBuilder("Definiteness")
        if not self.values["symmetric"]:
            _step(
                s,
                "Positive (semi)definiteness is classified here for symmetric matrices, whose quadratic form "
                "xᵀAx it describes; A is not symmetric, so it is neither.",
            )
            self.values["positive_definite"] = False
            self.values["positive_semidefinite"] = False
            self.sections.append(s.build())
            return
        if any(x.is_real is False for x in A):
            # NOTE: complex Hermitian matrices are not classified; a complex symmetric matrix has no
            # real quadratic form, so it is reported as not definite.
            _step(
                s,
                "A has non-real entries, and definiteness is classified here for real symmetric matrices "
                "only, so A is reported as neither positive definite nor positive semidefinite.",
            )
            self.values["positive_definite"] = False
            self.values["positive_semidefinite"] = False
            self.sections.append(s.build())
            return

        definite = self._sylvester(s)
        semidefinite = True if definite is True else self._principal_minors(s)
        if definite is True:
            _step(s, "A positive definite matrix is also positive semidefinite.")
        self._eigenvalue_step(s)
        self.values["positive_definite"] = definite
        self.values["positive_semidefinite"] = semidefinite
        self._definiteness_check(definite, semidefinite)
        self.sections.append(s.build())

    def _sylvester(self, s: SectionBuilder) -> bool | str:
        """Decide positive definiteness from the leading principal minors (Sylvester's criterion)."""
        A, n = self.A, self.n
        minors = []
        shown = []
        for k in range(1, n + 1):
            block = A[:k, :k]
            value = simplify_entry(block.det(method="bareiss"))
            minors.append(value)
            shown.append(Formula.of(Token(f"D_{{{k}}}", f"D{k}"), EQ, det_of(block), EQ, value))
        _step(
            s,
            "Sylvester's criterion: a symmetric matrix is positive definite exactly when every leading "
            "principal minor (the determinant of its top-left k×k block) is positive.",
            math=shown,
        )
        signs = [_sign(d) for d in minors]
        failing = next((k for k, sign in enumerate(signs) if sign is not None and sign <= 0), None)
        if failing is not None:
            _step(s, f"The minor D{failing + 1} is not positive, so A is not positive definite.")
            return False
        if all(sign == 1 for sign in signs):
            _step(s, "Every leading principal minor is positive, so A is positive definite.")
            return True
        _step(
            s,
            "The signs of the minors depend on the values of the symbols, so A is positive definite exactly "
            "when every minor above is positive.",
        )
        return DEPENDS

    def _principal_minors(self, s: SectionBuilder) -> bool | str:
        """Decide positive semidefiniteness: every principal minor (any rows = the same columns) ≥ 0."""
        A, n = self.A, self.n
        _step(
            s,
            "For semidefiniteness the leading minors are not enough: the matrix [[0, 0], [0, −1]] has "
            "leading minors 0 and 0 but is not semidefinite. A symmetric matrix is positive semidefinite "
            "exactly when "
            "every principal minor, from any set of rows and the same columns, is at least 0.",
        )
        shown = []
        undecided = False
        # NOTE: a symmetric n×n matrix has 2ⁿ − 1 principal minors, so this test grows quickly
        # beyond n ≈ 10; derive's inputs are typed by hand and much smaller.
        for size in range(1, n + 1):
            for index in combinations(range(n), size):
                block = A.extract(list(index), list(index))
                value = simplify_entry(block.det(method="bareiss"))
                label = ",".join(str(i + 1) for i in index)
                formula = Formula.of(Token(f"\\Delta_{{{label}}}", f"Δ{label}"), EQ, det_of(block), EQ, value)
                sign = _sign(value)
                if sign == -1:
                    _step(
                        s,
                        f"The principal minor from rows and columns {label} is negative, "
                        "so A is not positive semidefinite.",
                        math=formula,
                    )
                    return False
                undecided = undecided or sign is None
                shown.append(formula)
        if undecided:
            _step(
                s,
                "Some principal minors have signs that depend on the symbols, so A is positive semidefinite "
                "exactly when every one of them is at least 0.",
                math=shown[:_SHOWN_MINORS_MAX],
            )
            return DEPENDS
        if len(shown) <= _SHOWN_MINORS_MAX:
            _step(s, "Every principal minor is at least 0, so A is positive semidefinite.", math=shown)
        else:
            _step(s, f"All {len(shown)} principal minors are at least 0, so A is positive semidefinite.")
        return True

    def _eigenvalue_step(self, s: SectionBuilder) -> None:
        """Show the eigenvalues and their signs when they are cheap to find exactly (n ≤ 3, numbers)."""
        A, n = self.A, self.n
        if n > 3 or A.free_symbols:
            return
        lam = sympy.Symbol("lamda")
        roots = sympy.roots(A.charpoly(lam).as_expr(), lam)
        # Three real roots of a cubic in radicals need complex cube roots (casus irreducibilis).
        # Such forms hide the signs instead of showing them, so they are left out.
        if sum(roots.values()) != n or any(r.has(sympy.CRootOf, sympy.I) for r in roots):
            return
        eigenvalues = [r for r in sorted(roots, key=sympy.N) for _ in range(roots[r])]
        _step(
            s,
            "The eigenvalues of a symmetric matrix are real, and their signs say the same: all positive for "
            "definite, all at least 0 for semidefinite. Here they are",
            math=join((with_decimal(r) for r in eigenvalues), COMMA),
        )

    def _definiteness_check(self, definite: bool | str, semidefinite: bool | str) -> None:
        """Recompute definiteness from the signs of the characteristic polynomial's coefficients.

        A real symmetric matrix has only real eigenvalues, and for a polynomial with only real roots
        Descartes' rule of signs is exact: the number of negative roots of p(λ) = det(λI − A) is the
        number of sign changes in the coefficients of p(−λ), and the multiplicity of the root 0 is
        the number of vanishing lowest coefficients.
        """
        if DEPENDS in (definite, semidefinite):
            return
        lam = sympy.Symbol("lamda")
        p = self.A.charpoly(lam)
        reflected = sympy.Poly(p.as_expr().subs(lam, -lam), lam)
        coefficients = [simplify_entry(c) for c in reversed(reflected.all_coeffs())]  # lowest degree first
        zero_roots = next((k for k, c in enumerate(coefficients) if not is_zero(c)), len(coefficients))
        signs = [_sign(c) for c in coefficients[zero_roots:]]
        if None in signs:
            return
        nonzero = [x for x in signs if x != 0]
        negative_roots = sum(1 for a, b in pairwise(nonzero) if a != b)
        pd = negative_roots == 0 and zero_roots == 0
        psd = negative_roots == 0
        self.checks.append(
            Check(
                (
                    "By Descartes' rule of signs on the characteristic polynomial, A has "
                    f"{negative_roots} negative and {zero_roots} zero eigenvalue(s) counted with "
                    "multiplicity, which agrees with the verdicts: positive definite "
                    f"{_yes_no_word(definite)}, positive semidefinite {_yes_no_word(semidefinite)}.",
                ),
                pd == definite and psd == semidefinite,
                (Formula.of(Token.name(r"p(\lambda)", "p(λ)"), EQ, p.as_expr()),),
            )
        )


_PROPERTY_NAMES = {
    "identity": "the identity",
    "diagonal": "diagonal",
    "upper_triangular": "upper triangular",
    "lower_triangular": "lower triangular",
    "symmetric": "symmetric",
    "skew_symmetric": "skew-symmetric",
    "orthogonal": "orthogonal",
    "invertible": "invertible",
    "positive_definite": "positive definite",
    "positive_semidefinite": "positive semidefinite",
}


@operation("classify", "which special kinds a matrix is: symmetric, triangular, orthogonal, definite, ...")
def classify(A: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Decide each property of A with its reason, and recompute each a second way.

    Answer: ``square``, ``identity``, ``diagonal``, ``upper_triangular``, ``lower_triangular``,
    ``symmetric``, ``skew_symmetric``, ``orthogonal``, ``invertible``, ``positive_definite`` and
    ``positive_semidefinite``, each a bool, except that the two definiteness properties may be
    ``"depends"`` for a symbolic matrix.
    """
    c = _Classifier(A)
    c.structure()
    c.symmetry()
    c.orthogonality()
    c.invertibility()
    c.definiteness()
    values = {"square": c.values["square"], **{key: c.values[key] for key in _PROPERTY_NAMES}}
    holding = [name for key, name in _PROPERTY_NAMES.items() if values[key] is True]
    depending = [name for key, name in _PROPERTY_NAMES.items() if values[key] == DEPENDS]
    listed = ", ".join(holding) if holding else "none of the listed kinds"
    summary = f"A is {listed}."
    if depending:
        summary += f" Whether it is {' or '.join(depending)} depends on the values of its symbols."
    display = (Formula.of(Token.name(rf"\text{{{listed}}}", listed)),)
    return Solution(
        operation="classify",
        title="Classification",
        problem=("Decide which special kinds of matrix ", Formula.of(A_NAME, EQ, A), " is."),
        inputs={"A": A},
        answer=Answer(values, display, (summary,)),
        sections=c.sections,
        checks=c.checks,
    )
