"""The solution model: what every operation returns and every renderer reads.

A :class:`Solution` contains the inputs, the exact answer as SymPy values, the steps grouped in
sections, and the checks that verify the answer independently of the steps. Steps are data
(sentences with inline formulas, and displayed formulas), so the same solution renders to LaTeX,
Markdown, plain text and JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy

from .errors import VerificationError
from .formula import Formula, Prose, prose, prose_text


@dataclass(frozen=True)
class Step:
    """One move of the derivation: a sentence, then the mathematics it shows."""

    text: Prose
    math: tuple[Formula, ...] = ()


@dataclass(frozen=True)
class Section:
    """A titled group of steps, such as "Characteristic polynomial"."""

    title: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Check:
    """A verification of the answer, computed without the steps that produced it."""

    statement: Prose
    passed: bool
    math: tuple[Formula, ...] = ()


@dataclass(frozen=True)
class Answer:
    """The exact answer.

    ``values`` maps a part's name to a SymPy value, a list of them, or a plain ``int``/``bool``/
    ``str`` for counts, flags and labels; ``display`` is what an answer key prints.
    """

    values: dict[str, Any]
    display: tuple[Formula, ...]
    summary: Prose = ()


@dataclass
class Solution:
    """A worked solution of one operation on its inputs."""

    operation: str
    title: str
    problem: Prose
    inputs: dict[str, sympy.ImmutableMatrix]
    answer: Answer
    sections: list[Section]
    checks: list[Check]
    method: str | None = None
    notes: list[Prose] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    def _repr_markdown_(self) -> str:
        """Show the worked solution in a Jupyter notebook (Markdown with LaTeX formulas)."""
        from .render import render

        return render([self], "md")

    def require_verified(self) -> Solution:
        """Return the solution, or raise ``VerificationError`` when a check failed or none ran."""
        if not self.checks:
            raise VerificationError(
                f"{self.operation}: the answer has no independent check; this is a bug in derive"
            )
        failed = [prose_text(c.statement) for c in self.checks if not c.passed]
        if failed:
            raise VerificationError(
                f"{self.operation}: the answer failed its check ({'; '.join(failed)}); "
                "this is a bug in derive, please report it with the input"
            )
        return self


class SectionBuilder:
    """Collect the steps of one section in order.

    >>> s = SectionBuilder("Result")
    >>> s.step("The answer is", 2, ".")
    >>> s.build().steps[0].text[0]
    'The answer is'
    """

    def __init__(self, title: str) -> None:
        self.title = title
        self._steps: list[Step] = []

    def step(self, *text: object, math: Formula | list[Formula] | tuple[Formula, ...] = ()) -> None:
        """Add a step: a sentence (strings and values) and the formulas it displays."""
        shown = (math,) if isinstance(math, Formula) else tuple(math)
        self._steps.append(Step(prose(*text), shown))

    def build(self) -> Section:
        return Section(self.title, tuple(self._steps))

    def __bool__(self) -> bool:
        return bool(self._steps)
