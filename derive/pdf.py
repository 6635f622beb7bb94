"""Compile LaTeX to PDF safely, and write output files atomically.

pdflatex runs in a fresh temporary folder with shell escape off (``-no-shell-escape``), in
non-stop mode, halting at the first error, under a timeout, with TeX's file access limited to that
folder (``openout_any=p``, ``openin_any=p``: paranoid). It runs a second time only when the log requests
a rerun. latexmk is not used, because it would read and execute configuration files.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import LatexError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0  # seconds for one pdflatex run; a worked solution takes about one


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file so that it is either complete or absent: a temporary file in the same folder,
    then a rename, which replaces the target in one step on POSIX file systems.

    The folder must exist. The file gets the usual permissions (0666 less the umask), not the
    private 0600 of a temporary file.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def first_error(log: str) -> str:
    """Return the first LaTeX error of a log with its line number, as one line."""
    lines = log.splitlines()
    for k, line in enumerate(lines):
        located = re.match(r"^\S*:\d+: (.*)$", line)
        if line.startswith("!") or located:
            message = located.group(1).strip() if located else line.lstrip("! ").strip()
            for follow in lines[k + 1 : k + 8]:
                m = re.match(r"^l\.(\d+)", follow)
                if m:
                    return f"{message} (line {m.group(1)})"
            return message
    return "pdflatex failed without an error message in its log"


def _pdflatex() -> str:
    exe = shutil.which("pdflatex")
    if exe is None:
        raise LatexError(
            "pdflatex not found; install TeX Live (make setup, or apt-get install texlive-latex-base)"
        )
    return exe


def compile_pdf(tex: str, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Compile a LaTeX document and return the PDF bytes, or raise ``LatexError``."""
    exe = _pdflatex()
    env = dict(os.environ, openout_any="p", openin_any="p", shell_escape="f")
    with tempfile.TemporaryDirectory(prefix="derive-tex-") as folder:
        work = Path(folder)
        (work / "document.tex").write_text(tex, encoding="utf-8")
        command = [
            exe,
            "-no-shell-escape",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            "document.tex",
        ]
        for run in (1, 2):
            logger.debug("pdflatex run %d in %s", run, work)
            try:
                subprocess.run(
                    command,
                    cwd=work,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise LatexError(f"pdflatex timed out after {timeout:g} s") from exc
            log = (
                (work / "document.log").read_text(encoding="latin-1")
                if (work / "document.log").exists()
                else ""
            )
            pdf = work / "document.pdf"
            if not pdf.exists() or "Fatal error" in log or re.search(r"^! ", log, re.MULTILINE):
                raise LatexError(f"LaTeX failed: {first_error(log)}")
            if "Rerun to get" not in log:
                break
        return pdf.read_bytes()
