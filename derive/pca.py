"""Principal component analysis of a data matrix, worked exactly, and an exact CSV reader.

The rows of the data matrix X are observations and its columns are variables. The derivation
centres the columns, forms the sample covariance C = XcᵀXc/(n − 1) (the normalization of
scikit-learn's ``PCA`` and NumPy's ``cov``), finds the eigenvalues of C from its characteristic
polynomial, and projects the centred data onto the leading unit eigenvectors.

Everything up to the characteristic polynomial is exact rational arithmetic. Eigenvalues that are
rational or roots of a quadratic stay exact, and so do their eigenvectors. A root of an irreducible
factor of degree 3 or more is defined exactly as a ``CRootOf`` and computed to
``WORKING_DIGITS`` digits, and its eigenvector comes from the null space of C − λI at that
precision. Such values are reported to ``RESULT_DIGITS`` digits and shown to ``SHOWN_DIGITS``.

>>> from sympy import Matrix
>>> from derive.registry import Options
>>> X = Matrix([[2, 0], [0, 2], [-2, 0], [0, -2]])
>>> solution = pca(X, method=None, options=Options(components=1))
>>> solution.answer.values["explained_variance"]
[8/3]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import mpmath
import sympy
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

from .elimination import eliminate, is_zero, simplify_entry
from .errors import InputError, VerificationError
from .formula import (
    APPROX,
    COMMA,
    EQ,
    IMPLIES,
    MINUS,
    TIMES,
    Formula,
    Token,
    chain,
    join,
    paren,
    text_of,
)
from .formula import decimal as rounded_decimal
from .model import Answer, Check, Section, SectionBuilder, Solution
from .parsing import read_matrix
from .registry import Options, operation, solve

SHOWN_DIGITS = 8  # significant digits of numeric values in the steps
RESULT_DIGITS = 30  # significant digits of numeric values in the answer
WORKING_DIGITS = 50  # precision of numeric eigenvalues, eigenvectors and scores
RESIDUAL_BOUND_TEXT = "1e-20"  # tolerance of the checks of numeric results
RESIDUAL_BOUND = sympy.Float(RESIDUAL_BOUND_TEXT)
FULL_ROWS = 10  # a data matrix with more rows than this is shown by its first rows
HEAD_ROWS = 6

LAMBDA = sympy.Symbol("lamda")

# --- CSV input -------------------------------------------------------------------------------------

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FRACTION = re.compile(r"[+-]?\d+/\d+")
_NUMBER_FORMS = "an integer, a decimal such as 5.1 or a fraction such as 3/4"


def parse_number(text: str) -> sympy.Rational | None:
    """Return the exact value of an integer, decimal or fraction, or None for any other text.

    >>> parse_number("5.1"), parse_number("-3/4"), parse_number("2e-3"), parse_number("setosa")
    (51/10, -3/4, 1/500, None)
    """
    text = text.strip()
    if _DECIMAL.fullmatch(text) is None and _FRACTION.fullmatch(text) is None:
        return None
    try:
        return sympy.Rational(text)
    except ZeroDivisionError:
        return None


def _read_records(path: Path) -> list[list[str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return list(csv.reader(handle))
    except FileNotFoundError:
        raise InputError(f"{path}: file not found; give the path of a CSV file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the file is not UTF-8 text; save it as UTF-8 CSV") from None
    except csv.Error as error:
        raise InputError(f"{path}: invalid CSV ({error}); fix the quoting of that row") from None


def read_csv_data(
    path: str | Path, columns: tuple[str, ...] = ()
) -> tuple[sympy.ImmutableMatrix, tuple[str, ...]]:
    """Read a CSV file with a header row into an exact data matrix and its column names.

    ``columns`` selects columns by header name, in that order. When it is empty, every numeric
    column is selected. A column is numeric when at least one of its values is a number, and then
    every value in it must be one, so that a mistyped entry raises instead of dropping its column.
    Other columns, such as a species label, are ignored. Numbers are read exactly (5.1 becomes 51/10).
    Blank lines are skipped. Rows in messages are numbered as in a spreadsheet: the header is row 1.
    """
    path = Path(path)
    records = [(number, record) for number, record in enumerate(_read_records(path), start=1) if record]
    if not records:
        raise InputError(
            f"{path}: the file is empty; expected a header row of column names and rows of numbers"
        )
    header = [name.strip() for name in records[0][1]]
    rows = records[1:]
    if not rows:
        raise InputError(f"{path}: the file has a header but no data rows; add one row per observation")
    for number, record in rows:
        if len(record) != len(header):
            raise InputError(
                f"{path}: row {number} has {len(record)} fields, but the header has {len(header)}; "
                "give every row the same number of fields"
            )
    selected = _select_header_columns(path, header, rows, columns)
    data = [[_read_value(path, number, record, header, j) for j in selected] for number, record in rows]
    return sympy.ImmutableMatrix(data), tuple(header[j] for j in selected)


def _select_header_columns(
    path: Path, header: list[str], rows: list[tuple[int, list[str]]], columns: tuple[str, ...]
) -> list[int]:
    """Return the indices of the selected columns in the header."""
    if not columns:
        numeric = [j for j in range(len(header)) if any(parse_number(r[j]) is not None for _, r in rows)]
        if not numeric:
            raise InputError(
                f"{path}: no column contains numbers, so no columns are selected; "
                "give a file with numeric columns"
            )
        columns = tuple(header[j] for j in numeric)
    indices = []
    for name in columns:
        if columns.count(name) > 1:
            raise InputError(f"{path}: column {name!r} is selected twice; select each column once")
        if name not in header:
            raise InputError(
                f"{path}: column {name!r} not found; the header has {', '.join(map(repr, header))}; "
                "select columns by these names"
            )
        if header.count(name) > 1:
            raise InputError(f"{path}: column {name!r} appears twice in the header; rename one of them")
        indices.append(header.index(name))
    return indices


def _read_value(path: Path, number: int, record: list[str], header: list[str], j: int) -> sympy.Rational:
    value = parse_number(record[j])
    if value is None:
        if record[j].strip():
            problem = f"contains {record[j].strip()!r}, which is not a number"
        else:
            problem = "is empty"
        raise InputError(f"{path}: row {number}, column {header[j]!r} {problem}; expected {_NUMBER_FORMS}")
    return value


def pca_from_csv(path: str | Path, options: Options | None = None) -> Solution:
    """Read the columns ``options.columns`` of a CSV file and return the verified PCA of them."""
    options = options or Options()
    X, names = read_csv_data(path, options.columns)
    return solve("pca", X, options=replace(options, columns=(), column_names=names))


def read_operands(
    sources: Sequence[str], options: Options
) -> tuple[list[sympy.ImmutableMatrix], list[str], Options]:
    """Read PCA's operand on the command line: a ``.csv`` path, or a matrix as other operations read it.

    For a CSV file the selected columns are read, so the returned options name them and select no
    further columns.
    """
    (source,) = sources
    if not source.strip().lower().endswith(".csv"):
        parsed = read_matrix(source, "X")
        return [parsed.matrix], [f"X: {note}" for note in parsed.notes], options
    X, names = read_csv_data(source.strip(), options.columns)
    note = f"X: read {X.rows} rows of the columns {', '.join(names)} of {source.strip()} as exact numbers"
    return [X], [note], replace(options, columns=(), column_names=names)


# --- Notation and display --------------------------------------------------------------------------


def _indexed(symbol_latex: str, symbol_text: str, index: int | str) -> Token:
    return Token(f"{symbol_latex}_{{{index}}}", f"{symbol_text}{index}")


def _numeric(x: sympy.Expr, digits: int = SHOWN_DIGITS) -> sympy.Float:
    return rounded_decimal(x, digits)


def _shown_matrix(M: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """Return ``M`` with numeric (non-exact) entries rounded to the shown digits."""
    return sympy.ImmutableMatrix(M.shape[0], M.shape[1], [_shown_value(x) for x in M])


def _shown_value(x: sympy.Expr) -> sympy.Expr:
    return _numeric(x) if isinstance(x, sympy.Float) else x


def _as_decimal(x: sympy.Rational) -> sympy.Expr:
    """Return a rational whose decimal expansion ends (such as 51/10) as that decimal (5.1), for display."""
    twos, fives = sympy.multiplicity(2, x.q), sympy.multiplicity(5, x.q)
    if x.is_Integer or x.q != 2**twos * 5**fives:
        return x
    places = max(twos, fives)
    digits = str(abs(x.p) * 10**places // x.q).rjust(places + 1, "0")
    text = ("-" if x < 0 else "") + digits[:-places] + "." + digits[-places:]
    return sympy.Float(text, len(digits.lstrip("0")) or 1)


def _decimal_matrix(M: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """Return ``M`` with every entry as a decimal of ``SHOWN_DIGITS`` significant digits."""
    return sympy.ImmutableMatrix(M.shape[0], M.shape[1], [_numeric(x) for x in M])


def _is_integral(M: sympy.MatrixBase) -> bool:
    return all(x.is_Integer for x in M)


def _head(M: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """Return the rows of ``M`` that a step shows: all of them, or the first ``HEAD_ROWS``."""
    return (
        sympy.ImmutableMatrix(M[: min(M.rows, HEAD_ROWS), :])
        if M.rows > FULL_ROWS
        else sympy.ImmutableMatrix(M)
    )


def _rows_note(M: sympy.MatrixBase) -> str:
    """Return the sentence that names the rows of ``M`` a step shows, or "" when it shows all."""
    if M.rows > FULL_ROWS:
        return f" The first {HEAD_ROWS} of its {M.rows} rows are shown."
    return ""


def _value_and_decimal(x: sympy.Expr, digits: int = SHOWN_DIGITS) -> Formula:
    """Show an exact value, with a decimal beside it unless it is an integer."""
    if isinstance(x, sympy.Integer):
        return Formula.of(x)
    return Formula.of(x, APPROX, _numeric(x, digits))


def _frac(numerator: object, denominator: object) -> Formula:
    n, d = sympy.sympify(numerator), sympy.sympify(denominator)
    parts = [
        text_of(x) if x.is_Atom and not x.could_extract_minus_sign() else f"({text_of(x)})" for x in (n, d)
    ]
    return Formula.of(Token(r"\frac{" + sympy.latex(n) + "}{" + sympy.latex(d) + "}", "/".join(parts)))


# --- Exact and numeric linear algebra --------------------------------------------------------------


def _to_domain(M: sympy.MatrixBase) -> DomainMatrix:
    return DomainMatrix.from_Matrix(sympy.Matrix(M)).convert_to(QQ)


def _to_mp(x: sympy.Expr) -> mpmath.mpf:
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.mpf(sympy.Float(sympy.N(x, WORKING_DIGITS), WORKING_DIGITS)._mpf_)


def _mp_matrix(M: sympy.MatrixBase) -> mpmath.matrix:
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.matrix([[_to_mp(x) for x in M.row(i)] for i in range(M.rows)])


def _to_float(x: mpmath.mpf, digits: int) -> sympy.Float:
    return sympy.Float(x, digits)


@dataclass(frozen=True)
class Eigenvalue:
    """One eigenvalue of the covariance matrix, with the factor of the characteristic polynomial it
    is a root of."""

    value: sympy.Expr  # exact: a rational, a quadratic surd or a CRootOf
    approx: sympy.Float  # WORKING_DIGITS digits
    multiplicity: int
    exact: bool
    shown: Formula  # the value as the steps write it: exact, or CRootOf of a factor named in the steps

    def with_decimal(self) -> Formula:
        """Show the value followed by ``≈ decimal`` unless it is an integer."""
        if isinstance(self.value, sympy.Integer):
            return self.shown
        return Formula.of(self.shown, APPROX, _numeric(self.approx))


@dataclass(frozen=True)
class Eigenpair:
    """An eigenvalue with one unit eigenvector (exact, or Floats of WORKING_DIGITS digits)."""

    eigenvalue: Eigenvalue
    vector: sympy.ImmutableMatrix
    # For an exact pair, the eigenvector before scaling to unit length; None for a numeric pair.
    direction: sympy.ImmutableMatrix | None = None


def _characteristic_polynomial(C: DomainMatrix) -> sympy.Poly:
    return sympy.Poly([QQ.to_sympy(c) for c in C.charpoly()], LAMBDA, domain=QQ)


def _eigenvalues(factors: list[tuple[sympy.Poly, int]], names: dict[int, Token]) -> list[Eigenvalue]:
    """Return the distinct roots of the factors, in decreasing order.

    The roots are real because C is symmetric, and ``CRootOf`` numbers real roots in increasing
    order. ``names`` maps the index of each factor of degree 3 or more to its name in the steps.
    """
    found = []
    for j, (factor, multiplicity) in enumerate(factors):
        if factor.degree() <= 2:
            for root in sympy.roots(factor, multiple=True):
                value = sympy.radsimp(root)
                found.append(
                    Eigenvalue(value, sympy.N(value, WORKING_DIGITS), multiplicity, True, Formula.of(value))
                )
        else:
            for index in range(factor.degree()):
                value = sympy.CRootOf(factor.as_expr(), index)
                shown = Formula.of(
                    Token(
                        rf"\operatorname{{CRootOf}}({names[j].latex}, {index})",
                        f"CRootOf({names[j].text}, {index})",
                    )
                )
                found.append(Eigenvalue(value, sympy.N(value, WORKING_DIGITS), multiplicity, False, shown))
    return sorted(found, key=lambda e: e.approx, reverse=True)


def _null_space_exact(A: sympy.Matrix, section: SectionBuilder) -> list[sympy.Matrix]:
    """Row-reduce ``A``, show the reduction and return a basis of its null space (one vector per free
    variable, with that variable 1 and the other free variables 0)."""
    elimination = eliminate(A, reduced=True)
    for step in elimination.steps:
        ops = [op.formula() for op in step.operations]
        section.step(step.reason, math=[join(ops, COMMA), Formula.of(step.matrix)])
    free = [j for j in range(A.cols) if j not in elimination.pivot_columns]
    basis = []
    for f in free:
        v = sympy.zeros(A.cols, 1)
        v[f] = 1
        for row, pivot in enumerate(elimination.pivot_columns):
            v[pivot] = simplify_entry(-elimination.result[row, f])
        basis.append(v)
    return basis


def _clear_denominators(v: sympy.Matrix) -> sympy.Matrix:
    """Scale ``v`` by the least common multiple of its entries' integer denominators.

    A vector that is then integral is also divided by the gcd of its entries, so its entries are coprime.
    """
    denominators = [sympy.fraction(sympy.together(x))[1] for x in v]
    if all(d.is_Integer for d in denominators):
        v = (v * sympy.ilcm(*[int(d) for d in denominators], 1)).applyfunc(simplify_entry)
    if all(x.is_Integer for x in v):
        divisor = sympy.igcd(*[int(x) for x in v if x != 0], 0)
        if divisor > 1:
            v = v / divisor
    return v


def _length(v: sympy.Matrix) -> sympy.Expr:
    return sympy.sqrt(simplify_entry(v.dot(v)))


def _gram_schmidt(basis: list[sympy.Matrix]) -> list[sympy.Matrix]:
    orthogonal: list[sympy.Matrix] = []
    for v in basis:
        w = v
        for u in orthogonal:
            w = (w - (simplify_entry(w.dot(u) / u.dot(u))) * u).applyfunc(simplify_entry)
        orthogonal.append(_clear_denominators(w))
    return orthogonal


def _null_space_numeric(C: sympy.MatrixBase, eigenvalue: Eigenvalue) -> list[sympy.Matrix]:
    """Return an orthonormal basis of the null space of C − λI at ``WORKING_DIGITS`` digits: the right
    singular vectors of its smallest singular values, as many as the multiplicity of λ."""
    with mpmath.workdps(WORKING_DIGITS):
        A = _mp_matrix(C)
        lam = _to_mp(eigenvalue.approx)
        for i in range(A.rows):
            A[i, i] -= lam
        _, singular_values, V = mpmath.svd_r(A)
        order = sorted(range(A.rows), key=lambda i: singular_values[i])[: eigenvalue.multiplicity]
        return [
            sympy.Matrix([_to_float(V[i, j], WORKING_DIGITS) for j in range(A.cols)]) for i in sorted(order)
        ]


def _scores_column(Xc: DomainMatrix, pair: Eigenpair) -> sympy.Matrix:
    """Return Xc·w: exactly, as Xc·v/‖v‖, for an exact pair, else at ``WORKING_DIGITS`` digits."""
    if pair.direction is not None:
        v = sympy.Matrix(pair.direction)
        length = _length(v)
        if all(x.is_Rational for x in v):
            product = (Xc * _to_domain(v)).to_Matrix()
        else:
            product = (Xc.to_Matrix() * v).applyfunc(simplify_entry)
        return product / length
    with mpmath.workdps(WORKING_DIGITS):
        product = _mp_matrix(Xc.to_Matrix()) * _mp_matrix(pair.vector)
        return sympy.Matrix([_to_float(product[i, 0], WORKING_DIGITS) for i in range(product.rows)])


def _indices_of_largest(column: sympy.Matrix) -> list[int]:
    """Return the indices of the entries of largest absolute value, in order.

    Magnitudes that agree to ``WORKING_DIGITS - 10`` digits count as a tie, so that exact ties of
    irrational entries are not decided by rounding.
    """
    with mpmath.workdps(WORKING_DIGITS):
        magnitudes = [abs(_to_mp(x)) for x in column]
        largest = max(magnitudes)
        tolerance = mpmath.mpf(10) ** (-(WORKING_DIGITS - 10)) * max(largest, 1)
        return [i for i, m in enumerate(magnitudes) if largest - m <= tolerance]


# --- The operation ---------------------------------------------------------------------------------


def _data_columns(
    X: sympy.ImmutableMatrix, options: Options
) -> tuple[sympy.ImmutableMatrix, tuple[str, ...]]:
    """Apply ``options.column_names`` and ``options.columns`` to X; return the data and its names."""
    names = options.column_names or tuple(f"x{j + 1}" for j in range(X.cols))
    if len(names) != X.cols:
        raise InputError(
            f"column_names gives {len(names)} names, but X has {X.cols} columns; give one name per column"
        )
    if not options.columns:
        return X, tuple(names)
    indices = []
    for name in options.columns:
        if name not in names:
            raise InputError(
                f"column {name!r} not found; the columns are {', '.join(map(repr, names))}; "
                "select columns by these names"
            )
        indices.append(names.index(name))
    return sympy.ImmutableMatrix(X.extract(list(range(X.rows)), indices)), tuple(options.columns)


def _validate(X: sympy.ImmutableMatrix, options: Options) -> int:
    """Check the data and return the number of components to keep."""
    for i in range(X.rows):
        for j in range(X.cols):
            if not X[i, j].is_Rational:
                raise InputError(
                    f"X has {text_of(X[i, j])} in row {i + 1}, column {j + 1}, but PCA needs rational data; "
                    f"give {_NUMBER_FORMS}"
                )
    if X.rows < 2:
        raise InputError(
            f"X has {X.rows} row, but the sample covariance divides by n − 1, so PCA needs at least "
            "2 observations; give one row per observation"
        )
    k = min(2, X.cols) if options.components is None else options.components
    if not 1 <= k <= X.cols:
        raise InputError(
            f"components is {k}, but X has {X.cols} columns; give a number of components from 1 to {X.cols}"
        )
    return k


@operation(
    "pca",
    "principal component analysis of a data matrix whose rows are observations",
    operands=("X",),
    reader=read_operands,
)
def pca(X: sympy.ImmutableMatrix, *, method: str | None, options: Options) -> Solution:
    """Derive the principal components of X, their explained variance and the scores of its rows."""
    X, names = _data_columns(sympy.ImmutableMatrix(X), options)
    k = _validate(X, options)
    n, p = X.shape
    data = _to_domain(X)
    mean = (DomainMatrix.ones((1, n), QQ) * data) / QQ(n)
    centred = data - DomainMatrix.ones((n, 1), QQ) * mean
    covariance = (centred.transpose() * centred) / QQ(n - 1)
    C = sympy.ImmutableMatrix(covariance.to_Matrix())
    trace = C.trace()
    if trace == 0:
        raise InputError(
            "every column of X is constant, so the total variance is 0 and the explained variance ratios "
            "are undefined; give data that varies"
        )

    sections = [
        _data_section(X, names, mean.to_Matrix(), centred.to_Matrix()),
        _covariance_section(centred.to_Matrix(), C, n),
    ]
    eigen_section, eigenvalues, definitions = _eigenvalue_section(covariance)
    sections.append(eigen_section)
    vector_section, pairs = _eigenvector_section(C, eigenvalues)
    sections.append(vector_section)
    sections.append(_variance_section(pairs, trace, k))
    projection_section, components, scores = _projection_section(centred, pairs[:k])
    sections.append(projection_section)

    W = components.applyfunc(_rounded)
    T = scores.applyfunc(_rounded)
    checks = _checks(X, C, pairs, W, T, mean.to_Matrix())
    return Solution(
        operation="pca",
        title="Principal component analysis",
        problem=(
            f"Find the first {k} principal component{'s' if k > 1 else ''} of the {n}×{p} data matrix X, "
            f"whose rows are observations of the variables {', '.join(names)}, the variance each explains, "
            "and the scores of the observations.",
        ),
        inputs={"X": X},
        answer=_answer(pairs, k, definitions, C, mean.to_Matrix(), W, T),
        sections=sections,
        checks=checks,
        method=method,
    )


def _answer(
    pairs: list[Eigenpair],
    k: int,
    definitions: list[Formula],
    C: sympy.ImmutableMatrix,
    mean: sympy.Matrix,
    W: sympy.Matrix,
    T: sympy.Matrix,
) -> Answer:
    """Collect the answer; CRootOf values are shown by the name of their polynomial, defined beside them."""
    trace = C.trace()
    kept_pairs = pairs[:k]
    variances = [pair.eigenvalue.value for pair in kept_pairs]
    ratios = [_ratio(value, trace) for value in variances]
    values = {
        "mean": sympy.ImmutableMatrix(mean),
        "covariance": C,
        "eigenvalues": [pair.eigenvalue.value for pair in pairs],
        "explained_variance": variances,
        "explained_variance_ratio": ratios,
        "components": sympy.ImmutableMatrix(W.T),
        "scores": sympy.ImmutableMatrix(T),
        "exact": all(pair.eigenvalue.exact for pair in kept_pairs),
    }
    used = [d for d in definitions if any(not pair.eigenvalue.exact for pair in kept_pairs)]
    display = tuple(
        [
            chain(_indexed(r"\lambda", "λ", i + 1), pair.eigenvalue.with_decimal())
            for i, pair in enumerate(kept_pairs)
        ]
        + used
        + [chain(Token("W", "W"), _shown_matrix(W))]
    )
    share = sum(_numeric(r, WORKING_DIGITS) for r in ratios)
    summary = (
        f"The first {k} principal component{'s explain' if k > 1 else ' explains'} "
        f"{_percent(share)} of the total variance.",
    )
    return Answer(values, display, summary)


def _percent(share: sympy.Expr) -> str:
    """Return a share between 0 and 1 as a percentage with 4 significant digits, such as 97.77%."""
    return mpmath.nstr(_to_mp(100 * share), 4) + "%"


def _ratio(value: sympy.Expr, trace: sympy.Expr) -> sympy.Expr:
    return simplify_entry(value / trace) if not value.has(sympy.CRootOf) else value / trace


# --- Sections ----------------------------------------------------------------------------------------


def _data_section(
    X: sympy.ImmutableMatrix, names: tuple[str, ...], mean: sympy.Matrix, centred: sympy.Matrix
) -> Section:
    n, p = X.shape
    s = SectionBuilder("Data and centring")
    columns = ", ".join(f"column {j + 1} is {name}" for j, name in enumerate(names))
    shown_rows = _head(X).applyfunc(_as_decimal)
    decimals_note = " Its decimals are exact: 5.1 means 51/10." if shown_rows.has(sympy.Float) else ""
    s.step(
        f"The data matrix X has n = {n} rows, one per observation, and p = {p} columns, one per variable: "
        f"{columns}.{_rows_note(X)}{decimals_note}",
        math=chain(Token("X", "X"), shown_rows),
    )
    formulas = []
    for j in range(p):
        total = sum(X[:, j])
        formulas.append(
            chain(
                _indexed(r"\mu", "μ", j + 1),
                Formula.of(_frac(1, n), TIMES, paren(total)),
                _value_and_decimal(mean[0, j]),
            )
        )
    s.step(
        "The mean of each column is the sum of its entries divided by n. The means stay exact fractions.",
        math=formulas,
    )
    s.step(
        "Subtracting each column's mean from its entries gives the centred matrix Xc, whose columns sum "
        f"to 0.{_rows_note(X)}",
        math=chain(Token(r"X_c", "Xc"), _head(sympy.ImmutableMatrix(centred))),
    )
    return s.build()


def _covariance_section(centred: sympy.Matrix, C: sympy.ImmutableMatrix, n: int) -> Section:
    s = SectionBuilder("Covariance matrix")
    scatter = sympy.ImmutableMatrix(centred.T * centred)
    s.step(
        f"The sample covariance matrix divides the products of the centred columns by n − 1 = {n - 1}, "
        "as scikit-learn's PCA and NumPy's cov do. Entry (i, j) is the covariance of variables i and j, "
        "and the diagonal holds the variances.",
        math=[
            chain(Token("C", "C"), Token(r"\frac{1}{n-1} X_c^T X_c", "XcᵀXc/(n − 1)")),
            chain(Token("C", "C"), Formula.of(_frac(1, n - 1), TIMES, scatter), C),
        ]
        + ([Formula.of(Token("C", "C"), APPROX, _decimal_matrix(C))] if not _is_integral(C) else []),
    )
    return s.build()


def _eigenvalue_section(covariance: DomainMatrix) -> tuple[Section, list[Eigenvalue], list[Formula]]:
    """Find the eigenvalues of C; also return the definitions of the polynomials that CRootOf refers to."""
    s = SectionBuilder("Characteristic polynomial and eigenvalues")
    polynomial = _characteristic_polynomial(covariance)
    det = Token(r"\det(C - \lambda I)", "det(C − λI)")
    s.step(
        "The variances along the principal axes are the eigenvalues of C, the roots of its characteristic "
        "polynomial.",
        math=chain(det, polynomial.as_expr()),
    )
    denominator, integral = polynomial.clear_denoms()
    content, factors = integral.factor_list()

    q = det
    if denominator != 1:
        q = Token(r"q(\lambda)", "q(λ)")
        s.step(
            f"Multiplying by {denominator} clears the denominators without changing the roots.",
            math=chain(q, Formula.of(denominator, TIMES, det), integral.as_expr()),
        )

    irreducible = content == 1 and len(factors) == 1 and factors[0][1] == 1
    if not irreducible:
        factored = [Formula.of(content)] if content != 1 else []
        for factor, multiplicity in factors:
            power = (rf"^{{{multiplicity}}}", f"^{multiplicity}") if multiplicity > 1 else ("", "")
            factored.append(
                Formula.of(
                    Token(r"\left(", "("), factor.as_expr(), Token(r"\right)" + power[0], ")" + power[1])
                )
            )
        s.step("Factor it over the rationals (SymPy's factor_list).", math=chain(q, join(factored, TIMES)))

    names = _factor_names(factors, irreducible)
    definitions = []
    for j, (factor, multiplicity) in enumerate(factors):
        if j in names:
            definitions.append(_explain_irreducible_roots(s, factor, multiplicity, names[j], irreducible))
        else:
            _explain_factor_roots(s, factor, multiplicity)

    eigenvalues = _eigenvalues(factors, names)
    listed = []
    count = 0
    for e in eigenvalues:
        labels = [_indexed(r"\lambda", "λ", count + m + 1) for m in range(e.multiplicity)]
        count += e.multiplicity
        listed.append(chain(*labels, e.with_decimal()))
    s.step(
        "In decreasing order, each repeated as often as its multiplicity, the eigenvalues are as follows. "
        "None is negative, because a covariance matrix is positive semidefinite.",
        math=listed,
    )
    return s.build(), eigenvalues, definitions


def _factor_names(factors: list[tuple[sympy.Poly, int]], irreducible: bool) -> dict[int, Token]:
    """Name each factor of degree 3 or more: q when it is the whole polynomial, else r or r₁, r₂, …"""
    high = [j for j, (factor, _) in enumerate(factors) if factor.degree() >= 3]
    letter = "q" if irreducible else "r"
    names = {}
    for number, j in enumerate(high, start=1):
        if len(high) == 1:
            names[j] = Token(letter, letter)
        else:
            names[j] = Token(f"{letter}_{{{number}}}", f"{letter}{number}")
    return names


def _explain_factor_roots(s: SectionBuilder, factor: sympy.Poly, multiplicity: int) -> None:
    """Show the roots of a linear or quadratic factor."""
    expr = factor.as_expr()
    if factor.degree() == 1:
        a, b = factor.all_coeffs()
        repeated = f" It has multiplicity {multiplicity}." if multiplicity > 1 else ""
        if b == 0:
            s.step(f"The factor {text_of(expr)} gives the root 0." + repeated)
            return
        s.step(
            f"The linear factor {text_of(expr)} gives a rational root." + repeated,
            math=Formula.of(expr, EQ, 0, IMPLIES, LAMBDA, EQ, -b / a),
        )
        return
    repeated = f" Each has multiplicity {multiplicity}." if multiplicity > 1 else ""
    a, b, c = factor.all_coeffs()
    discriminant = b**2 - 4 * a * c
    formula = Formula.of(
        Token(r"\lambda = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}", "λ = (−b ± √(b² − 4ac))/(2a)")
    )
    roots = [sympy.radsimp(r) for r in sympy.roots(factor, multiple=True)]
    s.step(
        f"The quadratic factor {text_of(expr)} has a = {a}, b = {b}, c = {c} and discriminant "
        f"b² − 4ac = {discriminant}, so the quadratic formula gives its roots." + repeated,
        math=[formula, chain(LAMBDA, join(roots, COMMA))],
    )


def _explain_irreducible_roots(
    s: SectionBuilder, factor: sympy.Poly, multiplicity: int, name: Token, whole: bool
) -> Formula:
    """Define the roots of an irreducible factor of degree 3 or more; return the factor's definition."""
    repeated = f" Each of its roots has multiplicity {multiplicity}." if multiplicity > 1 else ""
    call = Token(name.latex + r"(\lambda)", name.text + "(λ)")
    definition = chain(call, factor.as_expr())
    subject = (
        "SymPy's factor_list finds no factor of q over the rationals, so q is irreducible"
        if whole
        else f"The factor {name.text} is irreducible over the rationals"
    )
    s.step(
        f"{subject}. Its {factor.degree()} roots are therefore irrational, and a closed form in radicals is "
        "unusable (a cubic with three real roots needs cube roots of complex numbers, and the radicals of "
        "a quartic are too long to read). The roots are real because C is symmetric. "
        f"CRootOf({name.text}, i) is the exact root with index i when the real roots are numbered from 0 "
        f"in increasing order. mpmath computes each to {RESULT_DIGITS} significant digits; the later "
        f"steps work with {WORKING_DIGITS} digits and show {SHOWN_DIGITS}." + repeated,
        math=[definition]
        + [
            chain(
                Token(rf"\operatorname{{CRootOf}}({name.latex}, {i})", f"CRootOf({name.text}, {i})"),
                Formula.of(_numeric(sympy.CRootOf(factor.as_expr(), i), RESULT_DIGITS)),
            )
            for i in range(factor.degree())
        ],
    )
    return definition


