"""Displayed mathematics as data: a small builder that renders to LaTeX and to plain text.

A step of a worked solution shows mathematics that SymPy would simplify away if it were one
expression: ``4·(−3) − 2·(−5) = −12 + 10 = −2``. A :class:`Formula` is therefore a sequence of
parts, each an exact SymPy value (rendered by SymPy's printers) or a :class:`Token` that carries its
own LaTeX and plain-text spellings. Solutions hold formulas, never LaTeX strings, so one solution
renders to LaTeX, Markdown, plain text and JSON.

>>> from sympy import Integer
>>> f = Formula.of(Token.name(r"\\det(A)", "det(A)"), EQ, 4, TIMES, paren(Integer(-3)))
>>> f.text()
'det(A) = 4 · (-3)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Union

import mpmath
import sympy
from sympy.printing.str import StrPrinter

# Greek letters spelled as SymPy spells them (``lamda`` because ``lambda`` is a Python keyword).
_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "iota": "ι",
    "kappa": "κ",
    "lamda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "upsilon": "υ",
    "phi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
}


@dataclass(frozen=True)
class Style:
    """Rendering settings of matrices and numbers."""

    matrix_env: str = "bmatrix"
    decimals: int = 4  # significant digits shown beside irrational values


DEFAULT_STYLE = Style()


class _TextPrinter(StrPrinter):
    """SymPy's ``str`` printer with Greek letters and square roots written as a reader expects."""

    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        return _GREEK.get(expr.name, expr.name)

    def _print_ImaginaryUnit(self, expr: sympy.Expr) -> str:
        return "i"

    def _print_MatrixBase(self, expr: sympy.MatrixBase) -> str:
        rows = ["[" + ", ".join(self._print(x) for x in expr.row(i)) + "]" for i in range(expr.rows)]
        return "[" + ", ".join(rows) + "]"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase


_text_printer = _TextPrinter()


def latex_of(value: object, style: Style = DEFAULT_STYLE) -> str:
    """Return the LaTeX of an exact value, with matrices in the style's environment."""
    if isinstance(value, sympy.MatrixBase):
        return matrix_latex(value, style.matrix_env)
    return sympy.latex(sympy.sympify(value), mat_str=style.matrix_env, mat_delim="")


def text_of(value: object) -> str:
    """Return the plain-text spelling of an exact value, in the entry syntax derive reads
    (``sqrt(2)/2``, ``a^2``)."""
    return _text_printer.doprint(sympy.sympify(value)).replace("**", "^")


def matrix_latex(M: sympy.MatrixBase, env: str = "bmatrix", augment: int | None = None) -> str:
    """Return a matrix in an amsmath environment, or as an augmented array with a bar before column
    ``augment``."""
    rows = [" & ".join(sympy.latex(x) for x in M.row(i)) for i in range(M.rows)]
    body = r" \\ ".join(rows)
    if augment is None:
        return rf"\begin{{{env}}} {body} \end{{{env}}}"
    spec = "c" * augment + "|" + "c" * (M.cols - augment)
    left, right = _DELIMITERS.get(env, ("[", "]"))
    return rf"\left{left}\begin{{array}}{{{spec}}} {body} \end{{array}}\right{right}"


_DELIMITERS = {"bmatrix": ("[", "]"), "pmatrix": ("(", ")"), "vmatrix": ("|", "|")}


@dataclass(frozen=True)
class Token:
    """A piece of notation with its LaTeX and plain-text spellings (an operator, a name)."""

    latex: str
    text: str

    @classmethod
    def name(cls, latex: str, text: str | None = None) -> Token:
        return cls(latex, latex if text is None else text)


@dataclass(frozen=True)
class MatrixPart:
    """A matrix shown as a matrix, a determinant (vertical bars) or an augmented matrix."""

    M: sympy.ImmutableMatrix
    kind: str = "matrix"  # "matrix", "det" or "augmented"
    augment: int | None = None  # with "augmented": the column index where the bar is drawn


Part = Union[sympy.Basic, Token, MatrixPart, "Formula"]


