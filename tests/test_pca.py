"""Tests of derive.pca: the exact CSV reader and principal component analysis."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import numpy as np
import pytest
import sympy
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from derive import pca as pca_module
from derive.cli import main
from derive.elimination import is_zero, simplify_entry
from derive.errors import InputError, VerificationError
from derive.formula import Formula, Token, prose_text
from derive.parsing import parse_entry, parse_matrix
from derive.pca import parse_number, pca_from_csv, read_csv_data
from derive.registry import Options, solve

CASES = Path(__file__).parent / "cases"
FORMS = "an integer, a decimal such as 5.1 or a fraction such as 3/4"
IRIS = CASES / "iris.csv"
IRIS_COLUMNS = ("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm")


def load_cases(name: str) -> dict[str, dict]:
    data = json.loads((CASES / name).read_text())
    return {case["id"]: case for case in data["cases"]}


NOTEBOOK = load_cases("course-notebook.json")


def numeric(value: sympy.Expr) -> float:
    return float(sympy.N(value, 30))


def sklearn_component_sign(component: np.ndarray) -> float:
    """The sign of the entry of largest absolute value, the first of those that tie to 1e-9: the sign
    that scikit-learn 1.5 and later (svd_flip with u_based_decision=False) makes positive."""
    magnitudes = np.abs(component)
    first = int(np.flatnonzero(magnitudes >= magnitudes.max() - 1e-9)[0])
    return float(np.sign(component[first]))


def solution_text(solution) -> str:
    lines = []
    for section in solution.sections:
        lines.append(section.title)
        for step in section.steps:
            lines.append(prose_text(step.text))
            lines.extend(m.text() for m in step.math)
    return "\n".join(lines)


# --- parse_number ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.1", sympy.Rational(51, 10)),
        ("-0.25", sympy.Rational(-1, 4)),
        ("+3", sympy.Integer(3)),
        (" 7 ", sympy.Integer(7)),
        ("3/4", sympy.Rational(3, 4)),
        ("-10/4", sympy.Rational(-5, 2)),
        (".5", sympy.Rational(1, 2)),
        ("5.", sympy.Integer(5)),
        ("2e-3", sympy.Rational(1, 500)),
        ("1.5E2", sympy.Integer(150)),
    ],
    ids=[
        "decimal",
        "negative",
        "plus",
        "spaces",
        "fraction",
        "unreduced",
        "leading-dot",
        "trailing-dot",
        "exponent",
        "upper-exponent",
    ],
)
def test_parse_number_exact(text, expected):
    value = parse_number(text)
    assert value == expected
    assert isinstance(value, sympy.Rational)


@pytest.mark.parametrize(
    "text",
    ["setosa", "", "1/0", "nan", "inf", "1,5", "2**3", "sqrt(2)", "1e", "--1", "__import__('os')"],
    ids=[
        "word",
        "empty",
        "zero-denominator",
        "nan",
        "inf",
        "comma",
        "power",
        "sqrt",
        "bare-exponent",
        "double-sign",
        "code",
    ],
)
def test_parse_number_rejects(text):
    assert parse_number(text) is None


# --- read_csv_data -----------------------------------------------------------------------------------


def test_read_iris_default_columns():
    X, names = read_csv_data(IRIS)
    assert names == IRIS_COLUMNS
    assert X.shape == (150, 4)
    assert X[0, :] == sympy.Matrix(
        [[sympy.Rational(51, 10), sympy.Rational(7, 2), sympy.Rational(7, 5), sympy.Rational(1, 5)]]
    )
    assert all(isinstance(x, sympy.Rational) for x in X)


def test_read_selected_columns_in_order():
    X, names = read_csv_data(IRIS, ("petal_width_cm", "sepal_length_cm"))
    assert names == ("petal_width_cm", "sepal_length_cm")
    assert X.shape == (150, 2)
    assert X[0, :] == sympy.Matrix([[sympy.Rational(1, 5), sympy.Rational(51, 10)]])


def test_read_skips_blank_lines_and_strips(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(" a , b ,label\n1, 2/3 ,x\n\n-0.5,4,y\n\n", encoding="utf-8")
    X, names = read_csv_data(path)
    assert names == ("a", "b")
    assert sympy.Matrix([[1, sympy.Rational(2, 3)], [sympy.Rational(-1, 2), 4]]) == X


def test_read_byte_order_mark(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("\ufeffx,y\n1,2\n3,4\n", encoding="utf-8")
    _, names = read_csv_data(path)
    assert names == ("x", "y")


CSV_ERRORS = [
    ("empty", "", (), "{path}: the file is empty; expected a header row of column names and rows of numbers"),
    (
        "blank-lines-only",
        "\n\n",
        (),
        "{path}: the file is empty; expected a header row of column names and rows of numbers",
    ),
    (
        "header-only",
        "a,b\n",
        (),
        "{path}: the file has a header but no data rows; add one row per observation",
    ),
    (
        "ragged-short",
        "a,b,c\n1,2,3\n4,5\n",
        (),
        "{path}: row 3 has 2 fields, but the header has 3; give every row the same number of fields",
    ),
    (
        "ragged-long",
        "a,b\n1,2\n\n3,4,5\n",
        (),
        "{path}: row 4 has 3 fields, but the header has 2; give every row the same number of fields",
    ),
    (
        "non-numeric",
        "a,b\n1,2\n3,x7\n",
        (),
        "{path}: row 3, column 'b' contains 'x7', which is not a number; expected {forms}",
    ),
    (
        "missing-value",
        "a,b\n1,2\n3,\n",
        (),
        "{path}: row 3, column 'b' is empty; expected {forms}",
    ),
    (
        "selected-label",
        "a,label\n1,x\n2,y\n",
        ("label",),
        "{path}: row 2, column 'label' contains 'x', which is not a number; expected {forms}",
    ),
    (
        "missing-column",
        "a,b\n1,2\n",
        ("c",),
        "{path}: column 'c' not found; the header has 'a', 'b'; select columns by these names",
    ),
    (
        "no-numeric-column",
        "name,label\nx,y\nz,w\n",
        (),
        "{path}: no column contains numbers, so no columns are selected; give a file with numeric columns",
    ),
    (
        "selected-twice",
        "a,b\n1,2\n",
        ("a", "a"),
        "{path}: column 'a' is selected twice; select each column once",
    ),
    (
        "duplicate-header",
        "a,a\n1,2\n",
        ("a",),
        "{path}: column 'a' appears twice in the header; rename one of them",
    ),
    (
        "zero-denominator",
        "a\n1/0\n",
        ("a",),
        "{path}: row 2, column 'a' contains '1/0', which is not a number; expected {forms}",
    ),
]


@pytest.mark.parametrize(
    ("content", "columns", "message"), [c[1:] for c in CSV_ERRORS], ids=[c[0] for c in CSV_ERRORS]
)
def test_read_csv_errors(tmp_path, content, columns, message):
    path = tmp_path / "data.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="^" + re.escape(message.format(path=path, forms=FORMS)) + "$"):
        read_csv_data(path, columns)


def test_read_missing_file(tmp_path):
    path = tmp_path / "absent.csv"
    with pytest.raises(
        InputError, match="^" + re.escape(f"{path}: file not found; give the path of a CSV file") + "$"
    ):
        read_csv_data(path)


def test_read_not_utf8(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("größe\n1\n".encode("latin-1"))
    with pytest.raises(
        InputError, match="^" + re.escape(f"{path}: the file is not UTF-8 text; save it as UTF-8 CSV") + "$"
    ):
        read_csv_data(path)


# --- The iris case of the course notebook ------------------------------------------------------------


@pytest.fixture(scope="module")
def iris_solution():
    case = NOTEBOOK["N25"]
    options = Options(columns=tuple(case["options"]["columns"]), components=case["options"]["components"])
    started = time.perf_counter()
    solution = pca_from_csv(CASES / case["data_file"], options)
    return solution, time.perf_counter() - started


def test_iris_explained_variance(iris_solution):
    solution, _ = iris_solution
    expected = [float(parse_entry(x)) for x in NOTEBOOK["N25"]["expected"]["explained_variance"]]
    found = [numeric(x) for x in solution.answer.values["explained_variance"]]
    assert found == pytest.approx(expected, abs=1e-8)


def test_iris_explained_variance_ratio(iris_solution):
    solution, _ = iris_solution
    expected = [float(parse_entry(x)) for x in NOTEBOOK["N25"]["expected"]["explained_variance_ratio"]]
    found = [numeric(x) for x in solution.answer.values["explained_variance_ratio"]]
    assert found == pytest.approx(expected, abs=1e-8)


def test_iris_first_scores_with_signs(iris_solution):
    solution, _ = iris_solution
    expected = np.array(
        [[float(parse_entry(x)) for x in row] for row in NOTEBOOK["N25"]["expected"]["first_scores"]]
    )
    scores = solution.answer.values["scores"]
    found = np.array([[numeric(x) for x in scores.row(i)] for i in range(len(expected))])
    assert np.abs(found - expected).max() < 1e-7


def test_iris_eigenvalues_are_exact_roots(iris_solution):
    solution, _ = iris_solution
    eigenvalues = solution.answer.values["eigenvalues"]
    assert len(eigenvalues) == 4
    assert all(isinstance(x, sympy.CRootOf) for x in eigenvalues)
    assert [x.index for x in eigenvalues] == [3, 2, 1, 0]
    assert solution.answer.values["exact"] is False


def test_iris_covariance_exact(iris_solution):
    solution, _ = iris_solution
    C = solution.answer.values["covariance"]
    assert C[0, 0] == sympy.Rational(61301, 89400)
    X, _ = read_csv_data(IRIS)
    reference = np.cov(np.array(X.tolist(), dtype=float), rowvar=False)
    assert np.abs(np.array(C.tolist(), dtype=float) - reference).max() < 1e-12


def test_iris_steps_explain_the_quartic(iris_solution):
    solution, _ = iris_solution
    text = solution_text(solution)
    assert "q is irreducible" in text
    assert "CRootOf(q, 3) = 4.22824170603486353413592650842" in text
    assert "The first 6 of its 150 rows are shown. Its decimals are exact: 5.1 means 51/10." in text
    assert "X = [5.1 3.5 1.4 0.2; 4.9 3 1.4 0.2;" in text
    assert "n − 1 = 149" in text


def test_iris_checks_are_real(iris_solution):
    solution, _ = iris_solution
    statements = [prose_text(c.statement) for c in solution.checks]
    assert len(solution.checks) == 9
    assert all(c.passed for c in solution.checks)
    assert "C·w1 = λ1·w1 (to 1e-20 in norm)" in statements


def test_iris_under_two_seconds(iris_solution):
    _, seconds = iris_solution
    assert seconds < 2


# --- Exact cases -------------------------------------------------------------------------------------

SQRT2 = sympy.sqrt(2)
S = sympy.sqrt(5945)

EXACT_CASES = [
    (
        "rational-eigenvalues",
        """1 2
           3 4
           5 0
           7 6""",
        [sympy.Rational(28, 3), 4],
        [sympy.Rational(7, 10), sympy.Rational(3, 10)],
        sympy.Matrix([[SQRT2 / 2, SQRT2 / 2], [SQRT2 / 2, -SQRT2 / 2]]),
    ),
    (
        "quadratic-eigenvalues",
        """1 2
           2 3
           4 1
           5 7""",
        [sympy.Rational(41, 8) + S / 24, sympy.Rational(41, 8) - S / 24],
        [sympy.Rational(1, 2) + S / 246, sympy.Rational(1, 2) - S / 246],
        None,
    ),
    (
        "repeated-eigenvalue",
        """ 1  0  0
           -1  0  0
            0  1  0
            0 -1  0
            0  0  1
            0  0 -1""",
        [sympy.Rational(2, 5), sympy.Rational(2, 5)],
        [sympy.Rational(1, 3), sympy.Rational(1, 3)],
        sympy.Matrix([[1, 0, 0], [0, 1, 0]]),
    ),
    (
        "constant-column",
        """1 5
           2 5
           3 5""",
        [1, 0],
        [1, 0],
        sympy.Matrix([[1, 0], [0, 1]]),
    ),
    (
        "single-column",
        """1
           2
           4""",
        [sympy.Rational(7, 3)],
        [1],
        sympy.Matrix([[1]]),
    ),
]


@pytest.mark.parametrize(
    ("text", "variances", "ratios", "components"),
    [c[1:] for c in EXACT_CASES],
    ids=[c[0] for c in EXACT_CASES],
)
def test_exact_case(text, variances, ratios, components):
    solution = solve("pca", parse_matrix(text))
    values = solution.answer.values
    assert values["exact"] is True
    assert all(
        is_zero(simplify_entry(a - b)) for a, b in zip(values["explained_variance"], variances, strict=True)
    )
    assert all(
        is_zero(simplify_entry(a - b))
        for a, b in zip(values["explained_variance_ratio"], ratios, strict=True)
    )
    if components is not None:
        difference = (values["components"] - components).applyfunc(simplify_entry)
        assert difference == sympy.zeros(*components.shape)
    assert not any(x.has(sympy.Float) for x in values["components"])


def test_quadratic_components_exact_and_unit():
    X = parse_matrix("""1 2
                        2 3
                        4 1
                        5 7""")
    values = solve("pca", X).answer.values
    W = values["components"]
    gram = (W * W.T).applyfunc(simplify_entry)
    assert gram == sympy.eye(2)
    assert W[0, 0] == (-43 + S) / sympy.sqrt(11890 - 86 * S)


def test_zero_variance_component_sign_from_vector():
    solution = solve("pca", parse_matrix("1 5; 2 5; 3 5"))
    text = solution_text(solution)
    assert (
        "Component 2: the entry of w2 of largest absolute value is entry 2, so the convention keeps" in text
    )
    assert solution.answer.values["components"][1, :] == sympy.Matrix([[0, 1]])
    assert solution.answer.values["scores"][:, 1] == sympy.zeros(3, 1)


def test_sign_convention_is_stated_with_the_version():
    text = solution_text(solve("pca", parse_matrix("1 5; 2 5; 3 5")))
    assert (
        "The convention here is scikit-learn's PCA since version 1.5 (svd_flip with u_based_decision=False)"
        in text
    )
    assert "Versions before 1.5 decided the sign from the scores instead" in text


def test_component_sign_not_score_sign():
    # The scores of largest absolute value (rows 1 and 3 tie) would flip w1 under the score rule of
    # scikit-learn before 1.5; the component rule keeps w1 = (1, 0).
    solution = solve("pca", parse_matrix("1 5; 2 5; 3 5"))
    assert solution.answer.values["components"][0, :] == sympy.Matrix([[1, 0]])
    assert solution.answer.values["scores"][:, 0] == sympy.Matrix([-1, 0, 1])


@pytest.mark.parametrize(
    ("text", "component", "note"),
    [
        pytest.param(
            "1 1; 2 2; 4 4",
            sympy.Matrix([sympy.sqrt(2) / 2, sympy.sqrt(2) / 2]),
            "entry 1 (entries 1, 2 tie; the first counts)",
            id="equal-entries",
        ),
        pytest.param(
            "1 -1; 2 -2; 4 -4",
            sympy.Matrix([sympy.sqrt(2) / 2, -sympy.sqrt(2) / 2]),
            "entry 1 (entries 1, 2 tie; the first counts)",
            id="opposite-entries",
        ),
    ],
)
def test_exact_tie_goes_to_first_entry(text, component, note):
    solution = solve("pca", parse_matrix(text), options=Options(components=1))
    difference = (solution.answer.values["components"][0, :] - component.T).applyfunc(simplify_entry)
    assert difference == sympy.zeros(1, 2)
    assert note in solution_text(solution)


@pytest.mark.parametrize(
    ("components", "sentence"),
    [
        pytest.param(1, "The first 1 principal component explains", id="one"),
        pytest.param(2, "The first 2 principal components explain", id="two"),
    ],
)
def test_summary_grammar(components, sentence):
    solution = solve("pca", parse_matrix("1 2; 2 3; 4 1; 5 7"), options=Options(components=components))
    assert prose_text(solution.answer.summary).startswith(sentence)


def test_mixed_exact_and_numeric_components():
    X = parse_matrix("1 2 3 0; 4 0 6 0; 7 8 1 0; 2 2 2 0; 1 1 1 0")
    values = solve("pca", X, options=Options(components=4)).answer.values
    assert values["exact"] is False
    assert values["eigenvalues"][3] == 0
    assert values["components"][3, :] == sympy.Matrix([[0, 0, 0, 1]])
    assert isinstance(values["components"][0, 0], sympy.Float)


def test_default_components_at_most_two():
    values = solve("pca", parse_matrix("1 2 3; 4 0 6; 7 8 1; 2 2 2")).answer.values
    assert values["scores"].shape == (4, 2)
    assert len(values["eigenvalues"]) == 3


def test_column_names_and_selection():
    X = parse_matrix("1 2 10; 3 4 20; 5 0 40; 7 6 30")
    options = Options(column_names=("a", "b", "c"), columns=("a", "b"))
    solution = solve("pca", X, options=options)
    assert solution.inputs["X"] == X[:, :2]
    assert "column 1 is a, column 2 is b" in solution_text(solution)


def test_small_case_is_fast():
    started = time.perf_counter()
    solve("pca", parse_matrix("2 0 1; 1 3 2; 1 1 1; 0 2 5"))
    assert time.perf_counter() - started < 1


# --- Option and data errors ----------------------------------------------------------------------------

X_SMALL = parse_matrix("1 2; 3 4; 5 0; 7 6")

OPERATION_ERRORS = [
    (
        "components-zero",
        X_SMALL,
        Options(components=0),
        "components is 0, but X has 2 columns; give a number of components from 1 to 2",
    ),
    (
        "components-too-many",
        X_SMALL,
        Options(components=3),
        "components is 3, but X has 2 columns; give a number of components from 1 to 2",
    ),
    (
        "names-count",
        X_SMALL,
        Options(column_names=("a",)),
        "column_names gives 1 names, but X has 2 columns; give one name per column",
    ),
    (
        "unknown-column",
        X_SMALL,
        Options(columns=("z",)),
        "column 'z' not found; the columns are 'x1', 'x2'; select columns by these names",
    ),
    (
        "one-row",
        parse_matrix("1 2"),
        Options(),
        "X has 1 row, but the sample covariance divides by n − 1, so PCA needs at least 2 observations; "
        "give one row per observation",
    ),
    (
        "constant",
        parse_matrix("1 2; 1 2; 1 2"),
        Options(),
        "every column of X is constant, so the total variance is 0 and the explained variance ratios are "
        "undefined; give data that varies",
    ),
    (
        "symbolic",
        parse_matrix("a 2; 3 4"),
        Options(),
        "X has a in row 1, column 1, but PCA needs rational data; give {forms}",
    ),
    (
        "irrational",
        parse_matrix("sqrt(2) 2; 3 4"),
        Options(),
        "X has sqrt(2) in row 1, column 1, but PCA needs rational data; give {forms}",
    ),
]


@pytest.mark.parametrize(
    ("X", "options", "message"), [c[1:] for c in OPERATION_ERRORS], ids=[c[0] for c in OPERATION_ERRORS]
)
def test_operation_errors(X, options, message):
    with pytest.raises(InputError, match="^" + re.escape(message.format(forms=FORMS)) + "$"):
        solve("pca", X, options=options)


def test_method_rejected():
    with pytest.raises(
        InputError, match=r"^pca has no methods to choose from, but --method 'svd' was given; leave it out$"
    ):
        solve("pca", X_SMALL, method="svd")


# --- Command line ----------------------------------------------------------------------------------------


def test_cli_reads_csv_columns():
    result = CliRunner().invoke(
        main,
        [
            "solve",
            "pca",
            str(IRIS),
            "--columns",
            "petal_length_cm,petal_width_cm",
            "--components",
            "1",
            "-f",
            "json",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["verified"] is True
    assert "petal_length_cm, petal_width_cm" in data["problem"]
    assert len(data["answer"]["explained_variance"]) == 1
    assert sympy.N(sympy.parse_expr(data["answer"]["explained_variance"][0])) > 0


def test_cli_reads_matrix_text():
    result = CliRunner().invoke(main, ["solve", "pca", "1 2; 3 4; 5 0; 7 6"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "λ1 = 28/3" in result.stdout


def test_cli_csv_error_exit_code():
    result = CliRunner().invoke(main, ["solve", "pca", str(IRIS), "--columns", "species"])
    assert result.exit_code == 2
    assert f"{IRIS}: row 2, column 'species' contains 'setosa', which is not a number" in result.stderr


# --- Properties ------------------------------------------------------------------------------------------

entries = st.one_of(
    st.integers(-6, 6).map(sympy.Integer),
    st.builds(sympy.Rational, st.integers(-9, 9), st.integers(1, 4)),
)


@st.composite
def data_matrices(draw):
    rows = draw(st.integers(2, 6))
    cols = draw(st.integers(1, 3))
    return sympy.ImmutableMatrix(
        rows, cols, draw(st.lists(entries, min_size=rows * cols, max_size=rows * cols))
    )


def varying(X: sympy.MatrixBase) -> bool:
    return any(len(set(X[:, j])) > 1 for j in range(X.cols))


@settings(max_examples=30, deadline=None)
@given(data_matrices())
def test_covariance_symmetric_psd(X):
    assume(varying(X))
    values = solve("pca", X, options=Options(components=X.cols)).answer.values
    C = values["covariance"]
    assert C == C.T
    assert all(numeric(x) >= -1e-25 for x in values["eigenvalues"])
    reference = np.atleast_2d(np.cov(np.array(X.tolist(), dtype=float), rowvar=False))
    assert np.abs(np.array(C.tolist(), dtype=float) - reference).max() < 1e-9


@settings(max_examples=30, deadline=None)
@given(data_matrices())
def test_ratios_sum_to_one(X):
    assume(varying(X))
    values = solve("pca", X, options=Options(components=X.cols)).answer.values
    total = sympy.N(sum(values["explained_variance_ratio"]), 30)
    assert abs(total - 1) < 1e-20


@settings(max_examples=30, deadline=None)
@given(data_matrices())
def test_components_follow_sklearn_signs(X):
    assume(varying(X))
    values = solve("pca", X, options=Options(components=X.cols)).answer.values
    scores = np.array([[numeric(x) for x in values["scores"].row(i)] for i in range(X.rows)])
    for j in range(values["components"].rows):
        component = np.array([numeric(x) for x in values["components"][j, :]])
        assert sklearn_component_sign(component) == 1
    Xc = np.array(X.tolist(), dtype=float)
    Xc -= Xc.mean(axis=0)
    W = np.array([[numeric(x) for x in values["components"].row(i)] for i in range(X.cols)]).T
    assert np.abs(Xc @ W - scores).max() < 1e-9


# --- Checks can fail -----------------------------------------------------------------------------------


def test_wrong_numeric_eigenvector_fails(monkeypatch):
    def rotated(C, eigenvalue):
        return [sympy.Matrix([1, 0, 0])]

    monkeypatch.setattr(pca_module, "_null_space_numeric", rotated)
    with pytest.raises(VerificationError, match=r"^pca: the answer failed its check \(C·w1 = λ1·w1 "):
        solve("pca", parse_matrix("1 2 3; 4 0 6; 7 8 1; 2 2 2"))


@pytest.mark.parametrize(
    ("residual", "exact", "passed"),
    [
        (sympy.Matrix([0, 0]), True, True),
        (sympy.Matrix([sympy.sqrt(2) * sympy.sqrt(3) - sympy.sqrt(6), 0]), True, True),
        (sympy.Matrix([sympy.Rational(1, 10**30), 0]), True, False),
        (sympy.Matrix([sympy.Float("1e-25", 30), 0]), False, True),
        (sympy.Matrix([sympy.Float("1e-19", 30), 0]), False, False),
    ],
    ids=["exact-zero", "radical-zero", "exact-tiny", "numeric-below-bound", "numeric-above-bound"],
)
def test_residual_check_outcome(residual, exact, passed):
    check = pca_module._residual_check("r = 0", residual, Formula.of(Token("r", "r")), exact)
    assert check.passed is passed
