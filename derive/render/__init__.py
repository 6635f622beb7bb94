"""Renderers: one solution model, four output formats (LaTeX, Markdown, plain text, JSON).

Each renderer takes a list of solutions and a document kind: ``solution`` (the worked solution),
``problem`` (the statement alone, for a problem sheet) or ``answers`` (an answer key).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..formula import Style
from ..model import Solution
from .json import render_json
from .latex import render_latex
from .text import render_markdown, render_text

DOCUMENTS = ("solution", "problem", "answers")

Renderer = Callable[..., str]

RENDERERS: dict[str, Renderer] = {
    "tex": render_latex,
    "md": render_markdown,
    "txt": render_text,
    "json": render_json,
}


def render(
    solutions: Sequence[Solution],
    fmt: str,
    document: str = "solution",
    *,
    style: Style | None = None,
    title: str | None = None,
) -> str:
    """Render solutions as one document of the given format and kind."""
    if document not in DOCUMENTS:
        raise ValueError(f"unknown document {document!r}; expected one of {', '.join(DOCUMENTS)}")
    return RENDERERS[fmt](list(solutions), document, style=style or Style(), title=title)


__all__ = [
    "DOCUMENTS",
    "RENDERERS",
    "render",
    "render_json",
    "render_latex",
    "render_markdown",
    "render_text",
]
