"""Every operation through every output format, and the bundled demo, as a user runs them."""

from __future__ import annotations

import json

import pytest
from sympy.parsing.sympy_parser import parse_expr

from derive.demo import run_demo
from derive.formula import COMMA, Formula, chain, join
from derive.pdf import compile_pdf
from derive.registry import Options, all_operations, solve_sources
from derive.render import render
from derive.render.latex import display_latex

# One representative input per operation: (operand texts, method, options).
EXAMPLES: dict[str, tuple[tuple[str, ...], str | None, Options]] = {
    "det": (("1 2 4; 2 -1 3; 0 5 1",), "sarrus", Options()),
    "inverse": (("a 1; 1 2",), None, Options()),
    "charpoly": (("x 1; 0 lambda",), None, Options()),
    "eigenvalues": (("-3 1 2; 1 -1 0; 1 0 -2",), None, Options()),
    "eigenvectors": (("0 -1; 1 0",), None, Options()),
    "transpose": (("[[25, 2, 5]]",), None, Options()),
    "multiply": (("3 4; 5 6; 7 8", "[1, 2]"), None, Options()),
    "hadamard": (("25 2; 5 26; 3 7", "3 4; 5 6; 7 8"), None, Options()),
    "scale": (("1 2; 3 4",), None, Options(scalar=parse_expr("-1/2"))),
    "norm": (("-1 2; 3 -2; 5 7",), None, Options(ord="fro")),
    "trace": (("25 2; 5 4",), None, Options()),
    "rref": (("0.9 -0.1 -0.2 0; -0.8 0.9 -0.4 0; -0.1 -0.8 0.6 0",), None, Options()),
    "rank": (("1 2 3; 2 4 6; 1 0 1",), None, Options()),
    "nullspace": (("1 2 3; 2 4 6",), None, Options()),
    "span": (("1 0; 0 1; 1 1", "[2, 3, 5]"), None, Options()),
    "independence": (("1 2 3; 4 5 6; 7 8 9",), None, Options()),
    "system": (("1 2; 2 4", "[3, 7]"), None, Options()),
    "classify": (("2 1; 1 2",), None, Options()),
    "eigendecomposition": (("1 2; 0 1",), None, Options()),
    "svd": (("1 0 1; 0 1 1",), None, Options(rank=1)),
    "pinv": (("1 2; 2 4",), None, Options()),
    "lstsq": (("1 0; 1 1; 1 2", "[1, 2, 2]"), None, Options()),
    "pca": (("2 0; 0 2; -2 0; 0 -2; 1 1",), None, Options(components=1)),
}


# Inputs that take other paths through the operations: numeric continuation past radicals, fallbacks,
# symbolic conditions.
MORE_EXAMPLES: list[tuple[str, tuple[str, ...], str | None, Options]] = [
    ("svd", ("1 1 0; 0 1 1; 0 0 1",), None, Options(rank=2)),
    ("eigendecomposition", ("0 0 1; 1 0 1; 0 1 0",), None, Options()),
    ("eigendecomposition", ("2 -1 0; -1 2 -1; 0 -1 2",), None, Options()),
    ("pinv", ("1 2 3; 2 4 6; 1 1 1",), "rank-factorization", Options()),
    ("system", ("a 1; 1 a", "[1, 2]"), None, Options()),
    ("eigenvectors", ("25 2 9; 5 26 -5; 3 7 -1",), None, Options()),
    ("norm", ("1 2; 3 4",), None, Options(ord="2")),
    ("classify", ("1 2; 2 1",), None, Options()),
]


def test_more_paths_compile_to_pdf():
    solutions = [
        solve_sources(op, sources, method=method, options=options)
        for op, sources, method, options in MORE_EXAMPLES
    ]
    pdf = compile_pdf(render(solutions, "tex"))
    assert pdf.startswith(b"%PDF")


def test_every_operation_has_an_example():
    assert sorted(EXAMPLES) == sorted(all_operations())


@pytest.fixture(scope="module")
def solutions():
    return [
        solve_sources(name, sources, method=method, options=options)
        for name, (sources, method, options) in EXAMPLES.items()
    ]


@pytest.mark.parametrize("fmt", ["txt", "md", "json"])
def test_text_formats(solutions, fmt):
    for solution in solutions:
        out = render([solution], fmt)
        assert solution.title in out or fmt == "json"
        if fmt == "json":
            data = json.loads(out)
            assert {"operation", "matrix", "answer", "steps", "verified"} <= set(data)
            assert data["verified"] is True


@pytest.mark.parametrize("document", ["solution", "problem", "answers"])
def test_all_operations_compile_to_pdf(solutions, document):
    pdf = compile_pdf(render(solutions, "tex", document))
    assert pdf.startswith(b"%PDF")


def test_demo_writes_three_pdfs(tmp_path):
    paths = run_demo(tmp_path, "pdf")
    assert sorted(p.name for p in paths) == [
        "course-answers.pdf",
        "course-problem.pdf",
        "course-solution.pdf",
    ]
    for path in paths:
        assert path.read_bytes().startswith(b"%PDF")


def test_long_chain_breaks_into_lines():
    long = chain(*[Formula.of(k, "+", k) for k in range(1, 30)])
    latex = display_latex(long)
    assert latex.startswith(r"\begin{aligned}")
    assert latex.count(r"\\") == 27  # 29 sides: the first line holds two of them
    assert display_latex(chain(1, 1)) == "1 = 1"


def test_long_list_breaks_into_lines():
    item = chain(Formula.of("x"), *range(40))
    latex = display_latex(join([item, item], COMMA))
    assert latex.startswith(r"\begin{gathered}\begin{aligned}")
    assert latex.count(r"\begin{aligned}") == 2
