"""The exception hierarchy of derive and the exit code that each kind maps to.

Policy:

* ``InputError`` (also a ``ValueError``) is the user's to fix: a malformed matrix, a shape that does
  not fit the operation, an unknown method. The command line prints it on one line and exits with 2.
* ``NotSupportedError`` (also a ``NotImplementedError``) is a case that derive does not handle yet but
  that is mathematically meaningful. Exit code 1.
* ``VerificationError`` means that an answer failed its independent check. That is a bug in derive,
  never an answer, so nothing is written. Exit code 1.
* ``LatexError`` means that the PDF could not be compiled. Exit code 1; the ``.tex`` is kept.

Each condition is raised in one place with one wording, so tests pin whole messages.
"""

from __future__ import annotations


class DeriveError(Exception):
    """Base class of every error that derive raises on purpose."""

    exit_code = 1


class InputError(DeriveError, ValueError):
    """Invalid input: the message names the value, what was expected and what to do."""

    exit_code = 2


class ShapeError(InputError):
    """Operands whose shapes do not fit the operation."""


class NotSupportedError(DeriveError, NotImplementedError):
    """A meaningful request that derive does not handle yet."""


class VerificationError(DeriveError, ArithmeticError):
    """An answer that failed its independent check; always a bug in derive."""


class LatexError(DeriveError, RuntimeError):
    """LaTeX failed to compile a document."""