def _eigenvector_section(
    C: sympy.ImmutableMatrix, eigenvalues: list[Eigenvalue]
) -> tuple[Section, list[Eigenpair]]:
    s = SectionBuilder("Eigenvectors: the principal axes")
    s.step(
        "Each principal axis is a unit eigenvector of C: a unit vector w in the null space of C − λI. "
        "Its sign is fixed in the projection, by the convention stated there."
    )
    pairs: list[Eigenpair] = []
    for e in eigenvalues:
        if e.exact:
            pairs.extend(_exact_eigenvectors(s, C, e, len(pairs) + 1))
        else:
            pairs.extend(_numeric_eigenvectors(s, C, e, len(pairs) + 1))
    return s.build(), pairs


def _exact_eigenvectors(
    s: SectionBuilder, C: sympy.ImmutableMatrix, e: Eigenvalue, first: int
) -> list[Eigenpair]:
    """Row-reduce C − λI, read off its null space and scale each basis vector to unit length."""
    A = sympy.Matrix(C - e.value * sympy.eye(C.rows)).applyfunc(simplify_entry)
    s.step(
        "For ",
        chain(_indexed(r"\lambda", "λ", first), e.value),
        ", row-reduce C − λI.",
        math=chain(Formula.of(Token("C", "C"), MINUS, paren(e.value), Token("I", "I")), A),
    )
    basis = _null_space_exact(A, s)
    if len(basis) != e.multiplicity:
        raise VerificationError(
            f"pca: the null space of C − λI for λ = {text_of(e.value)} has dimension {len(basis)}, "
            f"but λ has multiplicity {e.multiplicity}; this is a bug in derive, please report it"
        )
    basis = [_clear_denominators(v) for v in basis]
    if len(basis) == 1:
        s.step(
            "Setting the free variable to 1 and clearing denominators gives an eigenvector v.",
            math=chain(Token("v", "v"), sympy.ImmutableMatrix(basis[0])),
        )
    else:
        s.step(
            f"Setting each of the {len(basis)} free variables to 1 in turn (the others 0) and clearing "
            "denominators gives a basis of the eigenspace. Gram–Schmidt makes it orthogonal: each vector "
            "minus its projections onto the ones before it.",
            math=[Formula.of(sympy.ImmutableMatrix(v)) for v in basis],
        )
        basis = _gram_schmidt(basis)
        s.step(
            "The orthogonal basis, with denominators cleared:",
            math=[
                chain(_indexed("v", "v", first + offset), sympy.ImmutableMatrix(v))
                for offset, v in enumerate(basis)
            ],
        )
    pairs = []
    for offset, v in enumerate(basis):
        name = _indexed("w", "w", first + offset)
        v_name = Token("v", "v") if len(basis) == 1 else _indexed("v", "v", first + offset)
        length = _length(v)
        unit = v / length
        if length == 1:
            s.step(f"{v_name.text} has length 1 already, so it is the unit vector.", math=chain(name, v_name))
        else:
            s.step(
                f"Dividing {v_name.text} by its length gives the unit vector.",
                math=[
                    chain(Formula.of(Token(r"\lVert ", "‖"), v_name, Token(r" \rVert", "‖")), length),
                    chain(name, Formula.of(_frac(1, length), TIMES, v_name), sympy.ImmutableMatrix(unit)),
                ],
            )
        pairs.append(Eigenpair(e, sympy.ImmutableMatrix(unit), sympy.ImmutableMatrix(v)))
    return pairs


