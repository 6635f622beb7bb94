"""Every case of tests/cases/*.json through the whole product: command line, JSON, parse back, compare.

The cases are the course notebook's worked examples and known traps, each with its right value. Each
runs as ``derive solve OPERATION ... --format json``; the exact strings in the output are read back
with ``sympy.parse_expr`` and compared with the expected value. Eigenvectors and singular vectors are
compared by what they must satisfy, since they are determined only up to scaling and basis.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sympy
from click.testing import CliRunner
from sympy.parsing.sympy_parser import parse_expr

from derive.cli import main

CASES_DIR = Path(__file__).parent / "cases"
LAM = sympy.Symbol("lamda")


def load(name: str) -> list[dict[str, Any]]:
    return json.loads((CASES_DIR / name).read_text())["cases"]


def read_exact(text: str) -> sympy.Expr:
    """Read an expected value of the case files, where λ is written ``lambda``."""
    return parse_expr(text.replace("lambda", "lamda"))


def matrix_of(rows: list[list[str]]) -> sympy.Matrix:
    return sympy.Matrix([[read_exact(x) for x in row] for row in rows])


def operand_text(rows: list[list[str]]) -> str:
    return "; ".join(" ".join(x.replace(" ", "") for x in row) for row in rows)


def run_json(operation: str, *operands: str, options: tuple[str, ...] = ()) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["solve", operation, *operands, "--format", "json", *options])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verified"] is True
    return data


def answer(data: dict[str, Any], key: str) -> Any:
    value = data["answer"][key]
    if isinstance(value, str):
        return parse_expr(value)
    if isinstance(value, list):
        return [parse_expr(v) if isinstance(v, str) else v for v in value]
    return value


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0


def same_matrix(a: sympy.Matrix, b: sympy.Matrix) -> bool:
    return a.shape == b.shape and all(same(x, y) for x, y in zip(a, b, strict=True))


def options_of(case: dict[str, Any]) -> tuple[str, ...]:
    opts = case.get("options", {})
    out: list[str] = []
    if "ord" in opts:
        out += ["--ord", opts["ord"]]
    if "scalar" in opts:
        out += ["--scalar", opts["scalar"]]
    if "components" in opts:
        out += ["--components", str(opts["components"])]
    if "columns" in opts:
        out += ["--columns", ",".join(opts["columns"])]
    return tuple(out)


def check_matrix_answer(key: str) -> Callable[[dict[str, Any], dict[str, Any]], None]:
    def check(case: dict[str, Any], data: dict[str, Any]) -> None:
        assert same_matrix(answer(data, key), matrix_of(case["expected"]))

    return check


def check_scalar_answer(key: str) -> Callable[[dict[str, Any], dict[str, Any]], None]:
    def check(case: dict[str, Any], data: dict[str, Any]) -> None:
        assert same(answer(data, key), read_exact(case["expected"]))

    return check


def check_eigenvalues(case: dict[str, Any], data: dict[str, Any]) -> None:
    expected = case["expected"]
    if "charpoly" in expected:
        assert sympy.expand(answer(data, "charpoly") - read_exact(expected["charpoly"])) == 0
    got = sorted(answer(data, "eigenvalues"), key=lambda v: complex(sympy.N(v, 30)).real)
    if "eigenvalues" in expected:
        want = sorted((read_exact(v) for v in expected["eigenvalues"]), key=lambda v: float(sympy.N(v, 30)))
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert abs(complex(sympy.N(g - w, 30))) < 1e-25
    for key in ("approx", "approx_eigenvalues"):
        if key in expected or key in case:
            approx = sorted(float(x) for x in expected.get(key, case.get(key)))
            for g, x in zip(got, approx, strict=True):
                assert abs(float(sympy.re(sympy.N(g, 20))) - x) < 1e-7
    for v in got:
        assert not sympy.sympify(v).has(sympy.I), "a real eigenvalue written with the imaginary unit"


def check_eigenvectors(case: dict[str, Any], data: dict[str, Any]) -> None:
    A = matrix_of(case["input"])
    expected = case["expected"]
    spaces = {parse_expr(k): [parse_expr(v) for v in vs] for k, vs in data["answer"]["eigenvectors"].items()}
    for value, basis in spaces.items():
        assert basis, "every eigenvalue has an eigenvector"
        for v in basis:
            assert any(x != 0 for x in v), "the zero vector is never an eigenvector"
            assert sympy.simplify((A - value * sympy.eye(A.rows)) * v) == sympy.zeros(A.rows, 1)
        assert sympy.Matrix.hstack(*basis).rank() == len(basis)
    if isinstance(expected.get("eigenvectors"), dict):
        assert len(spaces) == len(expected["eigenvectors"])
        for value_text, vectors in expected["eigenvectors"].items():
            value = read_exact(value_text)
            basis = next(b for v, b in spaces.items() if same(v, value))
            assert len(basis) == len(vectors)
            if all(sympy.sympify(x).is_Integer for x in vectors[0]):
                for v in basis:
                    assert all(x.is_Integer for x in v), "eigenvectors scaled to integers"
                    assert sympy.gcd_list(list(v)) == 1
    if "geometric_multiplicity" in expected:
        ((value, basis),) = spaces.items()
        assert len(basis) == expected["geometric_multiplicity"]
        assert data["answer"]["geometric_multiplicities"][str(value)] == expected["geometric_multiplicity"]
        assert data["answer"]["algebraic_multiplicities"][str(value)] == expected["algebraic_multiplicity"]
    if "diagonalizable" in expected:
        assert data["answer"]["diagonalizable"] is expected["diagonalizable"]


def check_charpoly(case: dict[str, Any], data: dict[str, Any]) -> None:
    t = sympy.Symbol("t")
    got = answer(data, "charpoly")
    variable = answer(data, "variable")
    assert variable == t
    want = read_exact(case["expected"]["charpoly_in_t"])
    assert sympy.expand(got - want) == 0


def check_rref(case: dict[str, Any], data: dict[str, Any]) -> None:
    expected = case["expected"]
    assert same_matrix(answer(data, "rref"), matrix_of(expected["rref"]))
    assert data["answer"]["rank"] == expected["rank"]


def parallel(u: sympy.Matrix, v: sympy.Matrix) -> bool:
    """True when u and v are nonzero multiples of each other (eigenvectors up to scaling)."""
    return (
        u.shape == v.shape and any(x != 0 for x in u) and sympy.Matrix.hstack(u, v).rank(simplify=True) == 1
    )


def check_eigendecomposition(case: dict[str, Any], data: dict[str, Any]) -> None:
    A = matrix_of(case["input"])
    expected = case["expected"]
    values = answer(data, "eigenvalues")
    want = [read_exact(v) for v in expected["eigenvalues"]]
    assert values == want, "eigenvalues in descending order"
    Lam = answer(data, "Lambda")
    assert Lam == sympy.diag(*want)
    if "Q" in expected:
        Q = answer(data, "Q")
        assert sympy.simplify(Q.T * Q) == sympy.eye(A.rows)
        assert sympy.simplify(Q * Lam * Q.T) == A
        for j in range(A.cols):
            assert parallel(Q[:, j], matrix_of(expected["Q"])[:, j])
    else:
        V = answer(data, "V")
        assert sympy.simplify(V * Lam * V.inv()) == A
        for j, column in enumerate(expected["eigenvectors"]):
            assert parallel(V[:, j], matrix_of([[x] for x in column]))


def check_svd(case: dict[str, Any], data: dict[str, Any]) -> None:
    A = matrix_of(case["input"])
    expected = case["expected"]
    sigma = answer(data, "singular_values")
    want = [read_exact(v) for v in expected["singular_values"]]
    assert len(sigma) == len(want)
    for got, value in zip(sigma, want, strict=True):
        assert same(got, value)
    U, S, V = answer(data, "U"), answer(data, "Sigma"), answer(data, "V")
    assert sympy.simplify(U * S * V.T - A) == sympy.zeros(*A.shape)
    if "V_shape" in expected:
        assert list(V.shape) == expected["V_shape"]
        assert list(U.shape) == expected["U_shape"]
        assert parallel(V[:, -1], sympy.Matrix([1, 1, -1]))
    if "V" in expected:
        for j in range(V.cols):
            assert parallel(V[:, j], matrix_of(expected["V"])[:, j])
    if "approx" in expected:
        for got, approx in zip(sigma, expected["approx"], strict=True):
            assert abs(float(got) - float(approx)) < 1e-7


def check_lstsq(case: dict[str, Any], data: dict[str, Any]) -> None:
    assert same_matrix(answer(data, "w"), matrix_of(case["expected"]))


def check_pca(case: dict[str, Any], data: dict[str, Any]) -> None:
    expected = case["expected"]
    variance = [sympy.N(v, 20) for v in answer(data, "explained_variance")]
    ratios = [sympy.N(v, 20) for v in answer(data, "explained_variance_ratio")]
    for got, want in zip(variance[:2], expected["explained_variance"], strict=True):
        assert abs(float(got) - float(want)) < 1e-7
    for got, want in zip(ratios[:2], expected["explained_variance_ratio"], strict=True):
        assert abs(float(got) - float(want)) < 1e-7
    scores = answer(data, "scores")
    for i, row in enumerate(expected["first_scores"]):
        for j, want in enumerate(row):
            assert abs(float(scores[i, j]) - float(want)) < 1e-7, "scores match, signs included"


# operation -> how to check it; every operation in the case files must be here.
CHECKS: dict[str, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    "transpose": check_matrix_answer("transpose"),
    "norm": check_scalar_answer("norm"),
    "scale": check_matrix_answer("scaled"),
    "hadamard": check_matrix_answer("hadamard"),
    "multiply": check_matrix_answer("product"),
    "inverse": check_matrix_answer("inverse"),
    "system": check_matrix_answer("x"),
    "det": check_scalar_answer("det"),
    "trace": check_scalar_answer("trace"),
    "eigenvalues": check_eigenvalues,
    "eigenvectors": check_eigenvectors,
    "charpoly": check_charpoly,
    "rref": check_rref,
    "eigendecomposition": check_eigendecomposition,
    "svd": check_svd,
    "pinv": check_matrix_answer("pinv"),
    "lstsq": check_lstsq,
    "pca": check_pca,
}

CASES = [(c["id"], c) for c in load("course-notebook.json") + load("pitfalls.json")]


@pytest.mark.parametrize("case", [c for _, c in CASES if c["operation"] in CHECKS], ids=lambda c: c["id"])
def test_case(case):
    source = str(CASES_DIR / case["data_file"]) if "data_file" in case else operand_text(case["input"])
    operands = [source]
    if "other" in case:
        operands.append(operand_text(case["other"]))
    data = run_json(case["operation"], *operands, options=options_of(case))
    CHECKS[case["operation"]](case, data)


def test_every_case_is_covered():
    """The template case is about the LaTeX templates and is tested in test_render.py."""
    elsewhere = {"template"}
    uncovered = [cid for cid, c in CASES if c["operation"] not in CHECKS and c["operation"] not in elsewhere]
    assert uncovered == []
