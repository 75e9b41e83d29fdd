"""Layout stage: pages split into running furniture, body and footnote area."""
from __future__ import annotations

from annexparse.layout import lay_out
from annexparse.models import Segment
from helpers import document, layouts, page, word


def _page(number: int):
    chars = (
        word("Annex: Freedonia 2024", 60, 40, size=8)  # running header
        + word(f"Body text of page {number}.", 60, 200)
        + word("A sentence citing a source.", 60, 214)
        + word("1", 200, 210, size=6)
        + word("1", 60, 760, size=6)
        + word("The source, p. 3.", 64, 764, size=8)
        + word(str(number), 290, 810, size=8)  # page number
    )
    return page(number, chars, segments=(Segment(60.0, 750.0, 200.0, 750.5),))


def test_running_header_and_page_number_are_set_aside_and_footnotes_found():
    pages = lay_out(document(*(_page(n) for n in range(1, 5))))
    for layout in pages:
        assert [line.plain_text for line in layout.body] == [f"Body text of page {layout.page.number}.", "A sentence citing a source."]
        assert [line.text for line in layout.footnotes] == ["1The source, p. 3."]
        assert layout.footnotes[0].spans[0].superscript


def test_body_size_is_the_documents_dominant_size():
    assert {layout.body_size for layout in layouts("mongolia-2022")} == {9.5}


def test_real_page_footnote_area_is_below_the_separator():
    page_5 = layouts("mongolia-2022")[4]
    assert page_5.footnotes and all(line.size < page_5.body_size for line in page_5.footnotes)
    assert max(line.bottom for line in page_5.body) < min(line.top for line in page_5.footnotes)


def test_pages_kept_out_of_memory_lay_out_as_those_in_memory():
    """The layout of an annex whose glyphs past the first pages are in the glyph store (a long
    annex) is the layout of the same annex held in memory: the first pass reads the stored
    pages' sizes from their columns, the second their glyphs."""
    from dataclasses import replace

    from annexparse.load import load
    from annexparse.models import Glyphs, shown_sizes
    from annexparse.settings import DEFAULT
    from helpers import FIXTURES

    settings = replace(DEFAULT, load=replace(DEFAULT.load, resident_pages=2))
    stored = load(FIXTURES / "cambodia-2022.pdf", settings=settings)
    resident = load(FIXTURES / "cambodia-2022.pdf")
    assert isinstance(stored.pages[5].chars, Glyphs)
    assert shown_sizes(stored.pages[5].chars) == shown_sizes(resident.pages[5].chars)
    assert len(shown_sizes(resident.pages[5].chars)) > 1000
    for a, b in zip(lay_out(stored), lay_out(resident), strict=True):
        assert (a.body, a.footnotes, a.body_size, a.findings) == (b.body, b.footnotes, b.body_size, b.findings)
        assert tuple(a.chars) == tuple(b.chars)
