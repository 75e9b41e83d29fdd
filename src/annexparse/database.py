"""The archive as a SQLite database (`export -o archive.db`), for SQL and Datasette.

One table per entity, with primary and foreign keys, built with sqlite-utils (Datasette's companion
library: it creates the tables from the rows, with types, keys, indexes and full-text search):

* `annexes`: one row per edition (the scores table's columns, the PDF's sha256);
* `scorecard_items`: the summary scorecard, each item with the key of the row it pairs with;
* `indicators`: the panel's columns (one row per detailed-table row, `key` lines editions up);
* `footnotes`: each footnote's text and URLs;
* `references`: the works each footnote cites (the references table's columns);
* `citations`: each marker of a note, linking its indicator to the footnote it calls;
* `findings`: those of each document and those across editions, by stable id, with their
  accepted status (`--accepted`).

Full-text search (SQLite FTS5) covers indicator wordings and notes (`indicators_fts`) and
footnote texts (`footnotes_fts`). `--corrections` are applied as in the other formats: the
corrected cells are named in `corrected`, their printed values in `as_printed`. Beside the
database, `NAME.metadata.json` gives Datasette the titles and the column descriptions (from the
JSON Schema). The file is written to a temporary name and renamed: never half a database.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .corrections import Corrected
from .files import write_atomically
from .models import Annex, Citation, Footnote, Indicator, Reference, ScorecardItem, Source, word
from .panel import FOOTNOTE_COLUMNS, correction_marks, paired_items, panel_rows, score_rows
from .sources import in_archive_order, reference_rows
from .version import __version__

TABLES = {
    "annexes": "One row per annex (country and year): its scores as printed and as its ratings give them, and the PDF read.",
    "scorecard_items": "The summary scorecard of each annex: every item under its rating, with the key of the detailed-table row it pairs with.",
    "indicators": "Every row of every detailed table, with the panel's columns: `key` (the annex format's indicator) lines the editions up.",
    "footnotes": "Every footnote of every annex: its number, text and URLs.",
    "references": "The works each footnote cites, in printed order (what the references table holds).",
    "citations": "Each footnote marker in an indicator's note: the indicator, the footnote it calls, and the sentence it supports.",
    "findings": "Every finding: each annex's own and those across editions, by stable id, with whether a review file accepts it.",
}
FTS = {"indicators": ["indicator", "note"], "footnotes": ["text"]}
SUFFIXES = (".db", ".sqlite", ".sqlite3")


def metadata_path(path: Path) -> Path:
    """Where the Datasette metadata goes beside the database `path`: NAME.metadata.json."""
    return path.with_name(f"{path.stem}.metadata.json")


def _described(model) -> dict[str, str]:
    return {name: field.description for name, field in model.model_fields.items() if field.description}


def _rows(annexes: Sequence[Annex], report, corrected: Corrected | None) -> dict[str, list[dict]]:
    ordered = in_archive_order(annexes)
    ids = {annex.source.file: k for k, annex in enumerate(ordered, start=1)}
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    for annex, scores in zip(ordered, score_rows(ordered, corrected)):
        tables["annexes"].append({"id": ids[annex.source.file], **scores, "sha256": annex.source.sha256, "pages": annex.source.pages,
                                  "annexparse_version": annex.source.annexparse_version})  # fmt: skip
    indicator_ids: dict[tuple[str, int], int] = {}
    for number, row in enumerate(panel_rows(ordered, corrected), start=1):
        indicator_ids[(row["file"], row["number"])] = number
        tables["indicators"].append({"id": number, "annex_id": ids[row["file"]], **row, "has_finding": row["has_finding"] == "true"})
    footnote_ids: dict[tuple[str, int], int] = {}
    for annex in ordered:
        items = paired_items(annex)
        keys = {s: annex.indicators[k].key for k, s in enumerate(items) if s is not None}
        for s, item in enumerate(annex.scorecard):
            printed = corrected.marked(annex, "scorecard", s) if corrected else {}  # (the table's columns are the fields)
            tables["scorecard_items"].append({
                "id": len(tables["scorecard_items"]) + 1, "annex_id": ids[annex.source.file], "position": s + 1, "rating": word(item.rating),
                "indicator": item.indicator, "key": keys.get(s), "page": item.page, **correction_marks(printed),
            })  # fmt: skip
        for footnote in annex.footnotes:
            printed = corrected.marked(annex, "footnote", footnote.number) if corrected else {}
            footnote_ids[(annex.source.file, footnote.number)] = len(tables["footnotes"]) + 1
            tables["footnotes"].append({
                "id": len(tables["footnotes"]) + 1, "annex_id": ids[annex.source.file], "number": footnote.number, "text": footnote.text,
                "urls": json.dumps(footnote.urls), "first_page": min(footnote.pages, default=None), "cited_by": ";".join(map(str, footnote.cited_by)),
                **correction_marks(printed),
            })  # fmt: skip
        for indicator in annex.indicators:
            for marker in indicator.citation_markers:
                tables["citations"].append({
                    "id": len(tables["citations"]) + 1, "annex_id": ids[annex.source.file],
                    "indicator_id": indicator_ids[(annex.source.file, indicator.number)],
                    "footnote_id": footnote_ids.get((annex.source.file, marker.footnote)), "footnote": marker.footnote,
                    "offset": marker.offset, "sentence": marker.sentence, "page": marker.page,
                })  # fmt: skip
    for number, row in enumerate(reference_rows(ordered), start=1):
        printed = corrected.marks.get(row["file"], {}).get(("footnote", row["footnote"]), {}) if corrected else {}
        tables["references"].append({"id": number, "annex_id": ids[row["file"]], "footnote_id": footnote_ids[(row["file"], row["footnote"])], **row,
                                     **correction_marks(printed, FOOTNOTE_COLUMNS)})  # fmt: skip
    for finding in report.findings:
        accepted = finding.accepted
        tables["findings"].append({
            "id": finding.id, "annex_id": ids.get(finding.document), "document": finding.document, "scope": str(finding.scope),
            "code": str(finding.code), "severity": finding.severity, "message": finding.message,
            "indicator_id": indicator_ids.get((finding.document, finding.indicator)) if finding.indicator is not None else None,
            "indicator": finding.indicator, "footnote": finding.footnote, "pages": json.dumps(finding.pages),
            "accepted": accepted is not None, "accepted_reason": accepted.reason if accepted else None,
            "accepted_by": accepted.by if accepted else None, "accepted_date": accepted.date if accepted else None,
        })  # fmt: skip
    return tables


FOREIGN_KEYS = {
    "scorecard_items": [("annex_id", "annexes", "id")],
    "indicators": [("annex_id", "annexes", "id")],
    "footnotes": [("annex_id", "annexes", "id")],
    "references": [("annex_id", "annexes", "id"), ("footnote_id", "footnotes", "id")],
    "citations": [("annex_id", "annexes", "id"), ("indicator_id", "indicators", "id"), ("footnote_id", "footnotes", "id")],
    "findings": [("annex_id", "annexes", "id"), ("indicator_id", "indicators", "id")],
}
INTEGER = {"id", "annex_id", "indicator_id", "footnote_id", "year", "previous_year", "number", "points", "first_page", "last_page",
           "citations", "score_printed", "score_computed", "previous_printed", "difference_printed", "max_points", "indicators", "errors",
           "warnings", "pages", "position", "page", "footnote", "offset", "work_year", "ibid_of"}  # fmt: skip
BOOLEAN = {"has_finding", "accepted"}


def _columns(table: str, rows: list[dict]) -> dict[str, type]:
    """Column types for sqlite-utils, so that a table whose rows hold no value in a column still types it."""
    names = list(rows[0]) if rows else []
    if table == "findings":  # (its `pages` is a JSON list, its `indicator` the row's number)
        return {n: (int if n in {"annex_id", "indicator_id", "indicator", "footnote"} else bool if n in BOOLEAN else str) for n in names}
    return {n: (int if n in INTEGER else bool if n in BOOLEAN else str) for n in names}


def export_archive(loaded, path: Path, corrections=(), accepted=(), review: str | None = None) -> tuple[list[Path], object, Corrected | None]:
    """`export -o archive.db` of the inputs `loaded` (`audit.read_inputs`): corrections applied,
    findings checked again (with `accepted` entries marked), the database and its metadata
    written. Returns the paths written, the QA report of the findings and the corrections applied."""
    from .audit import build_report, correct_inputs, distinct_editions

    corrected = correct_inputs(loaded, corrections) if corrections else None
    _, _, annexes = distinct_editions(loaded)
    report = build_report(loaded, accepted, review)
    return write_database(annexes, report, path, corrected), report, corrected


def write_database(annexes: Sequence[Annex], report, path: Path, corrected: Corrected | None = None) -> list[Path]:
    """Write the archive to the SQLite database `path` (atomically) and its Datasette metadata beside it."""
    import sqlite_utils

    tables = _rows(annexes, report, corrected)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        db = sqlite_utils.Database(temporary, recreate=True)
        for name, rows in tables.items():
            pk = "id"
            db[name].create(_columns(name, rows) or {"id": int}, pk=pk, foreign_keys=FOREIGN_KEYS.get(name, []), if_not_exists=True)
            if rows:
                db[name].insert_all(rows)
        for name, columns in FTS.items():
            db[name].enable_fts(columns, fts_version="FTS5", tokenize="porter", create_triggers=False)
        db.index_foreign_keys()
        db.conn.commit()
        db.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    write_atomically(metadata_path(path), json.dumps(metadata(path, tables), indent=2, ensure_ascii=False) + "\n")
    return [path, metadata_path(path)]


def metadata(path: Path, tables: dict[str, list[dict]]) -> dict:
    """Datasette metadata: titles and descriptions of the database, its tables and their columns."""
    from .audit import Finding

    described = {
        "annexes": {**_described(Annex), **_described(Source), "score_printed": "the score as printed", "score_computed": "the score the ratings give",
                    "indicators": "the number of detailed-table rows", "errors": "errors found (not accepted)", "warnings": "warnings found (not accepted)",
                    "previous_printed": "the previous edition's score as this edition prints it", "difference_printed": "the difference as printed"},
        "scorecard_items": {**_described(ScorecardItem), "key": "the indicator key of the detailed-table row the item pairs with"},
        "indicators": {**_described(Indicator), "annex_id": "the annex (annexes.id)"},
        "footnotes": {**_described(Footnote), "urls": "its URLs, a JSON list"},
        "references": {**_described(Reference), "footnote_id": "the footnote (footnotes.id)", "footnote": "the footnote's number",
                       "position": "the reference's place in its footnote (1-based)", "work_id": "the cited work's id (as in the CSL-JSON export)"},
        "citations": {**_described(Citation), "indicator_id": "the indicator whose note carries the marker", "footnote_id": "the footnote it calls (null when the annex lacks it)"},
        "findings": {**_described(Finding), "id": "the finding's stable id (edition/code/subject)", "accepted": "1 when a review file accepts it"},
    }  # fmt: skip
    marks = {"corrected": "the columns a --corrections entry corrected (';'-separated)", "as_printed": "their values as printed (JSON)"}
    return {
        "title": "annexparse archive",
        "description": "R2P country-assessment annexes read by annexparse: scorecards, scores, every indicator with its note, footnotes and the works they cite, and the findings. Full-text search over indicator wordings, notes and footnote texts.",
        "source": "R2P country-assessment annexes (PDF), read by annexparse",
        "license": "The annexes' publishers' terms; annexparse adds no rights",
        "about": f"annexparse {__version__}",
        "databases": {
            path.stem: {
                "tables": {
                    name: {
                        "description": TABLES[name],
                        "columns": {c: d for c, d in (described[name] | marks).items() if c in (tables[name][0] if tables[name] else {})},
                    }
                    for name in TABLES
                }
            }
        },
    }
