"""The ``derive`` command line.

Conventions (click's): usage errors and invalid input exit with 2, other handled errors with 1,
messages go to standard error starting with ``Error:``. Nothing is written unless the whole
output was produced: files are written atomically after rendering (and compiling) succeeded.
"""

from __future__ import annotations

import difflib
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from . import registry
from .errors import DeriveError, InputError
from .formula import Style
from .model import Solution
from .parsing import parse_entry
from .pdf import compile_pdf, write_atomic
from .render import DOCUMENTS, render

logger = logging.getLogger(__name__)

FORMATS = ("pdf", "tex", "md", "txt", "json")
DEFAULT_OUTPUT = Path("output")


def _configure_logging(verbose: int, quiet: bool) -> None:
    if quiet:
        level = logging.ERROR
    elif verbose > 1:
        level = logging.DEBUG
    elif verbose == 1:
        level = logging.INFO
    else:
        level = logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def default_path(operation: str, document: str, fmt: str) -> Path:
    suffix = "" if document == "solution" else f"-{document}"
    return DEFAULT_OUTPUT / f"{operation}{suffix}.{fmt}"


def produce(
    solutions: list[Solution], fmt: str, document: str, style: Style, title: str | None
) -> bytes | str:
    """Render (and for PDF compile) a document; raise before anything is written."""
    if fmt == "pdf":
        return compile_pdf(render(solutions, "tex", document, style=style, title=title))
    return render(solutions, fmt, document, style=style, title=title)


def write_documents(
    solutions: list[Solution],
    fmt: str,
    documents: Sequence[str],
    output: Path | None,
    style: Style,
    title: str | None,
    stem: str,
) -> list[Path]:
    """Produce every requested document first, then write them all; return the paths written.

    When LaTeX fails, the ``.tex`` source is kept beside the requested PDF so the error can be read.
    The default folder ``output/`` is created when missing; a folder named with ``-o`` must exist.
    """
    if output is None:
        DEFAULT_OUTPUT.mkdir(exist_ok=True)
    elif not output.parent.is_dir():
        raise InputError(
            f"cannot write {str(output)!r}: the folder {str(output.parent)!r} does not exist; create it first"
        )
    produced: list[tuple[Path, bytes | str]] = []
    for document in documents:
        if output is None:
            path = default_path(stem, document, fmt)
        elif len(documents) > 1:
            path = output.with_name(f"{output.stem}-{document}{output.suffix or '.' + fmt}")
        else:
            path = output
        try:
            produced.append((path, produce(solutions, fmt, document, style, title)))
        except DeriveError as exc:
            if fmt == "pdf":
                tex_path = path.with_suffix(".tex")
                _write(tex_path, render(solutions, "tex", document, style=style, title=title))
                raise type(exc)(f"{exc}; the LaTeX source is kept in {tex_path}") from exc
            raise
    for path, data in produced:
        _write(path, data)
    return [p for p, _ in produced]


def _write(path: Path, data: bytes | str) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise DeriveError(
            f"cannot write {str(path)!r}: {exc.strerror or exc}; check that the folder is writable"
        ) from exc


class _Group(click.Group):
    """Print derive's own errors as one line and exit with their code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DeriveError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="Log more: -v for progress, -vv for debugging.")
@click.option("-q", "--quiet", is_flag=True, help="Log errors only.")
@click.version_option(package_name="derive")
def main(verbose: int, quiet: bool) -> None:
    """Exact, step-by-step worked solutions of matrix problems, as LaTeX, PDF, Markdown, text or JSON."""
    _configure_logging(verbose, quiet)


_OPTION_LIKE = re.compile(r"^--?[A-Za-z][\w-]*(=.*)?$")


def _reject_option_lookalikes(operands: Sequence[str]) -> None:
    """Raise a usage error for an operand that is a misspelled option rather than a matrix."""
    known = [opt for param in solve.params for opt in getattr(param, "opts", []) if opt.startswith("-")]
    for operand in operands:
        if _OPTION_LIKE.match(operand):
            name = operand.split("=", 1)[0]
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise click.UsageError(
                f"No such option: {name}.{hint} (A one-entry matrix such as -x is written [-x].)"
            )


# The operations that read each operation-specific option; any other operation would ignore it.
OPTION_OPERATIONS = {
    "--ord": ("norm",),
    "--scalar": ("scale",),
    "--columns": ("pca",),
    "--components": ("pca",),
    "--rank": ("svd",),
    "--thin": ("svd",),
}


def _reject_options_for_other_operations(operation: str, given: Sequence[str]) -> None:
    """Raise ``InputError`` for an option that the operation would ignore."""
    registry.get_operation(operation)
    for name in given:
        if operation not in OPTION_OPERATIONS[name]:
            users = " and ".join(OPTION_OPERATIONS[name])
            raise InputError(
                f"{name} does not apply to {operation}; it is an option of {users}, so leave it out"
            )


def _format_from_output(output: Path | None, to_stdout: bool) -> str:
    """Return the format named by the output file's suffix; text when writing to standard output."""
    if output is None or to_stdout:
        return "txt"
    suffix = output.suffix.lstrip(".")
    if suffix not in FORMATS:
        raise InputError(f"cannot tell the format from {str(output)!r}; give --format {'|'.join(FORMATS)}")
    return suffix


