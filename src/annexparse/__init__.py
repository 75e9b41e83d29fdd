"""annexparse: R2P country-assessment annex PDFs to exact, validated, linked JSON.

    >>> import annexparse
    >>> annex = annexparse.extract("pdfs/mongolia-2022.pdf")
    >>> annex.scores.stated.current
    54
    >>> annex.indicators[9].key, annex.indicators[9].rating.value
    ('A3.4', 'Fair')
    >>> annex = annexparse.read_json("output/mongolia-2022.json")    # a batch's output, read back
    >>> report = annexparse.qa(["output"])                            # every finding of an archive
    >>> annexparse.write_accepted(report, "review.toml")              # to accept findings by hand
    >>> report = annexparse.qa(["output"], accepted="review.toml")    # accepted ones marked, new apart
    >>> annexparse.export(["output"], "archive.csv")                  # panel, scores, references

The functions below import what they need on first use, so that `import annexparse` (and the
command line's start-up) costs nothing until something is extracted. `Annex` (the output model),
`QaReport`, `AnnexError` and `validate` are here too, loaded the same way.
"""
from __future__ import annotations

import importlib
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from .version import __version__

_LAZY = {
    "Timings": "pipeline",
    "validate": "checks",
    "Annex": "models",
    "AnnexError": "errors",
    "QaReport": "audit",
    "AcceptedEntry": "review",
    "Correction": "corrections",
}

__all__ = [
    "AcceptedEntry", "Annex", "AnnexError", "Correction", "QaReport", "Timings", "__version__", "export", "extract", "qa", "read_json", "validate",
    "write_accepted",
]  # fmt: skip

if TYPE_CHECKING:
    from .checks import validate
    from .errors import AnnexError
    from .models import Annex
    from .pipeline import Timings
    from .audit import QaReport
    from .corrections import Correction
    from .review import AcceptedEntry


def extract(
    path: str | PathLike,
    password: str | None = None,
    *,
    loader: str = "pdfium",
    strict: bool = False,
    cross_check: bool = False,
    timings: Timings | None = None,
) -> Annex:
    """Read one annex PDF into an `Annex`: scorecard, scores, indicators (each with its standard
    `key`), footnotes with the works they cite, and the findings.

    Args:
        path: the PDF.
        password: for an encrypted PDF.
        loader: the character source, "pdfium" (fast, the default) or "pdfplumber".
        strict: a damaged file is an error instead of read as far as it can be.
        cross_check: read the detailed table a second time with camelot and report where the
            readings differ (needs the `crosscheck` extra).
        timings: a `Timings` to add each stage's seconds to.

    Raises:
        AnnexError: the file cannot be read (its `exit_code` says why, as on the command line).
    """
    from .pipeline import extract as _extract

    return _extract(Path(path), password, timings, loader=loader, strict=strict, cross_check=cross_check)


def read_json(path: str | PathLike) -> Annex:
    """An `Annex` read back from annexparse JSON (what `extract` and `batch` write).

    Raises:
        pydantic.ValidationError: the file is not annexparse JSON.
    """
    from .models import Annex

    return Annex.model_validate_json(Path(path).read_bytes())


def qa(
    paths: Sequence[str | PathLike],
    pdf_dirs: Sequence[str | PathLike] = (),
    *,
    cross_check: bool = False,
    accepted: str | PathLike | Sequence[AcceptedEntry] | None = None,
    corrections: str | PathLike | Sequence[Correction] | None = None,
) -> QaReport:
    """Every finding of an archive: each annex's own (checked again, so older JSON gets today's
    checks) and the cross-edition ones, with one summary per document.

    Args:
        paths: PDFs, annexparse JSON files, or folders of them (a batch's output folder).
        pdf_dirs: where to look for the PDFs of JSON inputs (only `--cross-check` and the HTML
            report's page images need them).
        cross_check: read every detailed table a second time with camelot.
        accepted: a review file (TOML, see `write_accepted`), or its entries: the findings an
            entry with a reason names are marked accepted (`Finding.accepted`), counted apart
            and not by `QaReport.count`; entries that match no finding are `QaReport.stale`.
        corrections: a corrections file (TOML) or its entries: applied before the checks
            (`QaReport.corrections`, `QaReport.stale_corrections`).

    Raises:
        AnnexError: the review file cannot be used (`exit_code` 2).
    """
    from .audit import build_report, read_inputs
    entries, review = _accepted(accepted)
    fixes = _corrections(corrections) if corrections is not None else []
    loaded = read_inputs([Path(p) for p in paths], [Path(p) for p in pdf_dirs], cross_check=cross_check)
    return build_report(loaded, entries, review, fixes)