def _numeric_eigenvectors(
    s: SectionBuilder, C: sympy.ImmutableMatrix, e: Eigenvalue, first: int
) -> list[Eigenpair]:
    """Find unit vectors spanning the null space of C − λI at ``WORKING_DIGITS`` digits."""
    vectors = _null_space_numeric(C, e)
    names = [_indexed("w", "w", first + offset) for offset in range(len(vectors))]
    s.step(
        "For ",
        chain(_indexed(r"\lambda", "λ", first), Formula.of(_numeric(e.approx))),
        f", C − λI is computed at {WORKING_DIGITS} digits (shown to {SHOWN_DIGITS}). "
        "Its null space is spanned by the right singular vectors of its smallest singular values "
        "(as many as the multiplicity of λ), which are unit vectors.",
        math=[
            chain(
                Formula.of(Token("C", "C"), MINUS, Token(r"\lambda I", "λI")),
                _decimal_matrix(C - e.approx * sympy.eye(C.rows)),
            )
        ]
        + [
            chain(name, _shown_matrix(sympy.ImmutableMatrix(v)))
            for name, v in zip(names, vectors, strict=True)
        ],
    )
    return [Eigenpair(e, sympy.ImmutableMatrix(v)) for v in vectors]


def _variance_section(pairs: list[Eigenpair], trace: sympy.Expr, k: int) -> Section:
    s = SectionBuilder("Explained variance")
    rows = []
    for i, pair in enumerate(pairs):
        ratio = _ratio(pair.eigenvalue.value, trace)
        label = Token(rf"\frac{{\lambda_{{{i + 1}}}}}{{\operatorname{{tr}} C}}", f"λ{i + 1}/tr C")
        if pair.eigenvalue.exact:
            rows.append(chain(label, _value_and_decimal(ratio)))
        else:
            rows.append(Formula.of(label, APPROX, _numeric(ratio)))
    s.step(
        "The variance explained by component i is its eigenvalue λᵢ. The eigenvalues add up to the total "
        "variance, the trace of C (the sum of the column variances), so the explained variance ratio is "
        "λᵢ / tr C.",
        math=[chain(Token(r"\operatorname{tr} C", "tr C"), _value_and_decimal(trace))] + rows,
    )
    kept_share = sum(_numeric(_ratio(pair.eigenvalue.value, trace), WORKING_DIGITS) for pair in pairs[:k])
    s.step(
        f"The first {k} component{'s together explain' if k > 1 else ' explains'} {_percent(kept_share)} "
        "of the total variance."
    )
    return s.build()