@dataclass(frozen=True)
class Formula:
    """A displayed formula: a sequence of exact values and tokens."""

    parts: tuple[Part, ...]
    tight: bool = False  # join the text spellings without spaces, as inside parentheses

    @classmethod
    def of(cls, *parts: object) -> Formula:
        """Build a formula; plain Python numbers become SymPy numbers and ``str`` becomes a token."""
        return cls(tuple(_part(p) for p in parts))

    def latex(self, style: Style = DEFAULT_STYLE) -> str:
        return " ".join(_part_latex(p, style) for p in self.parts)

    def text(self) -> str:
        joined = ("" if self.tight else " ").join(_part_text(p) for p in self.parts)
        return joined.replace(" ,", ",")


def _part(p: object) -> Part:
    if isinstance(p, (Token, MatrixPart, Formula)):
        return p
    if isinstance(p, str):
        return Token(p, p)
    if isinstance(p, sympy.MatrixBase):
        return MatrixPart(sympy.ImmutableMatrix(p))
    if isinstance(p, (int, sympy.Basic)):
        return sympy.sympify(p)
    raise TypeError(f"cannot show {type(p).__name__} in a formula; expected a SymPy value or a Token")


# Unicode that steps write in token names (AᵀA, A⁻¹, λ), spelled for LaTeX math mode, where pdflatex
# would otherwise stop on the character.
_MATH_UNICODE = {
    "ᵀ": r"^{\mathsf{T}}",
    "ᴴ": r"^{\mathsf{H}}",
    "⁻¹": r"^{-1}",
    "⁺": r"^{+}",
    "²": r"^{2}",
    "³": r"^{3}",
    "ᵢ": r"_{i}",
    "ⱼ": r"_{j}",
    "ₖ": r"_{k}",
    "−": "-",
    "·": r"\cdot ",
    "×": r"\times ",
    "≠": r"\neq ",
    "≤": r"\leq ",
    "≥": r"\geq ",
    "≈": r"\approx ",
    "‖": r"\Vert ",
    "√": r"\surd ",
    "λ": r"\lambda ",
    "μ": r"\mu ",
    "σ": r"\sigma ",
    "Σ": r"\Sigma ",
    "Λ": r"\Lambda ",
    "Δ": r"\Delta ",
    "∞": r"\infty ",
}
_MATH_UNICODE_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(_MATH_UNICODE, key=len, reverse=True))
)


def math_latex(latex: str) -> str:
    """Return token LaTeX with the Unicode of ``_MATH_UNICODE`` replaced by math-mode commands.

    >>> print(math_latex("AᵀA - λI"))
    A^{\\mathsf{T}}A - \\lambda I
    """
    return _MATH_UNICODE_PATTERN.sub(lambda m: _MATH_UNICODE[m.group()], latex)


def _part_latex(p: Part, style: Style) -> str:
    if isinstance(p, Token):
        return math_latex(p.latex) if not p.latex.isascii() else p.latex
    if isinstance(p, Formula):
        return p.latex(style)
    if isinstance(p, MatrixPart):
        if p.kind == "det":
            return matrix_latex(p.M, "vmatrix")
        return matrix_latex(p.M, style.matrix_env, p.augment if p.kind == "augmented" else None)
    return latex_of(p, style)


def _part_text(p: Part) -> str:
    if isinstance(p, Token):
        return p.text
    if isinstance(p, Formula):
        return p.text()
    if isinstance(p, MatrixPart):
        rows = [[text_of(x) for x in p.M.row(i)] for i in range(p.M.rows)]
        if p.kind == "augmented" and p.augment is not None:
            rows = [r[: p.augment] + ["|"] + r[p.augment :] for r in rows]
        inner = "; ".join(" ".join(r) for r in rows)
        return f"|{inner}|" if p.kind == "det" else f"[{inner}]"
    return text_of(p)


# Operators and relations used across solutions.
EQ = Token("=", "=")
NE = Token(r"\neq", "≠")
APPROX = Token(r"\approx", "≈")
PLUS = Token("+", "+")
MINUS = Token("-", "-")
TIMES = Token(r"\cdot", "·")
IMPLIES = Token(r"\implies", "⇒")
ARROW = Token(r"\to", "→")
SIM = Token(r"\sim", "~")
COMMA = Token(r",\quad", ",")


