"""derive: exact, step-by-step worked solutions of matrix problems, typeset as LaTeX and PDF.

>>> import derive
>>> solution = derive.solve("det", derive.parse_matrix("4 2; -5 -3"))
>>> solution.answer.values["det"]
-2
"""

from __future__ import annotations

from .errors import (
    DeriveError,
    InputError,
    LatexError,
    NotSupportedError,
    ShapeError,
    VerificationError,
)
from .model import Answer, Check, Section, Solution, Step
from .parsing import parse_matrix
from .registry import Options, all_operations, solve

__all__ = [
    "Answer",
    "Check",
    "DeriveError",
    "InputError",
    "LatexError",
    "NotSupportedError",
    "Options",
    "Section",
    "ShapeError",
    "Solution",
    "Step",
    "VerificationError",
    "all_operations",
    "parse_matrix",
    "solve",
]
