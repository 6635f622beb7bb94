"""Tests of the command line, driven in-process with click's runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sympy import Matrix, Rational
from sympy.parsing.sympy_parser import parse_expr

from derive.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_text_to_stdout(runner):
    result = run(runner, "solve", "det", "4 2; -5 -3")
    assert result.exit_code == 0
    assert "det(A) = -2" in result.stdout


def test_json_contract(runner):
    result = run(runner, "solve", "inverse", "[[4,2],[-5,-3]]", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["operation"] == "inverse"
    assert data["verified"] is True
    assert parse_expr(data["matrix"]) == Matrix([[4, 2], [-5, -3]])
    assert parse_expr(data["answer"]["inverse"]) == Matrix([[Rational(3, 2), 1], [Rational(-5, 2), -2]])
    assert data["steps"], "a solution has steps"
    assert all({"section", "text", "latex"} <= set(step) for step in data["steps"])


def test_decimal_input_is_noted(runner):
    result = run(runner, "solve", "det", "0.5 1; 2 3", "--format", "json")
    data = json.loads(result.stdout)
    assert parse_expr(data["answer"]["det"]) == parse_expr("-1/2")
    assert data["notes"] == ["A: entry (1, 1): 0.5 read as the exact value 1/2"]


def test_pdf_and_documents_written(runner, tmp_path):
    target = tmp_path / "det.pdf"
    result = run(runner, "solve", "det", "1 2 4; 2 -1 3; 0 5 1", "-o", str(target), "--document", "all")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["det-answers.pdf", "det-problem.pdf", "det-solution.pdf"]
    assert (tmp_path / "det-solution.pdf").read_bytes().startswith(b"%PDF")


def test_tex_file(runner, tmp_path):
    target = tmp_path / "inv.tex"
    result = run(
        runner, "solve", "inverse", "2 1 1; 1 3 2; 1 0 0", "-o", str(target), "--matrix-style", "pmatrix"
    )
    assert result.exit_code == 0
    assert r"\begin{pmatrix}" in target.read_text()


ERRORS = [
    (
        ["solve", "det", "1 2; 3"],
        "Error: A is ragged: row 2 has 1 entry but row 1 has 2; give every row the same number of entries",
    ),
    (["solve", "det", "1 2 3; 4 5 6"], "Error: A is 2×3, but det needs a square matrix; give an n×n matrix"),
    (["solve", "dett", "1"], "Error: unknown operation 'dett': did you mean 'det'? expected one of "),
    (
        ["solve", "det", "1 2; 3 4", "--method", "magic"],
        "Error: unknown method 'magic' for det: expected one of ",
    ),
    (
        ["solve", "det", "1 2; 3 4", "5"],
        "Error: det takes 1 operand(s) (A) but 2 were given; write: derive solve det A",
    ),
    (
        ["solve", "det", "sin(1)"],
        "Error: A entry (1, 1) 'sin(1)': unknown function 'sin'; the only function is sqrt(...)",
    ),
]


@pytest.mark.parametrize(
    "args, message",
    ERRORS,
    ids=["ragged", "not-square", "unknown-op", "unknown-method", "operands", "function"],
)
def test_errors_are_one_line_exit_2(runner, args, message, tmp_path):
    target = tmp_path / "out.pdf"
    result = run(runner, *args, "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert not target.exists()


def test_usage_error_exit_2(runner):
    result = run(runner, "solve", "det", "1", "--format", "docx")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_list_names_operations(runner):
    result = run(runner, "list")
    assert result.exit_code == 0
    assert "det" in result.stdout
    assert "cofactor" in result.stdout


def test_help_on_every_command(runner):
    for command in ([], ["solve"], ["list"], ["demo"]):
        result = run(runner, *command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.stdout


def test_negative_matrix_is_an_operand(runner):
    result = run(runner, "solve", "det", "-1 4; 2 -2")
    assert result.exit_code == 0
    assert "det(A) = -6" in result.stdout


def test_misspelled_option_suggests(runner):
    result = run(runner, "solve", "det", "1 2; 3 4", "--metod", "cofactor")
    assert result.exit_code == 2
    assert "No such option: --metod. Did you mean --method?" in result.stderr


def test_unwritable_output_exits_1(runner):
    # /proc takes no new files, even for root, so the write itself fails.
    result = run(runner, "solve", "det", "1 2; 3 4", "-o", "/proc/derive-test.txt")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write '/proc/derive-test.txt': ")
    assert result.stderr.endswith("; check that the folder is writable\n")


def test_missing_output_folder_exits_2(runner, tmp_path):
    target = tmp_path / "missing" / "det.pdf"
    result = run(runner, "solve", "det", "1 2; 3 4", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot write '{target}': the folder '{target.parent}' does not exist; create it first\n"
    )
    assert not target.parent.exists()


def test_all_documents_need_a_file(runner):
    result = run(runner, "solve", "det", "1 2; 3 4", "-d", "all", "-o", "-")
    assert result.exit_code == 2
    assert "standard output takes one document" in result.stderr


def test_symbolic_inverse_states_condition(runner):
    result = run(runner, "solve", "inverse", "a x; x lambda", "-f", "json")
    data = json.loads(result.stdout)
    assert parse_expr(data["answer"]["condition"]) == parse_expr("Ne(a*lamda - x**2, 0)")
    assert data["problem"]
    assert "exactly when det(A) = a*λ - x^2 ≠ 0" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["pinv", "1 2", "--rank", "1"],
            "Error: --rank does not apply to pinv; it is an option of svd, so leave it out\n",
        ),
        (
            ["norm", "1 2", "--thin"],
            "Error: --thin does not apply to norm; it is an option of svd, so leave it out\n",
        ),
        (["svd", "1 2 3", "--rank", "0"], "Error: --rank is 0; expected a whole number of at least 1\n"),
        (
            ["pca", "1 2; 3 4; 5 6", "--components", "0"],
            "Error: --components is 0; expected a whole number of at least 1\n",
        ),
    ],
    ids=["rank-for-pinv", "thin-for-norm", "rank-zero", "components-zero"],
)
def test_option_errors_are_one_line(runner, args, message):
    result = run(runner, "solve", *args)
    assert result.exit_code == 2
    assert result.stderr == message
