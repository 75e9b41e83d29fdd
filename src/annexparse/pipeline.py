"""The conductor: runs the stages in order, each a function from models to models.

    load -> layout -> footnotes -> tables -> rows -> indicators -> summary ->
    self-check (other readings where it fails) -> citations -> scoring ->
    assemble -> sentences -> references -> checks

`extract` runs them all. It is `complete(read(path))`: `read` runs the stages up
to the assembled annex, which need nothing but the PDF; `complete` adds the
sentence each citation supports (the only stage that needs spaCy) and the
checks. A batch runs `read` in its workers and `complete` in the process that
imported spaCy while they worked. The stages meet only through `models`; this
module builds nothing itself.
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .assemble import assemble
from .checks import validate
from .citations import link_citations
from .crosscheck import cross_check as second_reading
from .errors import NoAnnexTable, TruncatedPdf
from .footnotes import collect_footnotes
from .indicators import read_indicators
from .layout import UNMAPPED, lay_out
from .load import load
from .loaders import DEFAULT_LOADER
from .models import Annex, Code, Document, Footnotes, ReadingCheck, Summary, Tables
from .rows import stitch
from .scoring import compute_scores
from .selfcheck import check_reading
from .references import with_references
from .sentences import with_sentences
from .settings import DEFAULT, Settings
from .summary import read_summary
from .tables import find_tables


class Timings(dict):
    """Seconds spent per stage, filled in when passed to `extract`."""

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - start


def extract(
    path: str | Path,
    password: str | None = None,
    timings: Timings | None = None,
    loader: str = DEFAULT_LOADER,
    strict: bool = False,
    cross_check: bool = False,
) -> Annex:
    """Extract one annex PDF.

    Args:
        path: the PDF file.
        password: for encrypted files that have one.
        timings: filled with seconds per stage, when given.
        loader: the load stage's character source, "pdfium" (default) or "pdfplumber".
        strict: a damaged file (a page unreadable, a repair, a damaged text layer...) is
            an error (TruncatedPdf) rather than read as far as it can be.
        cross_check: read every page of the detailed table a second time, with camelot, and
            report where the two readings differ (`crosscheck`; needs camelot installed).

    Returns:
        The annex, validated: `Annex.issues` lists its inconsistencies.

    Raises:
        AnnexError: the file is not a readable annex (see `annexparse.errors`).
    """
    timings = timings if timings is not None else Timings()
    annex = complete(read(path, password, timings, loader, strict), timings)
    if cross_check:
        with timings.stage("cross-check"):
            annex = second_reading(annex, Path(path), password)
    return annex


def read(
    path: str | Path, password: str | None = None, timings: Timings | None = None, loader: str = DEFAULT_LOADER, strict: bool = False
) -> Annex:
    """The stages up to the citation links: the annex as printed, without the sentence each
    citation supports and without its issues (see `complete`). Arguments as for `extract`."""
    with _cyclic_gc_paused():
        annex = _read(path, password, timings if timings is not None else Timings(), loader)
    if strict and annex.damage:
        raise TruncatedPdf(str(path), annex.damage[0].message)
    return annex


def complete(annex: Annex, timings: Timings | None = None) -> Annex:
    """The last stages of `extract` on the result of `read`: each citation's sentence, then
    the issues."""
    timings = timings if timings is not None else Timings()
    with _cyclic_gc_paused():
        with timings.stage("sentences"):
            annex = with_sentences(annex)
        with timings.stage("references"):
            annex = with_references(annex)
        with timings.stage("checks"):
            return annex.model_copy(update={"issues": validate(annex, DEFAULT)})


@contextmanager
def _cyclic_gc_paused():
    """The stages allocate hundreds of thousands of small acyclic objects; with the cyclic
    collector running, each collection rescans them all and a 100-page annex costs more per
    page than a 10-page one. It is paused while extracting and restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(path: str | Path, password: str | None, timings: Timings, loader: str) -> Annex:
    with timings.stage("load"):
        document = load(path, password, loader, DEFAULT)
    return read_document(document, timings)


def read_document(document: Document, timings: Timings | None = None) -> Annex:
    """The stages after `load` on a page model: what `read` gives for the PDF it came from.

    Raises:
        NoAnnexTable: the document has no detailed table.
    """
    settings = DEFAULT
    timings = timings if timings is not None else Timings()
    with timings.stage("layout"):
        layouts = lay_out(document, settings)
    with timings.stage("footnotes"):
        footnotes = collect_footnotes(layouts, settings)
    reading = _reading(layouts, footnotes, settings, timings)
    tables, texts, summary, check = reading
    damaged = [*document.findings, *(finding for layout in layouts for finding in layout.findings)]
    unreadable = [finding for finding in damaged if finding.code is Code.TEXT_LAYER_DAMAGED and finding.evidence[0].side == UNMAPPED]
    if tables.detailed is None and unreadable and 2 * len({p for f in unreadable for p in f.pages}) >= len(layouts):
        raise TruncatedPdf(document.path, f"its text layer cannot be read: {unreadable[0].message}")
    if tables.detailed is None and not damaged and not tables.findings:
        raise NoAnnexTable(document.path)  # (with damage, or a header found, the annex is read as far as it can be, and that said)
    for alternative in ALTERNATIVE_READINGS if check.failures or tables.detailed is None else ():
        other = _reading(layouts, footnotes, replace(settings, tables=replace(settings.tables, **alternative)), timings)
        if (other[0].detailed is not None, -other[3].failures) > (tables.detailed is not None, -check.failures):
            reading = other
            tables, texts, summary, check = reading
            if not check.failures:
                break
    with timings.stage("citations"):
        linked = link_citations(texts, footnotes.items)
    with timings.stage("scoring"):
        scores = compute_scores(summary.printed, linked.indicators)
    with timings.stage("assemble"):
        findings = [*damaged, *tables.findings, *check.findings, *summary.findings, *footnotes.findings]
        return assemble(document, summary, scores, linked, findings)


# The other readings tried, one at a time, where the first fails the self-check: the rows'
# wordings and ratings at the top of their rows, or in their middle; the pages read without their
# horizontal rules and fills; the column edges at the white river between the titles only.
ALTERNATIVE_READINGS = ({"row_anchors": 1}, {"row_anchors": 2}, {"rules": 0}, {"column_rules": 0})


def _reading(layouts, footnotes: Footnotes, settings: Settings, timings: Timings) -> tuple[Tables, list, Summary, ReadingCheck]:
    """The tables, the indicators, the scorecard and the reading's self-check, by `settings`."""
    with timings.stage("tables"):
        tables = find_tables(layouts, settings)
    with timings.stage("rows"):
        rows = stitch(tables.detailed, settings)
    with timings.stage("indicators"):
        texts = read_indicators(rows, settings)
    with timings.stage("summary"):
        summary = read_summary(tables.scorecard, layouts, texts, settings)
    with timings.stage("self-check"):
        check = check_reading(tables, texts, summary, footnotes.items, layouts, settings)
    return tables, texts, summary, check
