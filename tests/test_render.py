"""Tests of the renderers on a hand-built solution, the LaTeX template environment and JSON output."""

from __future__ import annotations

import json

import jinja2
import pytest
import sympy
from sympy import Matrix, Rational, Symbol, sqrt
from sympy.parsing.sympy_parser import parse_expr

from derive.formula import EQ, TIMES, Formula, Style, Token, chain, det_of, paren, with_decimal
from derive.model import Answer, Check, SectionBuilder, Solution
from derive.render import render
from derive.render.exact import exact_string
from derive.render.latex import escape_text, make_environment


def make_solution(title: str = "Determinant of A & B_1 {50%}") -> Solution:
    A = sympy.ImmutableMatrix([[4, 2], [-5, -3]])
    section = SectionBuilder("The 2×2 formula")
    section.step(
        "For a 2×2 matrix, det(A) = ad − bc:",
        math=chain(det_of(A), Formula.of(4, TIMES, paren(-3), "-", 2, TIMES, paren(-5)), -2),
    )
    section.step("An irrational value is shown with its decimal:", math=with_decimal(sqrt(33) / 2))
    return Solution(
        operation="det",
        title=title,
        problem=("Find the determinant of ", Formula.of(Token.name("A", "A"), EQ, A), "."),
        inputs={"A": A},
        answer=Answer(
            {"det": sympy.Integer(-2), "lam": Symbol("lambda") + Rational(1, 2)},
            (chain(Token.name(r"\det(A)", "det(A)"), -2),),
        ),
        sections=[section.build()],
        checks=[Check(("Bareiss elimination gives the same value.",), True, (chain(Token.name("d"), -2),))],
        method="formula",
        notes=[("entry (1, 1): 0.25 read as the exact value 1/4",)],
    )


def test_latex_document_parts():
    tex = render([make_solution()], "tex")
    assert r"\documentclass" in tex
    assert r"{\Large\bfseries Determinant of A \& B\_1 \{50\%\}}" in tex
    assert r"\begin{vmatrix} 4 & 2 \\ -5 & -3 \end{vmatrix}" in tex
    assert r"\left( -3 \right)" in tex
    assert r"\approx 2.872" in tex
    assert r"\boxed{\det(A) = -2}" in tex


def test_pmatrix_style():
    tex = render([make_solution()], "tex", style=Style(matrix_env="pmatrix"))
    assert r"\begin{pmatrix} 4 & 2 \\ -5 & -3 \end{pmatrix}" in tex


def test_problem_sheet_has_no_answer():
    tex = render([make_solution(), make_solution()], "tex", "problem")
    assert tex.count(r"\item") == 2
    assert "Verification" not in tex
    assert r"\det(A) = -2" not in tex


def test_answer_key_has_answers_only():
    tex = render([make_solution()], "tex", "answers")
    assert r"\det(A) = -2" in tex
    assert "Bareiss" not in tex


def test_text_and_markdown():
    text = render([make_solution()], "txt")
    assert "det(A) = -2" in text
    assert "|4 2; -5 -3| = 4 · (-3) - 2 · (-5) = -2" in text, text
    assert "[ok] Bareiss elimination gives the same value." in text
    md = render([make_solution()], "md")
    assert "$$\n\\det(A) = -2\n$$" in md
    assert md.startswith("## Determinant of A & B_1 {50%}")


def test_json_contract_round_trips():
    data = json.loads(render([make_solution()], "json"))
    assert set(data) >= {"operation", "matrix", "answer", "steps", "verified"}
    assert data["verified"] is True
    assert parse_expr(data["matrix"]) == Matrix([[4, 2], [-5, -3]])
    assert parse_expr(data["answer"]["det"]) == -2
    assert parse_expr(data["answer"]["lam"]) == Symbol("lambda") + Rational(1, 2)
    assert data["steps"][0]["section"] == "The 2×2 formula"


@pytest.mark.parametrize(
    "value",
    [
        Symbol("lambda"),
        Symbol("E") + 1,
        Symbol("I"),
        Symbol("lamda") ** 2,
        sqrt(2) / 2 - Rational(3, 2),
        Matrix([[1, Symbol("x")]]),
    ],
    ids=["lambda", "E", "I", "lamda", "radical", "matrix"],
)
def test_exact_strings_read_back(value):
    assert parse_expr(exact_string(value)) == value


def test_escape_text():
    assert escape_text("50% & $x_1$ λ") == r"50\% \& \$x\_1\$ \ensuremath{\lambda}"
    assert escape_text("AᵀA and A⁻¹") == r"A\ensuremath{^{\mathsf{T}}}A and A\ensuremath{^{-1}}"


def test_escape_text_unknown_character(caplog):
    assert escape_text("a \U0001f600 b") == "a ? b"
    assert "no LaTeX for" in caplog.text


def _pitfall(case_id: str) -> dict:
    from pathlib import Path

    cases = json.loads((Path(__file__).parent / "cases" / "pitfalls.json").read_text())["cases"]
    return next(c for c in cases if c["id"] == case_id)


def test_template_delimiters_pitfall():
    """LaTeX braces pass through; values are inserted with \\VAR{...} and never HTML-escaped."""
    case = _pitfall("P10")
    (frac_source,), (newcommand_source,) = case["input"]
    expected_frac, expected_newcommand = case["expected"]["rendered"]
    env = make_environment(jinja2.DictLoader({}))
    # The template states the same line as the case, with derive's delimiter for the value.
    frac_template = frac_source.replace("{{ d }}", r"\VAR{d}")
    assert env.from_string(frac_template).render(d=r"\sqrt{2}") == expected_frac
    assert env.from_string(newcommand_source).render() == expected_newcommand
    assert env.from_string(r"a & b \VAR{x}").render(x="&") == "a & b &"


def test_default_jinja_fails_on_the_pitfall():
    """Shows why derive does not use Jinja's default delimiters."""
    case = _pitfall("P10")
    (frac_source,), (newcommand_source,) = case["input"]
    default = jinja2.Environment()
    with pytest.raises(jinja2.TemplateSyntaxError):
        default.from_string(newcommand_source).render()
    with pytest.raises(jinja2.TemplateSyntaxError):
        default.from_string(frac_source).render(d=r"\sqrt{2}")


def test_undefined_variable_is_an_error():
    env = make_environment(jinja2.DictLoader({}))
    with pytest.raises(jinja2.UndefinedError):
        env.from_string(r"\VAR{missing}").render()


def test_jupyter_shows_markdown():
    solution = make_solution("Shown in Jupyter")
    assert solution._repr_markdown_() == render([solution], "md")
