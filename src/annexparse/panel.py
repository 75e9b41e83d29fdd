"""The archive as tidy tables: one row per (country, year, indicator), one per annex's scores, one
per reference; or its cited works as CSL-JSON.

Reads annexparse JSON (a batch's output folder) and writes CSV, or Parquet
through pyarrow (the optional `parquet` extra). The scores and references
tables go beside the panel: `NAME.csv`, `NAME.scores.csv`, `NAME.references.csv`.
`--format csl-json` writes one file instead: every distinct work the archive
cites, as CSL-JSON items (`sources.csl_items`).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from .corrections import Corrected
from .files import csv_cell, write_atomically
from .models import Annex, Rating, word
from .pairing import scorecard_items, standard_indicators
from .sources import REFERENCE_COLUMNS, REFERENCE_INTEGER_COLUMNS, csl_items, in_archive_order, reference_rows

PANEL_COLUMNS = (
    "country", "year", "previous_year", "key", "number", "thematic_area", "indicator", "rating", "points",
    "change", "scorecard_rating", "has_finding", "first_page", "last_page", "citations", "note", "file",
    "corrected", "as_printed",
)  # fmt: skip
SCORE_COLUMNS = (
    "country", "year", "previous_year", "score_printed", "score_computed", "previous_printed",
    "difference_printed", "points", "max_points", "indicators", "errors", "warnings", "file", "corrected", "as_printed",
)  # fmt: skip
# `--corrections`: a corrected cell is named in `corrected` (its columns, ';'-separated) and its
# value as printed is kept in `as_printed` (a JSON object: column -> printed value)
PANEL_FIELDS = {"rating": "rating", "change": "change", "note": "note", "indicator": "indicator"}
SCORECARD_FIELDS = {"rating": "scorecard_rating", "indicator": "scorecard_indicator"}
REFERENCE_TABLE_COLUMNS = REFERENCE_COLUMNS + ("corrected", "as_printed")
SCORE_FIELDS = {"current": "score_printed", "previous": "previous_printed", "difference": "difference_printed", "computed": "score_computed"}
INTEGER_COLUMNS = {
    "year", "previous_year", "number", "points", "first_page", "last_page", "citations", "score_printed",
    "score_computed", "previous_printed", "difference_printed", "max_points", "indicators", "errors", "warnings",
}  # fmt: skip


class ParquetUnavailable(RuntimeError):
    """pyarrow is not installed."""


def paired_items(annex: Annex) -> list[int | None]:
    """The scorecard item each indicator pairs with (by wording, as the checks pair them; a
    repeated row pairs with none)."""
    return scorecard_items([item.indicator for item in annex.scorecard], [i.indicator for i in annex.indicators])


def scorecard_ratings(annex: Annex, items: Sequence[int | None] | None = None) -> list[str | None]:
    """The rating the summary scorecard gives each indicator (`items`: its `paired_items`)."""
    return [None if s is None else word(annex.scorecard[s].rating) for s in (paired_items(annex) if items is None else items)]


def correction_marks(printed: dict[str, Any], columns: dict[str, str] | None = None) -> dict[str, str | None]:
    """The `corrected` and `as_printed` cells of corrected fields (`printed`: field -> printed
    value; `columns`: the column each field is shown in, when it is not the field's own name)."""
    if not printed:
        return {"corrected": None, "as_printed": None}
    named = {(columns or {}).get(name, name): value for name, value in printed.items()}
    return {"corrected": ";".join(named), "as_printed": json.dumps(named, ensure_ascii=False)}


FOOTNOTE_COLUMNS = {"text": "footnote_text", "urls": "footnote_urls"}  # a corrected footnote, in the references table


def panel_rows(annexes: Sequence[Annex], corrected: Corrected | None = None) -> list[dict]:
    """One row per indicator of every annex; `key` lines the editions up; with `corrected`, the
    corrected cells marked."""
    rows = []
    for annex in in_archive_order(annexes):
        flagged = {issue.indicator for issue in annex.issues if issue.indicator is not None}
        items = paired_items(annex)
        for indicator, scorecard, item in zip(annex.indicators, scorecard_ratings(annex, items), items):
            printed = {}
            if corrected is not None:
                printed = {PANEL_FIELDS[k]: v for k, v in corrected.marked(annex, "indicator", indicator.number).items()}
                printed |= {SCORECARD_FIELDS[k]: v for k, v in corrected.marked(annex, "scorecard", item).items()} if item is not None else {}
            rows.append(
                {
                    "country": annex.country,
                    "year": annex.year,
                    "previous_year": annex.previous_year,
                    "key": indicator.key,
                    "number": indicator.number,
                    "thematic_area": indicator.thematic_area,
                    "indicator": indicator.indicator,
                    "rating": word(indicator.rating),
                    "points": indicator.rating.points if isinstance(indicator.rating, Rating) else None,
                    "change": word(indicator.change),
                    "scorecard_rating": scorecard,
                    "has_finding": "true" if indicator.number in flagged else "false",
                    "first_page": min(indicator.pages, default=None),
                    "last_page": max(indicator.pages, default=None),
                    "citations": len(indicator.citations),
                    "note": indicator.note,
                    "file": annex.source.file,
                    **correction_marks(printed),
                }
            )
    return rows


WIDE_LEAD = ("country", "year", "previous_year", "score_printed", "score_computed", "file")
WIDE_TAIL = ("corrected", "as_printed")  # after the key columns


def wide_columns() -> tuple[str, ...]:
    return WIDE_LEAD + tuple(i["key"] for i in standard_indicators()) + WIDE_TAIL


def wide_rows(annexes: Sequence[Annex], corrected: Corrected | None = None) -> list[dict]:
    """One row per annex (country and year), one column per standard key holding its rating; with
    `corrected`, the corrected key columns (and scores) named in `corrected`, their printed values in `as_printed`."""
    rows = []
    for annex in in_archive_order(annexes):
        row = {column: None for column in wide_columns()}
        row.update(country=annex.country, year=annex.year, previous_year=annex.previous_year, file=annex.source.file,
                   score_printed=annex.scores.stated.current, score_computed=annex.scores.computed.current)  # fmt: skip
        printed: dict[str, Any] = {}
        for indicator in annex.indicators:
            if indicator.key is not None:
                row[indicator.key] = word(indicator.rating)
                if corrected is not None and "rating" in corrected.marked(annex, "indicator", indicator.number):
                    printed[indicator.key] = corrected.marked(annex, "indicator", indicator.number)["rating"]
        if corrected is not None:
            scores = corrected.marked(annex, "scores")
            printed |= {SCORE_FIELDS[k]: v for k, v in scores.items() if SCORE_FIELDS[k] in WIDE_LEAD}
        row.update(correction_marks(printed))
        rows.append(row)
    return rows


def score_rows(annexes: Sequence[Annex], corrected: Corrected | None = None) -> list[dict]:
    """One row per annex: printed and computed scores; with `corrected`, the corrected (or
    recomputed) scores marked."""
    return [
        {
            "country": annex.country,
            "year": annex.year,
            "previous_year": annex.previous_year,
            "score_printed": annex.scores.stated.current,
            "score_computed": annex.scores.computed.current,
            "previous_printed": annex.scores.stated.previous,
            "difference_printed": annex.scores.stated.difference,
            "points": annex.scores.computed.points,
            "max_points": annex.scores.computed.max_points,
            "indicators": len(annex.indicators),
            "errors": annex.count_issues("error"),
            "warnings": annex.count_issues("warning"),
            "file": annex.source.file,
            **correction_marks(corrected.marked(annex, "scores") if corrected is not None else {}, SCORE_FIELDS),
        }
        for annex in in_archive_order(annexes)
    ]


def scores_path(path: Path) -> Path:
    """Where the scores table goes beside the panel `path`."""
    return path.with_name(f"{path.stem}.scores{path.suffix}")


def references_path(path: Path) -> Path:
    """Where the references table goes beside the panel `path`."""
    return path.with_name(f"{path.stem}.references{path.suffix}")


def _csv_bytes(rows: Sequence[dict], columns: Sequence[str], escape: bool = True) -> bytes:
    """The rows as CSV, a text cell that a spreadsheet would run as a formula escaped (`files.csv_cell`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if row[k] is None else csv_cell(row[k], escape)) for k in columns} for row in rows)
    return buffer.getvalue().encode("utf-8")


def _parquet_bytes(rows: Sequence[dict], columns: Sequence[str]) -> bytes:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ParquetUnavailable("Parquet needs pyarrow: pip install 'annexparse[parquet]'") from error
    integers = INTEGER_COLUMNS | REFERENCE_INTEGER_COLUMNS if columns is REFERENCE_TABLE_COLUMNS else INTEGER_COLUMNS
    schema = pa.schema([(c, pa.int32() if c in integers else pa.string()) for c in columns])
    table = pa.Table.from_pylist([{c: row[c] for c in columns} for row in rows], schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


TABLE_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".json": "csl-json", ".db": "sqlite", ".sqlite": "sqlite", ".sqlite3": "sqlite"}


def encode_tables(
    annexes: Sequence[Annex], file_format: str, wide: bool = False, escape_formulas: bool = True, corrected: Corrected | None = None
) -> tuple[bytes, bytes, bytes]:
    """The panel (long, or `wide`: one row per annex, one column per key), the scores table and
    the references table in `file_format` ("csv" or "parquet"; in CSV, text a spreadsheet would
    run as a formula is escaped unless `escape_formulas` is False: `files.csv_cell`); with
    `corrected` (`corrections.apply_corrections` of `annexes`), the corrected cells marked."""
    encode = _parquet_bytes if file_format == "parquet" else partial(_csv_bytes, escape=escape_formulas)
    references = reference_rows(annexes)
    for row in references:
        printed = corrected.marks.get(row["file"], {}).get(("footnote", row["footnote"]), {}) if corrected is not None else {}
        row.update(correction_marks(printed, FOOTNOTE_COLUMNS))
    return (
        encode(wide_rows(annexes, corrected), wide_columns()) if wide else encode(panel_rows(annexes, corrected), PANEL_COLUMNS),
        encode(score_rows(annexes, corrected), SCORE_COLUMNS),
        encode(references, REFERENCE_TABLE_COLUMNS),
    )


def encode_csl(items: Sequence[dict]) -> bytes:
    """CSL-JSON items (`sources.csl_items`: every distinct work annexes cite) as a CSL-JSON array."""
    return (json.dumps(list(items), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_annexes(
    annexes: Sequence[Annex], path: Path, file_format: str, wide: bool = False, escape_formulas: bool = True, corrected: Corrected | None = None
) -> list[Path]:
    """Write the panel to `path` and the scores and references tables beside it (or, for
    "csl-json", the cited works to `path`); returns the paths written. With `corrected`, its
    annexes are written, the corrected cells marked."""
    if corrected is not None:
        annexes = corrected.annexes
    if file_format == "csl-json":
        write_atomically(path, encode_csl(csl_items(annexes)))
        return [path]
    panel, scores, references = encode_tables(annexes, file_format, wide, escape_formulas, corrected)
    write_atomically(path, panel)
    write_atomically(scores_path(path), scores)
    write_atomically(references_path(path), references)
    return [path, scores_path(path), references_path(path)]