def _projection_section(
    centred: DomainMatrix, pairs: list[Eigenpair]
) -> tuple[Section, sympy.Matrix, sympy.Matrix]:
    s = SectionBuilder("Projection onto the principal components")
    vectors, columns, notes = [], [], []
    for i, pair in enumerate(pairs):
        w, column, note = _apply_sign_convention(
            i + 1, sympy.Matrix(pair.vector), _scores_column(centred, pair)
        )
        vectors.append(w)
        columns.append(column)
        notes.append(note)
    W = sympy.Matrix.hstack(*vectors)
    scores = sympy.Matrix.hstack(*columns)

    s.step(
        "Each unit eigenvector is determined only up to sign. The convention here is scikit-learn's PCA "
        "since version 1.5 (svd_flip with u_based_decision=False): each component w gets the sign that "
        "makes its entry of largest absolute value positive, taking the first such entry when several tie, "
        "and its column of scores follows. Versions before 1.5 decided the sign from the scores instead, "
        "which can give the opposite sign. " + " ".join(notes)
    )
    k = len(pairs)
    subject = (
        f"The {k} kept unit eigenvectors, in decreasing order of eigenvalue, are"
        if k > 1
        else "The kept unit eigenvector is"
    )
    s.step(
        f"{subject} the column{'s' if k > 1 else ''} of W.",
        math=chain(Token("W", "W"), _shown_matrix(sympy.ImmutableMatrix(W))),
    )
    s.step(
        "The scores are the coordinates of the centred observations along the principal axes: "
        f"T = Xc·W, one row per observation.{_rows_note(scores)}",
        math=chain(
            Token("T", "T"),
            Formula.of(Token("X_c", "Xc"), TIMES, Token("W", "W")),
            _shown_matrix(_head(scores)),
        ),
    )
    return s.build(), W, scores


