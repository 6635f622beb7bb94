"""Plain-text and Markdown output.

Markdown writes formulas as ``$...$`` and ``$$...$$`` LaTeX, which Jupyter and GitHub render;
plain text uses each formula's own text spelling.
"""

from __future__ import annotations

from ..formula import Formula, Prose, Style, prose_text
from ..model import Solution


def _md_prose(prose: Prose, style: Style) -> str:
    return "".join(s if isinstance(s, str) else f"${s.latex(style)}$" for s in prose)


def _md_math(formulas: tuple[Formula, ...], style: Style) -> list[str]:
    return [f"$$\n{f.latex(style)}\n$$" for f in formulas]


def _markdown_solution(s: Solution, document: str, style: Style, number: int | None) -> list[str]:
    prefix = f"{number}. " if number is not None else ""
    out = [f"## {prefix}{s.title}", "", f"**Problem.** {_md_prose(s.problem, style)}", ""]
    if document == "problem":
        return out
    if document == "solution":
        for note in s.notes:
            out += [f"> {_md_prose(note, style)}", ""]
        for section in s.sections:
            out += [f"### {section.title}", ""]
            for step in section.steps:
                out += [_md_prose(step.text, style), ""]
                out += [*_md_math(step.math, style), ""] if step.math else []
        out += ["### Verification", ""]
        for check in s.checks:
            mark = "✓" if check.passed else "✗"
            out += [f"{mark} {_md_prose(check.statement, style)}", ""]
            out += [*_md_math(check.math, style), ""] if check.math else []
    out += ["### Answer", ""]
    if s.answer.summary:
        out += [_md_prose(s.answer.summary, style), ""]
    out += [*_md_math(s.answer.display, style), ""]
    return out


def render_markdown(
    solutions: list[Solution], document: str, *, style: Style, title: str | None = None
) -> str:
    """Render solutions as one Markdown document."""
    lines = [f"# {title}", ""] if title else []
    numbered = len(solutions) > 1
    for k, s in enumerate(solutions, 1):
        lines += _markdown_solution(s, document, style, k if numbered else None)
    return "\n".join(lines).rstrip() + "\n"


def _text_solution(s: Solution, document: str, number: int | None) -> list[str]:
    prefix = f"{number}. " if number is not None else ""
    heading = f"{prefix}{s.title}"
    out = [heading, "=" * len(heading), "", f"Problem: {prose_text(s.problem)}", ""]
    if document == "problem":
        return out
    if document == "solution":
        for note in s.notes:
            out += [f"Note: {prose_text(note)}"]
        out += [""] if s.notes else []
        for section in s.sections:
            out += [section.title, "-" * len(section.title)]
            for step in section.steps:
                out.append(prose_text(step.text))
                out += [f"    {f.text()}" for f in step.math]
            out.append("")
        out += ["Verification", "-" * len("Verification")]
        for check in s.checks:
            out.append(f"[{'ok' if check.passed else 'FAILED'}] {prose_text(check.statement)}")
            out += [f"    {f.text()}" for f in check.math]
        out.append("")
    out += ["Answer", "-" * len("Answer")]
    if s.answer.summary:
        out.append(prose_text(s.answer.summary))
    out += [f"    {f.text()}" for f in s.answer.display]
    out.append("")
    return out


def render_text(solutions: list[Solution], document: str, *, style: Style, title: str | None = None) -> str:
    """Render solutions as plain text."""
    lines = [title, "#" * len(title), ""] if title else []
    numbered = len(solutions) > 1
    for k, s in enumerate(solutions, 1):
        lines += _text_solution(s, document, k if numbered else None)
    return "\n".join(lines).rstrip() + "\n"
