"""Read matrices from the forms people type, from files, from LaTeX and from Python objects.

User text is never evaluated as code: entries go through a small recursive-descent parser that builds
SymPy values directly and accepts only numbers, symbols, ``sqrt``, ``+ - * / ^ **`` and parentheses.
LaTeX is parsed with pylatexenc and translated to the same entry syntax.

Accepted matrix text:

* ``[[4, 2], [-5, -3]]``: nested brackets; a flat ``[4, -7]`` is a column vector.
* ``4 2; -5 -3``: rows separated by ``;`` or newlines, entries by commas or spaces. Spaces follow
  MATLAB's rule: ``4 -x`` is two entries and ``4 - x`` is one.
* ``\\begin{bmatrix} 4 & 2 \\\\ -5 & -3 \\end{bmatrix}`` (also ``pmatrix``, ``vmatrix``, ``matrix``,
  ``array``), with ``\\frac``, ``\\sqrt``, ``\\cdot`` and Greek letters.

Decimals are read as the exact fractions they denote (``0.25`` is 1/4), and each such reading is
reported in :attr:`MatrixInput.notes` so that the solution can state it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import sympy
from pylatexenc import latexwalker, macrospec

from .errors import InputError

MAX_ROWS = 20
MAX_COLS = 20
MAX_ENTRY_CHARS = 200
MAX_DIGITS = 200  # digits in one number literal
MAX_EXPONENT = 64  # largest |n| in x^n, so that input cannot ask for astronomically large numbers
# Largest |n| in (sum)^n when the sum has symbols: (x + y)^n expands to n + 1 terms in every later
# step, and beyond this the derivation grows past what a page or a second can hold.
MAX_SYMBOLIC_EXPONENT = 6
MAX_FILE_BYTES = 1_000_000

# Greek letter names a user may type, mapped to SymPy's spelling (λ is "lamda" in SymPy because
# "lambda" is a Python keyword; its LaTeX is still \lambda and str() reads back with parse_expr).
_GREEK_NAMES = {
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lamda",
    "mu",
    "nu",
    "xi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
}
_UNICODE_GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lamda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
_FUNCTIONS = {"sqrt": sympy.sqrt}
_CONSTANTS = {"pi": sympy.pi}
# Names that SymPy would read as constants (I is the imaginary unit, E Euler's number, oo infinity),
# which would surprise as plain symbols.
_RESERVED = {"I", "E", "oo", "nan", "zoo", "None", "True", "False"}

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/^()])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class MatrixInput:
    """A parsed matrix with the notes on how its entries were read."""

    matrix: sympy.ImmutableMatrix
    notes: tuple[str, ...] = ()


def _normalize_text(text: str) -> str:
    # √2 and √x are the square root of the number or name that follows; √(...) of the group.
    text = re.sub(r"√\s*(\d+(?:\.\d+)?|[A-Za-z][A-Za-z0-9_]*)", r"sqrt(\1)", text)
    text = text.replace("−", "-").replace("×", "*").replace("·", "*").replace("√", "sqrt")
    for letter, name in _UNICODE_GREEK.items():
        text = text.replace(letter, f" {name} ")
    return text


class _EntryParser:
    """Recursive descent over the tokens of one entry.

    Grammar (``^`` and ``**`` are right-associative; a number followed by a name or ``(`` is an
    implicit product, as in ``2a`` or ``3(x + 1)``)::

        expr  := term (("+" | "-") term)*
        term  := unary (("*" | "/") unary | implicit)*
        unary := ("-" | "+") unary | power
        power := atom (("^" | "**") unary)?
        atom  := number | name | name "(" expr ")" | "(" expr ")"
    """

    def __init__(self, text: str, where: str) -> None:
        self.where = where
        self.source = text
        self.tokens = self._tokenize(_normalize_text(text))
        self.pos = 0
        self.decimals: list[str] = []

    def _fail(self, problem: str) -> InputError:
        return InputError(f"{self.where} {self.source.strip()!r}: {problem}")

    def _tokenize(self, text: str) -> list[tuple[str, str]]:
        tokens = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m:
                raise self._fail(
                    f"unexpected character {text[pos]!r}; expected numbers, symbols, sqrt(...), "
                    "+ - * / ^ and parentheses"
                )
            pos = m.end()
            if m.lastgroup != "space":
                tokens.append((m.lastgroup, m.group()))
        return tokens

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, value: str) -> bool:
        tok = self._peek()
        if tok and tok[0] == "op" and tok[1] == value:
            self.pos += 1
            return True
        return False

    def parse(self) -> sympy.Expr:
        if not self.tokens:
            raise self._fail("the entry is empty; expected a number or an expression")
        value = self._expr()
        if self._peek() is not None:
            raise self._fail(f"unexpected {self._peek()[1]!r}; check for a missing operator or parenthesis")
        return value

    def _expr(self) -> sympy.Expr:
        value = self._term()
        while True:
            if self._take("+"):
                value = value + self._term()
            elif self._take("-"):
                value = value - self._term()
            else:
                return value

    def _term(self) -> sympy.Expr:
        value = self._unary()
        while True:
            tok = self._peek()
            if self._take("*"):
                value = value * self._unary()
            elif self._take("/"):
                divisor = self._unary()
                if divisor == 0:
                    raise self._fail("division by zero")
                value = value / divisor
            elif tok is not None and (tok[0] in ("name", "number") or tok == ("op", "(")):
                value = value * self._power()
            else:
                return value

    def _unary(self) -> sympy.Expr:
        if self._take("-"):
            return -self._unary()
        if self._take("+"):
            return self._unary()
        return self._power()

    def _power(self) -> sympy.Expr:
        base = self._atom()
        if self._take("^") or self._take("**"):
            exponent = self._unary()
            if exponent.is_Integer and abs(exponent) > MAX_EXPONENT:
                raise self._fail(
                    f"the exponent {exponent} is too large; expected at most {MAX_EXPONENT} in size"
                )
            if not exponent.is_Rational:
                raise self._fail("exponents must be integers or fractions; rewrite the entry")
            if base.is_Add and base.free_symbols and abs(exponent) > MAX_SYMBOLIC_EXPONENT:
                raise self._fail(
                    f"a sum with symbols raised to {exponent} is too large to work with by hand; "
                    f"expected an exponent of at most {MAX_SYMBOLIC_EXPONENT} on a sum"
                )
            if base == 0 and exponent < 0:
                raise self._fail("division by zero")
            return base**exponent
        return base

    def _atom(self) -> sympy.Expr:
        tok = self._peek()
        if tok is None:
            raise self._fail("the entry ends too early; expected a number, a symbol or '('")
        kind, text = tok
        self.pos += 1
        if kind == "number":
            return self._number(text)
        if kind == "name":
            return self._name(text)
        if text == "(":
            value = self._expr()
            if not self._take(")"):
                raise self._fail("a '(' is not closed; add the missing ')'")
            return value
        raise self._fail(f"unexpected {text!r}; expected a number, a symbol or '('")

    def _number(self, text: str) -> sympy.Expr:
        if len(re.sub(r"\D", "", text)) > MAX_DIGITS:
            raise self._fail(f"the number has more than {MAX_DIGITS} digits")
        if re.fullmatch(r"\d+", text):
            return sympy.Integer(int(text))
        mantissa, _, exponent = text.lower().partition("e")
        if exponent and abs(int(exponent)) > MAX_DIGITS:
            raise self._fail(f"the exponent of {text} is too large")
        self.decimals.append(text)
        return sympy.Rational(Fraction(mantissa) * Fraction(10) ** int(exponent or 0))

    def _name(self, name: str) -> sympy.Expr:
        if self._peek() == ("op", "("):
            if name not in _FUNCTIONS:
                raise self._fail(f"unknown function {name!r}; the only function is sqrt(...)")
            self.pos += 1
            arg = self._expr()
            if not self._take(")"):
                raise self._fail("a '(' is not closed; add the missing ')'")
            return _FUNCTIONS[name](arg)
        if name in _FUNCTIONS:
            raise self._fail(f"{name} needs an argument in parentheses, such as {name}(2)")
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in _RESERVED:
            raise self._fail(f"{name!r} is reserved (SymPy reads it as a constant); use another symbol name")
        if name == "lambda":
            name = "lamda"
        return sympy.Symbol(name)


def parse_entry(text: str, where: str = "entry") -> sympy.Expr:
    """Parse one entry such as ``-5/2``, ``0.25``, ``sqrt(2)/2`` or ``2*a + 1`` to an exact value.

    >>> parse_entry("0.25"), parse_entry("sqrt(8)/2"), parse_entry("2a + 1")
    (1/4, sqrt(2), 2*a + 1)
    """
    if len(text) > MAX_ENTRY_CHARS:
        raise InputError(f"{where} is {len(text)} characters long; expected at most {MAX_ENTRY_CHARS}")
    return _EntryParser(text, where).parse()


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _entry_name(i: int, j: int) -> str:
    return f"entry ({i + 1}, {j + 1})"


def _check_size(rows: list[list[Any]], label: str) -> None:
    if not rows or all(len(r) == 0 for r in rows):
        raise InputError(f"{label} is empty; expected at least one row with one entry, such as '1 2; 3 4'")
    if len(rows) > MAX_ROWS or max(len(r) for r in rows) > MAX_COLS:
        raise InputError(
            f"{label} is {len(rows)}×{max(len(r) for r in rows)}; expected at most {MAX_ROWS}×{MAX_COLS}; "
            "for data sets use a CSV file with the pca operation"
        )
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise InputError(
                f"{label} is ragged: row {i + 1} has {_count(len(row), 'entry', 'entries')} "
                f"but row 1 has {width}; give every row the same number of entries"
            )


def _build(cells: list[list[str]], label: str) -> MatrixInput:
    _check_size(cells, label)
    notes = []
    values = []
    for i, row in enumerate(cells):
        out_row = []
        for j, cell in enumerate(row):
            where = f"{label} {_entry_name(i, j)}"
            if len(cell) > MAX_ENTRY_CHARS:
                raise InputError(
                    f"{where} is {len(cell)} characters long; expected at most {MAX_ENTRY_CHARS}"
                )
            parser = _EntryParser(cell, where)
            value = parser.parse()
            if parser.decimals:
                notes.append(f"{_entry_name(i, j)}: {cell.strip()} read as the exact value {value}")
            out_row.append(value)
        values.append(out_row)
    return MatrixInput(sympy.ImmutableMatrix(values), tuple(notes))


def _split_top_level(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside parentheses and brackets."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return parts


def _bracket_rows(text: str, label: str) -> list[list[str]]:
    inner = text.strip()
    if not inner.endswith("]"):
        raise InputError(f"{label} starts with '[' but does not end with ']'; close every bracket")
    inner = inner[1:-1].strip()
    if not inner:
        raise InputError(f"{label} is empty; expected at least one row with one entry, such as '1 2; 3 4'")
    items = [s.strip() for s in _split_top_level(inner, ",")]
    if all(s.startswith("[") for s in items):
        rows = []
        for k, item in enumerate(items):
            if not item.endswith("]"):
                raise InputError(f"{label} row {k + 1} {item!r} does not end with ']'; close every bracket")
            row = item[1:-1].strip()
            rows.append(_split_row(row) if row else [])
        return rows
    if any(s.startswith("[") for s in items):
        raise InputError(
            f"{label} mixes rows in brackets with bare entries; write [[1, 2], [3, 4]] or [1, 2]"
        )
    if len(_split_top_level(inner, ";")) > 1:  # MATLAB's [1 2; 3 4]
        return _plain_rows(inner)
    return [[entry] for entry in _split_row(inner)]  # a flat list is a column vector


_BINARY_START = re.compile(r"^(\*\*|[*/^])")
_BINARY_END = re.compile(r"(\*\*|[-+*/^])$")


def _split_row(row: str) -> list[str]:
    """Split one row at commas, or else at spaces that separate entries (MATLAB's rule)."""
    if "," in row:
        return [c.strip() for c in _split_top_level(row, ",")]
    words = _split_spaces(row)
    entries: list[str] = []
    for w in words:
        glue = entries and (_BINARY_END.search(entries[-1]) or _BINARY_START.match(w) or w in ("+", "-"))
        if glue:
            entries[-1] = f"{entries[-1]} {w}"
        else:
            entries.append(w)
    return entries


def _split_spaces(row: str) -> list[str]:
    words, depth, current = [], 0, ""
    for ch in row:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch.isspace() and depth == 0:
            if current:
                words.append(current)
            current = ""
        else:
            current += ch
    if current:
        words.append(current)
    return words


def _plain_rows(text: str) -> list[list[str]]:
    rows = [r for r in re.split(r"[;\n]", text) if r.strip()]
    return [_split_row(r.strip()) for r in rows]


def _require_balanced(text: str, label: str) -> None:
    """Raise on unbalanced parentheses or brackets before rows are split, so that the error names
    the bracket rather than a ragged row."""
    for opening, closing in ("()", "[]"):
        depth = 0
        for ch in text:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                raise InputError(
                    f"{label} has a {closing!r} without a matching {opening!r}; "
                    f"remove it or add the {opening!r}"
                )
        if depth > 0:
            raise InputError(f"{label} has a {opening!r} that is not closed; add the missing {closing!r}")


def parse_matrix_text(text: str, label: str = "matrix") -> MatrixInput:
    """Parse matrix text in any accepted form (see the module docstring)."""
    stripped = text.strip()
    if not stripped:
        raise InputError(f"{label} is empty; expected at least one row with one entry, such as '1 2; 3 4'")
    if "\\begin" in stripped:
        return _build(latex_rows(stripped, label), label)
    _require_balanced(stripped, label)
    if stripped.startswith("["):
        return _build(_bracket_rows(stripped, label), label)
    return _build(_plain_rows(stripped), label)


# LaTeX ---------------------------------------------------------------------------------------------

_MATRIX_ENVIRONMENTS = {
    "matrix",
    "pmatrix",
    "bmatrix",
    "Bmatrix",
    "vmatrix",
    "Vmatrix",
    "smallmatrix",
    "array",
}
_LATEX_OPERATORS = {"cdot": "*", "times": "*", "ast": "*", "div": "/"}
_LATEX_IGNORED = {"left", "right", "hline", ",", ";", "!", " ", "quad", "displaystyle", "big", "Big"}


@lru_cache(maxsize=1)
def _latex_context() -> Any:
    """pylatexenc's default macros, plus the argument counts of amsmath fractions it lacks."""
    context = latexwalker.get_default_latex_context_db()
    context.add_context_category(
        "amsmath-fractions",
        macros=[macrospec.MacroSpec("dfrac", "{{"), macrospec.MacroSpec("tfrac", "{{")],
        prepend=True,
    )
    return context


def latex_rows(text: str, label: str = "matrix") -> list[list[str]]:
    """Return the cells of the first matrix environment in ``text``, translated to entry syntax."""
    walker = latexwalker.LatexWalker(text, latex_context=_latex_context(), tolerant_parsing=False)
    try:
        nodes, _, _ = walker.get_latex_nodes()
    except latexwalker.LatexWalkerError as exc:
        raise InputError(
            f"{label}: invalid LaTeX ({str(exc).splitlines()[0]}); check braces and \\end"
        ) from exc
    env = _find_environment(nodes)
    if env is None:
        raise InputError(
            f"{label}: no matrix environment found; expected \\begin{{bmatrix}} ... \\end{{bmatrix}} "
            "(or pmatrix, vmatrix, matrix, array)"
        )
    rows: list[list[str]] = [[]]
    cell = ""
    for node in env.nodelist:
        if node.isNodeType(latexwalker.LatexMacroNode) and node.macroname == "\\":
            rows[-1].append(cell)
            rows.append([])
            cell = ""
        elif node.isNodeType(latexwalker.LatexSpecialsNode) and node.specials_chars == "&":
            rows[-1].append(cell)
            cell = ""
        else:
            cell += _latex_to_entry(node, label)
    rows[-1].append(cell)
    rows = [[c.strip() for c in r] for r in rows]
    if rows and all(c == "" for c in rows[-1]):  # a trailing \\ ends the last row
        rows.pop()
    return rows


def _find_environment(nodes: list[Any]) -> Any:
    for node in nodes or []:
        if node is None:
            continue
        if node.isNodeType(latexwalker.LatexEnvironmentNode) and node.environmentname in _MATRIX_ENVIRONMENTS:
            return node
        children = getattr(node, "nodelist", None)
        if children:
            found = _find_environment(children)
            if found is not None:
                return found
    return None


def _group_text(node: Any, label: str) -> str:
    if node is None:
        return ""
    if node.isNodeType(latexwalker.LatexGroupNode):
        return "".join(_latex_to_entry(n, label) for n in node.nodelist)
    return _latex_to_entry(node, label)


def _latex_to_entry(node: Any, label: str) -> str:
    if node is None or node.isNodeType(latexwalker.LatexCommentNode):
        return ""
    if node.isNodeType(latexwalker.LatexCharsNode):
        return node.chars.replace("{", "(").replace("}", ")")
    if node.isNodeType(latexwalker.LatexGroupNode):
        return "(" + "".join(_latex_to_entry(n, label) for n in node.nodelist) + ")"
    if node.isNodeType(latexwalker.LatexSpecialsNode):
        return node.specials_chars
    if node.isNodeType(latexwalker.LatexMacroNode):
        return _latex_macro(node, label) + node.macro_post_space
    raise InputError(f"{label}: unsupported LaTeX {node.latex_verbatim()!r} inside the matrix")


def _latex_macro(node: Any, label: str) -> str:
    name = node.macroname
    args = node.nodeargd.argnlist if node.nodeargd else []
    if name in ("frac", "dfrac", "tfrac"):
        num, den = args[-2], args[-1]
        return f"(({_group_text(num, label)})/({_group_text(den, label)}))"
    if name == "sqrt":
        if args and args[0] is not None:
            raise InputError(
                f"{label}: \\sqrt[n] roots are not supported; use sqrt or a power such as 2^(1/3)"
            )
        return f"sqrt({_group_text(args[-1], label)})"
    if name in _LATEX_OPERATORS:
        return f" {_LATEX_OPERATORS[name]} "
    if name in _LATEX_IGNORED:
        return " "
    if name in ("lambda", "pi") or name in _GREEK_NAMES or name in ("epsilon", "varepsilon", "varphi"):
        return f" {name.removeprefix('var')} "
    if name == "text" or name == "mathrm":
        return f" {_group_text(args[-1], label)} "
    raise InputError(f"{label}: unsupported LaTeX command \\{name}; use numbers, \\frac, \\sqrt and symbols")


# Files and Python objects --------------------------------------------------------------------------


def read_matrix_file(path: str | Path, label: str = "matrix") -> MatrixInput:
    """Read a matrix from a ``.json`` (list of rows), ``.csv``, ``.tex`` or plain text file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{label}: {str(p)!r} is {size} bytes; a matrix file may have at most {MAX_FILE_BYTES}; "
                "for data sets use a CSV file with the pca operation"
            )
        # utf-8-sig drops the byte-order mark that Windows editors and spreadsheets write.
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{label}: cannot read {str(p)!r} ({exc.__class__.__name__}); check the path"
        ) from exc
    if p.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{label}: {str(p)!r} is not valid JSON (line {exc.lineno}); expected a list of rows"
            ) from exc
        return from_python(data, label)
    if p.suffix == ".csv":
        rows = [[c.strip() for c in line.split(",")] for line in text.splitlines() if line.strip()]
        return _build(rows, label)
    return parse_matrix_text(text, label)


def _python_entry(value: Any, where: str, notes: list[str]) -> sympy.Expr:
    if isinstance(value, bool):
        raise InputError(f"{where} is a bool ({value}); expected a number")
    if isinstance(value, str):
        parser = _EntryParser(value, where)
        parsed = parser.parse()
        if parser.decimals:
            notes.append(f"{where}: {value.strip()} read as the exact value {parsed}")
        return parsed
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return sympy.Integer(int(value))
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        if not math.isfinite(float(value)):
            raise InputError(f"{where} is {float(value)!r}; expected a finite number")
        # repr gives the shortest decimal that round-trips, which is what the user wrote.
        exact = sympy.Rational(Fraction(repr(float(value))))
        notes.append(f"{where}: the float {float(value)!r} read as the exact value {exact}")
        return exact
    if isinstance(value, sympy.Basic):
        if value.has(sympy.Float):
            exact = value.xreplace({f: sympy.Rational(str(f)) for f in value.atoms(sympy.Float)})
            notes.append(f"{where}: the float in {value} read as the exact value {exact}")
            return exact
        return value
    raise InputError(f"{where} has type {type(value).__name__}; expected a number, a string or a SymPy value")


def from_python(data: Any, label: str = "matrix") -> MatrixInput:
    """Convert lists of rows, a flat list (a column vector), a SymPy matrix or a NumPy array."""
    if hasattr(data, "tolist") and not isinstance(data, sympy.MatrixBase):
        data = data.tolist()
    if isinstance(data, sympy.MatrixBase):
        data = data.tolist()
    if not isinstance(data, (list, tuple)):
        raise InputError(f"{label} has type {type(data).__name__}; expected a list of rows or a matrix")
    if data and not any(isinstance(r, (list, tuple)) for r in data):
        data = [[x] for x in data]
    if any(not isinstance(r, (list, tuple)) for r in data):
        raise InputError(f"{label} mixes rows with bare entries; give a list of rows")
    rows = [list(r) for r in data]
    _check_size(rows, label)
    notes: list[str] = []
    values = [
        [_python_entry(x, f"{label} {_entry_name(i, j)}", notes) for j, x in enumerate(row)]
        for i, row in enumerate(rows)
    ]
    return MatrixInput(sympy.ImmutableMatrix(values), tuple(notes))


_MATRIX_FILE_SUFFIXES = (".txt", ".csv", ".json", ".tex", ".mat")


def _names_a_file(text: str) -> bool:
    if not text or "\n" in text:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # a name longer than the file system allows is matrix text, not a path
        return False


def _looks_like_path(text: str) -> bool:
    """True for text that can only be meant as a path: one word that starts like a path (``/``,
    ``./``, ``../``, ``~/``) or ends with a file suffix; ``1/2`` and ``a/b`` are entries."""
    if not text or any(c.isspace() for c in text):
        return False
    return text.startswith(("/", "./", "../", "~/")) or text.lower().endswith(_MATRIX_FILE_SUFFIXES)


def read_matrix(source: Any, label: str = "matrix") -> MatrixInput:
    """Read a matrix from text, a path to an existing file, or a Python object; keep the notes."""
    if isinstance(source, Path):
        return read_matrix_file(source, label)
    if isinstance(source, str):
        candidate = source.strip()
        if _names_a_file(candidate):
            return read_matrix_file(candidate, label)
        if _looks_like_path(candidate):
            problem = "is a folder" if Path(candidate).is_dir() else "not found"
            raise InputError(f"{label}: file {candidate!r} {problem}; give the path of a matrix file")
        return parse_matrix_text(source, label)
    return from_python(source, label)


def parse_matrix(source: Any, label: str = "matrix") -> sympy.ImmutableMatrix:
    """Return the exact matrix that ``source`` describes (text, file path, list, SymPy or NumPy).

    >>> parse_matrix("4 2; -5 -3")
    Matrix([
    [ 4,  2],
    [-5, -3]])
    """
    return read_matrix(source, label).matrix