def _apply_sign_convention(
    number: int, w: sympy.Matrix, column: sympy.Matrix
) -> tuple[sympy.Matrix, sympy.Matrix, str]:
    """Return the component, its scores and a sentence on the sign chosen for them.

    NOTE: scikit-learn 1.5 and later sign each component so that its entry of largest absolute value
    is positive (svd_flip with u_based_decision=False); earlier versions made the score of largest
    absolute value positive. The rules can disagree; on the iris data of the course the first two
    components come out the same under both.
    """
    # scikit-learn compares floating-point values, so its choice on an exact tie depends on rounding.
    # Here an exact tie goes to the first entry, as NumPy's argmax does without rounding.
    entries = _indices_of_largest(w)
    sign = -1 if _to_mp(w[entries[0]]) < 0 else 1
    tie = (
        f" (entries {', '.join(str(r + 1) for r in entries)} tie; the first counts)"
        if len(entries) > 1
        else ""
    )
    action = "flips" if sign < 0 else "keeps"
    note = (
        f"Component {number}: the entry of w{number} of largest absolute value is entry "
        f"{entries[0] + 1}{tie}, so the convention {action} its sign."
    )
    if sign > 0:
        return w, column, note
    return w.applyfunc(_negate), column.applyfunc(_negate), note


# --- Checks --------------------------------------------------------------------------------------------


