"""The table of operations: one entry feeds dispatch, the command line's choices and its help.

Each topic module registers its operations with :func:`operation`. :func:`solve` checks what every
operation shares (the number of operands, square shape, the method name), runs the operation and
returns its solution only when every independent check passed.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy

from .errors import InputError, ShapeError
from .model import Solution
from .parsing import read_matrix

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    """Settings of an operation; each operation reads the ones it documents.

    ``ord`` is a norm's order (``"1"``, ``"2"``, ``"inf"``, ``"fro"``, ``"max"`` or an integer p);
    ``scalar`` the factor of ``scale``; ``columns`` and ``components`` select PCA's data columns and
    the number of components kept; ``rank`` the k of a best rank-k approximation; ``full`` chooses
    the full rather than the thin SVD; ``column_names`` names the columns of PCA's data.
    """

    ord: str | None = None
    scalar: sympy.Expr | None = None
    columns: tuple[str, ...] = ()
    components: int | None = None
    rank: int | None = None
    full: bool = True
    column_names: tuple[str, ...] = ()


OperationFunction = Callable[..., Solution]
# Reads an operation's operands from command-line text when they are not matrices (a CSV file for PCA):
# reader(sources, options) -> (matrices, notes on how they were read, options for the operation).
OperandReader = Callable[[Sequence[str], "Options"], tuple[list[sympy.ImmutableMatrix], list[str], "Options"]]


@dataclass(frozen=True)
class Operation:
    """A registered operation."""

    name: str
    summary: str
    function: OperationFunction
    operands: tuple[str, ...] = ("A",)
    methods: tuple[str, ...] = ()
    square: bool = False
    reader: OperandReader | None = None


OPERATIONS: dict[str, Operation] = {}


def operation(
    name: str,
    summary: str,
    *,
    operands: tuple[str, ...] = ("A",),
    methods: tuple[str, ...] = (),
    square: bool = False,
    reader: OperandReader | None = None,
) -> Callable[[OperationFunction], OperationFunction]:
    """Register ``function(*matrices, method=..., options=...) -> Solution`` under ``name``.

    ``methods`` lists the names ``--method`` accepts; ``method=None`` means that the operation picks
    one and explains why. ``square`` makes :func:`solve` reject a non-square first operand. ``reader``
    replaces matrix parsing on the command line for operands that are files of another kind.
    """

    def register(function: OperationFunction) -> OperationFunction:
        if name in OPERATIONS:
            raise RuntimeError(f"operation {name!r} is registered twice")
        OPERATIONS[name] = Operation(name, summary, function, operands, methods, square, reader)
        return function

    return register


def all_operations() -> dict[str, Operation]:
    """Return every operation, importing the topic modules on first use so that they register."""
    from . import operations  # noqa: F401

    return OPERATIONS


def get_operation(name: str) -> Operation:
    """Return the registered operation, or raise ``InputError`` naming the close matches."""
    all_operations()
    if name in OPERATIONS:
        return OPERATIONS[name]
    close = difflib.get_close_matches(name, OPERATIONS, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise InputError(f"unknown operation {name!r}: {hint}expected one of {', '.join(sorted(OPERATIONS))}")


def require_square(M: sympy.MatrixBase, operation_name: str, operand: str = "A") -> None:
    """Raise ``ShapeError`` unless ``M`` is square; the one wording of that condition."""
    if M.rows != M.cols:
        raise ShapeError(
            f"{operand} is {M.rows}×{M.cols}, but {operation_name} needs a square matrix; give an n×n matrix"
        )


def solve(
    name: str, *matrices: sympy.MatrixBase, method: str | None = None, options: Options | None = None
) -> Solution:
    """Run operation ``name`` on its operands and return its verified solution.

    >>> from sympy import Matrix
    >>> import derive
    >>> derive.solve("det", Matrix([[4, 2], [-5, -3]])).answer.values["det"]
    -2
    """
    op = get_operation(name)
    if len(matrices) != len(op.operands):
        expected = " and ".join(op.operands)
        raise InputError(
            f"{name} takes {len(op.operands)} matrix operand(s), {expected}, but got {len(matrices)}"
        )
    if method is not None and method not in op.methods:
        if not op.methods:
            raise InputError(
                f"{name} has no methods to choose from, but --method {method!r} was given; leave it out"
            )
        raise InputError(f"unknown method {method!r} for {name}: expected one of {', '.join(op.methods)}")
    mats = [sympy.ImmutableMatrix(M) for M in matrices]
    if op.square:
        require_square(mats[0], name, op.operands[0])
    logger.debug("solving %s on %s with method %s", name, [m.shape for m in mats], method)
    solution = op.function(*mats, method=method, options=options or Options())
    return solution.require_verified()


def read_operands(
    op: Operation, sources: Sequence[str], options: Options
) -> tuple[list[sympy.ImmutableMatrix], list[str], Options]:
    """Read an operation's operands from text (matrix text, LaTeX or a file path); return the
    matrices, the notes on how they were read, and the options for the operation."""
    if len(sources) != len(op.operands):
        names = " ".join(op.operands)
        raise InputError(
            f"{op.name} takes {len(op.operands)} operand(s) ({names}) but {len(sources)} were given; "
            f"write: derive solve {op.name} {names}"
        )
    if op.reader is not None:
        return op.reader(sources, options)
    matrices, notes = [], []
    for name, source in zip(op.operands, sources, strict=True):
        parsed = read_matrix(source, name)
        matrices.append(parsed.matrix)
        notes += [f"{name}: {n}" for n in parsed.notes]
    return matrices, notes, options


def solve_sources(
    name: str, sources: Sequence[str], *, method: str | None = None, options: Options | None = None
) -> Solution:
    """Read the operands from text, solve, and record in the solution's notes how the input was read.

    >>> solve_sources("det", ["0.5 1; 2 3"]).notes
    [('A: entry (1, 1): 0.5 read as the exact value 1/2',)]
    """
    op = get_operation(name)
    matrices, notes, options = read_operands(op, sources, options or Options())
    solution = solve(name, *matrices, method=method, options=options)
    solution.notes[:0] = [(n,) for n in notes]
    return solution
