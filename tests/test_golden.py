"""Whole LaTeX and text documents compared with reviewed copies in tests/golden/.

A difference fails with a unified diff. After an intended change, regenerate the copies with
``DERIVE_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff before committing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from derive.registry import solve_sources
from derive.render import render

GOLDEN = Path(__file__).parent / "golden"

# (file name, operation, operands, method, format, document)
DOCUMENTS = [
    ("det-formula.tex", "det", ("4 2; -5 -3",), None, "tex", "solution"),
    ("inverse-gauss-jordan.txt", "inverse", ("2 1 1; 1 3 2; 1 0 0",), "gauss-jordan", "txt", "solution"),
    ("eigenvalues-answers.tex", "eigenvalues", ("-1 4; 2 -2",), None, "tex", "answers"),
    ("system-problem.md", "system", ("4 2; -5 -3", "[4, -7]"), None, "md", "problem"),
]


@pytest.mark.parametrize(
    "name, operation, sources, method, fmt, document", DOCUMENTS, ids=[d[0] for d in DOCUMENTS]
)
def test_document_matches_golden(name, operation, sources, method, fmt, document):
    rendered = render([solve_sources(operation, sources, method=method)], fmt, document)
    path = GOLDEN / name
    if os.environ.get("DERIVE_UPDATE_GOLDEN") == "1":
        path.write_text(rendered, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(expected.splitlines(True), rendered.splitlines(True), str(path), "rendered")
    )
    assert rendered == expected, f"the document differs from {path}:\n{diff}"
