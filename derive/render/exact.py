"""Exact values as strings that ``sympy.parse_expr`` reads back to the same value.

SymPy's ``str`` is nearly that already. The exceptions are symbols whose names Python or SymPy read
as something else (``lambda`` is a keyword, ``E`` is Euler's number, ``I`` the imaginary unit): those
are written as ``Symbol('name')``. Matrices are written on one line as ``Matrix([[...], ...])``.

>>> import sympy
>>> exact_string(sympy.Symbol("lambda") + sympy.sqrt(2) / 2)
"Symbol('lambda') + sqrt(2)/2"
"""

from __future__ import annotations

import keyword
from typing import Any

import sympy
from sympy.printing.str import StrPrinter

_SYMPY_NAMES = set(dir(sympy))


class _ExactPrinter(StrPrinter):
    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        name = expr.name
        if not name.isidentifier() or keyword.iskeyword(name) or name in _SYMPY_NAMES:
            return f"Symbol({name!r})"
        return name

    def _print_MatrixBase(self, expr: sympy.MatrixBase) -> str:
        rows = ", ".join("[" + ", ".join(self._print(x) for x in expr.row(i)) + "]" for i in range(expr.rows))
        return f"Matrix([{rows}])"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase


_printer = _ExactPrinter({"full_prec": True})


def exact_string(value: sympy.Basic) -> str:
    """Return the exact value as a string for ``sympy.parse_expr``."""
    return _printer.doprint(value)


def to_jsonable(value: Any) -> Any:
    """Convert an answer value to JSON: SymPy values become exact strings; lists, tuples and dicts are
    converted item by item (dict keys that are SymPy values become exact strings too)."""
    if value is None or isinstance(value, (bool, int, str, float)):
        return value
    if isinstance(value, (sympy.Basic, sympy.MatrixBase)):
        return exact_string(value)
    if isinstance(value, dict):
        return {k if isinstance(k, str) else exact_string(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"cannot convert {type(value).__name__} to JSON")