def write_accepted(report: QaReport, path: str | PathLike) -> Path:
    """Write `report`'s findings to the review file `path` as entries with empty reasons, keeping
    the reason, by and date of the entries already in it (an entry that matches no finding any
    more is dropped). Accepting a finding is then a deliberate edit: fill in its reason.

    Returns:
        The file written (atomically).
    """
    from .files import write_atomically
    from .review import read_review, review_text

    path = Path(path)
    write_atomically(path, review_text(report.findings, read_review(path)))
    return path


def export(
    paths: Sequence[str | PathLike],
    output: str | PathLike,
    file_format: str | None = None,
    *,
    wide: bool = False,
    escape_formulas: bool = True,
    corrections: str | PathLike | Sequence[Correction] | None = None,
    accepted: str | PathLike | Sequence[AcceptedEntry] | None = None,
) -> list[Path]:
    """Write an archive's tables: the panel to `output` (one row per indicator, joined across
    editions on `key`; or `wide`, one row per annex and one column per key), the scores and
    references tables beside it; or, with `file_format="csl-json"` (or a `.json` name), every
    cited work as CSL-JSON; or, with `file_format="sqlite"` (or a `.db`/`.sqlite` name), one
    SQLite database (tables per entity, keys, full-text search) and its Datasette metadata
    beside it. Duplicate editions are left out as `annexparse export` leaves them.

    Args:
        paths: annexparse JSON files or folders (a batch's output).
        output: the panel's file.
        file_format: "csv", "parquet", "csl-json" or "sqlite"; from the suffix when None.
        wide: the panel with one row per annex and one column per indicator key.
        escape_formulas: in CSV, a text cell a spreadsheet would run as a formula (it starts
            with =, +, -, @, a tab or a carriage return, and is no number) gets a leading '
            (CSV injection); False keeps every text as read.
        corrections: a corrections file (TOML) or its entries (`Correction`): applied on top of
            the JSON (never rewritten), what follows recomputed, corrected cells marked in the
            tables' `corrected` and `as_printed` columns.
        accepted: with sqlite, a review file (or its entries): the findings table says which
            findings it accepts.

    Returns:
        The files written.

    Raises:
        AnnexError: the corrections file cannot be used (`exit_code` 2).
    """
    from .audit import distinct_editions, read_inputs
    from .corrections import apply_corrections
    from .panel import TABLE_SUFFIXES, export_annexes

    output = Path(output)
    file_format = file_format or TABLE_SUFFIXES.get(output.suffix.lower(), "csv")
    if file_format == "sqlite":
        from .database import export_archive
        entries, review = _accepted(accepted)
        fixes = _corrections(corrections) if corrections is not None else []
        return export_archive(read_inputs([Path(p) for p in paths]), output, fixes, entries, review)[0]
    _, _, annexes = distinct_editions(read_inputs([Path(p) for p in paths]))
    corrected = apply_corrections(annexes, _corrections(corrections)) if corrections is not None else None
    return export_annexes(annexes, output, file_format, wide, escape_formulas, corrected)


def _accepted(accepted) -> tuple[list, str | None]:
    """The entries of a review file (a path) or the entries given, and the file's name (None)."""
    from .review import read_review

    if isinstance(accepted, (str, PathLike)):
        return read_review(accepted, must_exist=True), str(accepted)
    return list(accepted or ()), None


def _corrections(corrections) -> list:
    from .corrections import read_corrections

    return read_corrections(corrections) if isinstance(corrections, (str, PathLike)) else list(corrections)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'annexparse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
