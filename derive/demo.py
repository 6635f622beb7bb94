"""The bundled demo: worked examples of the course, rendered as a handout, a problem sheet and a key.

The matrices are the companion notebook's own examples (Linear Algebra II: Matrix Operations).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tqdm import tqdm

from . import registry
from .formula import Style
from .model import Solution
from .pdf import compile_pdf, write_atomic
from .render import DOCUMENTS, render

# (operation, operands, method, options): each is one worked solution of the handout.
EXAMPLES: tuple[tuple[str, tuple[str, ...], str | None, dict[str, object]], ...] = (
    ("det", ("4 2; -5 -3",), None, {}),
    ("det", ("1 2 4; 2 -1 3; 0 5 1",), "cofactor", {}),
    ("det", ("1 2 4; 2 -1 3; 0 5 1",), "row-reduction", {}),
    ("inverse", ("4 2; -5 -3",), None, {}),
    ("inverse", ("2 1 1; 1 3 2; 1 0 0",), "gauss-jordan", {}),
    ("inverse", ("-4 1; -8 2",), None, {}),
    ("eigenvalues", ("-1 4; 2 -2",), None, {}),
    ("eigenvalues", ("25 2 9; 5 26 -5; 3 7 -1",), None, {}),
    ("eigenvectors", ("2 -1 0; -1 2 -1; 0 -1 2",), None, {}),
    ("eigenvectors", ("1 2; 0 1",), None, {}),
    ("multiply", ("3 4; 5 6; 7 8", "1 9; 2 0"), None, {}),
    ("norm", ("[[25, 2, 5]]",), None, {"ord": "2"}),
    ("system", ("4 2; -5 -3", "[4, -7]"), None, {}),
    ("eigendecomposition", ("2 1; 1 2",), None, {}),
    ("svd", ("-1 2; 3 -2; 5 7",), None, {}),
    ("pinv", ("-1 2; 3 -2; 5 7",), None, {}),
    (
        "lstsq",
        ("1 0; 1 1; 1 2; 1 3; 1 4; 1 5; 1 6; 1 7", "[1.86, 1.31, 0.62, 0.33, 0.09, -0.67, -1.23, -1.37]"),
        None,
        {},
    ),
    ("pca", ("{iris}",), None, {"components": 2}),
)


def iris_path() -> Path:
    """Return the bundled copy of Fisher's iris measurements (150 flowers, 4 lengths in cm)."""
    return Path(str(resources.files("derive") / "data" / "iris.csv"))


def solve_examples() -> list[Solution]:
    """Solve every demo example, with a progress bar on standard error."""
    solutions = []
    for operation, sources, method, option_values in tqdm(EXAMPLES, desc="deriving", unit="solution"):
        texts = [s.format(iris=iris_path()) for s in sources]
        options = registry.Options(**option_values)  # type: ignore[arg-type]
        solutions.append(registry.solve_sources(operation, texts, method=method, options=options))
    return solutions


def run_demo(folder: Path, fmt: str = "pdf") -> list[Path]:
    """Write the handout, the problem sheet and the answer key into ``folder``; return the paths."""
    solutions = solve_examples()
    style = Style()
    written = []
    for document in DOCUMENTS:
        path = folder / f"course-{document}.{fmt}"
        title = {"solution": "Worked solutions", "problem": "Problems", "answers": "Answer key"}[document]
        if fmt == "pdf":
            data: bytes | str = compile_pdf(render(solutions, "tex", document, style=style, title=title))
        else:
            data = render(solutions, fmt, document, style=style, title=title)
        write_atomic(path, data)
        written.append(path)
    return written
