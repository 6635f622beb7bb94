"""Tests of PDF compilation (real pdflatex runs) and atomic writes."""

from __future__ import annotations

import os

import pytest

from derive.errors import LatexError
from derive.pdf import compile_pdf, first_error, write_atomic
from derive.render import render

from .test_render import make_solution

MINIMAL = "\\documentclass{article}\\begin{document}%s\\end{document}\n"


@pytest.mark.parametrize("document", ["solution", "problem", "answers"])
def test_rendered_documents_compile(document):
    pdf = compile_pdf(render([make_solution(), make_solution("Second")], "tex", document))
    assert pdf.startswith(b"%PDF")


def test_error_reports_first_error():
    with pytest.raises(LatexError, match=r"^LaTeX failed: .*Undefined control sequence\. \(line 1\)$"):
        compile_pdf(MINIMAL % "\\nosuchmacro")


def test_shell_escape_is_off(tmp_path):
    marker = tmp_path / "escaped"
    pdf = compile_pdf(MINIMAL % f"\\immediate\\write18{{touch {marker}}}x")
    assert pdf.startswith(b"%PDF")
    assert not marker.exists()


def test_timeout():
    with pytest.raises(LatexError, match=r"^pdflatex timed out after 2 s$"):
        compile_pdf(MINIMAL % "\\def\\spin{\\spin}\\spin", timeout=2)


def test_first_error_of_file_line_log():
    log = "This is pdfTeX\n./document.tex:12: Missing $ inserted.\n<inserted text>\nl.12 a_b\n"
    assert first_error(log) == "Missing $ inserted. (line 12)"


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "out.txt"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_text() == "second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.txt"]


def test_write_atomic_gives_usual_permissions(tmp_path):
    target = tmp_path / "out.txt"
    write_atomic(target, "text")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_atomic_needs_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "out.txt", "text")
    assert not (tmp_path / "missing").exists()