def _negate(x: sympy.Expr) -> sympy.Expr:
    """Return −x, with the sign taken into the numerator of a fraction: (43 − √5945)/√N, not −(…)/√N."""
    if isinstance(x, sympy.Float) or x.is_Rational:
        return -x
    numerator, denominator = sympy.fraction(x)
    return sympy.expand(-numerator) / denominator


def _residual_check(statement: str, residual: sympy.Matrix, label: Formula, exact: bool) -> Check:
    """Build the check that ``residual`` is 0: exactly when ``exact``, else to ``RESIDUAL_BOUND`` in the
    Euclidean norm, computed at ``WORKING_DIGITS`` digits."""
    if not exact:
        with mpmath.workdps(WORKING_DIGITS):
            size = mpmath.sqrt(mpmath.fsum(_to_mp(x) ** 2 for x in residual))
            passed = bool(size < _to_mp(RESIDUAL_BOUND))
        relation = Token("<", "<") if passed else Token(r"\geq", "≥")
        bound = Token(r"10^{-20}", RESIDUAL_BOUND_TEXT)
        math = Formula.of(
            Token(r"\lVert", "‖"), label, Token(r"\rVert", "‖"), EQ, sympy.Float(size, 3), relation, bound
        )
        return Check((f"{statement} (to {RESIDUAL_BOUND_TEXT} in norm)",), passed, (math,))
    simplified = sympy.ImmutableMatrix(residual.applyfunc(simplify_entry))
    passed = all(is_zero(x) for x in simplified)
    displayed = simplified[0, 0] if simplified.shape == (1, 1) else simplified
    return Check((f"{statement} (exactly)",), passed, (chain(label, displayed),))


