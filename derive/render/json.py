"""JSON output: one object per solution, exact values as strings that ``sympy.parse_expr`` reads.

The contract: ``operation``, ``matrix`` (the first operand), ``answer`` (named parts), ``steps``
(each with its ``section``, plain ``text`` and ``latex`` formulas), ``verified`` (always true, since a
failed check is never output) and ``checks``; ``inputs`` contains every operand, ``method`` the method
used and ``notes`` how the input was read. Several solutions render as a JSON list.
"""

from __future__ import annotations

import json
from typing import Any

from ..formula import DEFAULT_STYLE, Style, prose_text
from ..model import Solution
from .exact import exact_string, to_jsonable


def solution_to_dict(solution: Solution, style: Style = DEFAULT_STYLE) -> dict[str, Any]:
    """Return the JSON-ready object of one solution."""
    first = next(iter(solution.inputs.values()))
    steps = [
        {
            "section": section.title,
            "text": prose_text(step.text),
            "latex": [f.latex(style) for f in step.math],
        }
        for section in solution.sections
        for step in section.steps
    ]
    checks = [
        {"statement": prose_text(c.statement), "passed": c.passed, "latex": [f.latex(style) for f in c.math]}
        for c in solution.checks
    ]
    return {
        "operation": solution.operation,
        "title": solution.title,
        "problem": prose_text(solution.problem),
        "matrix": exact_string(first),
        "inputs": {name: exact_string(M) for name, M in solution.inputs.items()},
        "method": solution.method,
        "answer": to_jsonable(solution.answer.values),
        "answer_text": [f.text() for f in solution.answer.display],
        "steps": steps,
        "verified": solution.verified,
        "checks": checks,
        "notes": [prose_text(n) for n in solution.notes],
    }


def render_json(solutions: list[Solution], document: str, *, style: Style, title: str | None = None) -> str:
    """Render one solution as an object, or several as a list; ``document`` does not change JSON."""
    objects = [solution_to_dict(s, style) for s in solutions]
    data = objects[0] if len(objects) == 1 else objects
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