def _parse_scalar(value: str | None) -> object:
    return None if value is None else parse_entry(value, "--scalar")


@main.command(
    # Matrices often start with a minus sign ('-1 4; 2 -2'), which click would take for an option;
    # unknown options therefore reach OPERANDS, where _reject_option_lookalikes reports real typos.
    context_settings={"ignore_unknown_options": True},
    epilog="Run 'derive list' for the operations, their operands and their methods.",
)
@click.argument("operation")
@click.argument("operands", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option(
    "--method",
    "-m",
    default=None,
    help="Method to use; default: chosen automatically, and the choice explained.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format; default: from the -o suffix, else txt on standard output.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write; '-' for standard output. Default for pdf and tex: output/OPERATION.FORMAT.",
)
@click.option(
    "--document",
    "-d",
    type=click.Choice((*DOCUMENTS, "all")),
    default="solution",
    help="Worked solution, problem alone, answer key, or all three.",
)
@click.option(
    "--matrix-style",
    type=click.Choice(("bmatrix", "pmatrix")),
    default="bmatrix",
    help="Brackets of displayed matrices.",
)
@click.option("--title", default=None, help="Document title (escaped for LaTeX).")
@click.option("--ord", "ord_", default=None, help="norm: 1, 2, inf, fro, max, or an integer p (default 2).")
@click.option("--scalar", default=None, help="scale: the factor, such as 3 or -1/2.")
@click.option("--columns", default=None, help="pca: comma-separated CSV column names (default: all numeric).")
@click.option("--components", type=int, default=None, help="pca: number of components kept (at least 1).")
@click.option(
    "--rank",
    "rank_k",
    type=int,
    default=None,
    help="svd: also give the best rank-k approximation.",
)
@click.option("--thin", is_flag=True, help="svd: the thin SVD instead of the full one.")
def solve(
    operation: str,
    operands: tuple[str, ...],
    method: str | None,
    fmt: str | None,
    output: Path | None,
    document: str,
    matrix_style: str,
    title: str | None,
    ord_: str | None,
    scalar: str | None,
    columns: str | None,
    components: int | None,
    rank_k: int | None,
    thin: bool,
) -> None:
    """Solve OPERATION on OPERANDS and write the worked solution.

    An operand is matrix text ('4 2; -5 -3' or '[[4,2],[-5,-3]]'), LaTeX (a bmatrix or pmatrix), or
    the path of a .txt, .csv, .json or .tex file. Decimals are read as exact fractions.
    """
    _reject_option_lookalikes(operands)
    given = {
        "--ord": ord_ is not None,
        "--scalar": scalar is not None,
        "--columns": columns is not None,
        "--components": components is not None,
        "--rank": rank_k is not None,
        "--thin": thin,
    }
    _reject_options_for_other_operations(operation, [name for name, used in given.items() if used])
    for name, value in (("--components", components), ("--rank", rank_k)):
        if value is not None and value < 1:
            raise InputError(f"{name} is {value}; expected a whole number of at least 1")
    options = registry.Options(
        ord=ord_,
        scalar=_parse_scalar(scalar),
        columns=tuple(c.strip() for c in columns.split(",")) if columns else (),
        components=components,
        rank=rank_k,
        full=not thin,
    )
    to_stdout = output is not None and str(output) == "-"
    if fmt is None:
        fmt = _format_from_output(output, to_stdout)
    solution = registry.solve_sources(operation, operands, method=method, options=options)
    style = Style(matrix_env=matrix_style)
    documents = DOCUMENTS if document == "all" else (document,)
    if to_stdout or (output is None and fmt in ("txt", "md", "json") and len(documents) == 1):
        if fmt == "pdf":
            raise InputError("a PDF cannot go to standard output; give -o FILE.pdf")
        if len(documents) > 1:
            raise InputError(
                "standard output takes one document, but --document all asks for three; give -o FILE"
            )
        click.echo(produce([solution], fmt, documents[0], style, title), nl=False)
        return
    for path in write_documents([solution], fmt, documents, output, style, title, operation):
        click.echo(f"wrote {path}", err=True)


@main.command(name="list")
def list_operations() -> None:
    """List the operations, their operands and methods."""
    for name, op in sorted(registry.all_operations().items()):
        methods = f"  [methods: {', '.join(op.methods)}]" if op.methods else ""
        click.echo(f"{name:<20} {' '.join(op.operands):<6} {op.summary}{methods}")


@main.command()
@click.option(
    "--output",
    "-o",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    help="Folder for the demo files.",
)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="pdf", help="Output format.")
def demo(folder: Path, fmt: str) -> None:
    """Render worked solutions of the bundled course examples, a problem sheet and an answer key."""
    from .demo import run_demo

    for path in run_demo(folder, fmt):
        click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