def _rounded(x: sympy.Expr) -> sympy.Expr:
    return sympy.Float(x, RESULT_DIGITS) if isinstance(x, sympy.Float) else x


def _checks(
    X: sympy.ImmutableMatrix,
    C: sympy.ImmutableMatrix,
    pairs: list[Eigenpair],
    W: sympy.Matrix,
    T: sympy.Matrix,
    mean: sympy.Matrix,
) -> list[Check]:
    """Verify the answer: the covariance from the raw data, each eigenpair, the trace, the
    orthonormality of W and the variance of each column of scores."""
    values = [
        _rounded(pair.eigenvalue.value if pair.eigenvalue.exact else pair.eigenvalue.approx) for pair in pairs
    ]
    checks = [_covariance_check(X, C, mean)]
    checks += _eigenpair_checks(C, pairs, values, W)
    checks += _score_checks(pairs, values, T)
    return checks


def _covariance_check(X: sympy.ImmutableMatrix, C: sympy.ImmutableMatrix, mean: sympy.Matrix) -> Check:
    """Recompute the covariance from the raw data and the means, without the centred matrix."""
    n = X.rows
    raw = _to_domain(X)
    mu = _to_domain(mean)
    second = sympy.ImmutableMatrix(
        ((raw.transpose() * raw - (mu.transpose() * mu) * QQ(n)) / QQ(n - 1)).to_Matrix()
    )
    label = Token(r"\frac{1}{n-1}\left(X^T X - n\,\mu^T \mu\right)", "(XᵀX − n·μᵀμ)/(n − 1)")
    return Check(
        ("The covariance computed from the raw data, (XᵀX − n·μᵀμ)/(n − 1), equals C (exactly).",),
        second == C,
        (chain(label, second),),
    )


