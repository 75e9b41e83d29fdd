"""Stage 8 (citations): every footnote marker linked to its footnote.

Each indicator keeps its markers (footnote number, offset in the note, page
and box of the printed marker) and the footnotes it cites in order of first
appearance; each footnote learns which indicators cite it. From here on the
annex is made of the output model's objects (`Indicator`, `Footnote`).
"""
from __future__ import annotations

from collections.abc import Sequence

from .models import Box, Citation, Footnote, FootnoteText, Indicator, IndicatorText, Linked, Marker


def link_citations(indicators: Sequence[IndicatorText], footnotes: Sequence[FootnoteText]) -> Linked:
    """The indicators, numbered in printed order, with their citations; the footnotes with `cited_by`.

    Args:
        indicators: from the indicators stage.
        footnotes: from the footnotes stage.
    """
    linked = [
        Indicator(
            number=number,
            thematic_area=text.thematic_area,
            indicator=text.indicator,
            rating=text.rating,
            change=text.change,
            note=text.note.text,
            citations=cited_numbers(text.note.markers),
            note_markdown=text.note.markdown,
            citation_markers=[Citation(footnote=m.footnote, offset=m.offset, page=m.page, box=m.box) for m in text.note.markers],
            pages=text.pages,
            boxes=text.boxes,
            indicator_box=text.indicator_box,
            assessment_box=text.assessment_box,
        )
        for number, text in enumerate(indicators, start=1)
    ]
    cited_by: dict[int, list[int]] = {}
    for indicator in linked:
        for footnote_number in indicator.citations:
            cited_by.setdefault(footnote_number, []).append(indicator.number)
    notes = [
        Footnote(number=f.number, text=f.text, urls=f.urls, pages=f.pages, cited_by=cited_by.get(f.number, []), boxes=Box.around(f.lines))
        for f in footnotes
    ]
    return Linked(linked, notes)


def cited_numbers(markers: Sequence[Marker]) -> list[int]:
    """Footnote numbers in order of first appearance."""
    seen: list[int] = []
    for marker in markers:
        if marker.footnote not in seen:
            seen.append(marker.footnote)
    return seen
