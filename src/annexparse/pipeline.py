"""The stages run in order: load -> layout -> tables -> rows -> indicators ->
footnotes -> citations -> sentences -> validation -> `Annex`.

`extract` runs them all. It is `complete(read(path))`: `read` runs the stages up
to the citation links, which need nothing but the PDF; `complete` adds the
sentence each citation supports (the only stage that needs spaCy) and the
validation. A batch runs `read` in its workers and `complete` in the process
that imported spaCy while they worked.
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .citations import cited_numbers, citations, with_sentences
from .errors import NoAnnexTable
from .footnotes import collect
from .indicators import read_row
from .layout import lay_out
from .load import DEFAULT_LOADER, load
from .models import (
    Annex,
    Box,
    ComputedScores,
    Footnote,
    Indicator,
    Printed,
    PrintedScoreLines,
    ScorecardItem,
    Scores,
    Source,
    StatedScores,
)
from .rows import stitch, thematic_areas
from .summary import read_scorecard, read_scores
from .tables import find_table
from .text import wording_key
from .checks import points, previous_range, score, validate


class Timings(dict):
    """Seconds spent per stage, filled in when passed to `extract`."""

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - start


def extract(path: str | Path, password: str | None = None, timings: Timings | None = None, loader: str = DEFAULT_LOADER) -> Annex:
    """Extract one annex PDF.

    Args:
        path: the PDF file.
        password: for encrypted files that have one.
        timings: filled with seconds per stage, when given.
        loader: the load stage's character source, "pdfium" (default) or "pdfplumber".

    Returns:
        The annex, validated: `Annex.issues` lists its inconsistencies.

    Raises:
        AnnexError: the file is not a readable annex (see `annexparse.errors`).
    """
    timings = timings if timings is not None else Timings()
    return complete(read(path, password, timings, loader), timings)


def read(path: str | Path, password: str | None = None, timings: Timings | None = None, loader: str = DEFAULT_LOADER) -> Annex:
    """The stages up to the citation links: the annex as printed, without the sentence each
    citation supports and without its issues (see `complete`). Arguments as for `extract`."""
    with _cyclic_gc_paused():
        return _read(path, password, timings if timings is not None else Timings(), loader)


def complete(annex: Annex, timings: Timings | None = None) -> Annex:
    """The last stages of `extract` on the result of `read`: each citation's sentence, then
    the issues."""
    timings = timings if timings is not None else Timings()
    with _cyclic_gc_paused():
        with timings.stage("sentences"):
            annex = with_sentences(annex)
        with timings.stage("validation"):
            return annex.model_copy(update={"issues": validate(annex)})


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
        document = load(path, password, loader)
    with timings.stage("layout"):
        layouts = lay_out(document)
    with timings.stage("tables"):
        detailed = find_table(layouts, "detailed")
        scorecard_table = find_table(layouts, "scorecard")
    if detailed is None:
        raise NoAnnexTable(str(path))
    with timings.stage("rows"):
        rows = stitch(detailed)
        areas = thematic_areas(rows)
    with timings.stage("indicators"):
        texts = [read_row(row) for row in rows]
        scorecard = read_scorecard(scorecard_table, {wording_key(t.indicator) for t in texts})
        printed = read_scores(layouts)
    with timings.stage("footnotes"):
        footnote_texts = collect(layouts)
    with timings.stage("citations"):
        indicators = []
        for number, (text, (area, _)) in enumerate(zip(texts, areas), start=1):
            indicators.append(
                Indicator(
                    number=number,
                    thematic_area=area,
                    indicator=text.indicator,
                    rating=text.rating,
                    change=text.change,
                    note=text.note.text,
                    citations=cited_numbers(text.note.markers),
                    note_markdown=text.note.markdown,
                    citation_markers=citations(text.note.markers),
                    pages=text.pages,
                    boxes=text.boxes,
                    indicator_box=text.indicator_box,
                    assessment_box=text.assessment_box,
                )
            )
        cited_by: dict[int, list[int]] = {}
        for indicator in indicators:
            for footnote_number in indicator.citations:
                cited_by.setdefault(footnote_number, []).append(indicator.number)
        footnotes = [
            Footnote(number=f.number, text=f.text, urls=f.urls, pages=f.pages, cited_by=cited_by.get(f.number, []), boxes=Box.around(f.lines))
            for f in footnote_texts
        ]
    with timings.stage("assemble"):
        return Annex(
            source=Source(file=Path(path).name, pages=len(document.pages), sha256=document.sha256, annexparse_version=__version__),
            country=printed.current.country if printed.current else None,
            year=printed.current.year if printed.current else None,
            previous_year=printed.previous.year if printed.previous else None,
            scores=_scores(printed, indicators),
            scorecard=[
                ScorecardItem(rating=r.rating, indicator=r.indicator, page=r.page, box=r.box, rating_box=r.rating_box) for r in scorecard
            ],
            indicators=indicators,
            footnotes=footnotes,
            issues=[],
        )


def _scores(printed, indicators: list[Indicator]) -> Scores:
    total = sum(points(i.rating) for i in indicators)
    count = len(indicators)
    previous = previous_range(indicators)
    current, before = printed.current, printed.previous
    stated = StatedScores(
        current=current.value if current else None,
        previous=before.value if before else None,
        difference=printed.difference,
    )
    pages = sorted({line.page for line in printed.lines} | ({printed.difference_page} if printed.difference_page else set()))
    return Scores(
        stated=stated,
        computed=ComputedScores(
            current=score(total, count),
            points=total,
            max_points=4 * count,
            previous_min=score(previous[0], count) if previous else None,
            previous_max=score(previous[1], count) if previous else None,
        ),
        pages=pages,
        printed=PrintedScoreLines(
            current=_printed(current.text, current.box) if current else None,
            previous=_printed(before.text, before.box) if before else None,
            difference=_printed(printed.difference_text, printed.difference_box),
        ),
    )


def _printed(text: str, box: Box | None) -> Printed | None:
    return Printed(text=text, box=box) if box is not None else None