def paren(value: object) -> Part:
    """Wrap a value in parentheses when it is a product factor that needs them (a negative
    number, a sum)."""
    v = sympy.sympify(value)
    if (
        v.is_Add
        or (v.is_number and v.could_extract_minus_sign())
        or (v.is_Mul and v.could_extract_minus_sign())
    ):
        return Formula((Token(r"\left(", "("), v, Token(r"\right)", ")")), tight=True)
    return v


def det_of(M: sympy.MatrixBase) -> MatrixPart:
    """Show ``M`` between vertical bars, the notation for its determinant."""
    return MatrixPart(sympy.ImmutableMatrix(M), "det")


def augmented(M: sympy.MatrixBase, bar: int) -> MatrixPart:
    """Show ``M`` with a vertical bar before column ``bar`` (an augmented matrix such as [A | I])."""
    return MatrixPart(sympy.ImmutableMatrix(M), "augmented", bar)


def join(items: Iterable[object], sep: Token = PLUS) -> Formula:
    """Join values with an operator token, for example a sum of products term by term."""
    parts: list[object] = []
    for i, item in enumerate(items):
        if i:
            parts.append(sep)
        parts.append(item)
    return Formula.of(*parts)


def chain(*sides: object) -> Formula:
    """``a = b = c``: the sides of an equation chain, each side a value, token or formula."""
    return join(sides, EQ)


# Digits at which a value is evaluated before it is rounded for display.
ROUNDING_GUARD_DIGITS = 30


def decimal(value: sympy.Expr, digits: int = DEFAULT_STYLE.decimals) -> sympy.Expr:
    """Return ``value`` correctly rounded to ``digits`` significant digits (real and imaginary
    parts separately).

    The value is evaluated with at least ``ROUNDING_GUARD_DIGITS`` digits and then rounded in
    decimal: ``sympy.N(value, 4)`` works with about 17 bits and can land on the wrong side of a
    rounding boundary (it gives 0.5773 for √3/3 = 0.57735…).

    >>> decimal(sympy.sqrt(3) / 3), decimal(sympy.sqrt(26) / 2)
    (0.5774, 2.550)
    """
    guard = max(ROUNDING_GUARD_DIGITS, digits + 10)
    real, imaginary = sympy.N(value, guard).as_real_imag()
    shown = round_significant(real, digits, guard) if real != 0 else sympy.Integer(0)
    if imaginary != 0:
        shown += sympy.I * round_significant(imaginary, digits, guard)
    return shown


def round_significant(x: sympy.Expr | str, digits: int, guard: int = ROUNDING_GUARD_DIGITS) -> sympy.Float:
    """Round a real number (or its decimal string) to ``digits`` significant digits, in decimal."""
    with mpmath.workdps(guard):
        exact = mpmath.mpf(sympy.Float(x, guard)._mpf_)
        return sympy.Float(mpmath.nstr(exact, digits, strip_zeros=False), digits)


def is_irrational_looking(value: sympy.Expr) -> bool:
    """Return True when an exact number has an irrational part, so a decimal beside it helps."""
    v = sympy.sympify(value)
    if not v.is_number or v.is_Rational:
        return False
    real, imaginary = v.as_real_imag()
    # Gaussian rationals such as 1 + 2i are exact at a glance; only irrational parts need decimals.
    return not (real.is_Rational and imaginary.is_Rational)


def with_decimal(value: sympy.Expr, digits: int = DEFAULT_STYLE.decimals) -> Formula:
    """Show an exact number, followed by ``≈ decimal`` when it is irrational or complex."""
    v = sympy.sympify(value)
    if is_irrational_looking(v):
        return Formula.of(v, APPROX, decimal(v, digits))
    return Formula.of(v)


Prose = tuple[str | Formula, ...]


def prose(*segments: object) -> Prose:
    """Build a sentence of plain text with inline formulas; a SymPy value becomes a formula."""
    out: list[str | Formula] = []
    for s in segments:
        if isinstance(s, (str, Formula)):
            out.append(s)
        else:
            out.append(Formula.of(s))
    return tuple(out)


def prose_text(p: Prose) -> str:
    """Return a sentence as plain text."""
    return "".join(s if isinstance(s, str) else s.text() for s in p)
