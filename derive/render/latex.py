"""LaTeX output through Jinja2 templates with delimiters that cannot clash with LaTeX.

Jinja's default ``{{ }}``, ``{% %}`` and ``{# #}`` collide with TeX braces: ``\\frac{1}{{{ d }}}``
is ambiguous and ``\\newcommand{\\vect}[1]{\\mathbf{#1}}`` opens a Jinja comment. The templates use
``\\VAR{...}`` for values, ``\\BLOCK{...}`` for statements and ``\\#{...}`` for comments, do no HTML
escaping, and fail on any undefined variable. User text (titles, names, sentences) is escaped with
pylatexenc; mathematics comes from SymPy's LaTeX printer through :mod:`derive.formula`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2
from pylatexenc.latexencode import unicode_to_latex

from ..formula import COMMA, DEFAULT_STYLE, Formula, Prose, Style, Token
from ..model import Solution

logger = logging.getLogger(__name__)


# Characters that steps use in sentences and that pylatexenc has no LaTeX for (or a poor one).
_SPECIAL_TEXT = {
    "⁻¹": r"\ensuremath{^{-1}}",
    "ᵀ": r"\ensuremath{^{\mathsf{T}}}",
    "ᵢ": r"\ensuremath{_i}",
    "ⱼ": r"\ensuremath{_j}",
    "ₖ": r"\ensuremath{_k}",
    "√": r"\ensuremath{\surd}",
}
_SPECIAL_PATTERN = re.compile("|".join(re.escape(k) for k in _SPECIAL_TEXT))


def escape_text(text: str) -> str:
    """Escape plain text for LaTeX (``&`` → ``\\&``, ``λ`` → ``\\ensuremath{\\lambda}``).

    A character that neither pylatexenc nor the table above can write in LaTeX becomes ``?`` with
    a logged warning, since pdflatex would stop on it.
    """
    pieces = []
    last = 0
    for m in _SPECIAL_PATTERN.finditer(text):
        pieces.append(_escape_plain(text[last : m.start()]))
        pieces.append(_SPECIAL_TEXT[m.group()])
        last = m.end()
    pieces.append(_escape_plain(text[last:]))
    return "".join(pieces)


def _escape_plain(text: str) -> str:
    escaped = unicode_to_latex(text, non_ascii_only=False, unknown_char_warning=False)
    unknown = {ch for ch in escaped if ord(ch) > 127}
    if unknown:
        logger.warning("no LaTeX for %s in %r; shown as '?'", ", ".join(sorted(unknown)), text)
        escaped = "".join("?" if ord(ch) > 127 else ch for ch in escaped)
    return escaped


def prose_latex(prose: Prose, style: Style = DEFAULT_STYLE) -> str:
    """Render a sentence: text escaped, inline formulas as ``\\(...\\)``."""
    return "".join(escape_text(s) if isinstance(s, str) else f"\\({s.latex(style)}\\)" for s in prose)


def template_dir() -> Path:
    """Return the folder of the templates: ``derive/templates`` in an installed wheel (setuptools
    copies the repository's ``templates/`` there), or ``templates/`` beside the package in a source
    checkout or an editable install."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "templates", package.parent / "templates"):
        if (folder / "base.tex.j2").is_file():
            return folder
    raise RuntimeError(f"the LaTeX templates are missing (looked beside {package}); reinstall derive")


def make_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """Return a Jinja environment for LaTeX: LaTeX-safe delimiters, no autoescape, strict undefined."""
    env = jinja2.Environment(
        loader=loader or jinja2.FileSystemLoader(template_dir()),
        block_start_string=r"\BLOCK{",
        block_end_string="}",
        variable_start_string=r"\VAR{",
        variable_end_string="}",
        comment_start_string=r"\#{",
        comment_end_string="}",
        line_statement_prefix="%%",
        line_comment_prefix="%#",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["tex"] = escape_text
    return env


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return make_environment()


# A displayed chain longer than this (in characters of its plain text) is broken into aligned lines,
# one relation per line, rather than shrunk to the text width.
LONG_CHAIN = 90


def display_latex(formula: Formula, style: Style = DEFAULT_STYLE) -> str:
    """Return a displayed formula's LaTeX, broken into lines when it is long: a list ``a, b, c``
    one item per line, and a chain ``a = b = c`` as an ``aligned`` block with one ``= ...`` per
    line."""
    while len(formula.parts) == 1 and isinstance(formula.parts[0], Formula):
        formula = formula.parts[0]
    if len(formula.text()) <= LONG_CHAIN:
        return formula.latex(style)
    items = _split_parts(formula, lambda p: p == COMMA)
    if len(items) > 1:
        return (
            r"\begin{gathered}"
            + r" \\ ".join(display_latex(item, style) for item in items)
            + r"\end{gathered}"
        )
    return _aligned_chain(formula, style)


def _split_parts(formula: Formula, is_separator: Callable[[object], bool]) -> list[Formula]:
    pieces: list[list[object]] = [[]]
    for part in formula.parts:
        if is_separator(part):
            pieces.append([])
        else:
            pieces[-1].append(part)
    return [Formula(tuple(piece)) for piece in pieces if piece]


def _aligned_chain(formula: Formula, style: Style) -> str:
    relations = [
        k for k, p in enumerate(formula.parts) if isinstance(p, Token) and p.latex in ("=", r"\approx")
    ]
    if not relations:
        return formula.latex(style)
    lines = []
    start = 0
    for k in [*relations, len(formula.parts)]:
        segment = Formula(formula.parts[start:k]).latex(style)
        relation = formula.parts[start - 1].latex if start else ""
        lines.append(f"&{relation} {segment}" if start else f"{segment}")
        start = k + 1
    return "\\begin{aligned}" + lines[0] + " " + " \\\\ ".join(lines[1:]) + "\\end{aligned}"


def default_title(solutions: list[Solution], document: str) -> str:
    """Return the document title used when none is given."""
    if document == "problem":
        return "Problems"
    if document == "answers":
        return "Answer key"
    return solutions[0].title if len(solutions) == 1 else "Worked solutions"


def render_latex(solutions: list[Solution], document: str, *, style: Style, title: str | None = None) -> str:
    """Render solutions as one LaTeX document of kind ``document``."""
    env = _environment()
    template = env.get_template(f"{document}.tex.j2")
    return template.render(
        solutions=solutions,
        title=title or default_title(solutions, document),
        style=style,
        prose=lambda p: prose_latex(p, style),
        math=lambda f: display_latex(f, style),
    )