def _eigenpair_checks(
    C: sympy.ImmutableMatrix, pairs: list[Eigenpair], values: list[sympy.Expr], W: sympy.Matrix
) -> list[Check]:
    """Check Cw = λw for every eigenpair (the kept ones as in W), the trace and WᵀW = I."""
    k = W.cols
    vectors = [W[:, i] for i in range(k)] + [
        sympy.Matrix(pair.vector).applyfunc(_rounded) for pair in pairs[k:]
    ]
    checks = []
    for i, (value, w) in enumerate(zip(values, vectors, strict=True)):
        name = _indexed("w", "w", i + 1)
        label = Formula.of(Token("C", "C"), name, MINUS, _indexed(r"\lambda", "λ", i + 1), name)
        residual = sympy.Matrix(C) * w - value * w
        checks.append(
            _residual_check(f"C·w{i + 1} = λ{i + 1}·w{i + 1}", residual, label, pairs[i].eigenvalue.exact)
        )

    checks.append(
        _residual_check(
            "The eigenvalues, each as often as its multiplicity, add up to the trace of C",
            sympy.Matrix([sum(values) - C.trace()]),
            Formula.of(Token(r"\sum_i \lambda_i - \operatorname{tr} C", "Σλᵢ − tr C")),
            all(pair.eigenvalue.exact for pair in pairs),
        )
    )
    checks.append(
        _residual_check(
            "The kept components are orthonormal, WᵀW = I",
            W.T * W - sympy.eye(k),
            Formula.of(Token("W^T W - I", "WᵀW − I")),
            all(pair.eigenvalue.exact for pair in pairs[:k]),
        )
    )
    return checks


def _score_checks(pairs: list[Eigenpair], values: list[sympy.Expr], T: sympy.Matrix) -> list[Check]:
    """Check that the sample variance of each column of scores is its eigenvalue."""
    n = T.rows
    checks = []
    for i in range(T.cols):
        column = T[:, i]
        exact = pairs[i].eigenvalue.exact
        if exact:
            variance = column.dot(column) / (n - 1)
        else:
            with mpmath.workdps(WORKING_DIGITS):
                variance = sympy.Float(mpmath.fsum(_to_mp(x) ** 2 for x in column) / (n - 1), WORKING_DIGITS)
        label = Formula.of(
            Token(
                rf"\tfrac{{1}}{{n-1}} \lVert t_{{{i + 1}}} \rVert^2 - \lambda_{{{i + 1}}}",
                f"‖t{i + 1}‖²/(n − 1) − λ{i + 1}",
            )
        )
        checks.append(
            _residual_check(
                f"The sample variance of the scores t{i + 1} (column {i + 1} of T) equals λ{i + 1}",
                sympy.Matrix([variance - values[i]]),
                label,
                exact,
            )
        )
    return checks
