"""Citations stage: markers linked to footnotes, footnotes to the indicators that cite them."""
from __future__ import annotations

from annexparse.citations import link_citations
from annexparse.models import FootnoteText, IndicatorText, Marker, NoteText, Rating
from helpers import extracted


def _text(note: str, *markers: tuple[int, int]) -> IndicatorText:
    return IndicatorText("Area", "An indicator.", Rating.FAIR, None, NoteText(note, note, [Marker(n, o, 5) for n, o in markers]), [5])


def test_markers_become_citations_and_footnotes_learn_who_cites_them():
    linked = link_citations(
        [_text("One. Two.", (2, 4), (1, 9), (2, 9)), _text("Three.", (2, 6))],
        [FootnoteText(1, "First."), FootnoteText(2, "Second."), FootnoteText(3, "Third.")],
    )
    first, second = linked.indicators
    assert (first.number, first.citations, [m.offset for m in first.citation_markers]) == (1, [2, 1], [4, 9, 9])
    assert second.number == 2 and second.citations == [2]
    assert [f.cited_by for f in linked.footnotes] == [[1], [1, 2], []]


def test_real_footnotes_know_who_cites_them():
    annex = extracted("mongolia-2022")
    assert annex.footnotes[0].cited_by == [1] and annex.indicators[0].citations == [1]
